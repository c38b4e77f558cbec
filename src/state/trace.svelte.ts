/**
 * The trace of the current deployment as the UI sees it: the events (replaced, never mutated,
 * so derived views recompute), the diagram window (follows the tail unless the learner pages
 * back), and the logs grouped by Lambda invocation. `onChange` hears of new events (once per
 * microtask, however many arrived): AppState wires it to the lesson checks.
 */
import type { TraceEvent } from '../gateway';
import { READABLE_DIAGRAM, traceToMermaid } from '../diagram';
import { groupInvocations } from './invocations';
import { groupRequests } from './requests';
import { instrument } from './instrument';

/** Steps in the visible window: route-selection notes count as steps, so ≥ 40 arrows stay visible. */
export const DIAGRAM_WINDOW = 48;

export class TraceState {
  #events = $state.raw<TraceEvent[]>([]);
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
    instrument?.appended.set(event.seq, performance.now());
    this.#pending.push(event);
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
   * A new deployment starts a new trace. `observedFromClient`: real mode, whose trace holds only
   * what the clients saw (the diagram names the real endpoint and says the backend is hidden).
   */
  reset(events: readonly TraceEvent[] = [], options: { observedFromClient?: boolean } = {}): void {
    this.#pending = [];
    this.#events = [...events];
    this.#windowStart = null;
    this.#observed = options.observedFromClient ?? false;
    this.#changed();
  }

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

  /** Lambda logs grouped per invocation, newest last (START/END/REPORT included as platform lines). */
  readonly invocations = $derived.by(() => groupInvocations(this.#events));

  /** HTTP/REST requests with the gateway's steps (route, API key, cache, …), oldest first. */
  readonly requests = $derived.by(() => groupRequests(this.#events));
}
