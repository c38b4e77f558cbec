/**
 * Saving the learner's workspace in localStorage: namespaced keys, a versioned schema with a
 * migration hook, unreadable data kept aside (never silently dropped), and a debounced saver
 * that can be flushed when the page is hidden. Plain TypeScript so it is unit-tested in Node.
 */
import { API_TYPES, type ApiType } from '../gateway';

/**
 * Schema history:
 * 1. WebSocket only: `settings.realUrl`.
 * 2. Three API types: `apiType`, and a real endpoint URL per type (`settings.realUrls`), since
 *    a `wss://` endpoint is no use to an HTTP API and switching types must not lose either.
 */
export const SCHEMA_VERSION = 2 as const;

export type Mode = 'fake' | 'real';

/** What one saved workspace holds (schema 2). */
export interface SavedWorkspace {
  schema: typeof SCHEMA_VERSION;
  /** Epoch ms of the save, shown in the "Restored your edits from …" banner. */
  savedAt: number;
  exampleId: string;
  /** Which API the definition is (its `protocolType`); decides the API panel and the consoles. */
  apiType: ApiType;
  /** A comparison lesson's inputs: no API of its own, so `definition` is null. */
  kind?: 'compare';
  /** The API definition as the learner left it (validated only at Deploy); null for `kind: 'compare'`. */
  definition: unknown;
  files: Record<string, string>;
  activeFile: string;
  settings: { mode: Mode; realUrls: Partial<Record<ApiType, string>> };
}

const API_TYPE_VALUES: readonly string[] = API_TYPES;
const DEFAULT_EXAMPLE: Record<ApiType, string> = { WEBSOCKET: 'chat', HTTP: 'http-orders', REST: 'rest-orders' };

export type LoadResult =
  | { kind: 'empty' }
  | { kind: 'restored'; data: SavedWorkspace }
  /** The saved text could not be read: it was copied to `backupKey` and left for the learner. */
  | { kind: 'unreadable'; backupKey: string; error: string };

/** Minimal Storage surface (localStorage, or a Map-backed fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Every key stored (localStorage has `length` and `key(i)` instead: see storedKeys). */
  keys?(): string[];
}

/** The keys in `store` that start with `prefix` (none when the store cannot list its keys). */
export function storedKeys(store: KeyValueStore, prefix: string): string[] {
  try {
    let all: string[];
    if (store.keys) all = store.keys();
    else {
      const s = store as Partial<Storage>;
      if (typeof s.key !== 'function' || typeof s.length !== 'number') return [];
      all = [];
      for (let i = 0; i < s.length; i++) all.push(s.key(i) ?? '');
    }
    return all.filter((k) => k.startsWith(prefix));
  } catch {
    return [];
  }
}

/**
 * Keys are namespaced by the site's base path, so two deployments on one domain
 * (e.g. /playground/ and /playground-staging/) keep separate workspaces.
 */
export function storageKeys(
  basePath: string,
  slot?: string,
): { workspace: string; backupPrefix: string; problem: string } {
  // A lesson keeps its own workspace (`slot` = `lesson:<slug>`), so opening one never
  // overwrites the playground's edits or another lesson's.
  const ns = slot ? `apigw-playground:${basePath}:${slot}` : `apigw-playground:${basePath}`;
  return {
    workspace: `${ns}:workspace`,
    backupPrefix: `${ns}:workspace.unreadable.`,
    // Why the last saved workspace was set aside, for the notice on the next start.
    problem: `${ns}:workspace.problem`,
  };
}

/** Migrations from older schemas, keyed by the version they upgrade FROM. */
export const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Schema 1 knew only WebSocket APIs: its one real URL was a wss:// endpoint.
  1: (v1) => {
    const settings = (v1.settings && typeof v1.settings === 'object' ? v1.settings : {}) as Record<string, unknown>;
    const realUrl = typeof settings.realUrl === 'string' ? settings.realUrl : '';
    return {
      ...v1,
      schema: 2,
      apiType: 'WEBSOCKET',
      settings: { mode: settings.mode, realUrls: realUrl ? { WEBSOCKET: realUrl } : {} },
    };
  },
};

