/**
 * Virtual time for one engine instance.
 *
 * Every gateway timer (WebSocket idle timeout, 2-hour maximum, later cache TTLs and token
 * buckets) runs on a Clock, never on the host's timers, so tests are deterministic and the
 * UI can fast-forward ("idle 10 minutes") without waiting.
 */
export interface Clock {
  /** Virtual epoch milliseconds. */
  now(): number;
  /** Runs `fn` once virtual time reaches now() + delayMs. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** Fast-forwards virtual time by `ms`, firing due timers in time order. */
  advance(ms: number): void;
  /** Moves virtual time to at least `epochMs` (used after a handler ran for a while). */
  advanceTo(epochMs: number): void;
}

export type TimerHandle = number;

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Shared timer bookkeeping for both clocks: an ordered list, ties broken by creation order. */
abstract class TimerQueue {
  #timers: Timer[] = [];
  #nextId = 1;

  protected schedule(at: number, fn: () => void): TimerHandle {
    const timer = { id: this.#nextId++, at, fn };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
    this.onScheduleChanged();
    return timer.id;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
    this.onScheduleChanged();
  }

  /** Fires every timer due at or before `upTo`, letting the subclass move time to each one first. */
  protected fireDue(upTo: number, setNow: (t: number) => void): void {
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > upTo) break;
      this.#timers.shift();
      setNow(next.at);
      next.fn();
    }
    this.onScheduleChanged();
  }

  protected nextDue(): number | undefined {
    return this.#timers[0]?.at;
  }

  protected onScheduleChanged(): void {}
}

/**
 * A clock that moves only when told to. Tests and headless runs use it: the same inputs give
 * the same times.
 */
export class ManualClock extends TimerQueue implements Clock {
  #now: number;

  constructor(startEpochMs = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    super();
    this.#now = startEpochMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return this.schedule(this.#now + Math.max(0, delayMs), fn);
  }

  advance(ms: number): void {
    this.advanceTo(this.#now + Math.max(0, ms));
  }

  advanceTo(epochMs: number): void {
    if (epochMs < this.#now) return;
    this.fireDue(epochMs, this.#setNow);
    this.#now = epochMs;
  }

  /** Made once: the engine advances the clock after every invocation (up to 100k/s). */
  readonly #setNow = (t: number): void => {
    this.#now = t;
  };
}

/** What a LiveClock needs from its host; the browser adapter passes `performance.now` and `setTimeout`. */
export interface Scheduler {
  /** Monotonic milliseconds. */
  monotonic(): number;
  schedule(ms: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

/**
 * A clock that follows real time plus an offset: fast-forwarding adds to the offset and fires
 * the timers that became due. The page's clock for a live playground.
 */
export class LiveClock extends TimerQueue implements Clock {
  #origin: number;
  #startMono: number;
  #offset = 0;
  #pending: unknown;
  #scheduler: Scheduler;

  constructor(scheduler: Scheduler, startEpochMs: number) {
    super();
    this.#scheduler = scheduler;
    this.#origin = startEpochMs;
    this.#startMono = scheduler.monotonic();
  }

  now(): number {
    return Math.floor(this.#origin + (this.#scheduler.monotonic() - this.#startMono) + this.#offset);
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return this.schedule(this.now() + Math.max(0, delayMs), fn);
  }

  advance(ms: number): void {
    this.#offset += Math.max(0, ms);
    this.fireDue(this.now(), () => {});
  }

  advanceTo(epochMs: number): void {
    const now = this.now();
    if (epochMs > now) this.advance(epochMs - now);
  }

  protected override onScheduleChanged(): void {
    if (this.#pending !== undefined) this.#scheduler.cancel(this.#pending);
    this.#pending = undefined;
    const due = this.nextDue();
    if (due === undefined) return;
    this.#pending = this.#scheduler.schedule(Math.max(0, due - this.now()), () => {
      this.#pending = undefined;
      this.fireDue(this.now(), () => {});
    });
  }
}
