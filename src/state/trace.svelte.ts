/**
 * The trace as the UI sees it: the events (replaced, never mutated, so derived views recompute),
 * the diagram window (follows the tail unless the learner pages back), and the logs grouped by
 * Lambda invocation. A redeploy keeps what came before: the earlier deployments' events stay,
 * renumbered so every step has its own `seq`, and a `deployment.replaced` step marks where the
 * new deployment starts (`current` is what comes after it: the lesson checks read only that).
 * `onChange` hears of new events (once per microtask, however many arrived): AppState wires it
 * to the lesson checks.
 *
 * Memory is bounded: the newest `TRACE_KEEP` events are kept; older ones are counted (the diagram
 * says how many steps are no longer kept) and dropped, except the running deployment's first
 * `CHECK_HEAD` events, which the lesson checks keep seeing (a learner-trace check asks for
 * something the learner did, such as a handshake, and the session's start holds it). The log
 * panel and the diagram's header read cheap counts, not the whole trace, for every event.
 */
import { TRACE_VERSION, type KnownDifferenceId, type TraceEvent, type TraceEventOf } from '../gateway';
import { READABLE_DIAGRAM, traceToMermaid, type DiagramText } from '../diagram';
import { groupInvocations, InvocationGrouper, type InvocationLog } from './invocations';
import { groupRequests, RequestGrouper, type RequestLog } from './requests';
import { instrument } from './instrument';
import { foldIntoSummary, summaryText, type TraceSummary } from './trace-summary';

/** Steps in the visible window: route-selection notes count as steps, so ≥ 40 arrows stay visible. */
export const DIAGRAM_WINDOW = 48;

/** Earlier deployments' steps kept on screen after redeploys (the oldest go first). */
export const HISTORY_LIMIT = 2000;

/** Events kept in memory; older ones are counted and dropped (in batches of `TRIM_BATCH`). */
export const TRACE_KEEP = 10_000;
const TRIM_BATCH = 1_000;

/** The running deployment's first events, kept for the lesson checks once the trace is trimmed. */
export const CHECK_HEAD = 500;

/** Invocations and requests the log panel draws (the newest); it says how many earlier ones it leaves out. */
export const LOG_SHOWN = 200;

/** Drawable steps among `events` (a `lambda.log` line is counted on its invocation, not drawn). */
function stepsIn(events: readonly TraceEvent[]): number {
  let n = 0;
  for (const e of events) if (e.kind !== 'lambda.log') n++;
  return n;
}

/** Adds the steps of `events` that follow an unconfirmed behaviour to `counts` (by known-difference id). */
function countUnconfirmed(
  counts: Partial<Record<KnownDifferenceId, number>>,
  events: readonly TraceEvent[],
): Partial<Record<KnownDifferenceId, number>> {
  let out = counts;
  for (const e of events) {
    if (!e.unconfirmed) continue;
    if (out === counts) out = { ...counts };
    out[e.unconfirmed] = (out[e.unconfirmed] ?? 0) + 1;
  }
  return out;
}

