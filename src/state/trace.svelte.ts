/**
 * The trace as the UI sees it: the events (replaced, never mutated, so derived views recompute),
 * the diagram window (follows the tail unless the learner pages back), and the logs grouped by
 * Lambda invocation. A redeploy keeps what came before: the earlier deployments' events stay,
 * renumbered so every step has its own `seq`, and a `deployment.replaced` step marks where the
 * new deployment starts (`current` is what comes after it: the lesson checks read only that).
 * `onChange` hears of new events (once per microtask, however many arrived): AppState wires it
 * to the lesson checks.
 */
import { TRACE_VERSION, type TraceEvent, type TraceEventOf } from '../gateway';
import { READABLE_DIAGRAM, traceToMermaid } from '../diagram';
import { groupInvocations, type InvocationLog } from './invocations';
import { groupRequests, type RequestLog } from './requests';
import { instrument } from './instrument';

/** Steps in the visible window: route-selection notes count as steps, so ≥ 40 arrows stay visible. */
export const DIAGRAM_WINDOW = 48;

/** Earlier deployments' steps kept on screen after redeploys (the oldest go first). */
export const HISTORY_LIMIT = 2000;

export type RedeployEvent = TraceEventOf<'deployment.replaced'>;

/** "redeployed — 2 connections closed (1001)": the step's one line, in the trace and the log. */
export function redeployedText(closedConnections: number, code: number): string {
  if (!closedConnections) return 'redeployed';
  return `redeployed — ${closedConnections} connection${closedConnections === 1 ? '' : 's'} closed (${code})`;
}

/** A deployment's events numbered after `offset` (earlier deployments' steps come first). */
function renumber(event: TraceEvent, offset: number): TraceEvent {
  if (!offset) return event;
  const e = { ...event, seq: event.seq + offset };
  if (event.causeSeq !== undefined) e.causeSeq = event.causeSeq + offset;
  return e;
}

/**
 * What stays on screen when a deployment is replaced: the earlier history, the replaced
 * deployment's events (numbered after it), and the `deployment.replaced` step. `replaced`
 * gives the ids and time the step is stamped with (the replaced deployment's stage at that moment).
 */
export function historyAfterRedeploy(
  earlier: readonly TraceEvent[],
  replacedEvents: readonly TraceEvent[],
  replaced: { apiId: string; stage: string; t: number; closedConnections: number; code: number },
): TraceEvent[] {
  const offset = earlier.at(-1)?.seq ?? 0;
  const kept = [...earlier, ...replacedEvents.map((e) => renumber(e, offset))];
  const step: RedeployEvent = {
    v: TRACE_VERSION,
    seq: (kept.at(-1)?.seq ?? 0) + 1,
    t: replaced.t,
    from: 'gateway',
    to: 'gateway',
    apiId: replaced.apiId,
    stage: replaced.stage,
    summary: redeployedText(replaced.closedConnections, replaced.code),
    kind: 'deployment.replaced',
    closedConnections: replaced.closedConnections,
    code: replaced.code,
  };
  kept.push(step);
  return kept.length > HISTORY_LIMIT ? kept.slice(-HISTORY_LIMIT) : kept;
}

/** One deployment's part of the log: the redeploy that started it (none for the first), its requests and invocations. */
export interface TraceSegment {
  redeploy: RedeployEvent | null;
  invocations: InvocationLog[];
  requests: RequestLog[];
}

/**
 * The log, one segment per deployment. Grouped per deployment because a new deployment may
 * reuse the ids of the one before (the page's engines share an id seed, so the API id stays put).
 */
function segmentsOf(events: readonly TraceEvent[]): TraceSegment[] {
  const out: TraceSegment[] = [];
  let redeploy: RedeployEvent | null = null;
  let from = 0;
  const close = (to: number) => {
    const part = events.slice(from, to);
    out.push({ redeploy, invocations: groupInvocations(part), requests: groupRequests(part) });
  };
  events.forEach((e, i) => {
    if (e.kind !== 'deployment.replaced') return;
    close(i);
    redeploy = e;
    from = i + 1;
  });
  close(events.length);
  return out;
}

