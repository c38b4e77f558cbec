/**
 * Timeline replay: a cursor over the steps TraceState keeps, and the page as it was at that step
 * (the diagram up to it with its arrow highlighted, the clients' frames, the log, the tables, the
 * event table and the step's details). Everything is derived from the trace (src/timeline):
 * stepping never runs learner code or sends anything.
 *
 * The cursor is a trace `seq`, or null when the timeline is live (following new events, the
 * page's normal state). Reaching the last step goes live again; while the cursor is earlier, new
 * events are still recorded (counted as "N new steps") and the view stays where it is. A `reset`
 * of the trace (a deploy, a cleared session) returns to live: the cursor belonged to the old trace.
 *
 * This module and src/timeline load with the timeline's controls, off the first paint
 * (`AppState.loadTimeline`).
 */
import { READABLE_DIAGRAM, traceToMermaid } from '../diagram';
import {
  detailsOf,
  eventsThrough,
  filterOptions,
  filterRows,
  framesByClient,
  lastAtOrBefore,
  playDelay,
  rowsOf,
  stepsOf,
  tablesAt,
  type ReplayFrame,
  type RowFilter,
  type Speed,
} from '../timeline';
import type { InvocationLog } from './invocations';
import type { Timers } from './persistence';
import type { RequestLog } from './requests';
import type { TableView } from './services';
import { summaryText } from './trace-summary';
import {
  DIAGRAM_WINDOW,
  LOG_SHOWN,
  lastOfSegments,
  segmentsOf,
  type TraceSegment,
  type TraceState,
} from './trace.svelte';

/** What the log panel reads: the live trace, or the trace as of the cursor. */
export interface LogView {
  readonly shownInvocations: { segments: TraceSegment[]; hidden: number };
  readonly shownRequests: { segments: TraceSegment[]; hidden: number };
  readonly invocations: readonly InvocationLog[];
  readonly requests: readonly RequestLog[];
  readonly observedFromClient: boolean;
}

export class TimelineState {
  readonly #trace: TraceState;
  readonly #timers: Timers;
  /** The step at the cursor (a trace seq); null: live. */
  #seq = $state<number | null>(null);
  /** The trace's `resets` and step count when the cursor left live. */
  #resetsAt = 0;
  #totalAt = $state(0);
  #playing = $state(false);
  #timer: unknown = null;
  #speed = $state<Speed>(1);
  #filter = $state.raw<RowFilter>({});

  constructor(trace: TraceState, timers: Timers) {
    this.#trace = trace;
    this.#timers = timers;
  }

  /** Following new events: the page shows the newest state (no cursor). */
  get live(): boolean {
    return this.#seq === null || this.#resetsAt !== this.#trace.resets;
  }

  get playing(): boolean {
    return this.#playing;
  }

  get speed(): Speed {
    return this.#speed;
  }

  /** All steps, counted from the trace's start (steps no longer kept included). */
  get total(): number {
    return this.#trace.range.total;
  }

  /** The first step kept (older ones were dropped to bound memory): where Home goes. */
  get first(): number {
    return this.#trace.dropped.steps + 1;
  }

  /** The kept steps (derived only when read: a live page without the event table never reads it). */
  readonly #steps = $derived.by(() => stepsOf(this.#trace.events));

  /** The cursor's index in the kept steps (the last step when live). */
  readonly #index = $derived.by(() => {
    const steps = this.#steps;
    if (this.live) return steps.length - 1;
    return Math.max(0, lastAtOrBefore(steps, this.#seq!));
  });

  /** The 1-based step shown: the cursor's, or the last when live. */
  get position(): number {
    return this.live ? this.total : this.#trace.dropped.steps + this.#index + 1;
  }

  /** The cursor as a 1-based step number, null when live (share links keep it; `seek` applies it). */
  get cursor(): number | null {
    return this.live ? null : this.position;
  }

