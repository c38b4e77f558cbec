import { describe, expect, it } from 'vitest';
import { chatExample } from '../examples';
import { storageKeys, type KeyValueStore } from './persistence';
import { Workspace, checkFileName } from './workspace.svelte';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

function manualTimers() {
  let fn: (() => void) | null = null;
  return { set: (f: () => void) => ((fn = f), 1), clear: () => void (fn = null), run: () => fn?.() };
}

function make(store = memoryStore(), timers = manualTimers(), now = () => 1_000) {
  return { ws: new Workspace({ store, basePath: '/p/', example: chatExample, timers, now }), store, timers };
}

describe('Workspace', () => {
  it('loads the chat example on a first visit, with nothing marked as restored', () => {
    const { ws } = make();
    expect(ws.firstVisit).toBe(true);
    expect(ws.restoredAt).toBeNull();
    expect(ws.fileNames).toEqual(['onconnect.ts', 'ondisconnect.ts', 'sendmessage.ts', 'default.ts']);
    expect(ws.definition.routeSelectionExpression).toBe('$request.body.action');
  });

  it('saves edits after the debounce and restores them marked as not run yet', () => {
    const store = memoryStore();
    const timers = manualTimers();
    const { ws } = make(store, timers, () => 5_000);
    ws.setFile('sendmessage.ts', '// edited');
    expect(store.data.size).toBe(0);
    timers.run();
    const saved = JSON.parse(store.data.get(storageKeys('/p/').workspace)!);
    expect(saved.schema).toBe(1);

    const again = make(store).ws;
    expect(again.firstVisit).toBe(false);
    expect(again.restoredAt).toBe(5_000);
    expect(again.files['sendmessage.ts']).toBe('// edited');
    again.markDeployed();
    expect(again.restoredAt).toBeNull();
  });

  it('flushes a pending save at once', () => {
    const { ws, store } = make();
    ws.setRouteSelectionExpression('$request.body.type');
    ws.flush();
    expect(JSON.parse(store.data.get(storageKeys('/p/').workspace)!).definition.routeSelectionExpression).toBe(
      '$request.body.type',
    );
  });

  it('renames a file together with the handler specs that point at it', () => {
    const { ws } = make();
    expect(ws.renameFile('sendmessage.ts', 'chat.ts')).toBeNull();
    expect(ws.fileNames).toContain('chat.ts');
    expect(ws.definition.functions.sendmessage.handler).toBe('chat.handler');
    expect(ws.activeFile).toBe('chat.ts');
  });

  it('refuses custom route keys starting with $ (DG websocket-api-develop-routes)', () => {
    const { ws } = make();
    expect(ws.addRoute('$join')).toMatch(/must not start with \$/);
    expect(ws.addRoute('join', 'sendmessage')).toBeNull();
    expect(ws.definition.routes.join.integration?.function).toBe('sendmessage');
  });

  it('toggles a two-way route with routeResponseSelectionExpression $default (DG apigateway-websocket-api-route-response)', () => {
    const { ws } = make();
    ws.setRouteTwoWay('sendmessage', true);
    expect(ws.definition.routes.sendmessage.routeResponseSelectionExpression).toBe('$default');
    ws.setRouteTwoWay('sendmessage', false);
    expect(ws.definition.routes.sendmessage).not.toHaveProperty('routeResponseSelectionExpression');
  });

  it('resets to the example and undoes the reset', () => {
    const { ws } = make();
    ws.setFile('default.ts', '// mine');
    ws.deleteFile('ondisconnect.ts');
    ws.resetToExample();
    expect(ws.files['default.ts']).toBe(chatExample.files['default.ts']);
    expect(ws.canUndoReset).toBe(true);
    ws.undoReset();
    expect(ws.files['default.ts']).toBe('// mine');
    expect(ws.fileNames).not.toContain('ondisconnect.ts');
    expect(ws.canUndoReset).toBe(false);
  });

  it('never changes the example object itself', () => {
    const { ws } = make();
    ws.setRouteFunction('sendmessage', '');
    expect(chatExample.definition.routes.sendmessage.integration?.function).toBe('sendmessage');
  });

  it('bumps the revision for code changes but not for settings', () => {
    const { ws } = make();
    const r = ws.revision;
    ws.setMode('real');
    expect(ws.revision).toBe(r);
    ws.setFunctionEnvironment('sendmessage', [['TABLE_NAME', 'other']]);
    expect(ws.revision).toBe(r + 1);
    expect(ws.definition.functions.sendmessage.environment).toEqual({ TABLE_NAME: 'other' });
  });
});

describe('checkFileName', () => {
  it('accepts .ts/.js paths and rejects duplicates, other extensions and odd characters', () => {
    expect(checkFileName('lib/db.ts', [])).toBeNull();
    expect(checkFileName('a.ts', ['a.ts'])).toMatch(/already exists/);
    expect(checkFileName('a.js', ['a.ts'])).toMatch(/another extension/);
    expect(checkFileName('a.py', [])).toMatch(/end in .ts or .js/);
    expect(checkFileName('../x.ts', [])).toMatch(/end in .ts or .js/);
  });
});
