/**
 * The deployment: Deploy validates the workspace's definition, builds a fresh engine (live
 * clock, sandbox runtime, tables), registers it where the MSW gateway finds it (replacing the
 * previous one, whose connections close), and starts the MSW gateway once. Also the virtual
 * clock controls and the fake/real mode the clients connect through.
 *
 * Everything it needs from the page (time, timers, fetch, the origin, the services and the
 * gateway starter, the readiness flag) comes in a `PlaygroundEnvironment`, so the subtle parts
 * (a newer deploy wins, a failed deploy keeps the running one, fake/real switching) are unit
 * tested. On the page the runtime and MSW load on the first Deploy (dynamic imports), so the
 * first paint doesn't wait for them.
 */
import {
  ApiRegistry,
  isHttpLike,
  LiveClock,
  type ApiType,
  type Scheduler,
  type TraceEvent,
  type WebSocketApiDefinition,
} from '../gateway';
import type { Workspace } from './workspace.svelte';
import { historyAfterRedeploy, type TraceState } from './trace.svelte';
import type { Clients } from './clients.svelte';
import { ObservedTrace, type Observation, type Placed } from './observed-trace';
import { adminOrigin, linkLocalGateway, type GatewayLink } from './local-gateway-link';
import {
  type DeployedApi,
  type Deployment,
  type GatewayOptions,
  type LoadedServices,
  type TableView,
} from './services';
import {
  engineTransport,
  fetchTransport,
  withAdapterReport,
  type HttpOutcome,
  type OutgoingHttpRequest,
} from './http-transport';
import type { HttpObservation } from '../adapters/msw';

/** What the playground needs from the page; the page's is wired in ./app.svelte (`browserEnvironment`). */
export interface PlaygroundEnvironment {
  /** Wall-clock epoch ms: where a deployment's virtual clock starts, "Deployed at …", observations. */
  now(): number;
  /** Monotonic time and one-shot timers: the live virtual clock runs on them; request durations. */
  scheduler: Scheduler;
  /** A repeating timer (the clock display refreshes every second); returns its stop. */
  every(ms: number, fn: () => void): () => void;
  /** The page's `fetch` (MSW intercepts it in fake mode). */
  fetch: typeof fetch;
  /** The page's origin: a server caller's requests reach the engine from it. */
  origin: string;
  /** Engine, sandbox and validators (loaded once, on the first deploy). */
  loadServices(): Promise<LoadedServices>;
  /** Starts MSW's interception (once per page). */
  startGateway(opts: GatewayOptions): Promise<{ stop(): Promise<void> }>;
  /** Interception is live (the page marks it for tests and the benchmark). */
  gatewayStarted(): void;
}

export type DeployStatus = 'idle' | 'deploying' | 'deployed' | 'failed';

/**
 * The deploy status as the header shows it: `label` is the part that must never be cut (up to
 * date, undeployed changes, failed with N problems); `detail` is the rest (when, what still runs).
 */
export interface DeployStatusView {
  state: 'none' | 'deploying' | 'current' | 'changes' | 'failed' | 'real';
  label: string;
  detail: string;
}

/** Real mode: what the page's own controls cannot do to a real endpoint (shown beside each). */
export const REAL_MODE = {
  deploy: 'Real endpoint: Deploy only changes the fake gateway in this page.',
  clock: 'Real endpoint: virtual time only runs on the fake gateway; a real endpoint keeps real time.',
  edit:
    'Requests go to your real endpoint, so the API definition and the handlers here are switched off: they only ' +
    'run on the fake gateway in this page. Deploy them to AWS yourself, or switch back to the fake gateway to edit.',
} as const;

/** The close code of every connection a replaced deployment drops (`WebSocketApi.dispose`: Going away). */
const REDEPLOY_CLOSE_CODE = 1001;

export interface DeployError {
  /** The definition field (e.g. `routes["sendmessage"].integration.function`) or file. */
  path: string;
  message: string;
}

