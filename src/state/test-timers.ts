/**
 * Real time for tests of what runs on it (scripted clients): nothing fires until `advance`.
 */
import type { PacerTimers } from './client-script';

/** Manual real time: `advance` runs the timers that fall due, in order. */
export class ManualTimers implements PacerTimers {
  t = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#id;
    this.#timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.#timers.delete(h as number);
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.#timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.#timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
  get pending(): number {
    return this.#timers.size;
  }
}