/** Brings a parsed object to the current schema, or explains why it can't. */
export function migrate(
  raw: unknown,
  migrations: typeof MIGRATIONS = MIGRATIONS,
): { ok: true; data: SavedWorkspace } | { ok: false; error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'not an object' };
  let doc = raw as Record<string, unknown>;
  if (typeof doc.schema !== 'number' || !Number.isInteger(doc.schema)) return { ok: false, error: 'no schema version' };
  let version: number = doc.schema;
  if (version > SCHEMA_VERSION)
    return { ok: false, error: `schema ${version} is newer than this site (${SCHEMA_VERSION})` };
  while (version < SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) return { ok: false, error: `no migration from schema ${version}` };
    doc = step(doc);
    if (doc.schema !== version + 1) return { ok: false, error: `migration from schema ${version} did not advance it` };
    version += 1;
  }
  return checkShape(doc);
}

function checkShape(doc: Record<string, unknown>): { ok: true; data: SavedWorkspace } | { ok: false; error: string } {
  const { files, definition, activeFile, savedAt, exampleId, settings } = doc;
  const compare = doc.kind === 'compare';
  if (!files || typeof files !== 'object' || Array.isArray(files)) return { ok: false, error: 'files missing' };
  for (const [k, v] of Object.entries(files)) {
    if (typeof v !== 'string') return { ok: false, error: `file ${JSON.stringify(k)} is not text` };
  }
  if (!compare && (!definition || typeof definition !== 'object')) return { ok: false, error: 'definition missing' };
  // The definition's own protocolType wins: it is what Deploy validates.
  const protocolType = compare ? undefined : (definition as Record<string, unknown>).protocolType;
  const apiType = (
    API_TYPE_VALUES.includes(protocolType as string)
      ? protocolType
      : API_TYPE_VALUES.includes(doc.apiType as string)
        ? doc.apiType
        : 'WEBSOCKET'
  ) as ApiType;
  const s = (settings && typeof settings === 'object' ? settings : {}) as Record<string, unknown>;
  const realUrls: Partial<Record<ApiType, string>> = {};
  if (s.realUrls && typeof s.realUrls === 'object') {
    for (const [k, v] of Object.entries(s.realUrls as Record<string, unknown>))
      if (API_TYPE_VALUES.includes(k) && typeof v === 'string') realUrls[k as ApiType] = v;
  }
  return {
    ok: true,
    data: {
      schema: SCHEMA_VERSION,
      savedAt: typeof savedAt === 'number' ? savedAt : 0,
      exampleId: typeof exampleId === 'string' ? exampleId : DEFAULT_EXAMPLE[apiType],
      apiType,
      ...(compare ? { kind: 'compare' as const } : {}),
      definition: compare ? null : definition,
      files: files as Record<string, string>,
      activeFile: typeof activeFile === 'string' ? activeFile : '',
      settings: { mode: s.mode === 'real' ? 'real' : 'fake', realUrls },
    },
  };
}

/** Reads the saved workspace. Anything unreadable is copied aside first, so nothing is lost. */
export function loadWorkspace(store: KeyValueStore, basePath: string, now: () => number, slot?: string): LoadResult {
  const keys = storageKeys(basePath, slot);
  let text: string | null;
  try {
    text = store.getItem(keys.workspace);
  } catch (e) {
    // Storage blocked (privacy settings): behave as a first visit; there is nothing to back up.
    return { kind: 'unreadable', backupKey: '', error: `storage unavailable: ${String(e)}` };
  }
  if (text === null) return takeProblemNote(store, keys.problem) ?? { kind: 'empty' };
  let error: string;
  try {
    const m = migrate(JSON.parse(text));
    if (m.ok) return { kind: 'restored', data: m.data };
    error = m.error;
  } catch (e) {
    error = `not JSON: ${(e as Error).message}`;
  }
  return { kind: 'unreadable', backupKey: moveAside(store, keys, text, now), error };
}