export interface CodeMarker {
  file: string;
  line: number;
  column: number;
  message: string;
}

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** How long an endpoint that is not a local gateway is left alone before it may be asked again. */
const NOT_GATEWAY_MS = 10_000;

export class Playground {
  #status = $state<DeployStatus>('idle');
  #message = $state('Not deployed yet.');
  #errors = $state.raw<DeployError[]>([]);
  #api = $state.raw<DeployedApi | null>(null);
  #deployedRevision = $state(-1);
  #deployedAt = $state(0);
  #virtualNow = $state(0);
  #tables = $state.raw<TableView[]>([]);
  #markers = $state.raw<CodeMarker[]>([]);

  #workspace: Workspace;
  #trace: TraceState;
  #clients: Clients | null = null;
  #services: LoadedServices | null = null;
  #deployment: Deployment | null = null;
  #gatewayStarted: Promise<{ stop(): Promise<void> }> | null = null;
  readonly #registry = new ApiRegistry<DeployedApi>();
  readonly #env: PlaygroundEnvironment;
  #stopTick: (() => void) | undefined;
  #deploySeq = 0;
  /** Real mode's trace: what the clients saw of the real endpoint (created on first use). */
  #observed: ObservedTrace | null = null;
  /** Real mode on a local gateway: its trace stream (./local-gateway-link.ts), merged into `#observed`. */
  #link: GatewayLink | null = null;
  /** The origin being asked whether it is a local gateway (one question at a time). */
  #probing: string | null = null;
  /**
   * Origins that did not answer as a local gateway, until when they are not asked again: another
   * endpoint sees at most one extra GET per NOT_GATEWAY_MS, and a gateway started after a first
   * failed try (its start-up takes longer than that) is still found.
   */
  #notGateway: Record<string, number> = {};
  /**
   * Fake mode's history: the steps of earlier deployments of this workspace, ending with the
   * `deployment.replaced` step, shown before the running deployment's own.
   */
  #earlier: TraceEvent[] = [];
  /** The workspace (example or lesson) and API type the running deployment was made from. */
  #deployedFrom = '';

  constructor(workspace: Workspace, trace: TraceState, env: PlaygroundEnvironment) {
    this.#workspace = workspace;
    this.#trace = trace;
    this.#env = env;
  }

  /** Late wiring: the clients need the playground for their default URL, and vice versa. */
  attachClients(clients: Clients): void {
    this.#clients = clients;
  }

  get status(): DeployStatus {
    return this.#status;
  }
  /** One line for the aria-live status region. */
  get message(): string {
    return this.#message;
  }
  get errors(): DeployError[] {
    return this.#errors;
  }
  get markers(): CodeMarker[] {
    return this.#markers;
  }
  get api(): DeployedApi | null {
    return this.#api;
  }
  get virtualNow(): number {
    return this.#virtualNow;
  }
  get tables(): TableView[] {
    return this.#tables;
  }
  /** Edits made since the running deployment (or no deployment at all). */
  get undeployedChanges(): boolean {
    return this.#api !== null && this.#workspace.revision !== this.#deployedRevision;
  }

