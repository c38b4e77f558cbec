/**
 * What a share link holds (`#/share/v1.<codec>.<payload>`, codec.ts writes the payload): the
 * setup a learner or a trainer built, as a diff from what it started from, so a link stays short.
 *
 *   { v: 1,
 *     from: { example: "chat" } | { lesson: "<slug>", start: true | false (its solution) },
 *     view: "playground" | "lesson",
 *     definition?: {...}          only when it differs from the start's
 *     files?: { "name.ts": "…" }  files added, or changed throughout
 *     edits?: { "name.ts": [at, deleted, "inserted"] }  files of the start changed in one place
 *     removed?: ["name.ts"]       files of the start that are gone
 *     focus?: "name.ts"           the open file, when not the start's
 *     clients?: [{ name, query?, protocols?, script? }]
 *     cursor?: 12 }               the timeline's step
 *
 * Everything in a decoded state came from someone else: `readShareState` checks every field
 * (types, lengths, counts, file names with the workspace's own rules) and `applyShare` checks it
 * against its start (removed files exist, the definition passes the gateway's validation), each
 * failure a ShareStateError naming the field. Pure: unit-tested in Node.
 */
import { validateDefinition, type ApiDefinition, type ApiType } from '../gateway';
import { checkFileName } from '../state/workspace-files';

export const SHARE_VERSION = 1;

/** The bounds of a state: generous for a workshop, small enough that a hostile link cannot hurt. */
export const SHARE_LIMITS = {
  files: 64,
  fileChars: 256 * 1024,
  clients: 100,
  nameChars: 64,
  queryChars: 2048,
  protocols: 16,
  scriptMessages: 1000,
  /** One browser send() is one frame: the gateway closes over 32 KB (README, known differences). */
  messageChars: 32 * 1024,
  cursor: 1_000_000,
  idChars: 100,
} as const;

export type ShareFrom = { example: string } | { lesson: string; start: boolean };
export type ShareView = 'playground' | 'lesson';

export interface SharedClient {
  name: string;
  /** Without it, the console's own default (`name=<name>`). */
  query?: string;
  protocols?: string[];
  /** Messages a scripted client sends in order (applied where the console supports scripts). */
  script?: string[];
}

export interface ShareState {
  v: typeof SHARE_VERSION;
  from: ShareFrom;
  view: ShareView;
  definition?: ApiDefinition;
  files?: Record<string, string>;
  /**
   * A file of the start changed in one stretch, as a splice of its text: `[at, deleted, inserted]`
   * (UTF-16 offsets, as JavaScript strings count). A one-line edit then travels as that line only.
   */
  edits?: Record<string, Splice>;
  removed?: string[];
  focus?: string;
  clients?: SharedClient[];
  cursor?: number;
}

export type Splice = [at: number, deleted: number, inserted: string];

/** What a setup starts from (an example or a lesson's start or solution), resolved by the page. */
export interface ShareBase {
  kind: ApiType | 'compare';
  definition: ApiDefinition | null;
  files: Record<string, string>;
  focus: string;
}

/** The workspace a state describes. */
export interface Setup {
  definition: ApiDefinition | null;
  files: Record<string, string>;
  focus: string;
}

export class ShareStateError extends Error {
  override name = 'ShareStateError';
}

const KEYS = new Set(['v', 'from', 'view', 'definition', 'files', 'edits', 'removed', 'focus', 'clients', 'cursor']);
const CLIENT_KEYS = new Set(['name', 'query', 'protocols', 'script']);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A subprotocol is an HTTP token (RFC 6455 §4.1, RFC 7230 §3.2.6): what `new WebSocket()` accepts. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function fail(message: string): never {
  throw new ShareStateError(`This link's setup is not valid: ${message}.`);
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
/** Field values in messages: short and printable, never the raw text of a hostile link. */
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

function text(x: unknown, field: string, max: number, { empty = false, lines = true } = {}): string {
  if (typeof x !== 'string') fail(`${field} must be text`);
  if (!empty && x === '') fail(`${field} is empty`);
  if (x.length > max)
    fail(`${field} is too long (${x.length.toLocaleString('en')} characters; at most ${max.toLocaleString('en')})`);
  if (!lines && CONTROL.test(x)) fail(`${field} contains control characters or line breaks`);
  return x;
}

function list(x: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(x)) fail(`${field} must be a list`);
  if (x.length > max) fail(`${field} has ${x.length} entries (at most ${max})`);
  return x;
}

