/**
 * How often the live diagram may draw, and when drawing live stops being worth it. Pure
 * arithmetic over render costs and step counts (the caller passes the time), so it is tested
 * with made-up clocks.
 *
 * A Mermaid render blocks the page for its whole length (layout, text measuring, parsing the
 * SVG), so the diagram never starts a render sooner than `cost / share - cost` after the last
 * one ended: with `share` ⅓ it takes at most a third of the page's time, however many events
 * arrive, and the gap grows by itself when renders grow slower. Steps that arrive meanwhile are
 * coalesced into the next render.
 *
 * A learner stepping through a chat wants each step at once; a handler pouring out posts wants the
 * page's time for the posts. So given a `streamShare` and a `streamRate`, the share drops to
 * `streamShare` while steps arrive faster than `streamRate` a second.
 *
 * When steps arrive faster than the drawn window can show between two renders (the learner
 * would only ever see windows that skipped steps), live drawing pauses: the caller shows
 * "N new steps — catch up" and draws only on request, until the rate falls to half of that again.
 */

export interface PaceOptions {
  /** Steps one drawing shows (the diagram's window). */
  window: number;
  /** The part of the page's time the diagram may take (0 < share ≤ 1). Default ⅓. */
  share?: number;
  /** The share while steps arrive faster than `streamRate` (default: `share`). */
  streamShare?: number;
  /** Steps a second above which `streamShare` applies. Default 150. */
  streamRate?: number;
  /** Never draw sooner than this after the last render ended, in ms. Default 0. */
  minGapMs?: number;
  /** The step rate is measured over this many ms. Default 2,000. */
  rateWindowMs?: number;
}

/** A render cost above this (a first render that also loaded Mermaid) counts as this. */
const MAX_COST_MS = 2000;

export class RenderPace {
  readonly #window: number;
  readonly #share: number;
  readonly #streamShare: number;
  readonly #streamRate: number;
  /** Steps a second at the last `observe`. */
  #rate = 0;
  readonly #minGap: number;
  readonly #rateWindow: number;
  /** Smoothed render cost, ms (null before the first render). */
  #cost: number | null = null;
  #lastEnd = -Infinity;
  /** Recent (time, total steps) samples, oldest first, spanning about `rateWindow`. */
  #samples: { t: number; steps: number }[] = [];
  #paused = false;

  constructor(options: PaceOptions) {
    this.#window = Math.max(1, options.window);
    const share = (x: number) => Math.min(1, Math.max(0.05, x));
    this.#share = share(options.share ?? 1 / 3);
    this.#streamShare = share(options.streamShare ?? this.#share);
    this.#streamRate = Math.max(1, options.streamRate ?? 150);
    this.#minGap = Math.max(0, options.minGapMs ?? 0);
    this.#rateWindow = Math.max(250, options.rateWindowMs ?? 2000);
  }

  /** A render took `costMs` and ended at `end`. */
  rendered(costMs: number, end: number): void {
    const cost = Math.min(MAX_COST_MS, Math.max(0, costMs));
    // Weighted towards the newest render, so the gap follows a trace that draws slower or faster.
    this.#cost = this.#cost === null ? cost : this.#cost * 0.5 + cost * 0.5;
    this.#lastEnd = end;
  }

  /** The smoothed cost of one render, ms (0 before the first). */
  get cost(): number {
    return this.#cost ?? 0;
  }

  /** The pause after a render before the next may start, ms. */
  get gap(): number {
    const cost = this.#cost ?? 0;
    const share = this.#rate > this.#streamRate ? this.#streamShare : this.#share;
    return Math.max(this.#minGap, cost / share - cost);
  }

  /** When the next render may start (`performance.now()` time). */
  nextStart(): number {
    return this.#lastEnd + this.gap;
  }

  /** The trace has `steps` drawable steps at `now`: updates the rate and the paused state. */
  observe(steps: number, now: number): void {
    const s = this.#samples;
    const last = s.at(-1);
    if (last && steps < last.steps) s.length = 0; // a new trace (a reset): start counting again
    s.push({ t: now, steps });
    while (s.length > 2 && s[1]!.t <= now - this.#rateWindow) s.shift();
    if (s.length > 512) s.splice(0, s.length - 512);
    this.#rate = this.rate(now);
    const perDraw = this.stepsPerDraw(now);
    if (!this.#paused && perDraw > this.#window) this.#paused = true;
    else if (this.#paused && perDraw < this.#window / 2) this.#paused = false;
  }

  /** Steps per second over the last `rateWindowMs` (0 until two samples). */
  rate(now: number): number {
    const s = this.#samples;
    const first = s[0];
    if (!first || s.length < 2) return 0;
    // Measured over at least a quarter of the window, so one burst in a quiet page is not a "rate".
    const span = Math.max(now - first.t, this.#rateWindow / 4);
    return ((s.at(-1)!.steps - first.steps) * 1000) / span;
  }

  /** Steps that would arrive between two drawings at the current rate and pace. */
  stepsPerDraw(now: number): number {
    return this.#cost === null ? 0 : (this.rate(now) * (this.gap + this.cost)) / 1000;
  }

  /** Live drawing is paused: steps arrive faster than a drawing can show them. */
  get paused(): boolean {
    return this.#paused;
  }
}
