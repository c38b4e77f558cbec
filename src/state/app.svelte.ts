/**
 * The page's state, composed once (`createAppState` in main.ts) and handed to the UI: workspace
 * (saved as the learner types), deployment, trace, client consoles, request builder, lessons and
 * the route. The links between them live here, not in components: the route opens and closes
 * lessons, workspace edits and trace changes reach the lesson checks, and the request builder's
 * callers follow the workspace's example. Everything the page provides (storage, timers, time,
 * fetch, location, history, the services) comes in one `AppEnvironment`; `browserEnvironment()`
 * is the page's.
 */
import { untrack } from 'svelte';
import type { ApiType, WebSocketApiDefinition } from '../gateway';
import { EXAMPLES, type Example } from '../examples';
import { composerChips, type Chip } from './chips';
import { Clients } from './clients.svelte';
import type { DeckState } from './deck.svelte';
import { DefinitionCheck } from './definition-check.svelte';
import { HttpCallers } from './http-callers.svelte';
import { instrument } from './instrument';
import { LayoutState, storedPrefsSlot } from './layout.svelte';
import { usePageThemeStore } from './theme.svelte';
import { LessonsState, type LessonsOptions } from './lessons.svelte';
import { basePathOf, memoryStore, setAsideWorkspace, type KeyValueStore, type Timers } from './persistence';
import { Playground, type PlaygroundEnvironment } from './playground.svelte';
import { Presenter } from './presenter.svelte';
import { RealCompare, workspaceSimulator } from './real-compare.svelte';
import { Router, type Route, type RouterEnvironment, type View } from './router.svelte';
import { ShareLinks } from './share.svelte';
import { loadServices, startGateway } from './services';
import { StartHere } from './start-here.svelte';
import type { TimelineState } from './timeline.svelte';
import { TraceState } from './trace.svelte';
import { StorageHealth } from './persistence-health.svelte';
import { progressKey } from './lesson-progress';
import { Workspace, type WorkspaceStart } from './workspace.svelte';

/** What the page provides; tests pass fakes. */
export interface AppEnvironment {
  store: KeyValueStore;
  /** The page could not reach its storage (`store` then lives in memory): the learner is warned. */
  storageBlocked?: boolean;
  /** How long the workspace waits before saving an edit (the page: 0, saved on every change). */
  saveDelayMs?: number;
  /** `import.meta.env.BASE_URL` resolved against the page (namespaces storage keys). */
  basePath: string;
  timers: Timers;
  now: () => number;
  playground: PlaygroundEnvironment;
  router: RouterEnvironment;
  /** The page's address (a deck's links for the room are made from it); tests may leave it out. */
  href?: () => string;
  /** The page's address without its fragment, for share links (default: none, links are fragments). */
  pageUrl?: () => string;
  /** Lesson course and check runner (on the page: the bundled course, the browser sandbox). */
  lessons: Pick<LessonsOptions, 'loadCourse' | 'runChecks'> & { rerunDelayMs?: number };
  /**
   * Settles once the editor and diagram are on screen (the page: see main.ts). A first visit's
   * example deploys after it, so the deploy's work (engine, sandbox) does not compete with them.
   * Without it the example deploys at once.
   */
  firstView?: Promise<void>;
}

export interface AppStateOptions extends AppEnvironment {
  /** What a first visit loads. */
  example: Example;
  /** The example of each API type (default: the built-in ones). */
  examples?: Partial<Record<ApiType, Example>>;
}

/** Where the open deck is saved (namespaced by the site's base path, as every key is). */
export function deckKey(basePath: string): string {
  return `apigw-playground:${basePath}:deck`;
}

