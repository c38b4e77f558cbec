/**
 * The learner's workspace: the API definition (edited structurally by the API panel), the
 * handler files and the active tab. Every change goes through one private funnel (`#mutate`),
 * which bumps the revision when what runs changed, schedules the save and tells `onChange`,
 * so none of these can be forgotten. Definition edits are pure functions (./websocket-edits,
 * ./http-edits, ./rest-edits, ./function-edits) applied by `editWebSocket`/`editHttp`/
 * `editRest`/`editDefinition`. Settings (fake/real mode, real URL per API type) are saved with
 * it. The definition's `protocolType` decides which API panel and which consoles the page
 * shows; a comparison lesson's workspace (`kind: 'compare'`) has no API definition at all.
 */
import type { ApiDefinition, ApiType, HttpApiDefinition, RestApiDefinition, WebSocketApiDefinition } from '../gateway';
import type { Example } from '../examples';
import {
  DebouncedSaver,
  SCHEMA_VERSION,
  loadWorkspace,
  saveWorkspace,
  setAsideWorkspace,
  storageKeys,
  type KeyValueStore,
  type LoadResult,
  type Mode,
  type SavedWorkspace,
  type Timers,
} from './persistence';
import { renameHandlerFile } from './function-edits';
import { TabConflict, type Conflict, type HeldEdits } from './workspace-conflict.svelte';
import { checkFileName, newHandlerText } from './workspace-files';
import {
  exampleStart,
  savedSnapshot,
  startSnapshot,
  type Snapshot,
  type WorkspaceKind,
  type WorkspaceStart,
} from './workspace-start';

export { checkFileName, exampleStart, newHandlerText, startSnapshot };
export type { Snapshot, WorkspaceKind, WorkspaceStart };
export type { Conflict, HeldEdits };

export interface WorkspaceOptions {
  store: KeyValueStore;
  basePath: string;
  /** What a first visit loads. */
  example: Example;
  /** The example of each API type, for the type switcher and "Reset to example" (default: `example` for its type). */
  examples?: Partial<Record<ApiType, Example>>;
  timers: Timers;
  now: () => number;
  /**
   * Debounce for saving as the learner types (≤ 300 ms by requirement). 0 saves on every change,
   * as the page does: a tab that crashes between keystrokes then loses none of them.
   */
  saveDelayMs?: number;
  /**
   * Told after every change to what runs (definition, files, active file) and after a switch to
   * or from a lesson's workspace; never for settings. AppState wires it to the lesson checks.
   */
  onChange?: () => void;
}

/** What the last whole-workspace replacement was, for the Undo banner. */
export type Replacement = { kind: 'reset' } | { kind: 'switch'; from: ApiType; to: ApiType } | { kind: 'share' };

/** What a change touched: what runs, settings only, or the whole workspace (another slot loaded). */
type Change = 'code' | 'settings' | 'slot';

export class Workspace {
  /** null: a comparison lesson's workspace, which has no API. */
  #definition = $state<ApiDefinition | null>(null);
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
  /** Bumped on every change to what runs, so the deploy state can tell whether edits are undeployed. */
  #revision = $state(0);
  /** The storage slot of an open lesson (`lesson:<slug>`), null for the playground's own workspace. */
  #slot = $state<string | null>(null);
  /** The saved workspace was set aside because the page could not show it: nothing is saved any more. */
  #setAside = false;
  /** The open lesson's start: "Reset" and `hasEdits` compare against it. */
  #slotStart = $state.raw<WorkspaceStart | null>(null);

  readonly #opts: WorkspaceOptions;
  /** The playground's own start (a first visit, and after a lesson closes with nothing saved). */
  readonly #home: WorkspaceStart;
  /** The example of each API type, for the type switcher and "Reset". */
  readonly #starts: Partial<Record<ApiType, WorkspaceStart>> = {};
  readonly #saver: DebouncedSaver;
  /** Another tab saved this slot: saves are held apart until the learner chooses. */
  readonly #otherTab: TabConflict;
  /** True when nothing was saved before: the example is loaded and may auto-deploy (trusted code). */
  readonly firstVisit: boolean;

  constructor(opts: WorkspaceOptions) {
    this.#opts = opts;
    this.#home = exampleStart(opts.example);
    this.#starts[opts.example.apiType] = this.#home;
    for (const ex of Object.values(opts.examples ?? {})) this.#starts[ex.apiType] = exampleStart(ex);
    this.#otherTab = new TabConflict(opts.store, opts.now);
    this.#saver = new DebouncedSaver(() => this.#save(), opts.timers, opts.saveDelayMs ?? 250);
    const loaded: LoadResult = loadWorkspace(opts.store, opts.basePath, opts.now);
    if (loaded.kind === 'restored') {
      const d = loaded.data;
      this.#apply(savedSnapshot(d));
      this.#mode = d.settings.mode;
      this.#realUrls = { ...d.settings.realUrls };
      this.#restoredAt = d.savedAt;
      this.firstVisit = false;
    } else {
      if (loaded.kind === 'unreadable') this.#loadProblem = { backupKey: loaded.backupKey, error: loaded.error };
      this.#apply(startSnapshot(this.#home));
      this.firstVisit = true;
    }
    this.#otherTab.scan(this.#key());
  }

