import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The boundaries of src/gateway are a lint rule (eslint.config.js, playground/gateway-boundaries),
// so they cannot erode silently. These checks lint imports written into files that do not exist,
// at the path the rule looks at, and assert which the rule refuses.

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages of the rules under test for one import line in a file at `path`. */
async function restricted(path: string, specifier: string): Promise<string[]> {
  const code = `import * as probe from '${specifier}';\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result.messages
    .filter((m) => m.ruleId === 'playground/gateway-boundaries' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const cases: { file: string; refused: string[]; allowed: string[] }[] = [
  {
    file: 'src/gateway/websocket/probe.ts',
    refused: ['../http/request', '../rest/authorizer', '../api', '../index', '..', '../api-type', '../../state/app'],
    allowed: ['./events', '../core/bytes', '../core/trace', '../core/lambda-integration', './api', './rse'],
  },
  {
    file: 'src/gateway/http/probe.ts',
    refused: ['../websocket/events', '../rest/events', '../index', '../api'],
    allowed: ['./request', './jwt/jwt', '../core/iam-policy', '../core/clock'],
  },
  {
    file: 'src/gateway/http/jwt/probe.ts',
    refused: ['../../websocket/events', '../../rest/vtl/util', '../../index', '../..', '../../../runtime/x'],
    allowed: ['./bytes', '../request', '../../core/bytes'],
  },
  {
    file: 'src/gateway/rest/probe.ts',
    refused: ['../websocket/engine', '../http/cors', '../api', '../index.ts'],
    allowed: ['./engine', './vtl/util', '../core/stages', '../core/throttle'],
  },
  {
    file: 'src/gateway/rest/phases/probe.ts',
    refused: ['../../http/request', '../../websocket/events', '../../api'],
    allowed: ['./flow', '../events', '../../core/bytes'],
  },
  {
    file: 'src/gateway/core/probe.ts',
    refused: [
      '../websocket/events',
      '../http/request',
      '../rest/definition',
      '../api',
      '../index',
      '..',
      '../../state/x',
    ],
    allowed: ['./bytes', './invoker', './trace'],
  },
  {
    file: 'src/state/probe.ts',
    refused: ['../gateway/core/clock', '../gateway/websocket/engine', '../gateway/api', '../gateway/http/jwt'],
    allowed: ['../gateway', '../gateway/index', '../gateway/index.ts', './workspace.svelte', '../runtime'],
  },
  {
    file: 'tests/probe.ts',
    refused: ['../src/gateway/core/known-differences.ts', '../src/gateway/rest/engine'],
    allowed: ['../src/gateway', '../src/state/app.svelte'],
  },
];

describe('lint boundaries of src/gateway (README, "Layout")', () => {
  for (const { file, refused, allowed } of cases) {
    it(
      `refuses what ${file.replace('/probe.ts', '/')} may not import, and allows what it may`,
      { timeout: 60_000 },
      async () => {
        for (const specifier of refused)
          expect(await restricted(file, specifier), `${file}: import '${specifier}'`).toHaveLength(1);
        for (const specifier of allowed)
          expect(await restricted(file, specifier), `${file}: import '${specifier}'`).toEqual([]);
      },
    );
  }

  it(
    'leaves the public entry, and tests beside the code, free to import across the gateway',
    { timeout: 60_000 },
    async () => {
      expect(await restricted('src/gateway/api.ts', './websocket/engine')).toEqual([]);
      expect(await restricted('src/gateway/index.ts', './rest/engine')).toEqual([]);
      expect(await restricted('src/gateway/http/probe.test.ts', '../index')).toEqual([]);
      expect(await restricted('src/gateway/core/probe.test.ts', '../rest/engine')).toEqual([]);
    },
  );

  it('says which boundary an import crosses', { timeout: 60_000 }, async () => {
    expect(await restricted('src/gateway/rest/probe.ts', '../websocket/events')).toEqual([
      "'../websocket/events': src/gateway/rest imports only src/gateway/core and itself (what the API types share belongs in core).",
    ]);
    expect(await restricted('src/ui/probe.ts', '../gateway/core/trace')).toEqual([
      "'../gateway/core/trace': Code outside src/gateway imports only its public entry, src/gateway/index.ts.",
    ]);
  });

  it('keeps the Node host (src/host) out of everything the page bundles', { timeout: 60_000 }, async () => {
    const message =
      "'../host/server': Only src/host imports src/host: it is the Node host (node:http, ws, worker_threads), never part of the page.";
    expect(await restricted('src/ui/probe.ts', '../host/server')).toEqual([message]);
    expect(await restricted('src/runtime/probe.ts', '../host/server')).toEqual([message]);
    expect(await restricted('src/host/probe.ts', './server')).toEqual([]);
    expect(await restricted('src/host/probe.ts', '../gateway')).toEqual([]);
    expect(await restricted('tests/probe.ts', '../src/host/server')).toEqual([]);
  });

  it('keeps fast-check out of everything but tests', { timeout: 60_000 }, async () => {
    expect(await restricted('src/compare/probe.ts', 'fast-check')).toEqual([
      "'fast-check' import is restricted from being used. fast-check is for tests only.",
    ]);
    expect(await restricted('src/compare/probe.test.ts', 'fast-check')).toEqual([]);
  });
});
