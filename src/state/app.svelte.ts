/**
 * The page's state, composed once in main.ts and handed to the UI: workspace (saved as the
 * learner types), deployment, trace and client consoles.
 */
import { EXAMPLES, type ApiType, type Example } from '../examples';
import { Clients } from './clients.svelte';
import { DefinitionCheck } from './definition-check.svelte';
import { HttpCallers } from './http-callers.svelte';
import { LessonsState, type LessonsOptions } from './lessons.svelte';
import { basePathOf, memoryStore, type KeyValueStore, type Timers } from './persistence';
import { Playground } from './playground.svelte';
import { TraceState } from './trace.svelte';
import { Workspace } from './workspace.svelte';

export interface AppStateOptions {
  /** What a first visit loads. */
  example: Example;
  /** The example of each API type (default: the built-in ones). */
  examples?: Partial<Record<ApiType, Example>>;
  store: KeyValueStore;
  /** `import.meta.env.BASE_URL` resolved against the page (namespaces storage keys). */
  basePath: string;
  timers?: Timers;
  now?: () => number;
  /** Lesson course and check runner (default: the bundled course, the browser sandbox). */
  lessons?: Partial<Pick<LessonsOptions, 'loadCourse' | 'runChecks' | 'rerunDelayMs'>>;
}

/**
 * The page's lesson wiring: the course and the runner are imported on first use, so neither
 * the lesson texts nor the check runner weigh on the first load.
 */
const loadBundled: LessonsOptions['loadCourse'] = async () => (await import('../lessons/bundled')).loadBundledCourse();
const runInSandbox: LessonsOptions['runChecks'] = async (checks, files, session) => {
  const [{ runChecks }, { createSandboxRuntime }] = await Promise.all([import('../lessons'), import('../runtime')]);
  return runChecks(checks, files, { createInvoker: (o) => createSandboxRuntime(o), session });
};

export class AppState {
  readonly example: Example;
  readonly workspace: Workspace;
  readonly trace: TraceState;
  readonly playground: Playground;
  readonly clients: Clients;
  /** The HTTP/REST request builder's callers (shown instead of the WebSocket clients). */
  readonly callers: HttpCallers;
  /** Live problems of the definition, for the API panel's markers. */
  readonly check: DefinitionCheck;
  /** The open lesson, its checks and the learner's progress. */
  readonly lessons: LessonsState;
  #callersFor = '';

  constructor(opts: AppStateOptions) {
    this.example = opts.example;
    const now = opts.now ?? Date.now;
    const timers: Timers = opts.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as number),
    };
    this.workspace = new Workspace({
      store: opts.store,
      basePath: opts.basePath,
      example: opts.example,
      examples: opts.examples ?? EXAMPLES,
      timers,
      now,
    });
    this.trace = new TraceState();
    this.check = new DefinitionCheck(this.workspace);
    this.playground = new Playground(this.workspace, this.trace);
    this.clients = new Clients({
      defaultUrl: () => this.playground.clientUrl,
      disabledReason: () => this.playground.clientsDisabledReason,
      mode: () => this.workspace.mode,
      observe: (o) => this.playground.observe(o),
    });
    this.playground.attachClients(this.clients);
    this.callers = new HttpCallers({
      baseUrl: () => this.playground.clientUrl,
      disabledReason: () => this.playground.clientsDisabledReason,
      send: (req) => this.playground.sendHttp(req),
      virtualNow: () => this.playground.api?.clock.now() ?? Date.now(),
    });
    this.lessons = new LessonsState({
      workspace: this.workspace,
      store: opts.store,
      basePath: opts.basePath,
      timers,
      now,
      loadCourse: opts.lessons?.loadCourse ?? loadBundled,
      runChecks: opts.lessons?.runChecks ?? runInSandbox,
      session: () => ({
        trace: this.trace.events,
        tables: Object.fromEntries(this.playground.tables.map((t) => [t.name, t.items])),
      }),
      examples: { ...EXAMPLES, ...opts.examples },
      ...(opts.lessons?.rerunDelayMs !== undefined ? { rerunDelayMs: opts.lessons.rerunDelayMs } : {}),
    });
    this.#syncCallers();
  }

  /**
   * Opens a lesson (its own workspace, its API type's callers). Resolves false when no lesson
   * has this slug. Runs nothing: the learner deploys or runs the checks.
   */
  async openLesson(slug: string): Promise<boolean> {
    await this.lessons.load();
    const ok = this.lessons.open(slug);
    this.#syncCallers();
    return ok;
  }

  /** Back to the playground's own workspace. */
  closeLesson(): void {
    this.lessons.close();
    this.#syncCallers();
  }

  /** Deploy from the header or Ctrl+Enter: in a lesson it also counts as the learner acting. */
  async deploy(): Promise<boolean> {
    this.lessons.markActed();
    const ok = await this.playground.deploy();
    if (ok && this.lessons.current) void this.lessons.runChecks();
    return ok;
  }

  /** The presets of the loaded example (WebSocket composer messages; HTTP/REST requests). */
  get currentExample(): Example {
    return this.workspace.example;
  }

  /**
   * Switches the playground to another API type (the UI has asked for confirmation when there
   * were edits): loads that type's example, gives the request builder its callers, and deploys
   * it at once, as a first visit does (built-in code is trusted).
   */
  switchApiType(type: ApiType): void {
    if (type === this.workspace.apiType) return;
    this.workspace.switchApiType(type);
    this.#syncCallers();
    void this.playground.deploy({ trusted: true });
  }

  resetToExample(): void {
    this.workspace.resetToExample();
    this.#syncCallers();
  }

  undoReset(): void {
    this.workspace.undoReset();
    this.#syncCallers();
  }

  /** New callers when the example changed (its API keys and requests differ). */
  #syncCallers(): void {
    const ex = this.workspace.example;
    if (ex.id === this.#callersFor) return;
    this.#callersFor = ex.id;
    if (ex.callers) this.callers.reset(ex.callers);
    else this.callers.reset();
  }

  /**
   * First visit: the built-in example is trusted, so it deploys at once and a newcomer can
   * connect straight away. Restored edits never run until the learner presses Deploy.
   */
  start(options: { deployExample?: boolean } = {}): void {
    // MSW loads in parallel with the engine; a failure is reported by the deploy that awaits it.
    this.playground.startGateway().catch(() => {});
    // A restored real-mode session shows the real endpoint's (observed) trace from the start.
    if (this.workspace.mode === 'real') this.playground.setMode('real');
    // A lesson deep link runs nothing until the learner acts, even on a first visit.
    if (this.workspace.firstVisit && options.deployExample !== false) void this.playground.deploy({ trusted: true });
  }

  /** Saves pending edits when the page may be going away (a pending timer might never fire). */
  listenForPageHide(target: Window): () => void {
    const flush = () => this.workspace.flush();
    const onVisibility = () => {
      if (target.document.visibilityState === 'hidden') flush();
    };
    target.addEventListener('pagehide', flush);
    target.document.addEventListener('visibilitychange', onVisibility);
    return () => {
      target.removeEventListener('pagehide', flush);
      target.document.removeEventListener('visibilitychange', onVisibility);
    };
  }
}

export function createAppState(example: Example): AppState {
  let store: KeyValueStore;
  try {
    store = window.localStorage;
  } catch {
    // Storage blocked: keep edits for this page view only.
    store = memoryStore();
  }
  return new AppState({ example, store, basePath: basePathOf(import.meta.env.BASE_URL, location.href) });
}