  /** The step at the cursor (its seq), or the newest step when live. */
  get seq(): number | null {
    return this.live ? (this.#trace.events.findLast((e) => e.kind !== 'lambda.log')?.seq ?? null) : this.#seq;
  }

  /** Steps recorded since the cursor left live. */
  get newSteps(): number {
    return this.live ? 0 : Math.max(0, this.total - this.#totalAt);
  }

  /** The one way the cursor moves: to the step `seq`, or live (null, or the last step). */
  #moveTo(seq: number | null): void {
    const steps = this.#steps;
    if (seq === null || !steps.length || seq >= steps.at(-1)!.seq) {
      this.#seq = null;
      this.#stop();
      if (!this.#trace.following) this.#trace.followTail();
      return;
    }
    if (this.live) {
      this.#resetsAt = this.#trace.resets;
      this.#totalAt = this.total;
    }
    this.#seq = seq;
  }

  /** Moves to step `step` (1-based, from the trace's start); the last step (or beyond) is live. */
  seek(step: number): void {
    const steps = this.#steps;
    if (!steps.length || !Number.isFinite(step)) return;
    const i = Math.min(steps.length - 1, Math.max(0, Math.floor(step) - this.#trace.dropped.steps - 1));
    this.#moveTo(steps[i]!.seq);
  }

  /** Selects the step with this trace `seq` (a row of the event table). */
  select(seq: number): void {
    this.#moveTo(seq);
  }

  back(): void {
    if (this.total) this.seek(this.position - 1);
  }

  forward(): void {
    if (!this.live) this.seek(this.position + 1);
  }

  /** The first step kept. */
  home(): void {
    this.seek(this.first);
  }

  /** Back to following new events. */
  goLive(): void {
    this.#moveTo(null);
  }

  setSpeed(speed: Speed): void {
    this.#speed = speed;
    if (this.#playing) this.#schedule();
  }

  /** Plays from the cursor (from the first step when live) to the end, paced by the events' virtual times. */
  play(): void {
    if (this.#steps.length < 2) return;
    if (this.live) this.home();
    this.#playing = true;
    this.#schedule();
  }

  pause(): void {
    this.#stop();
  }

  #stop(): void {
    this.#playing = false;
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    const steps = this.#steps;
    const i = this.#index;
    const here = steps[i];
    const next = steps[i + 1];
    if (!here || !next || this.live) return this.#stop();
    this.#timer = this.#timers.set(
      () => {
        this.#timer = null;
        if (!this.#playing) return;
        this.forward();
        if (this.live) this.#stop();
        else this.#schedule();
      },
      playDelay(here.t, next.t, this.#speed),
    );
  }

  // ---- the page at the cursor ---------------------------------------------------------

  /** The trace as it was at the cursor (the whole trace when live). */
  readonly #events = $derived.by(() =>
    this.live ? this.#trace.events : eventsThrough(this.#trace.events, this.#seq!),
  );

  /** The diagram up to the cursor; its last step (the cursor's) is drawn as the newest. */
  readonly diagram = $derived.by(() =>
    traceToMermaid(this.#events, {
      window: { size: DIAGRAM_WINDOW },
      observedFromClient: this.#trace.observedFromClient,
      omittedSteps: this.#trace.dropped.steps,
      ...(this.#trace.summary ? { omittedSummary: summaryText(this.#trace.summary) } : {}),
      ...READABLE_DIAGRAM,
    }),
  );

  readonly #frames = $derived.by(() => (this.live ? null : framesByClient(this.#events)));

  /** A client's frames at the cursor, or undefined when live (the console shows its own). */
  framesOf(client: string): ReplayFrame[] | undefined {
    return this.#frames ? (this.#frames.get(client) ?? []) : undefined;
  }

  readonly #log = $derived.by((): LogView => {
    if (this.live) return this.#trace;
    const segments = segmentsOf(this.#events);
    return {
      shownInvocations: lastOfSegments(segments, 'invocations', LOG_SHOWN),
      shownRequests: lastOfSegments(segments, 'requests', LOG_SHOWN),
      invocations: segments.flatMap((s) => s.invocations),
      requests: segments.flatMap((s) => s.requests),
      observedFromClient: this.#trace.observedFromClient,
    };
  });

  /** The log at the cursor (the live trace when live). */
  get log(): LogView {
    return this.#log;
  }

  /** The tables at the cursor, rebuilt from the trace's table changes; `live` when live. */
  tablesAt(live: TableView[]): { tables: TableView[]; partial: boolean } {
    if (this.live) return { tables: live, partial: false };
    return tablesAt(this.#events, live, this.#trace.dropped.events === 0);
  }

  // ---- the event table ------------------------------------------------------------------

  get filter(): RowFilter {
    return this.#filter;
  }

  setFilter(filter: RowFilter): void {
    this.#filter = { ...this.#filter, ...filter };
  }

  readonly rows = $derived.by(() => rowsOf(this.#trace.events, this.#trace.dropped.steps));
  readonly shownRows = $derived.by(() => filterRows(this.rows, this.#filter));
  readonly filterOptions = $derived.by(() => filterOptions(this.rows));

  /** The details of the step at the cursor (the newest when live). */
  readonly details = $derived.by(() => {
    const seq = this.seq;
    return seq === null ? null : detailsOf(this.#trace.events, seq);
  });

  /** What the steps before the first kept one were ('' when every step is kept): the event table's first line. */
  get earlier(): string {
    const summary = this.#trace.summary;
    return summary ? summaryText(summary) : '';
  }

  /** Lambda invocations in the whole trace (replaying adds none: it only reads). */
  get invocationCount(): number {
    return this.#trace.invocations.length;
  }
}
