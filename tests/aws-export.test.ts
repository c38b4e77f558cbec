/**
 * Export to AWS (README "Export to AWS", docs/export-to-aws.md): every example and every lesson
 * solution exports to a SAM template that cfn-lint (with the SAM translator) passes clean, and
 * the exported folder read back by the local gateway's project loader passes the same lesson
 * checks the page runs, and serves the chat example over real sockets.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { validateDefinition, type RestApiDefinition } from '../src/gateway';
import { definitionFromTemplate } from '../src/aws-export/read';
import { exportFolderName, exportToAws, exportZip } from '../src/aws-export';
import { EXAMPLES } from '../src/examples';
import { startGateway } from '../src/host/server';
import { connectClient } from '../src/host/test-support';
import { exampleProject, folderProject, lessonProject, sharedProject, type Project } from '../src/host/project';
import { encodePayload } from '../src/share';
import { loadBundledCourse } from '../src/lessons/bundled';
import { nodeInvokerFactory } from '../src/lessons/node';
import { runScenarioCheck } from '../src/lessons/runner';
import type { Lesson } from '../src/lessons/types';
import { unzipSync, strFromU8 } from 'fflate';

const loaded = await loadBundledCourse();
// A comparison lesson (api: compare) runs three stock APIs side by side: it has no API of its own to export.
const lessons: Lesson[] = (loaded.ok ? loaded.value.lessons : []).filter((l) => l.meta.api !== 'compare');
const root = mkdtempSync(join(tmpdir(), 'aws-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Exports a project into a fresh folder under the test's temporary root. */
function exportTo(project: Project, name: string): { dir: string; files: Record<string, string>; notes: string[] } {
  const dir = join(root, name);
  const { files, notes } = exportToAws(project.definition, project.files);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, files, notes };
}

function hasCfnLint(): boolean {
  return spawnSync('cfn-lint', ['--version']).status === 0;
}

const sources: [string, () => Promise<Project>][] = [
  ...Object.values(EXAMPLES).map((e): [string, () => Promise<Project>] => [
    `example ${e.id}`,
    () => exampleProject(e.id),
  ]),
  ...lessons.map((l): [string, () => Promise<Project>] => [
    `lesson ${l.slug} (solution)`,
    () => lessonProject(l.slug, 'solution'),
  ]),
];

describe('every exported template', () => {
  it.runIf(hasCfnLint() || process.env.CI)(
    'passes cfn-lint with the SAM translator, for each example and each lesson solution',
    async () => {
      if (!hasCfnLint())
        throw new Error(
          'cfn-lint is missing on CI: install it with `pip install cfn-lint` (it brings the SAM translator).',
        );
      const templates: string[] = [];
      for (const [label, load] of sources) {
        const { dir } = exportTo(await load(), label.replace(/[^a-z0-9]+/gi, '-'));
        templates.push(join(dir, 'template.yaml'));
      }
      // One cfn-lint run over all of them: its start-up is most of the cost.
      const out = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...templates], { encoding: 'utf8' });
      expect(out.stdout + out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(templates.length).toBe(Object.keys(EXAMPLES).length + lessons.length);
    },
    300_000,
  );

  it.skipIf(hasCfnLint() || process.env.CI)('says how to get cfn-lint where it is missing', () => {
    console.warn('cfn-lint is not installed, so the exported templates were not linted: `pip install cfn-lint`.');
    expect(hasCfnLint()).toBe(false);
  });
});

describe('every exported template, read back', () => {
  it('is the definition it was exported from (apiId aside), for each example and each lesson solution', async () => {
    for (const [label, load] of sources) {
      const project = await load();
      const before = validateDefinition(project.definition);
      const after = validateDefinition(
        definitionFromTemplate(exportToAws(project.definition, project.files).files['template.yaml']),
      );
      if (!before.ok || !after.ok) throw new Error(`${label} does not validate`);
      // AWS needs a method response for each integration response; the export declares the
      // ones the definition left out (documentation only in the playground): not a difference.
      if (after.definition.protocolType === 'REST') {
        const original = before.definition as RestApiDefinition;
        for (const [path, r] of Object.entries(after.definition.resources))
          for (const [verb, m] of Object.entries(r.methods))
            if (m && !original.resources[path]?.methods[verb as 'GET']?.methodResponses) delete m.methodResponses;
      }
      expect({ ...after.definition, apiId: undefined }, label).toEqual({ ...before.definition, apiId: undefined });
    }
  }, 120_000);
});