function noOtherKeys(o: Record<string, unknown>, allowed: Set<string>, where: string): void {
  for (const k of Object.keys(o)) if (!allowed.has(k)) fail(`${where} has an unknown field ${quote(k)}`);
}

/**
 * Checks a decoded payload is a version-1 state, field by field, and returns it as one. Says
 * which field is wrong; a newer version says so.
 */
export function readShareState(raw: unknown): ShareState {
  if (!isObject(raw)) fail('it is not an object');
  if (raw.v !== SHARE_VERSION) {
    if (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v > SHARE_VERSION)
      throw new ShareStateError(
        `This link was made by a newer version of the playground (setup version ${raw.v}; this one reads version ${SHARE_VERSION}).`,
      );
    fail(`its version (v) must be ${SHARE_VERSION}`);
  }
  noOtherKeys(raw, KEYS, 'it');
  const state: ShareState = { v: SHARE_VERSION, from: readFrom(raw.from), view: readView(raw.view) };
  if (state.view === 'lesson' && !('lesson' in state.from)) fail('view "lesson" needs a lesson to start from');
  if (raw.definition !== undefined) {
    if (!isObject(raw.definition)) fail('definition must be an object');
    state.definition = raw.definition as unknown as ApiDefinition;
  }
  if (raw.files !== undefined) {
    if (!isObject(raw.files)) fail('files must be an object of file name → text');
    const names = Object.keys(raw.files);
    if (names.length > SHARE_LIMITS.files) fail(`it has ${names.length} files (at most ${SHARE_LIMITS.files})`);
    const files: Record<string, string> = {};
    for (const name of names) {
      fileName(name, []);
      files[name] = text(raw.files[name], `file ${quote(name)}`, SHARE_LIMITS.fileChars, { empty: true });
    }
    state.files = files;
  }
  if (raw.edits !== undefined) {
    if (!isObject(raw.edits)) fail('edits must be an object of file name → [at, deleted, inserted]');
    const names = Object.keys(raw.edits);
    if (names.length > SHARE_LIMITS.files) fail(`it edits ${names.length} files (at most ${SHARE_LIMITS.files})`);
    const edits: Record<string, Splice> = {};
    for (const name of names) {
      fileName(name, []);
      if (state.files && name in state.files) fail(`${quote(name)} is both in files and in edits`);
      const e = raw.edits[name];
      const count = (x: unknown) =>
        typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= SHARE_LIMITS.fileChars;
      if (!Array.isArray(e) || e.length !== 3 || !count(e[0]) || !count(e[1]))
        fail(`the edit of ${quote(name)} must be [at, deleted, inserted]`);
      edits[name] = [e[0], e[1], text(e[2], `the edit of ${quote(name)}`, SHARE_LIMITS.fileChars, { empty: true })];
    }
    state.edits = edits;
  }
  if (raw.removed !== undefined) {
    const removed = list(raw.removed, 'removed', SHARE_LIMITS.files).map((n) => fileName(n, []));
    if (new Set(removed).size !== removed.length) fail('removed names a file twice');
    state.removed = removed;
  }
  if (raw.focus !== undefined) state.focus = fileName(raw.focus, []);
  if (raw.clients !== undefined) state.clients = readClients(raw.clients);
  if (raw.cursor !== undefined) {
    const c = raw.cursor;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > SHARE_LIMITS.cursor)
      fail(`cursor must be a whole number from 0 to ${SHARE_LIMITS.cursor.toLocaleString('en')}`);
    state.cursor = c;
  }
  return state;
}

