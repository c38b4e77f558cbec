import { describe, expect, it } from 'vitest';
import { EXAMPLES, chatExample, httpOrdersExample } from '../examples';
import type { WebSocketApiDefinition } from '../gateway';
import { setFunctionEnvironment } from './function-edits';
import { addHttpRoute } from './http-edits';
import { storageKeys } from './persistence';
import { memoryStore } from './test-environment';
import { setRouteSelectionExpression, setWebSocketRouteFunction } from './websocket-edits';
import { Workspace, checkFileName, exampleStart, type WorkspaceStart } from './workspace.svelte';

function manualTimers() {
  let fn: (() => void) | null = null;
  return { set: (f: () => void) => ((fn = f), 1), clear: () => void (fn = null), run: () => fn?.() };
}

function make(store = memoryStore(), timers = manualTimers(), now = () => 1_000, saveDelayMs?: number) {
  return {
    ws: new Workspace({
      store,
      basePath: '/p/',
      example: chatExample,
      examples: EXAMPLES,
      timers,
      now,
      ...(saveDelayMs !== undefined ? { saveDelayMs } : {}),
    }),
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
    ws.editWebSocket((d) => setRouteSelectionExpression(d, '$request.body.type'));
    ws.flush();
    expect(JSON.parse(store.data.get(storageKeys('/p/').workspace)!).definition.routeSelectionExpression).toBe(
      '$request.body.type',
    );
  });

  it('renames a file together with the handler specs that point at it', () => {
    const { ws } = make();
    expect(ws.renameFile('sendmessage.ts', 'chat.ts')).toBeNull();
    expect(ws.fileNames).toContain('chat.ts');
    expect(ws.definition!.functions.sendmessage.handler).toBe('chat.handler');
    expect(ws.activeFile).toBe('chat.ts');
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
    ws.editWebSocket((d) => setWebSocketRouteFunction(d, 'sendmessage', ''));
    expect((chatExample.definition as WebSocketApiDefinition).routes.sendmessage.integration?.function).toBe(
      'sendmessage',
    );
  });

  it('bumps the revision for code changes but not for settings', () => {
    const { ws } = make();
    const r = ws.revision;
    ws.setMode('real');
    expect(ws.revision).toBe(r);
    ws.editDefinition((d) => setFunctionEnvironment(d, 'sendmessage', [['TABLE_NAME', 'other']]));
    expect(ws.revision).toBe(r + 1);
    expect(ws.definition!.functions.sendmessage.environment).toEqual({ TABLE_NAME: 'other' });
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

describe('Workspace: one mutation path', () => {
  it('bumps the revision, saves and tells onChange for every change to what runs, and only saves settings', () => {
    const store = memoryStore();
    const timers = manualTimers();
    let changes = 0;
    const ws = new Workspace({
      store,
      basePath: '/p/',
      example: chatExample,
      examples: EXAMPLES,
      timers,
      now: () => 1_000,
      onChange: () => changes++,
    });
    const edits: (() => unknown)[] = [
      () => ws.setFile('default.ts', '// mine'),
      () => ws.setActiveFile('default.ts'),
      () => ws.addFile('lib/db.ts'),
      () => ws.renameFile('lib/db.ts', 'lib/store.ts'),
      () => ws.deleteFile('lib/store.ts'),
      () => ws.editWebSocket((d) => setRouteSelectionExpression(d, '$request.body.type')),
      () => ws.editDefinition((d) => setFunctionEnvironment(d, 'sendmessage', [['A', '1']])),
      () => ws.resetToExample(),
      () => ws.undoReset(),
      () => ws.switchApiType('HTTP'),
      () => ws.editHttp((d) => addHttpRoute(d, 'GET /health', 'products')),
    ];
    for (const [i, edit] of edits.entries()) {
      const before = ws.revision;
      edit();
      expect(ws.revision, `edit #${i}`).toBe(before + 1);
      expect(changes, `edit #${i}`).toBe(i + 1);
    }
    timers.run();
    expect(JSON.parse(store.data.get(storageKeys('/p/').workspace)!).definition.routes).toHaveProperty('GET /health');

    const revision = ws.revision;
    ws.setMode('real');
    ws.setRealUrl('https://abcdefghij.execute-api.us-east-1.amazonaws.com');
    expect([ws.revision, changes]).toEqual([revision, edits.length]);
    timers.run();
    expect(JSON.parse(store.data.get(storageKeys('/p/').workspace)!).settings.mode).toBe('real');
  });

  it('applies WebSocket edits only to a WebSocket definition', () => {
    const { ws } = make();
    expect(ws.editWebSocket((d) => d.routeSelectionExpression)).toBe('$request.body.action');
    ws.switchApiType('REST');
    const r = ws.revision;
    expect(ws.editWebSocket(() => 'ran')).toBeUndefined();
    expect(ws.revision).toBe(r);
  });
});

describe('Workspace of a comparison lesson', () => {
  const start: WorkspaceStart = {
    ...exampleStart(chatExample),
    id: 'lesson:polling-vs-push-measured',
    title: 'Request/response vs an open tunnel, measured',
    kind: 'compare',
    definition: null,
    files: { 'comparison.json': '{ "pollIntervalS": 5 }\n' },
    focus: 'comparison.json',
  };

  it('holds no API definition, keeps the WebSocket tools, and has no API to edit', () => {
    const { ws } = make();
    expect(ws.openSlot('lesson:polling-vs-push-measured', start)).toBe('fresh');
    expect(ws.kind).toBe('compare');
    expect(ws.definition).toBeNull();
    expect(ws.definitionSnapshot()).toBeNull();
    expect([ws.websocket, ws.http, ws.rest]).toEqual([null, null, null]);
    expect(ws.apiType).toBe('WEBSOCKET');
    expect(ws.example).toBe(start);
    expect(ws.hasEdits).toBe(false);
    expect(ws.editDefinition(() => 'ran')).toBeUndefined();
    ws.setFile('comparison.json', '{ "pollIntervalS": 1 }\n');
    expect(ws.hasEdits).toBe(true);
    ws.closeSlot();
    expect(ws.kind).toBe('WEBSOCKET');
  });

  it('is saved and restored without a definition, and drops the one an older version saved', () => {
    const store = memoryStore();
    const first = make(store).ws;
    first.openSlot('lesson:polling-vs-push-measured', start);
    first.setFile('comparison.json', '{ "pollIntervalS": 1 }\n');
    first.flush();
    const key = storageKeys('/p/', 'lesson:polling-vs-push-measured').workspace;
    const saved = JSON.parse(store.data.get(key)!);
    expect([saved.kind, saved.definition]).toEqual(['compare', null]);

    const again = make(store).ws;
    expect(again.openSlot('lesson:polling-vs-push-measured', start)).toBe('restored');
    expect(again.kind).toBe('compare');
    expect(again.files['comparison.json']).toBe('{ "pollIntervalS": 1 }\n');

    // Before comparison lessons had a kind of their own, an empty WebSocket API was saved with them.
    const { kind: _kind, ...older } = saved;
    store.data.set(key, JSON.stringify({ ...older, definition: { ...chatExample.definition, routes: {} } }));
    const old = make(store).ws;
    expect(old.openSlot('lesson:polling-vs-push-measured', start)).toBe('restored');
    expect(old.definition).toBeNull();
    expect(old.files['comparison.json']).toBe('{ "pollIntervalS": 1 }\n');
  });
});

describe('two tabs on one workspace', () => {
  /** Two tabs sharing one store; `hear` delivers a write of `from` to `to`, as the page's storage event does. */
  function twoTabs() {
    const store = memoryStore();
    const a = make(store, manualTimers(), () => 1_000);
    const b = make(store, manualTimers(), () => 2_000);
    const key = storageKeys('/p/').workspace;
    const hear = (tab: Workspace) => tab.storedChanged(key, store.data.get(key) ?? null);
    return { store, a: a.ws, b: b.ws, key, hear };
  }

  it('the tab that is behind stops saving over the other tab and keeps its own edits apart', () => {
    const { store, a, b, key, hear } = twoTabs();
    a.setFile('sendmessage.ts', '// from A');
    a.flush();
    hear(b);
    expect(b.conflict).toEqual({ savedAt: 1_000, heldKey: `${key}.unsaved.2000` });
    b.setFile('sendmessage.ts', '// from B');
    b.flush();
    expect(JSON.parse(store.data.get(key)!).files['sendmessage.ts']).toBe('// from A');
    expect(JSON.parse(store.data.get(`${key}.unsaved.2000`)!).files['sendmessage.ts']).toBe('// from B');
    expect(JSON.parse(b.currentText()).files['sendmessage.ts']).toBe('// from B');
  });

  it('"Load theirs" brings the other tab’s save in and forgets the held copy', () => {
    const { store, a, b, key, hear } = twoTabs();
    a.setFile('sendmessage.ts', '// from A');
    a.flush();
    hear(b);
    b.setFile('default.ts', '// from B');
    b.flush();
    const revision = b.revision;
    b.loadTheirs();
    expect(b.conflict).toBeNull();
    expect(b.files['sendmessage.ts']).toBe('// from A');
    expect(b.revision).toBeGreaterThan(revision);
    expect(store.data.has(`${key}.unsaved.2000`)).toBe(false);
  });

  it('"Keep mine" saves this tab’s work over the other’s, and the other tab is then the one behind', () => {
    const { store, a, b, key, hear } = twoTabs();
    a.setFile('sendmessage.ts', '// from A');
    a.flush();
    hear(b);
    b.setFile('sendmessage.ts', '// from B');
    b.keepMine();
    expect(b.conflict).toBeNull();
    expect(JSON.parse(store.data.get(key)!).files['sendmessage.ts']).toBe('// from B');
    hear(a);
    expect(a.conflict).not.toBeNull();
  });

  it('a save of the same work is no conflict (and ends one)', () => {
    const { a, b, hear } = twoTabs();
    a.setFile('sendmessage.ts', '// same');
    a.flush();
    hear(b);
    expect(b.conflict).not.toBeNull();
    b.setFile('sendmessage.ts', '// same');
    hear(b);
    expect(b.conflict).toBeNull();
  });

  it('offers back edits a closed tab held before its learner chose, and swapping them loses nothing', () => {
    const { store, a, b, key, hear } = twoTabs();
    a.setFile('sendmessage.ts', '// from A');
    a.flush();
    hear(b);
    b.setFile('sendmessage.ts', '// from B, never settled');
    b.flush();
    // Tab B closes without choosing; a third tab opens the workspace later.
    const c = make(store, manualTimers(), () => 3_000).ws;
    expect(c.files['sendmessage.ts']).toBe('// from A');
    expect(c.heldEdits.map((h) => [h.key, h.savedAt])).toEqual([[`${key}.unsaved.2000`, 2_000]]);
    expect(JSON.parse(c.heldEdits[0].text).files['sendmessage.ts']).toBe('// from B, never settled');

    c.restoreHeld(`${key}.unsaved.2000`);
    expect(c.files['sendmessage.ts']).toBe('// from B, never settled');
    expect(JSON.parse(store.data.get(key)!).files['sendmessage.ts']).toBe('// from B, never settled');
    // What C had is held in turn, and offered back the same way.
    expect(c.heldEdits.map((h) => h.key)).toEqual([`${key}.unsaved.3000`]);
    expect(JSON.parse(store.data.get(`${key}.unsaved.3000`)!).files['sendmessage.ts']).toBe('// from A');
    expect(store.data.has(`${key}.unsaved.2000`)).toBe(false);

    c.discardHeld(`${key}.unsaved.3000`);
    expect(c.heldEdits).toEqual([]);
    expect(store.data.has(`${key}.unsaved.3000`)).toBe(false);
  });

  it('offers only held edits of the workspace that opens, and only readable ones', () => {
    const { store, a, key } = twoTabs();
    const lessonKey = storageKeys('/p/', 'lesson:z').workspace;
    store.data.set(`${key}.unsaved.5`, 'not json');
    store.data.set(`${lessonKey}.unsaved.6`, a.currentText());
    const c = make(store, manualTimers(), () => 3_000).ws;
    expect(c.heldEdits).toEqual([]);
    c.openSlot('lesson:z', exampleStart(chatExample));
    expect(c.heldEdits.map((h) => h.key)).toEqual([`${lessonKey}.unsaved.6`]);
    c.closeSlot();
    expect(c.heldEdits).toEqual([]);
  });

  it('ignores other keys, removals and unreadable text', () => {
    const { b, key } = twoTabs();
    b.storedChanged(storageKeys('/p/', 'lesson:x').workspace, '{"schema":2}');
    b.storedChanged(key, null);
    b.storedChanged(key, 'not json');
    b.storedChanged(null, null);
    expect(b.conflict).toBeNull();
  });
});

describe('saving on every change', () => {
  it('with no delay, each edit is in storage as soon as it is made', () => {
    const store = memoryStore();
    const { ws } = make(store, manualTimers(), () => 1, 0);
    ws.setFile('sendmessage.ts', '// a');
    expect(JSON.parse(store.data.get(storageKeys('/p/').workspace)!).files['sendmessage.ts']).toBe('// a');
    ws.setFile('sendmessage.ts', '// ab');
    expect(JSON.parse(store.data.get(storageKeys('/p/').workspace)!).files['sendmessage.ts']).toBe('// ab');
  });
});
