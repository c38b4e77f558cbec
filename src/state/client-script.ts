/**
 * Scripted clients and clients in bulk, the pure parts: a script is a list of messages (one per
 * line) sent `repeat` times at `rate` messages a second of real time; a batch of clients is
 * named from a pattern such as `student-{n}`. The reactive side is ./clients.svelte.ts.
 */

/** A client's script: what share links store (`script: string[]`) plus how to run it. */
export interface ClientScript {
  messages: string[];
  /** How many times the list is sent (N copies of one message: a one-line list, repeat N). */
  repeat: number;
  /** Messages per second, real time. */
  rate: number;
}

/**
 * The bounds keep a room of clients from freezing the page: 50 clients at 20 messages a second
 * are 1,000 messages a second through the sandbox (npm run bench -- clients50 measures it).
 */
export const SCRIPT_LIMITS = {
  maxMessages: 1_000,
  maxRepeat: 10_000,
  minRate: 0.1,
  maxRate: 20,
} as const;

export const DEFAULT_SCRIPT: ClientScript = { messages: [], repeat: 1, rate: 2 };

/** One message per line; blank lines are skipped (a page cannot send an empty frame from the console). */
export function parseScript(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, SCRIPT_LIMITS.maxMessages);
}

/** `{name}` in a scripted message becomes the client's name, so one script serves a batch. */
export function scriptMessage(script: ClientScript, i: number, name: string): string {
  const text = script.messages[i % script.messages.length] ?? '';
  return text.split('{name}').join(name);
}

export function scriptTotal(script: ClientScript): number {
  return script.messages.length * script.repeat;
}

/** Why the rate text is not usable, or null. */
export function checkRate(text: string): string | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < SCRIPT_LIMITS.minRate || n > SCRIPT_LIMITS.maxRate)
    return `A rate from ${SCRIPT_LIMITS.minRate} to ${SCRIPT_LIMITS.maxRate} messages a second.`;
  return null;
}

/** Why the repeat count is not usable, or null. */
export function checkRepeat(text: string): string | null {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > SCRIPT_LIMITS.maxRepeat)
    return `A whole number from 1 to ${SCRIPT_LIMITS.maxRepeat.toLocaleString('en')}.`;
  return null;
}

export interface PacerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Monotonic ms. */
  now(): number;
}

export interface PacerOptions {
  total: number;
  rate: number;
  timers: PacerTimers;
  /** Sends message i; false when it could not go (the run ends). */
  send(i: number): boolean;
  /** The run ended by itself: all sent (`complete`) or a send failed. */
  end(sent: number, complete: boolean): void;
  /** Most messages sent in one tick after the page was busy (default 10). */
  burst?: number;
}

/**
 * Sends `total` messages at `rate` a second. Message i is due at start + i / rate; a page that
 * was busy sends what fell due meanwhile, at most `burst` at once, and after a longer stall the
 * schedule moves on from there (never a flood). Every message is sent in the end. `send(i)`
 * returns false when the message could not go (the socket closed): the run ends there.
 */
export class Pacer {
  #timer: unknown = null;
  #next = 0;
  #start = 0;
  #stopped = false;
  readonly #o: PacerOptions;

  constructor(o: PacerOptions) {
    this.#o = o;
  }

  start(): void {
    this.#start = this.#o.timers.now();
    this.#tick();
  }

  /** Ends the run early; `end` is not called (the caller knows why it stopped). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#o.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    this.#timer = null;
    if (this.#stopped) return;
    const { total, rate, timers } = this.#o;
    const interval = 1000 / rate;
    const due = Math.min(total, Math.floor((timers.now() - this.#start) / interval) + 1);
    const burst = this.#o.burst ?? 10;
    for (let n = 0; this.#next < due && n < burst; n++) {
      if (!this.#o.send(this.#next)) {
        this.#stopped = true;
        this.#o.end(this.#next, false);
        return;
      }
      this.#next++;
    }
    if (this.#next >= total) {
      this.#stopped = true;
      this.#o.end(this.#next, true);
      return;
    }
    // Still behind after a burst: what was missed is dropped from the schedule (the rest keeps
    // the rate from now) rather than sent as a flood.
    if (this.#next < due) this.#start = timers.now() + interval - this.#next * interval;
    const wait = Math.max(0, this.#start + this.#next * interval - timers.now());
    this.#timer = timers.setTimeout(() => this.#tick(), wait);
  }
}

/** At most this many clients in one page (a class of 50, with room). */
export const MAX_CLIENTS = 100;

/** Why a batch cannot be added, or null. */
export function checkBatch(countText: string, pattern: string, existing: number): string | null {
  const n = Number(countText);
  const room = MAX_CLIENTS - existing;
  if (room <= 0) return `A page holds at most ${MAX_CLIENTS} clients.`;
  if (!Number.isInteger(n) || n < 1 || n > room) return `A number from 1 to ${room}.`;
  const p = pattern.trim();
  if (p === '') return 'Name the clients, e.g. student-{n}.';
  if (p.length > 40) return 'Keep names under 40 characters.';
  return null;
}

/**
 * `count` names from `pattern` (`{n}` is the number, counted from 1; a pattern without it gets
 * `-{n}`), skipping names that are taken.
 */
export function batchNames(pattern: string, count: number, taken: (name: string) => boolean): string[] {
  const p = pattern.trim();
  const withN = p.includes('{n}') ? p : `${p}-{n}`;
  const out: string[] = [];
  const chosen = new Set<string>();
  for (let i = 1; out.length < count && i < count + 100_000; i++) {
    const name = withN.split('{n}').join(String(i));
    if (taken(name) || chosen.has(name)) continue;
    chosen.add(name);
    out.push(name);
  }
  return out;
}

/** `name`, or `name-2`, `name-3`… when taken. */
export function uniqueName(name: string, taken: (name: string) => boolean): string {
  if (!taken(name)) return name;
  for (let i = 2; ; i++) if (!taken(`${name}-${i}`)) return `${name}-${i}`;
}

/** Each wanted name made unique among `existing` and the ones before it ('' becomes `client`). */
export function uniqueNames(wanted: readonly string[], existing: readonly string[]): string[] {
  const names = new Set(existing);
  return wanted.map((w) => {
    const name = uniqueName(w.trim() || 'client', (n) => names.has(n));
    names.add(name);
    return name;
  });
}

/** `count` names from `pattern` that none of `existing` has. */
export function freshBatchNames(pattern: string, count: number, existing: readonly string[]): string[] {
  const taken = new Set(existing);
  return batchNames(pattern, count, (n) => taken.has(n));
}