function readFrom(x: unknown): ShareFrom {
  if (!isObject(x)) fail('from must name an example or a lesson');
  if ('example' in x) {
    noOtherKeys(x, new Set(['example']), 'from');
    const id = text(x.example, 'from.example', SHARE_LIMITS.idChars);
    if (!ID.test(id)) fail(`from.example ${quote(id)} is not an example id`);
    return { example: id };
  }
  if ('lesson' in x) {
    noOtherKeys(x, new Set(['lesson', 'start']), 'from');
    const slug = text(x.lesson, 'from.lesson', SHARE_LIMITS.idChars);
    if (!ID.test(slug)) fail(`from.lesson ${quote(slug)} is not a lesson slug`);
    if (typeof x.start !== 'boolean') fail('from.start must be true (the lesson start) or false (its solution)');
    return { lesson: slug, start: x.start };
  }
  fail('from must name an example or a lesson');
}

function readView(x: unknown): ShareView {
  if (x !== 'playground' && x !== 'lesson') fail('view must be "playground" or "lesson"');
  return x;
}

function fileName(x: unknown, existing: string[]): string {
  const name = text(x, 'a file name', 200, { lines: false });
  const problem = checkFileName(name, existing);
  if (problem) fail(`file name ${quote(name)}: ${problem}`);
  return name;
}

function readClients(x: unknown): SharedClient[] {
  const seen = new Set<string>();
  return list(x, 'clients', SHARE_LIMITS.clients).map((c, i) => {
    const at = `client ${i + 1}`;
    if (!isObject(c)) fail(`${at} must be an object`);
    noOtherKeys(c, CLIENT_KEYS, at);
    const name = text(c.name, `${at}'s name`, SHARE_LIMITS.nameChars, { lines: false });
    if (name.trim() !== name) fail(`${at}'s name starts or ends with a space`);
    if (seen.has(name)) fail(`two clients are named ${quote(name)}`);
    seen.add(name);
    const client: SharedClient = { name };
    if (c.query !== undefined)
      client.query = text(c.query, `${quote(name)}'s query string`, SHARE_LIMITS.queryChars, {
        empty: true,
        lines: false,
      });
    if (c.protocols !== undefined)
      client.protocols = list(c.protocols, `${quote(name)}'s subprotocols`, SHARE_LIMITS.protocols).map((p) => {
        if (typeof p !== 'string' || !TOKEN.test(p))
          fail(`${quote(name)}'s subprotocols must be tokens (e.g. chat.v1)`);
        return p;
      });
    if (c.script !== undefined)
      client.script = list(c.script, `${quote(name)}'s script`, SHARE_LIMITS.scriptMessages).map((m, j) =>
        text(m, `${quote(name)}'s script message ${j + 1}`, SHARE_LIMITS.messageChars),
      );
    return client;
  });
}

/**
 * The setup a state describes on top of its start. Checks what only the start can tell: the
 * removed files exist, the files together follow the workspace's name rules, the definition is
 * the start's type and passes the gateway's validation (as Deploy would), the focus exists.
 */
export function applyShare(state: ShareState, base: ShareBase): Setup {
  const files: Record<string, string> = { ...base.files };
  for (const name of state.removed ?? []) {
    if (!(name in files)) fail(`it removes ${quote(name)}, which its start does not have`);
    delete files[name];
  }
  for (const [name, [at, deleted, inserted]] of Object.entries(state.edits ?? {})) {
    const body = files[name];
    if (body === undefined) fail(`it edits ${quote(name)}, which its start does not have`);
    if (at + deleted > body.length) fail(`the edit of ${quote(name)} reaches past its end`);
    files[name] = body.slice(0, at) + inserted + body.slice(at + deleted);
    if (files[name].length > SHARE_LIMITS.fileChars) fail(`file ${quote(name)} is too long once edited`);
  }
  for (const [name, body] of Object.entries(state.files ?? {})) {
    if (!(name in files)) fileName(name, Object.keys(files));
    files[name] = body;
  }
  if (Object.keys(files).length > SHARE_LIMITS.files) fail(`it has more than ${SHARE_LIMITS.files} files`);
  let definition = base.definition;
  if (state.definition !== undefined) {
    if (base.kind === 'compare') fail('a comparison lesson has no API definition');
    const checked = validateDefinition(state.definition);
    if (!checked.ok) {
      const e = checked.errors[0];
      fail(`its API definition: ${e.path ? `${e.path}: ` : ''}${e.message}`);
    }
    if (checked.definition.protocolType !== base.kind)
      fail(`its API definition is ${checked.definition.protocolType}, but its start is ${base.kind}`);
    // The link's own object (validation may add defaults): the workspace keeps what was shared.
    definition = state.definition;
  }
  const focus = state.focus ?? (base.focus in files ? base.focus : (Object.keys(files)[0] ?? ''));
  if (state.focus !== undefined && !(focus in files)) fail(`focus names ${quote(focus)}, which is not among its files`);
  return { definition, files, focus };
}