  /** The header's status: the state first (never cut), then the details. */
  get statusView(): DeployStatusView {
    const at = this.#deployedAt ? `deployed at ${TIME.format(this.#deployedAt)}` : '';
    if (this.#workspace.mode === 'real') {
      return { state: 'real', label: 'Real endpoint', detail: REAL_MODE.deploy };
    }
    switch (this.#status) {
      case 'deploying':
        return { state: 'deploying', label: 'Deploying…', detail: this.#api ? `Still running: ${at}.` : '' };
      case 'failed': {
        const n = this.#errors.length;
        return {
          state: 'failed',
          label: `Deploy failed: ${n} problem${n === 1 ? '' : 's'}`,
          detail: this.#api ? 'The previous deployment is still running.' : 'Nothing is running.',
        };
      }
    }
    if (!this.#api) return { state: 'none', label: 'Not deployed', detail: 'Deploy runs this API in the page.' };
    if (this.undeployedChanges) return { state: 'changes', label: 'Undeployed changes', detail: `Running: ${at}.` };
    return { state: 'current', label: 'Up to date', detail: `${at[0]?.toUpperCase() ?? ''}${at.slice(1)}.` };
  }

  /** Why Deploy is off right now (real mode; a deploy already running), or null. */
  get deployBlocked(): string | null {
    if (this.#workspace.mode === 'real') return REAL_MODE.deploy;
    if (this.#status === 'deploying') return 'Deploying…';
    return null;
  }

  /** Why the virtual clock's fast-forward buttons are off, or null. */
  get clockBlocked(): string | null {
    if (this.#workspace.mode === 'real') return REAL_MODE.clock;
    return this.#api ? null : 'Deploy first: virtual time belongs to a running API.';
  }

  /** Real mode: why the API definition and handlers are switched off, or null. */
  get editBlocked(): string | null {
    return this.#workspace.mode === 'real' ? REAL_MODE.edit : null;
  }

  /**
   * The running WebSocket API's definition when it was deployed from the workspace open now
   * (the chips follow its route selection expression and routes), else null.
   */
  get deployedWebSocket(): WebSocketApiDefinition | null {
    const api = this.#api;
    if (!api || isHttpLike(api)) return null;
    return this.#deployedFrom === originOf(this.#workspace.example.id, api) ? api.definition : null;
  }

  /** The URL clients open by default: the real endpoint in real mode, else the deployed API's. */
  get clientUrl(): string {
    if (this.#workspace.mode === 'real') return this.#workspace.realUrl.trim();
    return this.#api?.url ?? '';
  }

  /**
   * The type of the running deployment ('WEBSOCKET', 'HTTP', 'REST'), or null. After a type
   * switch the previous deployment keeps running until the next Deploy replaces it.
   */
  get deployedType(): ApiType | null {
    const api = this.#api;
    if (!api) return null;
    return isHttpLike(api) ? api.protocolType : 'WEBSOCKET';
  }

  /** Why the client consoles can't connect right now, or null. */
  get clientsDisabledReason(): string | null {
    if (this.#workspace.restoredAt !== null) {
      return 'Your restored edits have not run yet. Deploy them first.';
    }
    if (this.#status === 'deploying') return 'Deploying…';
    if (this.#workspace.mode === 'real') {
      return this.#workspace.realUrl.trim() ? null : 'Enter the real endpoint URL in the header first.';
    }
    if (!this.#api) return this.#status === 'failed' ? 'Fix the errors and deploy.' : 'Deploy the API first.';
    if (this.deployedType !== this.#workspace.apiType)
      return 'The running API is of another type. Deploy this one first.';
    return null;
  }

  /**
   * Sends a request builder's request.
   * - Fake mode, a browser caller: a REAL `fetch` that MSW hands to the deployed engine, so the
   *   page sees exactly what a browser would (CORS included); what the browser hides (a refused
   *   response's status, unexposed headers) comes from the adapter's report and is shown apart.
   * - Fake mode, a server caller: the engine directly, without an Origin (no fetch from this page
   *   can leave its Origin out).
   * - Real mode: a real `fetch` to the real endpoint (CORS then applies for real, to both
   *   callers), recorded on the observed trace.
   */
  async sendHttp(req: OutgoingHttpRequest): Promise<HttpOutcome> {
    const clock = () => this.#env.scheduler.monotonic();
    const pageFetch = fetchTransport({
      fetch: this.#env.fetch,
      clock,
      tagCaller: this.#workspace.mode === 'fake',
    });
    if (this.#workspace.mode === 'real') {
      this.observe({
        client: req.caller,
        type: 'http-request',
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: req.body ?? '',
      });
      const outcome = await pageFetch(req);
      this.observe({ client: req.caller, ...httpObservation(outcome) });
      return outcome;
    }
    if (req.kind === 'server') {
      const api = () => (isHttpLike(this.#api) ? this.#api : null);
      return engineTransport({ api, origin: this.#env.origin, clock })(req);
    }
    // The adapter reports each fetch before the page's promise settles; one request per caller at a time.
    delete this.#httpSeen[req.caller];
    const outcome = await pageFetch(req);
    return withAdapterReport(outcome, this.#httpSeen[req.caller]);
  }

  /** The MSW adapter's last report per caller (the `x-playground-client` lane), fake mode; never rendered. */
  readonly #httpSeen: Record<string, HttpObservation> = Object.create(null);

  #onHttpEvent(e: HttpObservation): void {
    if (e.mode === 'fake' && e.type !== 'http-request') this.#httpSeen[e.client] = e;
  }

  /**
   * Validates and deploys the workspace. Resolves true when the new API is live.
   * `trusted`: the built-in example on a first visit (skips the syntax pre-check).
   * Built from `workspace.definitionSnapshot()` and a frozen copy of the files: like Lambda,
   * the running code is the code deployed, not what is being typed.
   */
  async deploy(options: { trusted?: boolean } = {}): Promise<boolean> {
    const seq = ++this.#deploySeq;
    const ws = this.#workspace;
    const revision = ws.revision;
    const exampleId = ws.example.id;
    const definitionInput = ws.definitionSnapshot();
    const files = ws.filesSnapshot();
    this.#status = 'deploying';
    this.#message = 'Deploying…';
    this.#errors = [];
    let services: LoadedServices;
    try {
      // Interception first: the engine and sandbox chunks load after MSW, so the shell is
      // usable on the smallest download (`npm run bench` measures it). A failed start is
      // reported below, where the deploy awaits the gateway again.
      await this.startGateway().catch(() => {});
      if (seq !== this.#deploySeq) return false;
      services = this.#services ??= await this.#env.loadServices();
    } catch (e) {
      return this.#fail(seq, [{ path: 'site', message: `Could not load the gateway: ${(e as Error).message}` }]);
    }
    if (seq !== this.#deploySeq) return false;

    const checked = services.validate(definitionInput);
    // Built-in example code is known to compile; learner code is checked first so syntax
    // errors are listed (and underlined) before anything is replaced.
    const syntax = options.trusted ? [] : await services.checkFiles(files);
    if (seq !== this.#deploySeq) return false;
    this.#markers = syntax;
    if (!checked.ok || syntax.length) {
      const errors: DeployError[] = checked.ok ? [] : checked.errors;
      for (const m of syntax)
        errors.push({ path: m.file, message: `line ${m.line}, column ${m.column}: ${m.message}` });
      return this.#fail(seq, errors);
    }

    // The new deployment is built before the running one is touched: if the engine throws, the
    // previous deployment keeps running (and the message says so). Until it replaces that one,
    // its trace and tables are held back (they are read in full below).
    let live = false;
    let tables: TableView[] = [];
    let deployment: Deployment;
    try {
      deployment = services.deploy({
        definition: checked.definition,
        files,
        clock: new LiveClock(this.#env.scheduler, this.#env.now()),
        registry: this.#registry,
        // In real mode the view shows the observed trace; the engine's events wait for fake mode.
        onTrace: (e: TraceEvent) => {
          if (live && this.#workspace.mode === 'fake') this.#trace.append(e);
        },
        onTables: (t) => {
          if (live) this.#tables = t;
          else tables = t;
        },
      });
    } catch (e) {
      return this.#fail(seq, [{ path: 'definition', message: (e as Error).message }]);
    }
    // Replace the previous deployment: its connections close (1001) and its workers stop. A
    // redeploy of the same workspace keeps its steps on screen, with a step saying what closed.
    const origin = originOf(exampleId, deployment.api);
    const previous = this.#api;
    if (previous && this.#deployedFrom === origin) {
      const closedConnections = isHttpLike(previous) ? 0 : previous.connections().length;
      if (!isHttpLike(previous)) this.#clients?.redeploying(previous.url);
      this.#earlier = historyAfterRedeploy(this.#earlier, previous.trace.events, {
        apiId: previous.apiId,
        stage: previous.stage,
        t: previous.clock.now(),
        closedConnections,
        code: REDEPLOY_CLOSE_CODE,
      });
    } else this.#earlier = [];
    this.#teardown();
    live = true;
    this.#deployment = deployment;
    this.#api = deployment.api;
    this.#deployedFrom = origin;
    this.#tables = tables;
    // In real mode the view keeps showing what the clients saw of the real endpoint.
    if (this.#workspace.mode === 'fake') this.#trace.reset(deployment.api.trace.events, { earlier: this.#earlier });
    this.#deployedRevision = revision;
    this.#virtualNow = deployment.api.clock.now();
    this.#startTick();

    try {
      await this.startGateway();
    } catch (e) {
      return this.#fail(seq, [{ path: 'site', message: (e as Error).message }]);
    }
    if (seq !== this.#deploySeq) return false;
    ws.markDeployed();
    this.#status = 'deployed';
    this.#deployedAt = this.#env.now();
    this.#message = `Deployed at ${TIME.format(this.#deployedAt)}.`;
    return true;
  }

  /** Fast-forwards virtual time on the running API (idle and 2-hour timers, cache TTLs, token buckets, quotas). */
  advanceClock(ms: number): void {
    const api = this.#api;
    if (!api || this.clockBlocked) return;
    api.advanceClock(ms);
    this.#virtualNow = api.clock.now();
  }

  /**
   * Another workspace opened (a lesson, or the playground's own): the running deployment was the
   * previous one's, so it stops (its connections close) and its trace, tables, history and status
   * go with it. A deploy still in flight for the previous workspace is dropped.
   */
  clear(): void {
    this.#deploySeq++;
    this.#teardown();
    this.#earlier = [];
    this.#deployedFrom = '';
    this.#unlink();
    this.#notGateway = {};
    this.#observed = null;
    for (const k of Object.keys(this.#httpSeen)) delete this.#httpSeen[k];
    this.#tables = [];
    this.#markers = [];
    this.#errors = [];
    this.#status = 'idle';
    this.#message = 'Not deployed yet.';
    this.#deployedAt = 0;
    this.#deployedRevision = -1;
    this.#trace.reset([], { observedFromClient: this.#workspace.mode === 'real' });
  }

  dispose(): void {
    this.#teardown();
    this.#unlink();
    const started = this.#gatewayStarted;
    this.#gatewayStarted = null;
    void started?.then((g) => g.stop()).catch(() => {});
  }

  #fail(seq: number, errors: DeployError[]): false {
    if (seq !== this.#deploySeq) return false;
    this.#status = 'failed';
    this.#errors = errors;
    this.#message = `Deploy failed: ${errors.length} problem${errors.length === 1 ? '' : 's'}.${
      this.#api ? ' The previous deployment is still running.' : ''
    }`;
    return false;
  }

  #teardown(): void {
    this.#stopTick?.();
    this.#stopTick = undefined;
    this.#deployment?.dispose();
    this.#deployment = null;
    this.#api = null;
  }

  #startTick(): void {
    // The virtual clock runs with real time between fast-forwards; refresh the display.
    this.#stopTick = this.#env.every(1000, () => {
      if (this.#api) this.#virtualNow = this.#api.clock.now();
    });
  }

  /**
   * Real mode: a socket opened on the deployed fake URL goes to the real endpoint, keeping
   * its query string; any other URL (consoles open the real URL directly) is left alone.
   */
  #realTarget(url: string): string {
    const fake = this.#api?.url;
    const real = this.#workspace.realUrl.trim();
    if (!fake || !real || !url.startsWith(fake)) return url;
    return real.replace(/\/+$/, '') + url.slice(fake.length);
  }

  /**
   * Switches between the fake gateway and a real endpoint. The trace view follows: the engine's
   * trace in fake mode, the clients' observations in real mode.
   */
  setMode(mode: 'fake' | 'real'): void {
    this.#workspace.setMode(mode);
    if (mode === 'real') this.#showAllObserved();
    else this.#trace.reset(this.#api?.trace.events ?? [], { earlier: this.#earlier });
  }

  #observedTrace(): ObservedTrace {
    return (this.#observed ??= new ObservedTrace({ clock: { now: () => this.#env.now() } }));
  }

  /** A console's real-mode observation: recorded, and shown while real mode is on. */
  observe(o: Observation): void {
    const placed = this.#observedTrace().observe(o);
    if (o.type === 'connecting' || o.type === 'http-request') this.#linkBackend(o.url, placed.event.t);
    this.#showObserved(placed);
  }

  #showObserved(placed: Placed | null): void {
    if (!placed || this.#workspace.mode !== 'real') return;
    if (placed.inOrder) this.#trace.append(placed.event);
    else this.#showAllObserved();
  }

  #showAllObserved(): void {
    const observed = this.#observedTrace();
    this.#trace.reset(observed.events, { observedFromClient: !observed.backendLinked });
  }

  /**
   * A client opened (or called) `url` in real mode: when its origin is a local gateway, follow
   * the gateway's trace so the diagram shows the backend's steps too (docs/local-gateway.md).
   * Any other endpoint is left alone: the diagram shows what the clients see.
   */
  #linkBackend(url: string, since: number): void {
    const origin = adminOrigin(url);
    if (this.#link?.origin === origin || this.#probing === origin) return;
    this.#unlink();
    if (!origin || (this.#notGateway[origin] ?? 0) > this.#env.now()) return;
    const observed = this.#observedTrace();
    this.#probing = origin;
    void linkLocalGateway(
      url,
      since,
      { fetch: this.#env.fetch, EventSource: globalThis.EventSource, now: () => this.#env.now() },
      {
        linked: () => {
          if (this.#observed !== observed || this.#probing !== origin) return;
          observed.linkBackend();
          this.#showAllObserved();
        },
        event: (e, offset) => {
          if (this.#observed === observed) this.#showObserved(observed.mergeBackend(e, offset));
        },
        ended: () => {
          if (this.#observed !== observed) return;
          observed.unlinkBackend();
          if (this.#link?.origin === origin) this.#link = null;
        },
      },
    ).then((link) => {
      if (this.#probing === origin) this.#probing = null;
      if (!link) this.#notGateway[origin] = this.#env.now() + NOT_GATEWAY_MS;
      // Another endpoint (or another workspace) was chosen while the gateway was being asked.
      if (link && (this.#observed !== observed || this.#probing !== null || this.#link)) link.close();
      else if (link) this.#link = link;
    });
  }

  #unlink(): void {
    this.#probing = null;
    const link = this.#link;
    this.#link = null;
    link?.close();
  }

  /**
   * Starts MSW once per page (idempotent). Called at startup, in parallel with loading the
   * engine, and awaited by every deploy.
   */
  startGateway(): Promise<unknown> {
    this.#gatewayStarted ??= this.#env
      .startGateway({
        registry: this.#registry,
        mode: () => this.#workspace.mode,
        realUrl: (url) => this.#realTarget(url),
        onClientEvent: (e) => this.#clients?.adapterEvent(e),
        onHttpEvent: (e) => this.#onHttpEvent(e),
        clientName: (socket) => this.#clients?.nameOf(socket),
      })
      .then((gateway) => {
        this.#env.gatewayStarted();
        return gateway;
      })
      .catch((e: unknown) => {
        this.#gatewayStarted = null;
        throw e;
      });
    return this.#gatewayStarted;
  }
}

function httpObservation(outcome: HttpOutcome): DistributiveOmit<Observation, 'client'> {
  return outcome.kind === 'response'
    ? { type: 'http-response', status: outcome.status, headers: outcome.headers, body: outcome.body }
    : { type: 'http-failed', message: outcome.message };
}

/** Which workspace (example or lesson) and API type a deployment belongs to: a redeploy of the same keeps the trace. */
function originOf(exampleId: string, api: DeployedApi): string {
  return `${exampleId}:${isHttpLike(api) ? api.protocolType : 'WEBSOCKET'}`;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