export class AppState {
  readonly example: Example;
  readonly workspace: Workspace;
  readonly trace: TraceState;
  readonly playground: Playground;
  readonly clients: Clients;
  /** Real mode's "Compare with the simulator" (src/state/real-compare.svelte.ts). */
  readonly realCompare: RealCompare;
  /** Live problems of the definition, for the API panel's markers. */
  readonly check: DefinitionCheck;
  /** The open lesson, its checks and the learner's progress. */
  readonly lessons: LessonsState;
  /** Where the page is: the playground, the comparison, a lesson (the URL fragment). */
  readonly router: Router;
  /** Presenter mode (font scale, the projector's layout), and the columns' widths and strips. */
  readonly presenter: Presenter;
  readonly layout: LayoutState;
  /** The first-visit "Start here" panel. */
  readonly startHere: StartHere;
  /** Storage blocked or full, and saved data set aside: what the learner must know to lose nothing. */
  readonly storage: StorageHealth;
  /** The trainer's deck, made on first use (src/state/deck.svelte.ts); null until then. */
  #deck = $state.raw<DeckState | null>(null);
  #deckMade: Promise<DeckState> | null = null;
  readonly #href: () => string;
  /**
   * The page was opened for a class (`#/lessons/<slug>?class`): lesson links made here keep the
   * flag, so "Reveal solution" stays hidden as the class moves between views. A lesson link
   * without it (typed or followed) ends it.
   */
  #forClass = $state(false);
  /** Share links: the one open now, the last one that could not be read, writing one. */
  readonly share: ShareLinks;
  /** A lesson link whose slug names no lesson ('' when none). */
  #lessonNotFound = $state('');
  /** The share link being opened by the route (start() deploys the example if a first visit's link fails). */
  #shareOpening: Promise<boolean> | null = null;
  readonly #now: () => number;
  readonly #basePath: string;
  readonly #timers: Timers;
  #timeline = $state.raw<TimelineState | null>(null);
  #timelineLoad: Promise<TimelineState> | undefined;
  /** The page's storage, watched (every failure reported). */
  readonly #store: KeyValueStore;

