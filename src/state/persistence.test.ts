import { describe, expect, it } from 'vitest';
import {
  DebouncedSaver,
  SCHEMA_VERSION,
  basePathOf,
  MIGRATIONS,
  loadPrefs,
  loadWorkspace,
  migrate,
  prefsKey,
  riskOf,
  savePrefs,
  setAsideText,
  saveWorkspace,
  setAsideWorkspace,
  storageKeys,
  type KeyValueStore,
  type SavedWorkspace,
} from './persistence';

function memoryStore(init: Record<string, string> = {}): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const sample: SavedWorkspace = {
  schema: SCHEMA_VERSION,
  savedAt: 1_700_000_000_000,
  exampleId: 'chat',
  apiType: 'WEBSOCKET',
  definition: {
    protocolType: 'WEBSOCKET',
    name: 'x',
    routeSelectionExpression: '$request.body.action',
    routes: {},
    functions: {},
  },
  files: { 'a.ts': 'export const handler = async () => ({ statusCode: 200 });' },
  activeFile: 'a.ts',
  settings: { mode: 'real', realUrls: { WEBSOCKET: 'wss://abc.execute-api.us-east-1.amazonaws.com/dev' } },
};

describe('storage keys', () => {
  it('namespaces keys by the site base path so two deployments on one domain do not collide', () => {
    expect(storageKeys('/a/').workspace).not.toBe(storageKeys('/b/').workspace);
    expect(basePathOf('./', 'https://example.com/some/prefix/index.html')).toBe('/some/prefix/');
    expect(basePathOf('/', 'https://example.com/x/y')).toBe('/');
  });
});

describe('loadWorkspace', () => {
  it('reports a first visit when nothing is saved', () => {
    expect(loadWorkspace(memoryStore(), '/', () => 1)).toEqual({ kind: 'empty' });
  });

  it('restores what saveWorkspace wrote', () => {
    const store = memoryStore();
    expect(saveWorkspace(store, '/p/', sample)).toBe(true);
    expect(loadWorkspace(store, '/p/', () => 1)).toEqual({ kind: 'restored', data: sample });
  });

  it('keeps unreadable data under a backup key instead of dropping it', () => {
    const key = storageKeys('/').workspace;
    const store = memoryStore({ [key]: '{not json' });
    const r = loadWorkspace(store, '/', () => 42);
    expect(r.kind).toBe('unreadable');
    if (r.kind !== 'unreadable') return;
    expect(r.backupKey).toBe(`${storageKeys('/').backupPrefix}42`);
    expect(store.data.get(r.backupKey)).toBe('{not json');
    expect(store.data.has(key)).toBe(false);
  });

  it('sets aside a workspace the page could not show: kept under a backup key, reported once on the next load', () => {
    const store = memoryStore();
    saveWorkspace(store, '/p/', sample, 'lesson:x');
    const text = store.data.get(storageKeys('/p/', 'lesson:x').workspace);
    const backupKey = setAsideWorkspace(store, '/p/', () => 9, 'the page could not show it: boom', 'lesson:x');
    expect(backupKey).toBe(`${storageKeys('/p/', 'lesson:x').backupPrefix}9`);
    expect(store.data.get(backupKey!)).toBe(text);
    expect(loadWorkspace(store, '/p/', () => 10, 'lesson:x')).toEqual({
      kind: 'unreadable',
      backupKey,
      error: 'the page could not show it: boom',
    });
    // Reported once: the next start is a plain first visit, and the backup is still there.
    expect(loadWorkspace(store, '/p/', () => 11, 'lesson:x')).toEqual({ kind: 'empty' });
    expect(store.data.get(backupKey!)).toBe(text);
    // The playground's own workspace was not touched.
    expect(loadWorkspace(store, '/p/', () => 12)).toEqual({ kind: 'empty' });
  });

  it('sets nothing aside when nothing is saved, and keeps the original when the copy cannot be written', () => {
    expect(setAsideWorkspace(memoryStore(), '/', () => 1, 'x')).toBeNull();
    const key = storageKeys('/').workspace;
    const full = memoryStore({ [key]: '{"a":1}' });
    full.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(setAsideWorkspace(full, '/', () => 1, 'x')).toBeNull();
    expect(full.data.get(key)).toBe('{"a":1}');
  });

  it('treats data from a newer schema as unreadable and keeps it', () => {
    const key = storageKeys('/').workspace;
    const text = JSON.stringify({ ...sample, schema: 99 });
    const store = memoryStore({ [key]: text });
    const r = loadWorkspace(store, '/', () => 7);
    expect(r).toMatchObject({ kind: 'unreadable', error: expect.stringContaining('newer') });
    expect([...store.data.values()]).toContain(text);
  });
});