type Diff = Pick<ShareState, 'definition' | 'files' | 'edits' | 'removed' | 'focus'>;

/** The one stretch where `after` differs from `before`, as a splice. */
export function spliceOf(before: string, after: string): Splice {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return [start, before.length - start - end, after.slice(start, after.length - end)];
}

/**
 * The smallest description of `setup` on top of `base`: only what differs, a changed file of
 * the start as a splice where that is shorter than its text.
 */
export function diffShare(setup: Setup, base: ShareBase): Diff {
  const out: Diff = {};
  if (setup.definition && JSON.stringify(setup.definition) !== JSON.stringify(base.definition))
    out.definition = setup.definition;
  const files: Record<string, string> = {};
  const edits: Record<string, Splice> = {};
  for (const [name, body] of Object.entries(setup.files)) {
    const before = base.files[name];
    if (before === body) continue;
    const splice = before === undefined ? null : spliceOf(before, body);
    if (splice && JSON.stringify(splice).length < JSON.stringify(body).length) edits[name] = splice;
    else files[name] = body;
  }
  if (Object.keys(files).length) out.files = files;
  if (Object.keys(edits).length) out.edits = edits;
  const removed = Object.keys(base.files).filter((n) => !(n in setup.files));
  if (removed.length) out.removed = removed;
  const baseFocus = base.focus in setup.files ? base.focus : Object.keys(setup.files)[0];
  if (setup.focus && setup.focus !== baseFocus) out.focus = setup.focus;
  return out;
}

/** The size of a diff, to pick the nearer of two starts (a lesson's start or its solution). */
export function diffSize(diff: Diff): number {
  return JSON.stringify(diff).length;
}

/** What the banner lists: what a link changes, in words. */
export interface ShareSummary {
  changed: string[];
  added: string[];
  removed: string[];
  definitionChanged: boolean;
  /** Route keys (WebSocket, HTTP) or resource paths (REST) of the definition that will run. */
  routes: string[];
  clients: string[];
  scripted: number;
  cursor?: number;
}

export function summarize(state: ShareState, base: ShareBase, setup: Setup): ShareSummary {
  const changed: string[] = [];
  const added: string[] = [];
  for (const name of Object.keys(state.files ?? {})) (name in base.files ? changed : added).push(name);
  changed.push(...Object.keys(state.edits ?? {}));
  return {
    changed,
    added,
    removed: [...(state.removed ?? [])],
    definitionChanged: state.definition !== undefined,
    routes: routesOf(setup.definition),
    clients: (state.clients ?? []).map((c) => c.name),
    scripted: (state.clients ?? []).filter((c) => c.script?.length).length,
    ...(state.cursor !== undefined ? { cursor: state.cursor } : {}),
  };
}

function routesOf(def: ApiDefinition | null): string[] {
  if (!def) return [];
  const d = def as { routes?: unknown; resources?: unknown };
  if (isObject(d.routes)) return Object.keys(d.routes);
  if (!isObject(d.resources)) return [];
  // REST: each method of each resource, as "GET /orders/{id}".
  return Object.entries(d.resources).flatMap(([path, r]) =>
    isObject(r) && isObject(r.methods) ? Object.keys(r.methods).map((m) => `${m} ${path}`) : [path],
  );
}
