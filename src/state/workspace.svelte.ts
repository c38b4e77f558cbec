/**
 * The learner's workspace: the API definition (edited structurally by the API panel), the
 * handler files and the active tab. Every change goes through a method here, which schedules
 * the save, so persisting can't be forgotten. Settings (fake/real mode, real URL per API type)
 * are saved with it. The definition's `protocolType` decides which API panel and which
 * consoles the page shows (WebSocket clients, or the HTTP/REST request builder).
 */
import type { ApiDefinition, ApiType, Example } from '../examples';
import type { HttpApiDefinition } from '../gateway/http/definition';
import type { RestApiDefinition } from '../gateway/rest/definition';
import type {
  FunctionDefinition,
  WebSocketApiDefinition,
  WebSocketRouteDefinition,
} from '../gateway/websocket/definition';
import {
  DebouncedSaver,
  SCHEMA_VERSION,
  loadWorkspace,
  saveWorkspace,
  type KeyValueStore,
  type LoadResult,
  type Mode,
  type SavedWorkspace,
  type Timers,
} from './persistence';

export interface WorkspaceOptions {
  store: KeyValueStore;
  basePath: string;
  /** What a first visit loads. */
  example: Example;
  /** The example of each API type, for the type switcher and "Reset to example" (default: `example` for its type). */
  examples?: Partial<Record<ApiType, Example>>;
  timers: Timers;
  now: () => number;
  /** Debounce for saving as the learner types (≤ 300 ms by requirement). */
  saveDelayMs?: number;
}

export type Snapshot = Pick<SavedWorkspace, 'definition' | 'files' | 'activeFile' | 'exampleId'>;

/** What the last whole-workspace replacement was, for the Undo banner. */
export type Replacement = { kind: 'reset' } | { kind: 'switch'; from: ApiType; to: ApiType };

/** Route keys AWS reserves; custom keys must not start with `$` (DG websocket-api-develop-routes). */
export const RESERVED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'] as const;

