/**
 * What a screen reader hears about a client's incoming frames: a throttled summary, never every
 * frame. The frame list itself is not a live region (a burst of fifty frames was fifty
 * announcements queued behind one another); a visually hidden polite region says at most one
 * summary per ANNOUNCE_INTERVAL_MS: the first message of a quiet spell at once, then how many
 * arrived since, with the latest one's text cut short.
 */

/** At most one announcement per this many ms, per client. */
export const ANNOUNCE_INTERVAL_MS = 1000;

/** Characters of the latest message's text an announcement reads. */
export const ANNOUNCED_CHARS = 80;

/** "Message received on Alice: hi", or "3 messages received on Alice, latest: hi". */
export function summary(name: string, count: number, latest: string): string {
  const flat = latest.replace(/\s+/g, ' ').trim();
  const text = flat.length > ANNOUNCED_CHARS ? `${flat.slice(0, ANNOUNCED_CHARS - 1)}…` : flat;
  return count === 1
    ? `Message received on ${name}: ${text}`
    : `${count} messages received on ${name}, latest: ${text}`;
}

export interface AnnouncerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(id: ReturnType<typeof setTimeout> | undefined): void;
}

const realClock: AnnouncerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
};

/** Collects received messages and says a summary of them, at most once per interval. */
export class FrameAnnouncer {
  #say: (text: string) => void;
  #intervalMs: number;
  #clock: AnnouncerClock;
  #pending = 0;
  #latest = '';
  #name = '';
  #lastSaid = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(say: (text: string) => void, intervalMs = ANNOUNCE_INTERVAL_MS, clock: AnnouncerClock = realClock) {
    this.#say = say;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
  }

  /** `count` messages arrived on `name`, the newest reading `latest`. */
  received(name: string, count: number, latest: string): void {
    if (count <= 0) return;
    this.#pending += count;
    this.#latest = latest;
    this.#name = name;
    if (this.#timer !== undefined) return;
    const wait = this.#lastSaid + this.#intervalMs - this.#clock.now();
    if (wait <= 0) this.#flush();
    else this.#timer = this.#clock.setTimeout(() => this.#flush(), wait);
  }

  /** Forgets what was not said yet (a replay began: what it shows is not news). */
  drop(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = 0;
  }

  #flush(): void {
    this.#timer = undefined;
    if (!this.#pending) return;
    this.#lastSaid = this.#clock.now();
    const text = summary(this.#name, this.#pending, this.#latest);
    this.#pending = 0;
    this.#say(text);
  }
}
