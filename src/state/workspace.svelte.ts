/**
 * The learner's workspace: the API definition (edited structurally by the API panel), the
 * handler files and the active tab. Every change goes through a method here, which schedules
 * the save, so persisting can't be forgotten. Settings (fake/real mode, real URL) are saved
 * with it.
 */
import type { Example } from '../examples';
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
  example: Example;
  timers: Timers;
  now: () => number;
  /** Debounce for saving as the learner types (≤ 300 ms by requirement). */
  saveDelayMs?: number;
}

type Snapshot = Pick<SavedWorkspace, 'definition' | 'files' | 'activeFile' | 'exampleId'>;

/** Route keys AWS reserves; custom keys must not start with `$` (DG websocket-api-develop-routes). */
export const RESERVED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'] as const;

export class Workspace {
  #definition: WebSocketApiDefinition = $state({
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
  #realUrl = $state('');
  /** Set when edits were restored from storage and have not been deployed yet. */
  #restoredAt = $state<number | null>(null);
  /** What the load found, for the "saved data could not be read" notice. */
  #loadProblem = $state<{ backupKey: string; error: string } | null>(null);
  #lastSavedAt = $state<number | null>(null);
  #saveFailed = $state(false);
  /** The workspace as it was before "Reset to example", for Undo. */
  #beforeReset = $state.raw<Snapshot | null>(null);
  /** Bumped on every change, so the deploy state can tell whether edits are undeployed. */
  #revision = $state(0);

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
      this.#realUrl = d.settings.realUrl;
      this.#restoredAt = d.savedAt;
      this.firstVisit = false;
    } else {
      if (loaded.kind === 'unreadable') this.#loadProblem = { backupKey: loaded.backupKey, error: loaded.error };
      this.#apply(exampleSnapshot(opts.example));
      this.firstVisit = true;
    }
  }

  get definition(): WebSocketApiDefinition {
    return this.#definition;
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
  get realUrl(): string {
    return this.#realUrl;
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
  get revision(): number {
    return this.#revision;
  }
  get functionNames(): string[] {
    return Object.keys(this.#definition.functions ?? {});
  }

  /** A plain copy of the definition (for validation and deploy). */
  definitionSnapshot(): WebSocketApiDefinition {
    return $state.snapshot(this.#definition) as WebSocketApiDefinition;
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
    const name = path.replace(/\.(ts|js)$/, '');
    this.#files[path] = path.endsWith('.ts')
      ? `import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';\n\n` +
        `export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {\n` +
        `  console.log('${name}', event.requestContext.routeKey);\n  return { statusCode: 200 };\n};\n`
      : `export const handler = async (event) => {\n  console.log('${name}', event.requestContext.routeKey);\n  return { statusCode: 200 };\n};\n`;
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

  setRouteSelectionExpression(expression: string): void {
    this.#definition.routeSelectionExpression = expression;
    this.#changed();
  }

  /** Adds a route; returns an error message when the key is empty, taken, or a reserved-looking custom key. */
  addRoute(routeKey: string, functionName?: string): string | null {
    const key = routeKey.trim();
    if (!key) return 'A route key is required.';
    if (key in this.#definition.routes) return `A route "${key}" already exists.`;
    if (key.startsWith('$') && !(RESERVED_ROUTE_KEYS as readonly string[]).includes(key)) {
      return 'Custom route keys must not start with $ (only $connect, $disconnect and $default may).';
    }
    const route: WebSocketRouteDefinition = {};
    const fn = functionName ?? this.functionNames[0];
    if (fn) route.integration = { type: 'AWS_PROXY', function: fn };
    this.#definition.routes[key] = route;
    this.#changed();
    return null;
  }

  removeRoute(routeKey: string): void {
    if (!(routeKey in this.#definition.routes)) return;
    delete this.#definition.routes[routeKey];
    this.#changed();
  }

  /** Renames a route key in place (keeping the table's order). Validation happens at Deploy. */
  renameRoute(from: string, to: string): void {
    if (from === to || !(from in this.#definition.routes) || to in this.#definition.routes) return;
    const next: Record<string, WebSocketRouteDefinition> = {};
    for (const [k, v] of Object.entries(this.#definition.routes)) next[k === from ? to : k] = v;
    this.#definition.routes = next;
    this.#changed();
  }

  /** '' removes the integration (a route without one just succeeds). */
  setRouteFunction(routeKey: string, functionName: string): void {
    const route = this.#definition.routes[routeKey];
    if (!route) return;
    if (!functionName) delete route.integration;
    else route.integration = { ...(route.integration ?? { type: 'AWS_PROXY' }), type: 'AWS_PROXY', function: functionName };
    this.#changed();
  }

  /** Two-way: `routeResponseSelectionExpression: '$default'` sends the function's body back. */
  setRouteTwoWay(routeKey: string, twoWay: boolean): void {
    const route = this.#definition.routes[routeKey];
    if (!route) return;
    if (twoWay) route.routeResponseSelectionExpression = '$default';
    else delete route.routeResponseSelectionExpression;
    this.#changed();
  }

  /** Sets or clears the `$connect` authorizer ('' clears). */
  setRouteAuthorizer(routeKey: string, authorizer: string): void {
    const route = this.#definition.routes[routeKey];
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
    this.#definition.functions[n] = { handler: `${file.replace(/\.(ts|js)$/, '')}.handler`, timeout: 3, environment: {} };
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
    this.#realUrl = url;
    this.#changed(false);
  }

  // ---- restore / reset ---------------------------------------------------------------

  /** Deploy clears the "not run yet" state of restored edits. */
  markDeployed(): void {
    this.#restoredAt = null;
  }

  dismissLoadProblem(): void {
    this.#loadProblem = null;
  }

  /** Replaces everything with the example, keeping what was there for `undoReset()`. */
  resetToExample(): void {
    this.#beforeReset = {
      definition: this.definitionSnapshot(),
      files: this.filesSnapshot(),
      activeFile: this.#activeFile,
      exampleId: this.#exampleId,
    };
    this.#apply(exampleSnapshot(this.#opts.example));
    this.#changed();
  }

  undoReset(): void {
    const before = this.#beforeReset;
    if (!before) return;
    this.#beforeReset = null;
    this.#apply(before);
    this.#changed();
  }

  /** Writes a pending save now (page hidden or closing). */
  flush(): void {
    this.#saver.flush();
  }

  // ---- internals ---------------------------------------------------------------------

  #apply(s: Snapshot): void {
    this.#definition = structuredClone(s.definition) as WebSocketApiDefinition;
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
      definition: this.definitionSnapshot(),
      files: this.filesSnapshot(),
      activeFile: this.#activeFile,
      settings: { mode: this.#mode, realUrl: this.#realUrl },
    };
    const ok = saveWorkspace(this.#opts.store, this.#opts.basePath, data);
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

/** Handler files are flat `name.ts`/`name.js` files or paths like `lib/db.ts`. */
export function checkFileName(path: string, existing: string[]): string | null {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.(ts|js)$/.test(path)) {
    return 'File names end in .ts or .js and use letters, digits, -, _ and / (e.g. lib/db.ts).';
  }
  if (existing.includes(path)) return `A file "${path}" already exists.`;
  const stem = path.replace(/\.(ts|js)$/, '');
  if (existing.some((f) => f.replace(/\.(ts|js)$/, '') === stem)) return `"${stem}" already exists with another extension.`;
  return null;
}