export class Workspace {
  #definition: ApiDefinition = $state({
    protocolType: 'WEBSOCKET',
    name: '',
    routeSelectionExpression: '',
    routes: {},
    functions: {},
  });
  #files = $state<Record<string, string>>({});
  #activeFile = $state('');
  #exampleId = $state('');
  #mode = $state<Mode>('fake');
  /** The real endpoint per API type (a wss:// URL is no use to an HTTP API). */
  #realUrls = $state<Partial<Record<ApiType, string>>>({});
  /** Set when edits were restored from storage and have not been deployed yet. */
  #restoredAt = $state<number | null>(null);
  /** What the load found, for the "saved data could not be read" notice. */
  #loadProblem = $state<{ backupKey: string; error: string } | null>(null);
  #lastSavedAt = $state<number | null>(null);
  #saveFailed = $state(false);
  /** The workspace as it was before "Reset to example", for Undo. */
  #beforeReset = $state.raw<Snapshot | null>(null);
  #replacement = $state.raw<Replacement | null>(null);
  /** Bumped on every change, so the deploy state can tell whether edits are undeployed. */
  #revision = $state(0);
  /** The storage slot of an open lesson (`lesson:<slug>`), null for the playground's own workspace. */
  #slot = $state<string | null>(null);
  /** The open lesson's start, as an example: "Reset" and `hasEdits` compare against it. */
  #slotExample = $state.raw<Example | null>(null);

  readonly #opts: WorkspaceOptions;
  readonly #saver: DebouncedSaver;
  /** True when nothing was saved before: the example is loaded and may auto-deploy (trusted code). */
  readonly firstVisit: boolean;

  constructor(opts: WorkspaceOptions) {
    this.#opts = opts;
    this.#saver = new DebouncedSaver(() => this.#save(), opts.timers, opts.saveDelayMs ?? 250);
    const loaded: LoadResult = loadWorkspace(opts.store, opts.basePath, opts.now);
    if (loaded.kind === 'restored') {
      const d = loaded.data;
      this.#apply({ definition: d.definition, files: d.files, activeFile: d.activeFile, exampleId: d.exampleId });
      this.#mode = d.settings.mode;
      this.#realUrls = { ...d.settings.realUrls };
      this.#restoredAt = d.savedAt;
      this.firstVisit = false;
    } else {
      if (loaded.kind === 'unreadable') this.#loadProblem = { backupKey: loaded.backupKey, error: loaded.error };
      this.#apply(exampleSnapshot(opts.example));
      this.firstVisit = true;
    }
  }

  get definition(): ApiDefinition {
    return this.#definition;
  }
  /** The API type, from the definition's `protocolType`. */
  get apiType(): ApiType {
    const t = (this.#definition as { protocolType?: unknown }).protocolType;
    return t === 'HTTP' || t === 'REST' ? t : 'WEBSOCKET';
  }
  /** The definition when it is a WebSocket API, else null. */
  get websocket(): WebSocketApiDefinition | null {
    return this.#definition.protocolType === 'WEBSOCKET' ? this.#definition : null;
  }
  get http(): HttpApiDefinition | null {
    return this.#definition.protocolType === 'HTTP' ? this.#definition : null;
  }
  get rest(): RestApiDefinition | null {
    return this.#definition.protocolType === 'REST' ? this.#definition : null;
  }
  /** The example this workspace started from (the current type's). */
  get example(): Example {
    return this.#exampleOf(this.apiType);
  }
  get files(): Record<string, string> {
    return this.#files;
  }
  get fileNames(): string[] {
    return Object.keys(this.#files);
  }
  get activeFile(): string {
    return this.#activeFile;
  }
  get mode(): Mode {
    return this.#mode;
  }
  /** The real endpoint URL for the current API type. */
  get realUrl(): string {
    return this.#realUrls[this.apiType] ?? '';
  }
  get restoredAt(): number | null {
    return this.#restoredAt;
  }
  get loadProblem(): { backupKey: string; error: string } | null {
    return this.#loadProblem;
  }
  get lastSavedAt(): number | null {
    return this.#lastSavedAt;
  }
  get saveFailed(): boolean {
    return this.#saveFailed;
  }
  get canUndoReset(): boolean {
    return this.#beforeReset !== null;
  }
  /** What the undoable replacement was (a reset, or a switch of API type). */
  get replacement(): Replacement | null {
    return this.#beforeReset ? this.#replacement : null;
  }
  /**
   * True when the definition or files differ from the example they started from: switching
   * the API type would then replace the learner's work (the UI asks first).
   */
  get hasEdits(): boolean {
    let ex: Example;
    try {
      ex = this.#exampleOf(this.apiType);
    } catch {
      return true;
    }
    if (ex.id !== this.#exampleId) return true;
    return (
      JSON.stringify(this.definitionSnapshot()) !== JSON.stringify(ex.definition) ||
      JSON.stringify(this.filesSnapshot()) !== JSON.stringify(ex.files)
    );
  }
  get revision(): number {
    return this.#revision;
  }
  /** The open lesson's storage slot, or null (the playground). */
  get slot(): string | null {
    return this.#slot;
  }
  get functionNames(): string[] {
    return Object.keys(this.#definition.functions ?? {});
  }

  /** A plain copy of the definition (for validation and deploy). */
  definitionSnapshot(): ApiDefinition {
    return $state.snapshot(this.#definition) as ApiDefinition;
  }
  filesSnapshot(): Record<string, string> {
    return { ...$state.snapshot(this.#files) };
  }

  // ---- files -------------------------------------------------------------------------

  setFile(path: string, text: string): void {
    if (!(path in this.#files) || this.#files[path] === text) return;
    this.#files[path] = text;
    this.#changed();
  }

  setActiveFile(path: string): void {
    if (!(path in this.#files)) return;
    this.#activeFile = path;
    this.#changed();
  }

  /** Adds an empty handler file; returns an error message instead when the name is unusable. */
  addFile(path: string): string | null {
    const problem = checkFileName(path, this.fileNames);
    if (problem) return problem;
    this.#files[path] = newHandlerText(path, this.apiType);
    this.#activeFile = path;
    this.#changed();
    return null;
  }

  /** Renames a file and the functions' handler specs that point at it (`old.handler` → `new.handler`). */
  renameFile(from: string, to: string): string | null {
    if (!(from in this.#files)) return `No file named ${from}`;
    if (from === to) return null;
    const problem = checkFileName(
      to,
      this.fileNames.filter((f) => f !== from),
    );
    if (problem) return problem;
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.#files)) next[k === from ? to : k] = v;
    this.#files = next;
    const oldModule = from.replace(/\.(ts|js)$/, '');
    const newModule = to.replace(/\.(ts|js)$/, '');
    for (const fn of Object.values(this.#definition.functions ?? {})) {
      const dot = fn.handler.lastIndexOf('.');
      if (dot > 0 && fn.handler.slice(0, dot) === oldModule) fn.handler = `${newModule}${fn.handler.slice(dot)}`;
    }
    if (this.#activeFile === from) this.#activeFile = to;
    this.#changed();
    return null;
  }

  deleteFile(path: string): void {
    if (!(path in this.#files)) return;
    const names = this.fileNames;
    delete this.#files[path];
    if (this.#activeFile === path) this.#activeFile = names.find((n) => n !== path) ?? '';
    this.#changed();
  }

  // ---- definition --------------------------------------------------------------------

  /**
   * Applies a structural edit to an HTTP API definition (the pure functions of ./http-edits):
   * the one mutation path for HTTP API edits. Returns the edit's result; nothing happens (and
   * undefined is returned) when the workspace holds another API type.
   */
  editHttp<R>(edit: (def: HttpApiDefinition) => R): R | undefined {
    const def = this.http;
    if (!def) return undefined;
    const result = edit(def);
    this.#changed();
    return result;
  }

  /** Same as editHttp, for a REST API definition (./rest-edits). */
  editRest<R>(edit: (def: RestApiDefinition) => R): R | undefined {
    const def = this.rest;
    if (!def) return undefined;
    const result = edit(def);
    this.#changed();
    return result;
  }

  setRouteSelectionExpression(expression: string): void {
    const def = this.websocket;
    if (!def) return;
    def.routeSelectionExpression = expression;
    this.#changed();
  }

  /** Adds a route; returns an error message when the key is empty, taken, or a reserved-looking custom key. */
  addRoute(routeKey: string, functionName?: string): string | null {
    const def = this.websocket;
    if (!def) return 'Routes of this API type are edited in its own panel.';
    const key = routeKey.trim();
    if (!key) return 'A route key is required.';
    if (key in def.routes) return `A route "${key}" already exists.`;
    if (key.startsWith('$') && !(RESERVED_ROUTE_KEYS as readonly string[]).includes(key)) {
      return 'Custom route keys must not start with $ (only $connect, $disconnect and $default may).';
    }
    const route: WebSocketRouteDefinition = {};
    const fn = functionName ?? this.functionNames[0];
    if (fn) route.integration = { type: 'AWS_PROXY', function: fn };
    def.routes[key] = route;
    this.#changed();
    return null;
  }

  removeRoute(routeKey: string): void {
    const def = this.websocket;
    if (!def || !(routeKey in def.routes)) return;
    delete def.routes[routeKey];
    this.#changed();
  }

  /** Renames a route key in place (keeping the table's order). Validation happens at Deploy. */
  renameRoute(from: string, to: string): void {
    const def = this.websocket;
    if (!def || from === to || !(from in def.routes) || to in def.routes) return;
    const next: Record<string, WebSocketRouteDefinition> = {};
    for (const [k, v] of Object.entries(def.routes)) next[k === from ? to : k] = v;
    def.routes = next;
    this.#changed();
  }

  /** '' removes the integration (a route without one just succeeds). */
  setRouteFunction(routeKey: string, functionName: string): void {
    const route = this.websocket?.routes[routeKey];
    if (!route) return;
    if (!functionName) delete route.integration;
    else
      route.integration = {
        ...(route.integration ?? { type: 'AWS_PROXY' }),
        type: 'AWS_PROXY',
        function: functionName,
      };
    this.#changed();
  }

  /** Two-way: `routeResponseSelectionExpression: '$default'` sends the function's body back. */
  setRouteTwoWay(routeKey: string, twoWay: boolean): void {
    const route = this.websocket?.routes[routeKey];
    if (!route) return;
    if (twoWay) route.routeResponseSelectionExpression = '$default';
    else delete route.routeResponseSelectionExpression;
    this.#changed();
  }

  /** Sets or clears the `$connect` authorizer ('' clears). */
  setRouteAuthorizer(routeKey: string, authorizer: string): void {
    const route = this.websocket?.routes[routeKey];
    if (!route) return;
    if (authorizer) route.authorizer = authorizer;
    else delete route.authorizer;
    this.#changed();
  }

  addFunction(name: string, file: string): string | null {
    const n = name.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(n)) return 'Function names use letters, digits, - and _ (up to 64).';
    this.#definition.functions ??= {};
    if (n in this.#definition.functions) return `A function "${n}" already exists.`;
    this.#definition.functions[n] = {
      handler: `${file.replace(/\.(ts|js)$/, '')}.handler`,
      timeout: 3,
      environment: {},
    };
    this.#changed();
    return null;
  }

  removeFunction(name: string): void {
    if (!this.#definition.functions?.[name]) return;
    delete this.#definition.functions[name];
    this.#changed();
  }

  updateFunction(name: string, patch: Partial<Pick<FunctionDefinition, 'handler' | 'timeout'>>): void {
    const fn = this.#definition.functions?.[name];
    if (!fn) return;
    if (patch.handler !== undefined) fn.handler = patch.handler;
    if (patch.timeout !== undefined) fn.timeout = patch.timeout;
    this.#changed();
  }

  /** Replaces a function's environment variables (keys trimmed; empty keys dropped). */
  setFunctionEnvironment(name: string, entries: [string, string][]): void {
    const fn = this.#definition.functions?.[name];
    if (!fn) return;
    const env: Record<string, string> = {};
    for (const [k, v] of entries) if (k.trim()) env[k.trim()] = v;
    fn.environment = env;
    this.#changed();
  }

  // ---- settings ----------------------------------------------------------------------

  setMode(mode: Mode): void {
    this.#mode = mode;
    this.#changed(false);
  }

  setRealUrl(url: string): void {
    this.#realUrls = { ...this.#realUrls, [this.apiType]: url };
    this.#changed(false);
  }

  // ---- lesson slots ------------------------------------------------------------------

  /**
   * Switches to a lesson's own saved workspace (`slot`), or to `start` when the lesson was
   * never opened: the playground's edits and other lessons' edits are saved apart and kept.
   * Nothing runs: a restored workspace shows "not run yet" until the learner deploys.
   */
  openSlot(slot: string, start: Example): 'restored' | 'fresh' {
    this.#saver.flush();
    this.#slot = slot;
    this.#slotExample = start;
    this.#beforeReset = null;
    this.#replacement = null;
    const loaded = loadWorkspace(this.#opts.store, this.#opts.basePath, this.#opts.now, slot);
    let kind: 'restored' | 'fresh' = 'fresh';
    if (loaded.kind === 'restored') {
      const d = loaded.data;
      this.#apply({ definition: d.definition, files: d.files, activeFile: d.activeFile, exampleId: d.exampleId });
      this.#restoredAt = d.savedAt;
      kind = 'restored';
    } else {
      this.#apply(exampleSnapshot(start));
      this.#restoredAt = null;
    }
    this.#revision++;
    return kind;
  }

  /** Back to the playground's own workspace (the lesson's edits stay saved in its slot). */
  closeSlot(): void {
    if (this.#slot === null) return;
    this.#saver.flush();
    this.#slot = null;
    this.#slotExample = null;
    this.#beforeReset = null;
    this.#replacement = null;
    const loaded = loadWorkspace(this.#opts.store, this.#opts.basePath, this.#opts.now);
    if (loaded.kind === 'restored') {
      const d = loaded.data;
      this.#apply({ definition: d.definition, files: d.files, activeFile: d.activeFile, exampleId: d.exampleId });
      this.#restoredAt = d.savedAt;
    } else {
      this.#apply(exampleSnapshot(this.#opts.example));
      this.#restoredAt = null;
    }
    this.#revision++;
  }

  /** A plain copy of what the learner has (for "Reveal solution" to keep it). */
  snapshot(): Snapshot {
    return {
      definition: this.definitionSnapshot(),
      files: this.filesSnapshot(),
      activeFile: this.#activeFile,
      exampleId: this.#exampleId,
    };
  }

  /** Replaces the definition and files (a revealed solution, or the learner's version back). */
  applySnapshot(s: Snapshot): void {
    this.#beforeReset = null;
    this.#replacement = null;
    this.#apply(s);
    this.#changed();
  }

  // ---- restore / reset ---------------------------------------------------------------

  /** Deploy clears the "not run yet" state of restored edits. */
  markDeployed(): void {
    this.#restoredAt = null;
  }

  dismissLoadProblem(): void {
    this.#loadProblem = null;
  }

  /** Replaces everything with the current type's example, keeping what was there for `undoReset()`. */
  resetToExample(): void {
    this.#replace(this.#exampleOf(this.apiType), { kind: 'reset' });
  }

  /**
   * Switches the playground to another API type by loading that type's example (the UI asks
   * first when `hasEdits`); undone like a reset.
   */
  switchApiType(type: ApiType): void {
    const from = this.apiType;
    if (type === from) return;
    this.#replace(this.#exampleOf(type), { kind: 'switch', from, to: type });
  }

  undoReset(): void {
    const before = this.#beforeReset;
    if (!before) return;
    this.#beforeReset = null;
    this.#replacement = null;
    this.#apply(before);
    this.#changed();
  }

  /** Forgets the undo point (the learner dismissed the banner). */
  dismissUndo(): void {
    this.#beforeReset = null;
    this.#replacement = null;
  }

  /** Writes a pending save now (page hidden or closing). */
  flush(): void {
    this.#saver.flush();
  }

  // ---- internals ---------------------------------------------------------------------

  #exampleOf(type: ApiType): Example {
    if (this.#slotExample?.apiType === type) return this.#slotExample;
    const ex = this.#opts.examples?.[type];
    if (ex) return ex;
    if (this.#opts.example.apiType === type) return this.#opts.example;
    throw new Error(`No example for API type ${type}`);
  }

  #replace(example: Example, replacement: Replacement): void {
    this.#beforeReset = {
      definition: this.definitionSnapshot(),
      files: this.filesSnapshot(),
      activeFile: this.#activeFile,
      exampleId: this.#exampleId,
    };
    this.#replacement = replacement;
    this.#apply(exampleSnapshot(example));
    this.#changed();
  }

  #apply(s: Snapshot): void {
    this.#definition = structuredClone(s.definition) as ApiDefinition;
    this.#files = { ...s.files };
    this.#activeFile = s.activeFile in s.files ? s.activeFile : (Object.keys(s.files)[0] ?? '');
    this.#exampleId = s.exampleId;
  }

  /** `code`: whether the change affects what runs (settings don't make the deployment stale). */
  #changed(code = true): void {
    if (code) this.#revision++;
    this.#saver.schedule();
  }

  #save(): void {
    const data: SavedWorkspace = {
      schema: SCHEMA_VERSION,
      savedAt: this.#opts.now(),
      exampleId: this.#exampleId,
      apiType: this.apiType,
      definition: this.definitionSnapshot(),
      files: this.filesSnapshot(),
      activeFile: this.#activeFile,
      settings: { mode: this.#mode, realUrls: { ...this.#realUrls } },
    };
    const ok = saveWorkspace(this.#opts.store, this.#opts.basePath, data, this.#slot ?? undefined);
    this.#saveFailed = !ok;
    if (ok) this.#lastSavedAt = data.savedAt;
  }
}

function exampleSnapshot(example: Example): Snapshot {
  return {
    definition: structuredClone(example.definition),
    files: { ...example.files },
    activeFile: example.focus,
    exampleId: example.id,
  };
}

/** The starting text of a new handler file, typed with the event of the API type. */
export function newHandlerText(path: string, type: ApiType): string {
  const name = path.replace(/\.(ts|js)$/, '');
  if (!path.endsWith('.ts')) {
    const key =
      type === 'REST' ? 'event.resource' : type === 'HTTP' ? 'event.routeKey' : 'event.requestContext.routeKey';
    return `export const handler = async (event) => {\n  console.log('${name}', ${key});\n  return { statusCode: 200, body: 'ok' };\n};\n`;
  }
  switch (type) {
    case 'HTTP':
      return (
        `import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {\n` +
        `  console.log('${name}', event.routeKey);\n  return { statusCode: 200, body: JSON.stringify({ ok: true }) };\n};\n`
      );
    case 'REST':
      return (
        `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {\n` +
        `  console.log('${name}', event.httpMethod, event.resource);\n  return { statusCode: 200, body: JSON.stringify({ ok: true }) };\n};\n`
      );
    default:
      return (
        `import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {\n` +
        `  console.log('${name}', event.requestContext.routeKey);\n  return { statusCode: 200 };\n};\n`
      );
  }
}

/** Handler files are flat `name.ts`/`name.js` files or paths like `lib/db.ts`. */
export function checkFileName(path: string, existing: string[]): string | null {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.(ts|js)$/.test(path)) {
    return 'File names end in .ts or .js and use letters, digits, -, _ and / (e.g. lib/db.ts).';
  }
  if (existing.includes(path)) return `A file "${path}" already exists.`;
  const stem = path.replace(/\.(ts|js)$/, '');
  if (existing.some((f) => f.replace(/\.(ts|js)$/, '') === stem))
    return `"${stem}" already exists with another extension.`;
  return null;
}