/**
 * Sets the saved workspace aside when the page could not open it (it passed the schema check,
 * yet showing it failed): the text moves to a backup key, never deleted, and the next start
 * opens the example with the same notice as for unreadable data. Returns the backup key.
 */
export function setAsideWorkspace(
  store: KeyValueStore,
  basePath: string,
  now: () => number,
  error: string,
  slot?: string,
): string | null {
  const keys = storageKeys(basePath, slot);
  try {
    const text = store.getItem(keys.workspace);
    if (text === null) return null;
    const backupKey = moveAside(store, keys, text, now);
    if (backupKey === keys.workspace) return null;
    store.setItem(keys.problem, JSON.stringify({ backupKey, error }));
    return backupKey;
  } catch {
    return null;
  }
}

/** Moves the workspace's text aside; returns the backup key, or the workspace key when the copy failed. */
function moveAside(
  store: KeyValueStore,
  keys: ReturnType<typeof storageKeys>,
  text: string,
  now: () => number,
): string {
  return setAsideText(store, keys.workspace, text, now) ?? keys.workspace;
}

/** The marker every backup key carries (`<key>.unreadable.<epoch ms>`), so the page can tell them apart. */
export const BACKUP_MARKER = '.unreadable.';

/**
 * Keeps unreadable text that was stored under `key` (the learner's work, progress, preferences):
 * copies it to `<key>.unreadable.<now>`, then drops the original, so the next save cannot
 * overwrite the only copy. Returns the backup key, or null when the copy failed (storage full or
 * blocked): the original then stays where it was.
 */
export function setAsideText(store: KeyValueStore, key: string, text: string, now: () => number): string | null {
  const backupKey = `${key}${BACKUP_MARKER}${now()}`;
  try {
    store.setItem(backupKey, text);
    store.removeItem(key);
    return backupKey;
  } catch {
    return null;
  }
}

/** What the learner would lose if writes to `key` fail: their work, their lesson progress, or preferences. */
export type AtRisk = 'edits' | 'progress' | 'preferences';

/** Which kind of saved data a key holds (null: not one of the page's keys). */
export function riskOf(key: string): AtRisk | null {
  if (!key.startsWith('apigw-playground:')) return null;
  const base = key.includes(BACKUP_MARKER) ? key.slice(0, key.indexOf(BACKUP_MARKER)) : key;
  if (base.endsWith(':lessons.progress')) return 'progress';
  if (base.endsWith(':prefs')) return 'preferences';
  return 'edits';
}

/** The notice left by `setAsideWorkspace`, read once. */
function takeProblemNote(store: KeyValueStore, key: string): LoadResult | null {
  try {
    const note: unknown = JSON.parse(store.getItem(key) ?? 'null');
    store.removeItem(key);
    if (!note || typeof note !== 'object') return null;
    const { backupKey, error } = note as Record<string, unknown>;
    if (typeof backupKey !== 'string' || typeof error !== 'string') return null;
    return { kind: 'unreadable', backupKey, error };
  } catch {
    return null;
  }
}

export function saveWorkspace(store: KeyValueStore, basePath: string, data: SavedWorkspace, slot?: string): boolean {
  try {
    store.setItem(storageKeys(basePath, slot).workspace, JSON.stringify(data));
    return true;
  } catch {
    // Quota exceeded or storage blocked: the caller shows "not saved".
    return false;
  }
}

/** Host timers, injected so tests drive them. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Calls `save` at most once per `delayMs` after the last `schedule()`, and at once on
 * `flush()` (the page calls it on `pagehide`/`visibilitychange`, when a pending timer might
 * never fire). A `delayMs` of 0 saves within `schedule()` itself: a page that dies without
 * `pagehide` (a crashed tab, a killed browser) then has every change already saved.
 */
export class DebouncedSaver {
  #handle: unknown = undefined;
  #pending = false;
  readonly #save: () => void;
  readonly #timers: Timers;
  readonly #delayMs: number;

  constructor(save: () => void, timers: Timers, delayMs = 250) {
    this.#save = save;
    this.#timers = timers;
    this.#delayMs = delayMs;
  }

  get pending(): boolean {
    return this.#pending;
  }

