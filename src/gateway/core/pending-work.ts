/**
 * Counts work in flight inside one engine instance (a message being routed, a Lambda still
 * running after the gateway answered, a `$disconnect` AWS runs in the background) so callers
 * can `await whenIdle()` instead of sleeping. Every engine type uses one.
 */
export class PendingWork {
  #pending = 0;
  #waiters: (() => void)[] = [];

  begin(): void {
    this.#pending++;
  }

  end(): void {
    if (--this.#pending === 0 && this.#waiters.length) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves once nothing is in flight (at once when nothing is). */
  whenIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
