import { afterAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import * as monaco from 'monaco-editor/editor';
import * as ts from 'monaco-editor/languages/features/typescript/register';
import { createEditor, type EditorHandle } from './index';

const HANDLER = `import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { helper } from './lib/util';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const { Items = [] } = await new DynamoDBClient({}).send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  const api = new ApiGatewayManagementApiClient({ endpoint: \`https://\${event.requestContext.domainName}/dev\` });
  for (const item of Items) {
    try {
      await api.send(new PostToConnectionCommand({ ConnectionId: item.connectionId.S!, Data: helper() }));
    } catch (e) {
      if ((e as Error).name !== 'GoneException') throw e;
    }
  }
  return { statusCode: 200 };
};
`;

/** Semantic + syntactic diagnostics from Monaco's TS worker ("TypeScript not registered!" until the mode loads). */
async function diagnostics(path: string): Promise<string[]> {
  const uri = monaco.Uri.parse(`file:///${path}`);
  for (let attempt = 0; ; attempt++) {
    try {
      const worker = await (await ts.getTypeScriptWorker())(uri);
      const all = [
        ...(await worker.getSyntacticDiagnostics(uri.toString())),
        ...(await worker.getSemanticDiagnostics(uri.toString())),
      ];
      return all.map((d) => (typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText));
    } catch (e) {
      if (attempt > 100 || !String(e).includes('not registered')) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('Monaco adapter', () => {
  const host = document.createElement('div');
  host.style.cssText = 'width: 600px; height: 300px';
  document.body.append(host);
  const changes: [string, string][] = [];
  /** What Ctrl+M in the editor reported: true when Tab moves focus. */
  const tabSwitches: boolean[] = [];
  let editor: EditorHandle;

  afterAll(() => editor?.dispose());

  it('type-checks a handler against @types/aws-lambda and the SDK shim declarations with no errors', async () => {
    editor = await createEditor(host, {
      files: { 'sendmessage.ts': HANDLER, 'lib/util.ts': 'export const helper = () => "hi";\n' },
      active: 'sendmessage.ts',
      onChange: (path, text) => changes.push([path, text]),
      ariaLabel: (p) => `Code editor for ${p}. Press Ctrl+M to toggle Tab trapping.`,
      onTabMovesFocusChange: (on) => tabSwitches.push(on),
    });
    // The editor is created before the @types/aws-lambda chunk arrives; the check wants them.
    await editor.typesLoaded;
    expect(await diagnostics('sendmessage.ts')).toEqual([]);
  }, 180_000); // Starts Monaco's TypeScript worker: 59 s on a busy 2-core machine.

  it('reports a type error the learner writes', async () => {
    editor.setFiles({
      'sendmessage.ts': HANDLER,
      'lib/util.ts': 'export const helper = () => "hi";\n',
      'bad.ts': "const n: number = 'text';\nexport {};\n",
    });
    const found = await diagnostics('bad.ts');
    expect(found.join('\n')).toMatch(/not assignable to type 'number'/);
  }, 30_000);

  it('sends learner edits to onChange, one model per file, but not the changes it was given', async () => {
    const model = monaco.editor.getModel(monaco.Uri.parse('file:///lib/util.ts'))!;
    expect(changes).toEqual([]);
    model.applyEdits([{ range: model.getFullModelRange(), text: 'export const helper = () => "yo";\n' }]);
    expect(changes).toEqual([['lib/util.ts', 'export const helper = () => "yo";\n']]);
    editor.setFiles({ 'sendmessage.ts': HANDLER });
    expect(monaco.editor.getModel(monaco.Uri.parse('file:///lib/util.ts'))).toBeNull();
  });

  it('shows runtime markers (e.g. Runtime.UserCodeSyntaxError with line and column) on the file', () => {
    editor.setMarkers('sendmessage.ts', [{ line: 3, column: 5, message: 'Unexpected token' }]);
    const markers = monaco.editor.getModelMarkers({ owner: 'runtime' });
    expect(markers.map((m) => [m.startLineNumber, m.startColumn, m.message])).toEqual([[3, 5, 'Unexpected token']]);
    editor.setMarkers('sendmessage.ts', []);
    expect(monaco.editor.getModelMarkers({ owner: 'runtime' })).toEqual([]);
  });

  it('names the editor for screen readers, mentioning Ctrl+M', () => {
    editor.open('sendmessage.ts');
    expect(host.querySelector('[aria-label*="Ctrl+M"]')).not.toBeNull();
  });

  describe('the Tab key', () => {
    const model = () => monaco.editor.getModel(monaco.Uri.parse('file:///sendmessage.ts'))!;
    // The next control in the page after the editor.
    const next = document.createElement('button');
    next.textContent = 'after the editor';

    it('moves focus out of the editor by default and leaves the file as it was', async () => {
      document.body.append(next);
      editor.open('sendmessage.ts');
      editor.focus();
      changes.length = 0;
      await userEvent.keyboard('{Tab}');
      expect(document.activeElement).toBe(next);
      expect(model().getValue()).toBe(HANDLER);
      expect(changes).toEqual([]);
    });

    it('indents after Ctrl+M, which it reports, and moves focus again after a second Ctrl+M', async () => {
      editor.focus();
      await userEvent.keyboard('{Control>}m{/Control}');
      expect(tabSwitches).toEqual([false]);
      await userEvent.keyboard('{Tab}');
      expect(host.contains(document.activeElement)).toBe(true);
      expect(model().getValue()).not.toBe(HANDLER);
      expect(changes).toHaveLength(1);

      await userEvent.keyboard('{Control>}m{/Control}');
      expect(tabSwitches).toEqual([false, true]);
      const text = model().getValue();
      await userEvent.keyboard('{Tab}');
      expect(document.activeElement).toBe(next);
      expect(model().getValue()).toBe(text);
    });

    it('follows the switch the page shows (setTabMovesFocus)', async () => {
      editor.setTabMovesFocus(false);
      editor.focus();
      const text = model().getValue();
      await userEvent.keyboard('{Tab}');
      expect(host.contains(document.activeElement)).toBe(true);
      expect(model().getValue()).not.toBe(text);
      editor.setTabMovesFocus(true);
      await userEvent.keyboard('{Tab}');
      expect(document.activeElement).toBe(next);
      expect(tabSwitches).toEqual([false, true]);
    });
  });
});