  schedule(): void {
    this.#pending = true;
    if (this.#delayMs <= 0) return this.flush();
    if (this.#handle !== undefined) this.#timers.clear(this.#handle);
    this.#handle = this.#timers.set(() => this.flush(), this.#delayMs);
  }

  flush(): void {
    if (this.#handle !== undefined) this.#timers.clear(this.#handle);
    this.#handle = undefined;
    if (!this.#pending) return;
    this.#pending = false;
    this.#save();
  }
}

/** The site's base path (`/` or `/some/prefix/`), used to namespace storage keys. */
export function basePathOf(baseUrl: string, href: string): string {
  return new URL(baseUrl, href).pathname;
}

/** A store that lives only as long as the page (storage blocked by privacy settings). */
export function memoryStore(): KeyValueStore {
  const mem = new Map<string, string>();
  return {
    getItem: (k) => mem.get(k) ?? null,
    setItem: (k, v) => void mem.set(k, v),
    removeItem: (k) => void mem.delete(k),
    keys: () => [...mem.keys()],
  };
}

/**
 * The page's own preferences, apart from any workspace (same base-path namespace). Schema
 * history:
 * 1. `startHereDismissedAt`: when the learner closed the first-visit "Start here" panel; `theme`
 *    (optional, added before any release): the colour theme picked in the header; optional
 *    `layout` and `presenter` sections (each read, with its own schema, by ./layout.svelte.ts
 *    and ./presenter.svelte.ts, so adding them needed no migration).
 */
export const PREFS_SCHEMA = 1 as const;

export interface Prefs {
  schema: typeof PREFS_SCHEMA;
  /** Epoch ms; set once the learner has closed "Start here", so it does not open by itself again. */
  startHereDismissedAt?: number;
  /** The header's colour theme ('light', 'dark', 'contrast'); absent: the system's. Checked by its reader. */
  theme?: string;
  /** Column widths, collapsed panels and the lesson's work tab. */
  layout?: unknown;
  /** Presenter mode and its font scale. */
  presenter?: unknown;
}

const PREFS_SECTIONS = ['layout', 'presenter'] as const;

export function prefsKey(basePath: string): string {
  return `apigw-playground:${basePath}:prefs`;
}

/** Stored preferences text as Prefs, or null when it is unreadable (not JSON, not an object, another schema). */
function parsePrefs(text: string): Prefs | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || (raw as Prefs).schema !== PREFS_SCHEMA) return null;
  const { startHereDismissedAt: at, theme } = raw as Prefs;
  const prefs: Prefs = {
    schema: PREFS_SCHEMA,
    ...(typeof at === 'number' ? { startHereDismissedAt: at } : {}),
    ...(typeof theme === 'string' ? { theme } : {}),
  };
  for (const k of PREFS_SECTIONS) {
    const v = (raw as Prefs)[k];
    if (v && typeof v === 'object') prefs[k] = v;
  }
  return prefs;
}

/**
 * Reads the preferences. Nothing here is the learner's work, so anything unreadable (blocked
 * storage, not JSON, another schema) reads as the defaults; it stays in place until the next
 * save sets it aside (`savePrefs`).
 */
export function loadPrefs(store: KeyValueStore, basePath: string): Prefs {
  try {
    const text = store.getItem(prefsKey(basePath));
    if (text !== null) return parsePrefs(text) ?? { schema: PREFS_SCHEMA };
  } catch {
    // defaults
  }
  return { schema: PREFS_SCHEMA };
}

/**
 * Saves the preferences. Unreadable preferences already stored (a newer site's schema, text
 * edited by hand) are set aside under a backup key first, never overwritten. False when storage
 * is full or blocked: the preference then lasts for this page view.
 */
export function savePrefs(store: KeyValueStore, basePath: string, prefs: Prefs, now: () => number = Date.now): boolean {
  const key = prefsKey(basePath);
  try {
    const before = store.getItem(key);
    if (before !== null && parsePrefs(before) === null && setAsideText(store, key, before, now) === null) return false;
    store.setItem(key, JSON.stringify(prefs));
    return true;
  } catch {
    return false;
  }
}
