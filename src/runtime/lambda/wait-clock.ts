/**
 * A clock for a handler's own run: real time that stands still while the handler waits for its
 * host (an SDK call the page serves). On AWS such a call takes milliseconds; here it waits for
 * the page's main thread, which may be busy drawing, and that wait is the simulator's. The worker
 * reports Duration on one (src/runtime/worker/entry.ts); the page holds its watchdog and the
 * gateway's integration timeout to another (src/runtime/sandbox/sandbox.ts). Overlapping waits
 * (a broadcast's parallel calls) count once.
 */
export class WaitClock {
  readonly #real: () => number;
  #outstanding = 0;
  #since = 0;
  #waited = 0;
  #lastEnd: number;

  /** `real`: monotonic milliseconds. */
  constructor(real: () => number) {
    this.#real = real;
    this.#lastEnd = real();
  }

  /** Real time less every wait so far (frozen during a wait). */
  now = (): number => {
    const real = this.#real();
    return real - this.#waited - (this.#outstanding ? real - this.#since : 0);
  };

  /**
   * A wait begins. `since` backdates it to when the call was sent (the page learns of a call
   * only when its busy thread reads it), kept between the end of the last wait and now.
   */
  waitBegins(since?: number): void {
    if (this.#outstanding++ > 0) return;
    const real = this.#real();
    this.#since = Math.min(real, Math.max(this.#lastEnd, since ?? real));
  }

  waitEnds(): void {
    if (this.#outstanding === 0 || --this.#outstanding > 0) return;
    const real = this.#real();
    this.#waited += real - this.#since;
    this.#lastEnd = real;
  }
}
