/**
 * Real mode's "Compare with the simulator": the steps the learner's clients took (read off the
 * real-mode trace) are replayed on a fresh simulator deployment of the workspace's definition and
 * on the real endpoint, and the differences are listed (src/realcompare does the work; this is
 * the page's side: what runs, what the panel shows). The learner's own deployment and consoles
 * are not touched: the replay opens its own sockets, and the simulator is a separate instance.
 */
import { ApiRegistry, LiveClock, type GatewayApi, type TraceEvent } from '../gateway';
import type { Comparison } from '../realcompare';
import type { Timers } from './persistence';
import type { PlaygroundEnvironment } from './playground.svelte';
import type { Workspace } from './workspace.svelte';

/** The most steps one comparison replays (each waits up to 5 s on the real side, 200 ms when all is in). */
const MAX_STEPS = 300;

export type RealCompareStatus = 'idle' | 'running' | 'done' | 'failed';

export interface RealCompareEnvironment {
  /** The real-mode trace: what the consoles and request builders did and saw. */
  events(): readonly TraceEvent[];
  /** Real mode's endpoint URL. */
  realUrl(): string;
  /** A fresh simulator of the workspace's API (throws a message naming the problem). */
  simulator(): Promise<{ api: GatewayApi; dispose(): void }>;
  /** The page's own WebSocket (captured before the fake gateway patches it), fetch and origin. */
  WebSocket: typeof WebSocket;
  fetch: typeof fetch;
  origin: string;
  timers: Timers;
  /** The most steps one comparison replays (default MAX_STEPS). */
  maxSteps?: number;
}

export class RealCompare {
  #open = $state(false);
  #status = $state<RealCompareStatus>('idle');
  #progress = $state('');
  #error = $state('');
  #result = $state.raw<Comparison | null>(null);
  #notice = $state('');
  readonly #env: RealCompareEnvironment;

  constructor(env: RealCompareEnvironment) {
    this.#env = env;
  }

  get open(): boolean {
    return this.#open;
  }
  get status(): RealCompareStatus {
    return this.#status;
  }
  /** What is running now (for the live region). */
  get progress(): string {
    return this.#progress;
  }
  get error(): string {
    return this.#error;
  }
  get result(): Comparison | null {
    return this.#result;
  }
  /** Said beside the result when not every step was replayed ('' otherwise). */
  get notice(): string {
    return this.#notice;
  }

  close(): void {
    this.#open = false;
  }

  #pending: Promise<Comparison | null> | null = null;

  /**
   * Opens the panel and runs the comparison; resolves with the result (null when it could not
   * run). While one runs, asking again only opens the panel: the replay is the learner's steps
   * once, not twice at the same time on the same endpoint.
   */
  run(): Promise<Comparison | null> {
    this.#open = true;
    this.#pending ??= this.#compare().finally(() => (this.#pending = null));
    return this.#pending;
  }

  async #compare(): Promise<Comparison | null> {
    this.#open = true;
    this.#status = 'running';
    this.#error = '';
    this.#result = null;
    this.#notice = '';
    const realUrl = this.#env.realUrl().trim();
    let sim: { api: GatewayApi; dispose(): void } | null = null;
    try {
      if (!realUrl) throw new Error('Enter the real endpoint URL in the header first.');
      const rc = await import('../realcompare');
      const base = rc.endpointOf(realUrl);
      const all = rc.stepsFromTrace(this.#env.events(), base.basePath);
      // Each step on the real side waits for its answers and a short quiet time: a long session
      // (a scripted client) is replayed from its start, up to a bound, so the panel answers in time.
      const steps = all.slice(0, this.#env.maxSteps ?? MAX_STEPS);
      if (all.length > steps.length)
        this.#notice = `Only the first ${steps.length} of your ${all.length} steps were replayed.`;
      if (!steps.length)
        throw new Error(
          'Nothing to compare yet: connect a client, send a message or a request to the real endpoint first; those steps are what the comparison replays.',
        );
      const timers = {
        setTimeout: (fn: () => void, ms: number) => this.#env.timers.set(fn, ms),
        clearTimeout: (h: unknown) => this.#env.timers.clear(h),
      };
      this.#progress = `Replaying ${steps.length} step${steps.length === 1 ? '' : 's'} on a fresh simulator…`;
      sim = await this.#env.simulator();
      const simRun = await rc.replay(steps, rc.engineTarget(sim.api, this.#env.origin), { timers });
      this.#progress = `Replaying the same steps on ${base.host}…`;
      const realRun = await rc.replay(
        steps,
        rc.browserTarget({ baseUrl: realUrl, WebSocket: this.#env.WebSocket, fetch: this.#env.fetch }),
        { timers, expected: simRun.counts },
      );
      const simHost = 'domainName' in sim.api ? sim.api.domainName : rc.endpointOf(sim.api.url).host;
      const result = rc.compareRuns(
        steps,
        { ...simRun, normalise: { host: simHost, apiId: sim.api.apiId } },
        { ...realRun, normalise: { host: base.host } },
      );
      this.#result = result;
      this.#status = 'done';
      this.#progress = '';
      return result;
    } catch (e) {
      this.#status = 'failed';
      this.#error = e instanceof Error ? e.message : String(e);
      this.#progress = '';
      return null;
    } finally {
      sim?.dispose();
    }
  }
}

/**
 * A simulator of the workspace's API as it stands (the same checks as Deploy), on its own
 * registry, so the fake gateway's routing and the learner's running deployment never see it.
 */
export function workspaceSimulator(
  workspace: Workspace,
  env: Pick<PlaygroundEnvironment, 'loadServices' | 'scheduler' | 'now'>,
): RealCompareEnvironment['simulator'] {
  return async () => {
    const services = await env.loadServices();
    const checked = services.validate(workspace.definitionSnapshot());
    if (!checked.ok) {
      const [first] = checked.errors;
      throw new Error(
        `The API definition has ${checked.errors.length} problem${checked.errors.length === 1 ? '' : 's'}, so the simulator cannot run it${
          first ? ` (${first.path}: ${first.message})` : ''
        }.`,
      );
    }
    const deployment = services.deploy({
      definition: checked.definition,
      files: workspace.filesSnapshot(),
      clock: new LiveClock(env.scheduler, env.now()),
      registry: new ApiRegistry(),
      onTrace: () => undefined,
      onTables: () => undefined,
    });
    return { api: deployment.api, dispose: () => deployment.dispose() };
  };
}