describe('the exported chat example', () => {
  const exported = async () => exportTo(await exampleProject('chat'), 'chat-permissions');

  it('compiles every handler to CommonJS JavaScript with its SDK imports unchanged', async () => {
    const { files } = await exported();
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'functions/default.js',
      'functions/onconnect.js',
      'functions/ondisconnect.js',
      'functions/package.json',
      'functions/sendmessage.js',
      'template.yaml',
    ]);
    const sendmessage = files['functions/sendmessage.js'];
    expect(sendmessage).toContain("require('@aws-sdk/client-apigatewaymanagementapi')");
    expect(sendmessage).toContain("require('@aws-sdk/client-dynamodb')");
    expect(sendmessage).toContain('exports.handler');
    expect(sendmessage).not.toMatch(/: APIGatewayProxyWebsocketEventV2|import type/);
  });

  it('scopes each function’s permissions: DynamoDB to the table, ManageConnections to this API’s @connections', async () => {
    const { files } = await exported();
    const template = readTemplate(files['template.yaml']);
    const policy = (fn: string) => template.Resources[fn].Properties.Policies?.[0]?.Statement ?? [];
    const sendmessage = policy('SendmessageFunction');
    expect(sendmessage).toContainEqual({
      Effect: 'Allow',
      Action: ['execute-api:ManageConnections'],
      Resource: [
        {
          Sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/dev/*/@connections/*',
        },
      ],
    });
    const dynamo = sendmessage.find((s: { Action: string[] }) => s.Action.includes('dynamodb:Scan'));
    expect(dynamo.Resource).toEqual([{ GetAtt: 'ConnectionsTable.Arn' }, { Sub: '${ConnectionsTable.Arn}/index/*' }]);
    // onconnect never calls @connections: it gets the table only.
    expect(policy('OnconnectFunction').map((s: { Action: string[] }) => s.Action[0])).toEqual(['dynamodb:GetItem']);
    expect(template.Resources.OnconnectFunction.Properties.Environment.Variables).toEqual({
      TABLE_NAME: { Ref: 'ConnectionsTable' },
    });
    expect(template.Resources.WebSocketApi.Properties).toEqual({
      Name: 'serverless-chat',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    expect(template.Globals.Function.Runtime).toBe('nodejs22.x');
  });

  it('zips into one folder named after the API', async () => {
    const project = await exampleProject('chat');
    expect(exportFolderName(project.definition.name)).toBe('serverless-chat-sam');
    expect(exportFolderName('../my api!')).toBe('my-api-sam');
    const zip = unzipSync(exportZip(exportToAws(project.definition, project.files), 'serverless-chat-sam'));
    expect(Object.keys(zip)).toContain('serverless-chat-sam/template.yaml');
    expect(strFromU8(zip['serverless-chat-sam/README.md'])).toContain('sam deploy --guided');
  });

  it('runs in the local gateway read back from its folder: two clients chat over real sockets', async () => {
    const { dir } = await exported();
    const project = await folderProject(dir);
    expect(project.label).toBe(`exported project ${dir}`);
    expect(Object.keys(project.files).sort()).toEqual([
      'default.js',
      'onconnect.js',
      'ondisconnect.js',
      'sendmessage.js',
    ]);
    const server = await startGateway({ ...project, createInvoker: nodeInvokerFactory });
    try {
      const alice = await connectClient(server.urls.client);
      const bob = await connectClient(server.urls.client);
      alice.ws.send(JSON.stringify({ action: 'sendmessage', data: 'from the exported folder' }));
      expect(await bob.message(1)).toBe('from the exported folder');
      expect(await alice.message(1)).toBe('from the exported folder');
      alice.ws.close();
      bob.ws.close();
      await Promise.all([alice.closed, bob.closed]);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('npm run export-aws', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/export-aws.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

  it('writes a lesson’s solution to a folder, lists what does not map, and refuses a folder that is not empty', () => {
    const out = join(root, 'cli-lesson');
    const run = cli('--lesson', 'jwt-and-cors', '--solution', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Exported lesson jwt-and-cors (solution) (HTTP API)');
    expect(run.stdout).toContain('  template.yaml');
    expect(run.stdout).toContain(`npm run gateway -- --dir ${out}`);
    const again = cli('--example', 'chat', '--out', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${out} is not empty`);
  }, 120_000);

  it('names the examples when asked for one that does not exist', () => {
    const run = cli('--example', 'nope', '--out', join(root, 'cli-nope'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no example "nope"; the examples are chat, http-orders, rest-orders');
  }, 120_000);
});

describe('a share link', () => {
  it('exports the setup it describes: its start with its changes', async () => {
    const state = {
      v: 1,
      from: { example: 'chat' },
      view: 'playground',
      files: { 'shout.ts': 'export const handler = async () => ({ statusCode: 200, body: "HEY" });\n' },
    };
    const { codec, payload } = await encodePayload(state);
    const project = await sharedProject(`https://example.test/playground/#/share/v1.${codec}.${payload}`);
    expect(project.label).toBe('shared example chat');
    const { files } = exportToAws(project.definition, project.files);
    expect(files['functions/shout.js']).toContain('exports.handler');
    expect(files['functions/sendmessage.js']).toBeDefined();
  });

  it('says what is wrong with text that is neither a link nor a setup file', async () => {
    await expect(sharedProject('hello')).rejects.toThrow(
      'not a share link (…#/share/v1.…) nor a .agp.json file (JSON)',
    );
  });
});

describe('what does not map exactly is said in the export’s README', () => {
  it('names the playground’s test JWT issuer of the HTTP example', async () => {
    const { files } = exportTo(await exampleProject('http-orders'), 'http-notes');
    expect(files['README.md']).toContain('https://auth.playground.example/');
    expect(files['README.md']).toMatch(/## What differs from the playground[\s\S]*Cognito/);
  });

  it('names the REST example’s API keys and cache cluster', async () => {
    const { notes } = exportTo(await exampleProject('rest-orders'), 'rest-notes');
    expect(notes.join('\n')).toMatch(/API key values are written into the template/);
    expect(notes.join('\n')).toMatch(/cache cluster/);
  });

  it('refuses a handler that does not compile, naming the file and position', async () => {
    const project = await exampleProject('chat');
    expect(() =>
      exportToAws(project.definition, { ...project.files, 'sendmessage.ts': 'export const handler = (' }),
    ).toThrow(/^sendmessage\.ts:1:\d+: /);
  });
});

describe.each(lessons.map((l) => [l.slug, l] as const))('lesson %s exported and read back', (slug, lesson) => {
  it('passes every check of the lesson, as its solution does in the page', async () => {
    const { dir } = exportTo(await lessonProject(slug, 'solution'), `round-trip-${slug}`);
    const project = await folderProject(dir);
    const files = { ...project.files, 'api.json': JSON.stringify(project.definition) };
    const scenarios = lesson.checks.filter((c) => c.kind === 'scenario');
    const results = await Promise.all(
      scenarios.map((c) => runScenarioCheck(c, files, { createInvoker: nodeInvokerFactory })),
    );
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.checkId}: [${r.status}] ${r.message}`)).toEqual(
      [],
    );
  }, 120_000);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readTemplate(text: string): any {
  const tags = ['Ref', 'Sub', 'GetAtt'].map((name) => ({ tag: `!${name}`, resolve: (v: string) => ({ [name]: v }) }));
  return parseDocument(text, { customTags: tags }).toJS();
}
