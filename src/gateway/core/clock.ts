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

/**
 * Shared timer bookkeeping for both clocks: an ordered list, ties broken by creation order.
 * Every connection holds an idle timer that each message moves, so a timer is set and cleared
 * several times per message: both find their place by binary search (a room of 1,000
 * connections re-sorted or filtered the whole list on every one).
 */
abstract class TimerQueue {
  #timers: Timer[] = [];
  /** Where each pending timer is due, to find it again when it is cleared. */
  #due = new Map<TimerHandle, number>();
  #nextId = 1;

  /** The index of the first timer ordered after (at, id). */
  #after(at: number, id: number): number {
    const timers = this.#timers;
    let lo = 0;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = timers[mid]!;
      if (t.at < at || (t.at === at && t.id <= id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  protected schedule(at: number, fn: () => void): TimerHandle {
    const timer = { id: this.#nextId++, at, fn };
    this.#timers.splice(this.#after(at, timer.id), 0, timer);
    this.#due.set(timer.id, at);
    this.onScheduleChanged();
    return timer.id;
  }

  clearTimer(handle: TimerHandle): void {
    const at = this.#due.get(handle);
    if (at !== undefined) {
      this.#due.delete(handle);
      const i = this.#after(at, handle) - 1;
      if (this.#timers[i]?.id === handle) this.#timers.splice(i, 1);
    }
    this.onScheduleChanged();
  }

  /** Fires every timer due at or before `upTo`, letting the subclass move time to each one first. */
  protected fireDue(upTo: number, setNow: (t: number) => void): void {
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > upTo) break;
      this.#timers.shift();
      this.#due.delete(next.id);
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