describe('migrate', () => {
  it('runs the migration hook from an older schema up to the current one', () => {
    const r = migrate(
      { schema: 0, code: { 'a.ts': 'x' }, api: { name: 'n' } },
      { 0: (old) => ({ schema: 1, files: old.code, definition: old.api }), 1: MIGRATIONS[1] },
    );
    expect(r.ok && r.data.files).toEqual({ 'a.ts': 'x' });
  });

  it('upgrades a schema 1 save (WebSocket only) to schema 2, keeping its wss:// URL as the WebSocket real endpoint', () => {
    const v1 = {
      schema: 1,
      savedAt: 5,
      exampleId: 'chat',
      definition: sample.definition,
      files: sample.files,
      activeFile: 'a.ts',
      settings: { mode: 'real', realUrl: 'wss://abc.execute-api.us-east-1.amazonaws.com/dev' },
    };
    const r = migrate(v1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toEqual({ ...sample, savedAt: 5 });
  });

  it('loads a schema 1 save from storage as schema 2', () => {
    const key = storageKeys('/').workspace;
    const store = memoryStore({
      [key]: JSON.stringify({
        schema: 1,
        definition: sample.definition,
        files: sample.files,
        settings: { mode: 'fake', realUrl: '' },
      }),
    });
    const r = loadWorkspace(store, '/', () => 1);
    expect(r).toMatchObject({
      kind: 'restored',
      data: { schema: 2, apiType: 'WEBSOCKET', settings: { mode: 'fake', realUrls: {} } },
    });
  });

  it("takes the API type from the definition's protocolType, and the default example of that type", () => {
    const r = migrate({ schema: 2, definition: { protocolType: 'REST' }, files: {} });
    expect(r.ok && [r.data.apiType, r.data.exampleId]).toEqual(['REST', 'rest-orders']);
  });

  it('rejects a document without files or with non-text files', () => {
    expect(migrate({ schema: 1, definition: {} }).ok).toBe(false);
    expect(migrate({ schema: 1, definition: {}, files: { 'a.ts': 5 } }).ok).toBe(false);
  });
});

describe('DebouncedSaver', () => {
  function fakeTimers() {
    const pending = new Map<number, () => void>();
    let id = 0;
    return {
      pending,
      set: (fn: () => void) => (pending.set(++id, fn), id),
      clear: (h: unknown) => void pending.delete(h as number),
      fire: () => [...pending.values()].forEach((f) => f()),
    };
  }

  it('saves once for a burst of changes', () => {
    const t = fakeTimers();
    let saves = 0;
    const s = new DebouncedSaver(() => saves++, t, 250);
    s.schedule();
    s.schedule();
    s.schedule();
    expect(t.pending.size).toBe(1);
    t.fire();
    expect(saves).toBe(1);
  });

  it('writes a pending save at once on flush (pagehide) and nothing when there is none', () => {
    const t = fakeTimers();
    let saves = 0;
    const s = new DebouncedSaver(() => saves++, t, 250);
    s.flush();
    expect(saves).toBe(0);
    s.schedule();
    s.flush();
    expect(saves).toBe(1);
    expect(t.pending.size).toBe(0);
  });

  it('saves within schedule() itself when the delay is 0, so a page that dies right after a change has it saved', () => {
    const t = fakeTimers();
    let saves = 0;
    const s = new DebouncedSaver(() => saves++, t, 0);
    s.schedule();
    expect(saves).toBe(1);
    expect(s.pending).toBe(false);
    expect(t.pending.size).toBe(0);
  });
});

describe('setAsideText', () => {
  it('moves unreadable text to a backup key and drops the original only once the copy exists', () => {
    const store = memoryStore({ k: 'garbage' });
    expect(setAsideText(store, 'k', 'garbage', () => 7)).toBe('k.unreadable.7');
    expect(Object.fromEntries(store.data)).toEqual({ 'k.unreadable.7': 'garbage' });
  });

  it('keeps the original where it was when the copy cannot be written', () => {
    const store = memoryStore({ k: 'garbage' });
    const full: KeyValueStore = {
      ...store,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(setAsideText(full, 'k', 'garbage', () => 7)).toBeNull();
    expect(store.data.get('k')).toBe('garbage');
  });
});

describe('riskOf', () => {
  it('names what a key holds: the learner’s edits, lesson progress or preferences', () => {
    expect(riskOf(storageKeys('/p/').workspace)).toBe('edits');
    expect(riskOf(storageKeys('/p/', 'lesson:first-steps').workspace)).toBe('edits');
    expect(riskOf('apigw-playground:/p/:lesson:first-steps:mine')).toBe('edits');
    expect(riskOf('apigw-playground:/p/:lessons.progress')).toBe('progress');
    expect(riskOf('apigw-playground:/p/:lessons.progress.unreadable.5')).toBe('progress');
    expect(riskOf(prefsKey('/p/'))).toBe('preferences');
    expect(riskOf('something-else')).toBeNull();
  });
});

describe('preferences', () => {
  it('sets unreadable preferences aside before saving over them', () => {
    const key = prefsKey('/p/');
    const store = memoryStore({ [key]: '{"schema":99,"theme":"from a newer site"}' });
    expect(loadPrefs(store, '/p/')).toEqual({ schema: 1 });
    expect(savePrefs(store, '/p/', { schema: 1, theme: 'dark' }, () => 3)).toBe(true);
    expect(store.data.get(`${key}.unreadable.3`)).toBe('{"schema":99,"theme":"from a newer site"}');
    expect(loadPrefs(store, '/p/')).toEqual({ schema: 1, theme: 'dark' });
  });

  it('saves over readable preferences without a backup', () => {
    const store = memoryStore();
    savePrefs(store, '/p/', { schema: 1, theme: 'dark' }, () => 3);
    savePrefs(store, '/p/', { schema: 1, theme: 'light' }, () => 4);
    expect([...store.data.keys()]).toEqual([prefsKey('/p/')]);
  });

  it('refuses to save when the unreadable text cannot be kept (storage full): nothing is overwritten', () => {
    const key = prefsKey('/p/');
    const store = memoryStore({ [key]: 'not json' });
    const full: KeyValueStore = {
      ...store,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(savePrefs(full, '/p/', { schema: 1 }, () => 3)).toBe(false);
    expect(store.data.get(key)).toBe('not json');
  });
});