/** The newest `limit` items of one list across the segments, and how many earlier ones are left out. */
export function lastOfSegments(
  segments: readonly TraceSegment[],
  key: 'invocations' | 'requests',
  limit: number,
): { segments: TraceSegment[]; hidden: number } {
  let room = limit;
  let hidden = 0;
  const out: TraceSegment[] = [];
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const list = seg[key];
    if (room <= 0) {
      hidden += list.length;
      continue;
    }
    const kept = list.length > room ? list.slice(list.length - room) : list;
    hidden += list.length - kept.length;
    room -= kept.length;
    out.unshift(kept === list ? seg : { ...seg, [key]: kept });
  }
  return { segments: out, hidden };
}

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
export function segmentsOf(events: readonly TraceEvent[]): TraceSegment[] {
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

/**
 * The log grouped so far, for the events array it was built from: a trace that grows by a batch
 * adds the batch to its last segment instead of regrouping every event kept (which, at 10,000
 * events and a stream's rate, was most of the page's time). Earlier segments are finished.
 */
class SegmentsSoFar {
  readonly #done: TraceSegment[] = [];
  #redeploy: RedeployEvent | null = null;
  #invocations = new InvocationGrouper();
  #requests = new RequestGrouper();
  /** The events array these groups describe. */
  source: readonly TraceEvent[];

  constructor(events: readonly TraceEvent[]) {
    this.source = events;
    this.add(events);
  }

  /** Adds events that follow the ones grouped; `deployment.replaced` starts a new segment. */
  add(events: readonly TraceEvent[]): void {
    let from = 0;
    events.forEach((e, i) => {
      if (e.kind !== 'deployment.replaced') return;
      this.#close(events.slice(from, i));
      this.#redeploy = e;
      from = i + 1;
    });
    const rest = from ? events.slice(from) : events;
    this.#invocations.add(rest);
    this.#requests.add(rest);
  }

  #close(events: readonly TraceEvent[]): void {
    this.#invocations.add(events);
    this.#requests.add(events);
    this.#done.push({ redeploy: this.#redeploy, invocations: this.#invocations.list, requests: this.#requests.list });
    this.#invocations = new InvocationGrouper();
    this.#requests = new RequestGrouper();
  }

  /** The segments (the last one's lists copied, since its groupers go on growing them). */
  segments(): TraceSegment[] {
    return [
      ...this.#done,
      { redeploy: this.#redeploy, invocations: [...this.#invocations.list], requests: [...this.#requests.list] },
    ];
  }
}

/** Everything the trace shows: set aside (the live trace) while an imported trace is shown. */
interface Shown {
  events: TraceEvent[];
  currentFrom: number;
  windowStart: number | null;
  observed: boolean;
  steps: number;
  dropped: number;
  droppedSteps: number;
  summary: TraceSummary | null;
  head: TraceEvent[];
  unconfirmed: Partial<Record<KnownDifferenceId, number>>;
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
  /** Drawable steps in `#events`, and events (and steps) trimmed away. */
  #steps = $state(0);
  #dropped = $state(0);
  #droppedSteps = $state(0);
  /** What the dropped events were, folded into a few numbers (./trace-summary). */
  #summary = $state.raw<TraceSummary | null>(null);
  /** The running deployment's first events, once trimming reached them (else empty). */
  #head = $state.raw<TraceEvent[]>([]);
  /** Steps that follow a behaviour no public source confirms, counted by known difference (trimmed ones too). */
  #unconfirmed = $state.raw<Partial<Record<KnownDifferenceId, number>>>({});
  /** Bumped by every `reset`: a replay's cursor belongs to the trace it was set in. */
  #resets = $state(0);
  /** Bumped whenever the events, the window or the mode change: a cheap "the diagram may differ". */
  #revision = $state(0);
  #flushQueued = false;
  #notifyQueued = false;
  /** The live trace, set aside while an imported one is shown (it goes on receiving events). */
  #live = $state.raw<Shown | null>(null);
  #imported = $state.raw<{ name: string; events: number } | null>(null);
  readonly #onChange: (() => void) | undefined;
  /** The log grouped so far (not reactive: `segments` reads `#events` and checks it matches). */
  #grouped: SegmentsSoFar | null = null;

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
      this.#onLive(() => {
        this.#steps += stepsIn(batch);
        this.#unconfirmed = countUnconfirmed(this.#unconfirmed, batch);
        const before = this.#events;
        const after = this.#trimmed([...before, ...batch]);
        // Not trimmed: the log grouped so far goes on with the batch (trimmed: regrouped when read).
        if (this.#grouped?.source === before && after.length === before.length + batch.length) {
          this.#grouped.add(batch);
          this.#grouped.source = after;
        }
        this.#events = after;
        this.#changed();
      });
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
    const all = [...earlier, ...events.map((e) => renumber(e, this.#offset))];
    this.#onLive(() => {
      this.#currentFrom = earlier.length;
      this.#head = [];
      this.#dropped = 0;
      this.#droppedSteps = 0;
      this.#summary = null;
      this.#steps = stepsIn(all);
      this.#unconfirmed = countUnconfirmed({}, all);
      this.#events = this.#trimmed(all);
      this.#windowStart = null;
      this.#observed = options.observedFromClient ?? false;
      this.#changed();
    });
    // The timeline goes live again on any reset (a deploy, a cleared session).
    this.#resets++;
  }

  #take(): Shown {
    return {
      events: this.#events,
      currentFrom: this.#currentFrom,
      windowStart: this.#windowStart,
      observed: this.#observed,
      steps: this.#steps,
      dropped: this.#dropped,
      droppedSteps: this.#droppedSteps,
      summary: this.#summary,
      head: this.#head,
      unconfirmed: this.#unconfirmed,
    };
  }

  #put(s: Shown): void {
    this.#events = s.events;
    this.#currentFrom = s.currentFrom;
    this.#windowStart = s.windowStart;
    this.#observed = s.observed;
    this.#steps = s.steps;
    this.#dropped = s.dropped;
    this.#droppedSteps = s.droppedSteps;
    this.#summary = s.summary;
    this.#head = s.head;
    this.#unconfirmed = s.unconfirmed;
  }

  /**
   * Applies `change` to the live trace: to what is shown, or, while an imported trace is shown,
   * to the live trace set aside (swapped in for the change, then out again), so the engine's
   * events keep arriving, bounded as ever, and the lesson checks keep following them.
   */
  #onLive(change: () => void): void {
    const live = this.#live;
    if (!live) return change();
    const shown = this.#take();
    this.#put(live);
    try {
      change();
    } finally {
      this.#live = this.#take();
      this.#put(shown);
    }
  }

  /**
   * Shows an imported trace (already validated: src/export's `parseTraceFile`) in place of the
   * live one: the diagram, the log and the paging read it; the engine is not touched and no code
   * runs. Live events keep being recorded, out of sight, until `backToLive`. `dropped` and
   * `observedFromClient` come from the file (earlier steps it no longer held; a real endpoint's trace).
   */
  loadImported(
    events: TraceEvent[],
    name: string,
    options: { observedFromClient?: boolean; dropped?: { events: number; steps: number } } = {},
  ): void {
    if (!this.#live) this.#live = this.#take();
    const all = [...events];
    this.#put({
      events: all,
      currentFrom: 0,
      windowStart: null,
      observed: options.observedFromClient ?? false,
      steps: stepsIn(all),
      dropped: options.dropped?.events ?? 0,
      droppedSteps: options.dropped?.steps ?? 0,
      summary: null,
      head: [],
      unconfirmed: countUnconfirmed({}, all),
    });
    this.#imported = { name, events: all.length };
    this.#resets++;
    this.#changed();
  }

  /** The imported trace shown instead of the live one (its file name and event count), or null. */
  get imported(): { name: string; events: number } | null {
    return this.#imported;
  }

  /** Shows the live trace again, with everything that arrived while the imported one was shown. */
  backToLive(): void {
    const live = this.#live;
    if (!live) return;
    this.#put(live);
    this.#live = null;
    this.#imported = null;
    this.#resets++;
    this.#changed();
  }

  /** How many times the trace was replaced (a deploy, a cleared session, a mode switch). */
  get resets(): number {
    return this.#resets;
  }

  /**
   * Drops the oldest events beyond `TRACE_KEEP` (in batches, so it is not a copy per event),
   * counting them, and keeps the running deployment's first `CHECK_HEAD` for the checks.
   */
  #trimmed(events: TraceEvent[]): TraceEvent[] {
    if (events.length <= TRACE_KEEP + TRIM_BATCH) return events;
    const n = events.length - TRACE_KEEP;
    if (n > this.#currentFrom && !this.#head.length) {
      this.#head = events.slice(this.#currentFrom, this.#currentFrom + CHECK_HEAD);
    }
    this.#currentFrom = Math.max(0, this.#currentFrom - n);
    const dropping = events.slice(0, n);
    const gone = stepsIn(dropping);
    this.#summary = foldIntoSummary(this.#summary, dropping);
    this.#dropped += n;
    this.#droppedSteps += gone;
    this.#steps -= gone;
    if (this.#windowStart !== null) this.#windowStart = Math.max(0, this.#windowStart - gone);
    return events.slice(n);
  }

  /** How many steps followed each behaviour no public source confirms (see KNOWN_DIFFERENCES). */
  get unconfirmed(): Partial<Record<KnownDifferenceId, number>> {
    return this.#unconfirmed;
  }

  /** Events dropped from memory so far (the oldest), and the drawable steps among them. */
  get dropped(): { events: number; steps: number } {
    return { events: this.#dropped, steps: this.#droppedSteps };
  }

  /** What the events no longer kept were (null while nothing was dropped): the timeline's first entry. */
  get summary(): TraceSummary | null {
    return this.#summary;
  }

  /** Changes with every new event, reset, window move or mode switch. */
  get revision(): number {
    return this.#revision;
  }

  /**
   * The running deployment's events (after the last redeploy step): what the lesson checks read.
   * Once trimmed, its first `CHECK_HEAD` events followed by the newest ones.
   */
  readonly current = $derived.by(() => {
    // An imported trace is not the learner's: the checks go on reading the live one.
    const {
      events: all,
      currentFrom,
      head,
    } = this.#live ?? {
      events: this.#events,
      currentFrom: this.#currentFrom,
      head: this.#head,
    };
    const events = currentFrom ? all.slice(currentFrom) : all;
    const last = head.at(-1)?.seq;
    if (last === undefined) return events;
    const after = events.findIndex((e) => e.seq > last);
    return [...head, ...(after < 0 ? [] : events.slice(after))];
  });

  /** Listeners hear once per microtask, as a burst of appends and resets settles. */
  #changed(): void {
    this.#revision++;
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

  /** The window and layout the diagram is drawn with. */
  #diagramOptions() {
    return {
      window:
        this.#windowStart === null ? { size: DIAGRAM_WINDOW } : { start: this.#windowStart, size: DIAGRAM_WINDOW },
      observedFromClient: this.#observed,
      omittedSteps: this.#droppedSteps,
      ...(this.#summary ? { omittedSummary: summaryText(this.#summary) } : {}),
      ...READABLE_DIAGRAM,
    };
  }

  readonly diagram = $derived.by(() => traceToMermaid(this.#events, this.#diagramOptions()));

  /** The diagram as exported: the steps and layout on screen, without marks the view adds (a highlighted step). */
  exportDiagram(): DiagramText {
    return traceToMermaid(this.#events, this.#diagramOptions());
  }

  /** The window's steps in the kept events (as `diagram.shown`, without deriving the diagram's text). */
  readonly #window = $derived.by(() => {
    const total = this.#steps;
    const last = Math.max(0, total - DIAGRAM_WINDOW);
    const from = this.#windowStart === null ? last : Math.min(Math.max(0, this.#windowStart), last);
    return { from, to: Math.min(total, from + DIAGRAM_WINDOW) };
  });

  /**
   * What the diagram's header says: the steps drawn and all steps, counted from the trace's
   * start (steps no longer kept included).
   */
  get range(): { from: number; to: number; total: number } {
    const d = this.#droppedSteps;
    return { from: d + this.#window.from, to: d + this.#window.to, total: d + this.#steps };
  }

  get canPageOlder(): boolean {
    return this.#window.from > 0;
  }

  get canPageNewer(): boolean {
    return this.#windowStart !== null;
  }

  older(): void {
    this.#windowStart = Math.max(0, this.#window.from - DIAGRAM_WINDOW);
    this.#revision++;
  }

  newer(): void {
    if (this.#windowStart === null) return;
    const next = this.#windowStart + DIAGRAM_WINDOW;
    // Reaching the end resumes following, so new steps appear without another click.
    this.#windowStart = next + DIAGRAM_WINDOW >= this.#steps ? null : next;
    this.#revision++;
  }

  followTail(): void {
    this.#windowStart = null;
    this.#revision++;
  }

  /** The log per deployment, oldest first, each after the redeploy step that started it. */
  readonly segments = $derived.by(() => {
    const events = this.#events;
    if (this.#grouped?.source !== events) this.#grouped = new SegmentsSoFar(events);
    return this.#grouped.segments();
  });

  /** Lambda logs grouped per invocation, newest last (START/END/REPORT included as platform lines). */
  readonly invocations = $derived.by(() => this.segments.flatMap((s) => s.invocations));

  /** HTTP/REST requests with the gateway's steps (route, API key, cache, …), oldest first. */
  readonly requests = $derived.by(() => this.segments.flatMap((s) => s.requests));

  /** What the log panel draws: the newest `LOG_SHOWN` invocations, and how many earlier ones it leaves out. */
  readonly shownInvocations = $derived.by(() => lastOfSegments(this.segments, 'invocations', LOG_SHOWN));

  /** The newest `LOG_SHOWN` requests, and how many earlier ones are left out. */
  readonly shownRequests = $derived.by(() => lastOfSegments(this.segments, 'requests', LOG_SHOWN));
}