  constructor(opts: AppStateOptions) {
    this.example = opts.example;
    this.#firstView = opts.firstView ?? null;
    this.#now = opts.now;
    this.#basePath = opts.basePath;
    this.storage = new StorageHealth(opts.storageBlocked);
    // Every part below reads and writes through the watched store, so each failure is reported.
    const store = this.storage.watch(opts.store);
    this.#store = store;
    const examples = { ...EXAMPLES, ...opts.examples };
    this.workspace = new Workspace({
      store,
      ...(opts.saveDelayMs !== undefined ? { saveDelayMs: opts.saveDelayMs } : {}),
      basePath: opts.basePath,
      example: opts.example,
      examples: opts.examples ?? EXAMPLES,
      timers: opts.timers,
      now: opts.now,
      // After the learner has acted, an edit re-runs the lesson's checks (debounced there).
      onChange: () => this.lessons.edited(),
    });
    // Learner-trace checks follow the learner's own trace.
    this.trace = new TraceState({ onChange: () => void this.lessons.traceChanged() });
    this.#timers = opts.timers;
    this.check = new DefinitionCheck(this.workspace);
    this.playground = new Playground(this.workspace, this.trace, opts.playground);
    this.clients = new Clients({
      defaultUrl: () => this.playground.clientUrl,
      disabledReason: () => this.playground.clientsDisabledReason,
      mode: () => this.workspace.mode,
      observe: (o) => this.playground.observe(o),
      // "Drop network" and "Go idle" act on the running fake WebSocket API.
      gateway: () => {
        const api = this.playground.api;
        return api && 'dropConnection' in api ? api : null;
      },
    });
    this.playground.attachClients(this.clients);
    this.realCompare = new RealCompare({
      events: () => this.trace.events,
      realUrl: () => this.workspace.realUrl,
      simulator: workspaceSimulator(this.workspace, opts.playground),
      // Captured now, before the fake gateway patches the page's WebSocket: the replay's sockets
      // go straight to the real endpoint, unseen by the consoles.
      WebSocket: globalThis.WebSocket,
      fetch: opts.playground.fetch,
      origin: opts.playground.origin,
      timers: opts.timers,
    });
    this.lessons = new LessonsState({
      workspace: this.workspace,
      store,
      basePath: opts.basePath,
      timers: opts.timers,
      now: opts.now,
      loadCourse: opts.lessons.loadCourse,
      runChecks: opts.lessons.runChecks,
      // The running deployment's steps only: earlier deployments stay on screen, not in the checks.
      session: () => ({
        trace: this.trace.current,
        tables: Object.fromEntries(this.playground.tables.map((t) => [t.name, t.items])),
      }),
      examples,
      ...(opts.lessons.rerunDelayMs !== undefined ? { rerunDelayMs: opts.lessons.rerunDelayMs } : {}),
    });
    this.share = new ShareLinks({
      workspace: this.workspace,
      lessons: this.lessons,
      examples,
      clients: () => this.clients,
      resetSession: () => this.#clearSession(),
      pageUrl: opts.pageUrl ?? (() => ''),
    });
    this.router = new Router(opts.router, (route) => this.#followRoute(route));
    const loc = opts.router.location;
    this.#href = opts.href ?? (() => loc.pathname + loc.search + loc.hash);
    this.presenter = new Presenter(storedPrefsSlot(store, opts.basePath, 'presenter'));
    this.layout = new LayoutState(storedPrefsSlot(store, opts.basePath, 'layout'), () =>
      this.presenter.active ? 'presenter' : 'normal',
    );
    this.startHere = new StartHere({
      store,
      basePath: opts.basePath,
      now: opts.now,
      returning: () => !this.workspace.firstVisit || Object.keys(this.lessons.progress.lessons).length > 0,
      clients: () => this.clients.list,
    });
  }

  // ---- timeline replay --------------------------------------------------------------

  /** Timeline replay over the trace (null until `loadTimeline`: its code stays off the first paint). */
  get timeline(): TimelineState | null {
    return this.#timeline;
  }

  /** Loads the timeline (once): the page does when the diagram loads; a share link's cursor awaits it. */
  loadTimeline(): Promise<TimelineState> {
    this.#timelineLoad ??= import('./timeline.svelte').then(({ TimelineState }) => {
      this.#timeline = new TimelineState(this.trace, this.#timers);
      return this.#timeline;
    });
    return this.#timelineLoad;
  }

  /**
   * A share link's timeline step (the banner's "Go to step N"): the link carries no run, so the
   * step is there once the learner's own run has reached it. Answers whether the cursor moved.
   */
  async goToSharedStep(): Promise<boolean> {
    const step = this.share.pendingCursor;
    if (step === null) return false;
    const timeline = await this.loadTimeline();
    if (timeline.total < step) return false;
    this.share.takeCursor();
    timeline.seek(step);
    return true;
  }

  // ---- the WebSocket clients' chips --------------------------------------------------

  /**
   * The messages offered under each client: the open example's or lesson's, written for the
   * route selection expression and routes that are deployed from this workspace (before a deploy,
   * the workspace's own), with `{"$connectionId": …}` filled in from the clients.
   */
  get chips(): Chip[] {
    const deployed = this.playground.deployedWebSocket;
    const own = this.workspace.definition as Partial<WebSocketApiDefinition> | null;
    const def = deployed ?? (this.workspace.apiType === 'WEBSOCKET' ? own : null);
    return composerChips(this.workspace.example.presets, {
      rse: typeof def?.routeSelectionExpression === 'string' ? def.routeSelectionExpression : '',
      routeKeys: Object.keys(def?.routes ?? {}),
      connectionId: (name) => this.clients.byName(name)?.connectionId ?? '',
    });
  }

  // ---- request builder ---------------------------------------------------------------

  /** The callers and the example they were made for. */
  #callers: { example: string; callers: HttpCallers } | undefined;

  /**
   * The HTTP/REST request builder's callers (shown instead of the WebSocket clients). They
   * follow the workspace's example: a new example brings its own (API keys, requests), made
   * on the first read after the change, so no caller of a mutation has to remember them.
   */
  get callers(): HttpCallers {
    const example = this.workspace.example;
    if (this.#callers?.example !== example.id) {
      // Made outside any reactive read that asked for them: the new callers' state is their own.
      const callers = untrack(
        () =>
          new HttpCallers(
            {
              baseUrl: () => this.playground.clientUrl,
              disabledReason: () => this.playground.clientsDisabledReason,
              send: (req) => this.playground.sendHttp(req),
              virtualNow: () => this.playground.api?.clock.now() ?? this.#now(),
            },
            example.callers,
          ),
      );
      this.#callers = { example: example.id, callers };
    }
    return this.#callers.callers;
  }

  // ---- views and lessons -------------------------------------------------------------

  /**
   * The header's tab shown: the route's, except that a share link made in the lesson view shows
   * the Lessons tab (its lesson's instructions and checks over the link's own setup).
   */
  get view(): View {
    const v = this.router.view;
    return this.router.route.view === 'share' && this.lessons.overShare && this.lessons.current ? 'lessons' : v;
  }

  /** A lesson link whose slug names no lesson ('' when none): the page says so. */
  get lessonNotFound(): string {
    return this.#lessonNotFound;
  }

  /** "Reveal solution" is hidden: the lesson was opened from a link for a class (`?class`). */
  get solutionsHidden(): boolean {
    const r = this.router.route;
    // A lesson-view share link opened by a class (a deck's step) keeps the class's flag.
    if (r.view === 'share') return this.lessons.overShare && (this.#forClass || !!this.#deck?.deck?.hideSolutions);
    return r.view === 'lesson' && r.forClass === true;
  }

  /** The trainer's deck, once one has been opened or asked for in this page view. */
  get deck(): DeckState | null {
    return this.#deck;
  }

  /**
   * The deck's state, made on first use: its module (the deck format, its checks, the payload
   * codecs) loads only then, so a visit without a deck never downloads it.
   */
  deckState(): Promise<DeckState> {
    this.#deckMade ??= import('./deck.svelte').then(
      (m) => (this.#deck = m.appDeck(this, { store: this.#store, key: deckKey(this.#basePath), href: this.#href })),
    );
    return this.#deckMade;
  }

  #savedDeck(): boolean {
    try {
      return this.#store.getItem(deckKey(this.#basePath)) !== null;
    } catch {
      return false;
    }
  }

  /** "Open deck…" (or a file dropped on the page). */
  async openDeckFile(file: File): Promise<void> {
    await (await this.deckState()).openFile(file);
  }

  /** "Close deck": the deck goes, and so does its class flag on the lesson shown. */
  closeDeck(): void {
    this.#deck?.close();
    const r = this.router.route;
    if (r.view === 'lesson' && r.forClass) this.router.go({ view: 'lesson', slug: r.slug }, { replace: true });
  }

  /** The deck error's "Dismiss": a broken deck link in the address gives way to the playground. */
  dismissDeckError(): void {
    this.#deck?.dismissError();
    if (this.router.route.view === 'deck') this.router.go({ view: 'playground' }, { replace: true });
  }

  /**
   * The header's tabs. Lessons opens the lesson open now, else the first one not yet complete;
   * Compare keeps an open lesson open.
   */
  async showView(view: View): Promise<void> {
    if (view === 'playground') return this.router.go({ view: 'playground' });
    if (view === 'compare') return this.router.go({ view: 'compare' });
    await this.lessons.load();
    const list = this.lessons.lessons;
    const slug = this.lessons.current?.slug ?? (list.find((l) => !this.lessons.completed(l.slug)) ?? list[0])?.slug;
    if (slug) this.router.go(this.#forClass ? { view: 'lesson', slug, forClass: true } : { view: 'lesson', slug });
  }

  /**
   * Opening and leaving lessons and share links follows the route; a deck link opens the deck
   * (at its step), which then moves to that step's lesson or share link.
   */
  #followRoute(route: Route): void {
    if (route.view === 'share') {
      this.#lessonNotFound = '';
      // The lesson's work is saved in its slot; the link opens in a slot of its own.
      if (this.lessons.current) this.closeLesson();
      this.#shareOpening = this.share.open(route);
      return;
    }
    this.share.dismissError();
    if (route.view !== 'compare') this.share.close();
    if (route.view === 'deck')
      void this.deckState().then((deck) => deck.openLink(route.codec, route.payload, route.step));
    if (route.view === 'lesson') {
      this.#forClass = route.forClass === true;
      this.#lessonNotFound = '';
      void this.openLesson(route.slug).then((ok) => {
        if (!ok && this.router.route === route) this.#lessonNotFound = route.slug;
      });
    } else if (route.view !== 'compare' && this.lessons.current) this.closeLesson();
  }

  /**
   * Opens a lesson (its own workspace, its API type's callers). Resolves false when no lesson
   * has this slug. Runs nothing: the learner deploys or runs the checks.
   */
  async openLesson(slug: string): Promise<boolean> {
    await this.lessons.load();
    const before = this.lessons.current;
    const ok = this.lessons.open(slug);
    if (ok && this.lessons.current !== before) this.#clearSession();
    return ok;
  }

  /** Back to the playground's own workspace. */
  closeLesson(): void {
    if (!this.lessons.current) return;
    this.lessons.close();
    this.#clearSession();
  }

  /**
   * Another workspace is open: nothing of the previous one stays on screen. Its deployment stops
   * (with its trace, tables and status), the client consoles start over as Alice and Bob (no
   * socket, URL or frames), and the request builder's callers follow the new example on next read.
   */
  #clearSession(): void {
    for (const c of this.clients.list) this.clients.remove(c);
    for (const name of ['Alice', 'Bob']) this.clients.add(name);
    this.playground.clear();
    this.#callers = undefined;
  }

  /**
   * Deploy from the header or Ctrl+Enter: in a lesson it also counts as the learner acting. A
   * comparison lesson has no API to deploy: its checks run the comparison instead.
   */
  async deploy(): Promise<boolean> {
    // Real mode: Deploy would only change the fake gateway (the header says so beside the button).
    if (this.workspace.mode === 'real') return false;
    this.lessons.markActed();
    if (this.workspace.kind === 'compare') {
      this.workspace.markDeployed();
      if (this.lessons.current) void this.lessons.runChecks();
      return false;
    }
    const ok = await this.playground.deploy();
    if (ok && this.lessons.current) void this.lessons.runChecks();
    return ok;
  }

  /** The header's "Start here": back to the playground, with the panel open. */
  showStartHere(): void {
    if (this.router.view !== 'playground') this.router.go({ view: 'playground' });
    this.startHere.reopen();
  }

  /** "Start here"'s last step: Lesson 1 (and the panel is done with). */
  async openFirstLesson(): Promise<void> {
    this.startHere.dismiss();
    await this.lessons.load();
    const first = this.lessons.lessons[0];
    if (first) this.router.go({ view: 'lesson', slug: first.slug });
  }

  /** The presets of the loaded example (WebSocket composer messages; HTTP/REST requests). */
  get currentExample(): WorkspaceStart {
    return this.workspace.example;
  }

  /**
   * Switches the playground to another API type (the UI has asked for confirmation when there
   * were edits): loads that type's example (the request builder follows with its callers), and
   * deploys it at once, as a first visit does (built-in code is trusted).
   */
  switchApiType(type: ApiType): void {
    if (type === this.workspace.apiType) return;
    this.workspace.switchApiType(type);
    void this.playground.deploy({ trusted: true });
  }

  resetToExample(): void {
    this.workspace.resetToExample();
  }

  undoReset(): void {
    this.workspace.undoReset();
  }

  // ---- the page's lifetime -----------------------------------------------------------

  /**
   * Starts the page: the route's lesson opens, MSW starts loading, and a first visit to the
   * playground deploys the built-in example at once (it is trusted), so a newcomer can connect
   * straight away. Restored edits never run until the learner presses Deploy, and a lesson deep
   * link runs nothing until the learner acts, even on a first visit. A first visit to the
   * playground opens "Start here"; a deep link or a returning learner never sees it by itself.
   */
  start(): void {
    this.startHere.arrive(this.router.route);
    // The deck this browser had open comes back first; a deck link on arrival replaces it.
    if (this.#savedDeck()) void this.deckState().then((deck) => deck.restore());
    this.#followRoute(this.router.route);
    // MSW loads in parallel with the engine; a failure is reported by the deploy that awaits it.
    this.playground.startGateway().catch(() => {});
    // A restored real-mode session shows the real endpoint's (observed) trace from the start.
    if (this.workspace.mode === 'real') this.playground.setMode('real');
    const route = this.router.route;
    if (this.workspace.firstVisit && route.view !== 'lesson' && route.view !== 'share') this.#deployFirstExample();
    // A link's code waits for Deploy; a link that could not be read leaves the example, which may run.
    if (this.workspace.firstVisit && route.view === 'share')
      void this.#shareOpening?.then((ok) => {
        if (!ok && this.router.route === route && this.workspace.slot === null)
          void this.playground.deploy({ trusted: true });
      });
  }

  readonly #firstView: Promise<void> | null;

  /** The editor is on screen (or the page gave up waiting): later start-up work waits for it. */
  get firstView(): Promise<void> {
    return this.#firstView ?? Promise.resolve();
  }

  /**
   * A first visit's example deploys once the editor and diagram show, unless the learner has
   * moved on meanwhile (edited, deployed, switched or left the page's route): then it waits for Deploy.
   */
  #deployFirstExample(): void {
    if (!this.#firstView) {
      void this.playground.deploy({ trusted: true });
      return;
    }
    const { revision } = this.workspace;
    const route = this.router.route;
    void this.#firstView.then(() => {
      if (this.workspace.revision === revision && this.playground.status === 'idle' && this.router.route === route)
        void this.playground.deploy({ trusted: true });
    });
  }

  /** "Keep it": the open link's setup replaces the playground's own workspace (undoable). */
  keepShared(): void {
    this.share.keep();
    this.router.go({ view: 'playground' });
  }

  /**
   * Follows the window: the browser's back/forward and fragment changes move the route, pending
   * edits are saved when the page may be going away (a pending timer might never fire), and
   * another tab's saves reach the workspace (which asks the learner before overwriting them) and
   * the lesson progress (which adds them to its own). Returns the function that stops listening.
   */
  listen(target: Window): () => void {
    const stopRouting = this.router.listen(target);
    const flush = () => this.workspace.flush();
    const onVisibility = () => {
      if (target.document.visibilityState === 'hidden') flush();
    };
    const onStorage = (e: StorageEvent) => this.storedChanged(e.key, e.newValue);
    target.addEventListener('pagehide', flush);
    target.document.addEventListener('visibilitychange', onVisibility);
    target.addEventListener('storage', onStorage);
    return () => {
      stopRouting();
      target.removeEventListener('pagehide', flush);
      target.document.removeEventListener('visibilitychange', onVisibility);
      target.removeEventListener('storage', onStorage);
    };
  }

  /** Another tab wrote `key` (null: it cleared the storage). */
  storedChanged(key: string | null, newValue: string | null): void {
    this.workspace.storedChanged(key, newValue);
    if (key === progressKey(this.#basePath)) this.lessons.storedProgressChanged();
  }

  /** The page is going: save what is pending and stop the deployment. */
  dispose(): void {
    this.#timeline?.pause();
    this.workspace.flush();
    this.playground.dispose();
  }
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

/**
 * The browser's side of everything, in one place: localStorage (or memory when storage is
 * blocked), the page's timers and clocks, its fetch, location and history, MSW and the sandbox.
 */
function browserEnvironment(): AppEnvironment {
  let store: KeyValueStore;
  let storageBlocked = false;
  try {
    store = window.localStorage;
  } catch {
    // Storage blocked: keep edits for this page view only (the learner is told, and can download).
    store = memoryStore();
    storageBlocked = true;
  }
  return {
    store,
    storageBlocked,
    // Saved on every change: a tab that crashes between keystrokes loses none (the work is small).
    saveDelayMs: 0,
    basePath: basePathOf(import.meta.env.BASE_URL, location.href),
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    now: () => Date.now(),
    playground: {
      now: () => Date.now(),
      scheduler: {
        monotonic: () => performance.now(),
        schedule: (ms, fn) => setTimeout(fn, ms),
        cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      },
      every: (ms, fn) => {
        const h = setInterval(fn, ms);
        return () => clearInterval(h);
      },
      fetch: (...a) => fetch(...a),
      origin: location.origin,
      loadServices,
      startGateway,
      gatewayStarted: () => {
        // Observable readiness for tests and the benchmark: interception is live.
        document.documentElement.dataset.gateway = 'started';
        if (instrument) instrument.mswStartedAt = performance.now();
      },
    },
    router: { location, history },
    href: () => location.href,
    pageUrl: () => location.origin + location.pathname + location.search,
    lessons: { loadCourse: loadBundled, runChecks: runInSandbox },
  };
}

/**
 * The page's state. Saved data that passed the schema check can still make start-up throw (a
 * definition a form cannot read): then the saved workspace is set aside, kept under a backup
 * key, and the page starts from the example with the "could not be read" notice, instead of
 * staying blank until someone clears storage by hand.
 */
export function createAppState(example: Example, firstView?: Promise<void>): AppState {
  const env = { ...browserEnvironment(), firstView };
  let app: AppState;
  try {
    app = new AppState({ example, ...env });
  } catch (e) {
    setAsideWorkspace(env.store, env.basePath, env.now, `the page could not open it: ${String(e)}`);
    app = new AppState({ example, ...env });
  }
  // The theme lives outside AppState (components ask for it); its saves are watched all the same.
  usePageThemeStore(app.storage.watch(env.store));
  return app;
}