export class TraceState {
  #events = $state.raw<TraceEvent[]>([]);
  /** Where the current deployment's events start in `#events`, and what their seqs are shifted by. */
  #currentFrom = $state(0);
  #offset = 0;
  /** null: the diagram follows the newest steps. */
  #windowStart = $state<number | null>(null);
  #observed = $state(false);
  #pending: TraceEvent[] = [];
  #flushQueued = false;
  #notifyQueued = false;
  readonly #onChange: (() => void) | undefined;

  readonly windowSize = DIAGRAM_WINDOW;

  constructor(options: { onChange?: () => void } = {}) {
    this.#onChange = options.onChange;
  }

  get events(): TraceEvent[] {
    return this.#events;
  }

  get following(): boolean {
    return this.#windowStart === null;
  }

  /**
   * Bursts (a broadcast is a dozen events in one task) are batched per microtask so the
   * array is replaced once, not once per event.
   */
  append(event: TraceEvent): void {
    const shown = renumber(event, this.#offset);
    instrument?.appended.set(shown.seq, performance.now());
    this.#pending.push(shown);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      const batch = this.#pending;
      this.#pending = [];
      this.#events = [...this.#events, ...batch];
      this.#changed();
    });
  }

  /**
   * Shows a deployment's trace: `events` as its engine numbered them, after `earlier` (earlier
   * deployments kept on screen, ending with the `deployment.replaced` step; see
   * `historyAfterRedeploy`), so a redeploy keeps the diagram and the log. `observedFromClient`:
   * real mode, whose trace holds only what the clients saw (the diagram names the real endpoint
   * and says the backend is hidden).
   */
  reset(
    events: readonly TraceEvent[] = [],
    options: { observedFromClient?: boolean; earlier?: readonly TraceEvent[] } = {},
  ): void {
    const earlier = options.earlier ?? [];
    this.#offset = earlier.at(-1)?.seq ?? 0;
    this.#pending = [];
    this.#events = [...earlier, ...events.map((e) => renumber(e, this.#offset))];
    this.#currentFrom = earlier.length;
    this.#windowStart = null;
    this.#observed = options.observedFromClient ?? false;
    this.#changed();
  }

  /** The running deployment's events (after the last redeploy step): what the lesson checks read. */
  readonly current = $derived.by(() => (this.#currentFrom ? this.#events.slice(this.#currentFrom) : this.#events));

  /** Listeners hear once per microtask, as a burst of appends and resets settles. */
  #changed(): void {
    if (!this.#onChange || this.#notifyQueued) return;
    this.#notifyQueued = true;
    queueMicrotask(() => {
      this.#notifyQueued = false;
      this.#onChange?.();
    });
  }

  get observedFromClient(): boolean {
    return this.#observed;
  }

  readonly diagram = $derived.by(() =>
    traceToMermaid(this.#events, {
      window:
        this.#windowStart === null ? { size: DIAGRAM_WINDOW } : { start: this.#windowStart, size: DIAGRAM_WINDOW },
      observedFromClient: this.#observed,
      ...READABLE_DIAGRAM,
    }),
  );

  get canPageOlder(): boolean {
    return this.diagram.shown.from > 0;
  }

  get canPageNewer(): boolean {
    return this.#windowStart !== null;
  }

  older(): void {
    this.#windowStart = Math.max(0, this.diagram.shown.from - DIAGRAM_WINDOW);
  }

  newer(): void {
    if (this.#windowStart === null) return;
    const next = this.#windowStart + DIAGRAM_WINDOW;
    // Reaching the end resumes following, so new steps appear without another click.
    this.#windowStart = next + DIAGRAM_WINDOW >= this.diagram.total ? null : next;
  }

  followTail(): void {
    this.#windowStart = null;
  }

  /** The log per deployment, oldest first, each after the redeploy step that started it. */
  readonly segments = $derived.by(() => segmentsOf(this.#events));

  /** Lambda logs grouped per invocation, newest last (START/END/REPORT included as platform lines). */
  readonly invocations = $derived.by(() => this.segments.flatMap((s) => s.invocations));

  /** HTTP/REST requests with the gateway's steps (route, API key, cache, …), oldest first. */
  readonly requests = $derived.by(() => this.segments.flatMap((s) => s.requests));
}
