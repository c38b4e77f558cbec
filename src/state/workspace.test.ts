import { describe, expect, it } from 'vitest';
import { EXAMPLES, chatExample, httpOrdersExample } from '../examples';
import type { WebSocketApiDefinition } from '../gateway/websocket/definition';
import { addHttpRoute } from './http-edits';
import { storageKeys, type KeyValueStore } from './persistence';
import { Workspace, checkFileName } from './workspace.svelte';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

function manualTimers() {
  let fn: (() => void) | null = null;
  return { set: (f: () => void) => ((fn = f), 1), clear: () => void (fn = null), run: () => fn?.() };
}

function make(store = memoryStore(), timers = manualTimers(), now = () => 1_000) {
  return {
    ws: new Workspace({ store, basePath: '/p/', example: chatExample, examples: EXAMPLES, timers, now }),
    store,
    timers,
  };
}

describe('Workspace', () => {
  it('loads the chat example on a first visit, with nothing marked as restored', () => {
    const { ws } = make();
    expect(ws.firstVisit).toBe(true);
    expect(ws.restoredAt).toBeNull();
    expect(ws.fileNames).toEqual(['onconnect.ts', 'ondisconnect.ts', 'sendmessage.ts', 'default.ts']);
    expect(ws.websocket?.routeSelectionExpression).toBe('$request.body.action');
    expect(ws.apiType).toBe('WEBSOCKET');
  });

  it('saves edits after the debounce and restores them marked as not run yet', () => {
    const store = memoryStore();
    const timers = manualTimers();
    const { ws } = make(store, timers, () => 5_000);
    ws.setFile('sendmessage.ts', '// edited');
    expect(store.data.size).toBe(0);
    timers.run();
    const saved = JSON.parse(store.data.get(storageKeys('/p/').workspace)!);
    expect(saved.schema).toBe(2);
    expect(saved.apiType).toBe('WEBSOCKET');

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
    expect(ws.websocket?.routes.join.integration?.function).toBe('sendmessage');
  });

  it('toggles a two-way route with routeResponseSelectionExpression $default (DG apigateway-websocket-api-route-response)', () => {
    const { ws } = make();
    ws.setRouteTwoWay('sendmessage', true);
    expect(ws.websocket?.routes.sendmessage.routeResponseSelectionExpression).toBe('$default');
    ws.setRouteTwoWay('sendmessage', false);
    expect(ws.websocket?.routes.sendmessage).not.toHaveProperty('routeResponseSelectionExpression');
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
    expect((chatExample.definition as WebSocketApiDefinition).routes.sendmessage.integration?.function).toBe(
      'sendmessage',
    );
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

describe('Workspace with three API types', () => {
  it('switches to the HTTP API example, and the switch is undone like a reset', () => {
    const { ws } = make();
    ws.setFile('default.ts', '// mine');
    expect(ws.hasEdits).toBe(true);
    ws.switchApiType('HTTP');
    expect(ws.apiType).toBe('HTTP');
    expect(ws.http?.routes['GET /orders/{id}']).toBeDefined();
    expect(ws.websocket).toBeNull();
    expect(ws.fileNames).toEqual(Object.keys(httpOrdersExample.files));
    expect(ws.activeFile).toBe(httpOrdersExample.focus);
    expect(ws.hasEdits).toBe(false);
    expect(ws.replacement).toEqual({ kind: 'switch', from: 'WEBSOCKET', to: 'HTTP' });
    ws.undoReset();
    expect(ws.apiType).toBe('WEBSOCKET');
    expect(ws.files['default.ts']).toBe('// mine');
  });

  it('reports no edits for an untouched example, so switching needs no confirmation', () => {
    const { ws } = make();
    expect(ws.hasEdits).toBe(false);
    ws.switchApiType('REST');
    expect(ws.hasEdits).toBe(false);
    ws.editRest((d) => (d.stage!.cacheTtlInSeconds = 60));
    expect(ws.hasEdits).toBe(true);
  });

  it('resets to the example of the current type', () => {
    const { ws } = make();
    ws.switchApiType('HTTP');
    ws.editHttp((d) => addHttpRoute(d, 'GET /health', 'products'));
    ws.resetToExample();
    expect(ws.http?.routes).not.toHaveProperty('GET /health');
    expect(ws.replacement).toEqual({ kind: 'reset' });
  });

  it('applies HTTP edits only to an HTTP definition, through one path that saves and bumps the revision', () => {
    const { ws, store, timers } = make();
    expect(ws.editHttp(() => 'ran')).toBeUndefined();
    ws.switchApiType('HTTP');
    const r = ws.revision;
    expect(ws.editHttp((d) => addHttpRoute(d, 'GET /health', 'products'))).toBeNull();
    expect(ws.revision).toBe(r + 1);
    timers.run();
    const saved = JSON.parse(store.data.get(storageKeys('/p/').workspace)!);
    expect(saved.apiType).toBe('HTTP');
    expect(saved.definition.routes['GET /health'].integration.function).toBe('products');
  });

  it('keeps one real endpoint URL per API type', () => {
    const { ws } = make();
    ws.setRealUrl('wss://abcdefghij.execute-api.us-east-1.amazonaws.com/dev');
    ws.switchApiType('HTTP');
    expect(ws.realUrl).toBe('');
    ws.setRealUrl('https://abcdefghij.execute-api.us-east-1.amazonaws.com');
    ws.switchApiType('WEBSOCKET');
    expect(ws.realUrl).toBe('wss://abcdefghij.execute-api.us-east-1.amazonaws.com/dev');
  });

  it('restores an HTTP workspace as HTTP after a reload', () => {
    const store = memoryStore();
    const timers = manualTimers();
    const first = make(store, timers).ws;
    first.switchApiType('HTTP');
    first.flush();
    const again = make(store).ws;
    expect(again.apiType).toBe('HTTP');
    expect(again.example.id).toBe('http-orders');
  });

  it('starts new files with the event type of the API (APIGatewayProxyEventV2 for HTTP, APIGatewayProxyEvent for REST)', () => {
    const { ws } = make();
    ws.switchApiType('HTTP');
    ws.addFile('health.ts');
    expect(ws.files['health.ts']).toContain('APIGatewayProxyEventV2');
    ws.switchApiType('REST');
    ws.addFile('health.ts');
    expect(ws.files['health.ts']).toContain('APIGatewayProxyEvent,');
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