  /** The API definition, or null in a comparison lesson's workspace. */
  get definition(): ApiDefinition | null {
    return this.#definition;
  }
  get kind(): WorkspaceKind {
    const d = this.#definition;
    if (!d) return 'compare';
    const t = (d as { protocolType?: unknown }).protocolType;
    return t === 'HTTP' || t === 'REST' ? t : 'WEBSOCKET';
  }
  /**
   * The API type the page's tools are for (consoles, clock, new handler files, real URL): the
   * definition's `protocolType`. A comparison lesson runs no API of its own; its page keeps the
   * WebSocket tools the playground opens with.
   */
  get apiType(): ApiType {
    const kind = this.kind;
    return kind === 'compare' ? 'WEBSOCKET' : kind;
  }
  /** The definition when it is a WebSocket API, else null. */
  get websocket(): WebSocketApiDefinition | null {
    return this.#definition?.protocolType === 'WEBSOCKET' ? this.#definition : null;
  }
  get http(): HttpApiDefinition | null {
    return this.#definition?.protocolType === 'HTTP' ? this.#definition : null;
  }
  get rest(): RestApiDefinition | null {
    return this.#definition?.protocolType === 'REST' ? this.#definition : null;
  }
  /** What this workspace started from (the current type's example, or the open lesson's start). */
  get example(): WorkspaceStart {
    return this.#startOf(this.kind);
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
  /** Another tab changed this workspace's saved copy (null when not). */
  get conflict(): Conflict | null {
    return this.#otherTab.current;
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
    let start: WorkspaceStart;
    try {
      start = this.#startOf(this.kind);
    } catch {
      return true;
    }
    if (start.id !== this.#exampleId) return true;
    return (
      JSON.stringify(this.definitionSnapshot()) !== JSON.stringify(start.definition) ||
      JSON.stringify(this.filesSnapshot()) !== JSON.stringify(start.files)
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
    return Object.keys(this.#definition?.functions ?? {});
  }

  /** A plain copy of the definition (for validation and deploy); null when there is no API. */
  definitionSnapshot(): ApiDefinition | null {
    return $state.snapshot(this.#definition) as ApiDefinition | null;
  }
  filesSnapshot(): Record<string, string> {
    return { ...$state.snapshot(this.#files) };
  }

  // ---- files -------------------------------------------------------------------------

  setFile(path: string, text: string): void {
    if (!(path in this.#files) || this.#files[path] === text) return;
    this.#mutate('code', () => (this.#files[path] = text));
  }

  setActiveFile(path: string): void {
    if (!(path in this.#files)) return;
    this.#mutate('code', () => (this.#activeFile = path));
  }

  /** Adds an empty handler file; returns an error message instead when the name is unusable. */
  addFile(path: string): string | null {
    const problem = checkFileName(path, this.fileNames);
    if (problem) return problem;
    this.#mutate('code', () => {
      this.#files[path] = newHandlerText(path, this.apiType);
      this.#activeFile = path;
    });
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
    this.#mutate('code', () => {
      const next: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.#files)) next[k === from ? to : k] = v;
      this.#files = next;
      if (this.#definition) renameHandlerFile(this.#definition, from, to);
      if (this.#activeFile === from) this.#activeFile = to;
    });
    return null;
  }

  deleteFile(path: string): void {
    if (!(path in this.#files)) return;
    this.#mutate('code', () => {
      const names = this.fileNames;
      delete this.#files[path];
      if (this.#activeFile === path) this.#activeFile = names.find((n) => n !== path) ?? '';
    });
  }

  // ---- definition --------------------------------------------------------------------

  /**
   * Applies a structural edit to a WebSocket API definition (the pure functions of
   * ./websocket-edits). Returns the edit's result; nothing happens (and undefined is returned)
   * when the workspace holds another API type.
   */
  editWebSocket<R>(edit: (def: WebSocketApiDefinition) => R): R | undefined {
    return this.#edit(this.websocket, edit);
  }

  /** Same as editWebSocket, for an HTTP API definition (./http-edits). */
  editHttp<R>(edit: (def: HttpApiDefinition) => R): R | undefined {
    return this.#edit(this.http, edit);
  }

  /** Same as editWebSocket, for a REST API definition (./rest-edits). */
  editRest<R>(edit: (def: RestApiDefinition) => R): R | undefined {
    return this.#edit(this.rest, edit);
  }

  /** An edit every API type shares (./function-edits); undefined when there is no API. */
  editDefinition<R>(edit: (def: ApiDefinition) => R): R | undefined {
    return this.#edit(this.#definition, edit);
  }

  // ---- settings ----------------------------------------------------------------------

  setMode(mode: Mode): void {
    this.#mutate('settings', () => (this.#mode = mode));
  }

  setRealUrl(url: string): void {
    this.#mutate('settings', () => (this.#realUrls = { ...this.#realUrls, [this.apiType]: url }));
  }

  // ---- lesson slots ------------------------------------------------------------------

  /**
   * Switches to a lesson's own saved workspace (`slot`), or to `start` when the lesson was
   * never opened: the playground's edits and other lessons' edits are saved apart and kept.
   * Nothing runs: a restored workspace shows "not run yet" until the learner deploys.
   */
  openSlot(slot: string, start: WorkspaceStart): 'restored' | 'fresh' {
    this.#saver.flush();
    this.#otherTab.leave();
    const loaded = loadWorkspace(this.#opts.store, this.#opts.basePath, this.#opts.now, slot);
    this.#mutate('slot', () => {
      this.#slot = slot;
      this.#slotStart = start;
      this.#loadSlot(loaded, start);
    });
    this.#otherTab.scan(this.#key());
    return loaded.kind === 'restored' ? 'restored' : 'fresh';
  }

  /** Back to the playground's own workspace (the lesson's edits stay saved in its slot). */
  closeSlot(): void {
    if (this.#slot === null) return;
    this.#saver.flush();
    this.#otherTab.leave();
    const loaded = loadWorkspace(this.#opts.store, this.#opts.basePath, this.#opts.now);
    this.#mutate('slot', () => {
      this.#slot = null;
      this.#slotStart = null;
      this.#loadSlot(loaded, this.#home);
    });
    this.#otherTab.scan(this.#key());
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
    this.#mutate('code', () => {
      this.#forgetUndo();
      this.#apply(s);
    });
  }

  // ---- restore / reset ---------------------------------------------------------------

  /** The restored edits have run (deployed, or a comparison lesson's checks ran): the banner goes. */
  markDeployed(): void {
    this.#restoredAt = null;
  }

  /**
   * The page failed while showing this workspace (data that passed the schema check but that a
   * form cannot show): moves the saved copy aside, kept under a backup key, and stops saving, so
   * the reload that follows opens the example with the usual "could not be read" notice.
   * Returns the backup key (null when nothing was saved).
   */
  setAsideSaved(error: string): string | null {
    this.#setAside = true;
    return setAsideWorkspace(this.#opts.store, this.#opts.basePath, this.#opts.now, error, this.#slot ?? undefined);
  }

  /** The saved text of the open workspace, as stored (null when nothing is saved). */
  savedText(): string | null {
    try {
      return this.#opts.store.getItem(this.#key());
    } catch {
      return null;
    }
  }

  /** This tab's workspace as it would be saved (to download when storage is full, blocked or contested). */
  currentText(): string {
    return JSON.stringify(this.#data(), null, 2);
  }

  // ---- other tabs --------------------------------------------------------------------

  /** Another tab wrote `key` (the page's `storage` event): see ./workspace-conflict. */
  storedChanged(key: string | null, newValue: string | null): void {
    if (this.#setAside || key !== this.#key() || newValue === null) return;
    this.#otherTab.heard(key, newValue, this.#data());
  }

  /** Replaces this tab's workspace with the other tab's saved one (the learner chose theirs). */
  loadTheirs(): void {
    const loaded = loadWorkspace(this.#opts.store, this.#opts.basePath, this.#opts.now, this.#slot ?? undefined);
    this.#otherTab.end();
    if (loaded.kind === 'restored') this.#mutate('slot', () => this.#loadSlot(loaded, this.#slotStart ?? this.#home));
  }

  /** Saves this tab's workspace over the other tab's (the learner chose theirs to go; it was offered first). */
  keepMine(): void {
    this.#otherTab.end();
    this.#save();
  }

  /** Edits another tab held for this workspace and never settled (its learner closed it first). */
  get heldEdits(): readonly HeldEdits[] {
    return this.#otherTab.held;
  }

  /**
   * Loads held edits in place of this tab's; this tab's work is held in turn (offered back the
   * same way), so the swap loses nothing.
   */
  restoreHeld(heldKey: string): void {
    const held = this.#otherTab.held.find((h) => h.key === heldKey);
    if (!held || !this.#otherTab.stash(this.#key(), this.#data())) return;
    this.#otherTab.drop(heldKey);
    this.#mutate('code', () => {
      this.#forgetUndo();
      this.#apply(savedSnapshot(held.data));
    });
    this.#saver.flush();
    this.#otherTab.scan(this.#key());
  }

  discardHeld(heldKey: string): void {
    this.#otherTab.drop(heldKey);
  }

  dismissLoadProblem(): void {
    this.#loadProblem = null;
  }

  /** Replaces everything with the current type's example, keeping what was there for `undoReset()`. */
  resetToExample(): void {
    this.#replace(startSnapshot(this.#startOf(this.kind)), { kind: 'reset' });
  }

  /**
   * Switches the playground to another API type by loading that type's example (the UI asks
   * first when `hasEdits`); undone like a reset.
   */
  switchApiType(type: ApiType): void {
    const from = this.apiType;
    if (type === from) return;
    this.#replace(startSnapshot(this.#startOf(type)), { kind: 'switch', from, to: type });
  }

  /** Replaces everything with a shared setup the learner chose to keep; undone like a reset. */
  replaceWith(s: Snapshot): void {
    this.#replace(s, { kind: 'share' });
  }

  undoReset(): void {
    const before = this.#beforeReset;
    if (!before) return;
    this.#mutate('code', () => {
      this.#forgetUndo();
      this.#apply(before);
    });
  }

  /** Forgets the undo point (the learner dismissed the banner). */
  dismissUndo(): void {
    this.#forgetUndo();
  }

  /** Writes a pending save now (page hidden or closing). */
  flush(): void {
    this.#saver.flush();
  }

  // ---- internals ---------------------------------------------------------------------

  /**
   * The one way the workspace changes. `code`: what runs changed, so the revision is bumped
   * (the deployment is now stale), the save scheduled and `onChange` told. `settings`: saved
   * only. `slot`: another saved workspace was just loaded: a new revision and `onChange`, but
   * nothing to save.
   */
  #mutate<R>(what: Change, change: () => R): R {
    const result = change();
    if (what !== 'settings') this.#revision++;
    if (what !== 'slot') this.#saver.schedule();
    if (what !== 'settings') this.#opts.onChange?.();
    return result;
  }

  #edit<D, R>(def: D | null, edit: (def: D) => R): R | undefined {
    if (!def) return undefined;
    return this.#mutate('code', () => edit(def));
  }

  #startOf(kind: WorkspaceKind): WorkspaceStart {
    if (this.#slotStart?.kind === kind) return this.#slotStart;
    const start = kind === 'compare' ? undefined : this.#starts[kind];
    if (!start) throw new Error(`No example for API type ${kind}`);
    return start;
  }

  #loadSlot(loaded: LoadResult, start: WorkspaceStart): void {
    this.#forgetUndo();
    if (loaded.kind === 'restored') {
      const s = savedSnapshot(loaded.data);
      // A comparison lesson has no API, whatever an older version saved with its inputs.
      this.#apply(start.definition === null ? { ...s, definition: null } : s);
      this.#restoredAt = loaded.data.savedAt;
    } else {
      this.#apply(startSnapshot(start));
      this.#restoredAt = null;
    }
  }

  #replace(next: Snapshot, replacement: Replacement): void {
    const before = this.snapshot();
    this.#mutate('code', () => {
      this.#beforeReset = before;
      this.#replacement = replacement;
      this.#apply(next);
    });
  }

  #forgetUndo(): void {
    this.#beforeReset = null;
    this.#replacement = null;
  }

  #apply(s: Snapshot): void {
    this.#definition = s.definition == null ? null : (structuredClone(s.definition) as ApiDefinition);
    this.#files = { ...s.files };
    this.#activeFile = s.activeFile in s.files ? s.activeFile : (Object.keys(s.files)[0] ?? '');
    this.#exampleId = s.exampleId;
  }

  #key(): string {
    return storageKeys(this.#opts.basePath, this.#slot ?? undefined).workspace;
  }

  #data(): SavedWorkspace {
    return {
      schema: SCHEMA_VERSION,
      savedAt: this.#opts.now(),
      exampleId: this.#exampleId,
      apiType: this.apiType,
      ...(this.kind === 'compare' ? { kind: 'compare' as const } : {}),
      definition: this.definitionSnapshot(),
      files: this.filesSnapshot(),
      activeFile: this.#activeFile,
      settings: { mode: this.#mode, realUrls: { ...this.#realUrls } },
    };
  }

  #save(): void {
    if (this.#setAside) return;
    const data = this.#data();
    // Behind another tab: this tab's edits are held apart, the other tab's save stays.
    const held = this.#otherTab.current !== null;
    const ok = held
      ? this.#otherTab.hold(data)
      : saveWorkspace(this.#opts.store, this.#opts.basePath, data, this.#slot ?? undefined);
    this.#saveFailed = !ok;
    if (ok && !held) this.#lastSavedAt = data.savedAt;
  }
}
