/**
 * The page's heartbeat with the sandbox frame: is the frame's process still alive?
 *
 * The frame is an out-of-process iframe. Memory a handler grows by means the meter does not see
 * (../worker/memory.ts: `push` in a loop, spread, `JSON.parse`, a growing Map…) takes that
 * renderer to V8's limit, and Chromium kills it: the page lives on, but nothing tells it. The
 * iframe element stays, its window and every port into it go silent, and each later invocation
 * would wait for a worker that never answers. So the page pings the frame over a port of its
 * own; the frame's main thread answers at once (it only starts and ends workers, so it is never
 * busy for long, and a worker running a handler, however long, is another thread: a busy worker
 * is not a silent frame).
 *
 * Only silence the page was awake to hear counts. A round in which the page's own timer came
 * late (a busy main thread rendering, a background tab's throttled timers) proves nothing: the
 * answer may be waiting behind that very timer, so that round is not counted.
 */

/** Real ms between pings. */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * Real ms of silence, counted only while the page itself is on time, before the frame is declared
 * dead. A live frame answers in well under a millisecond; generous, for two busy cores.
 */
export const FRAME_DEAD_MS = 5000;

export interface HeartbeatOptions {
  intervalMs?: number;
  deadAfterMs?: number;
  /** Sends ping `n` to the frame. */
  ping(n: number): void;
  /** Called once, when the frame has been silent `silentMs` (counted as above); the heartbeat stops. */
  onDead(silentMs: number): void;
  /** The page's clock (real ms). */
  now?: () => number;
}

export interface Heartbeat {
  /** The frame answered ping `n`. */
  pong(n: number): void;
  stop(): void;
}

export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const intervalMs = options.intervalMs ?? HEARTBEAT_INTERVAL_MS;
  const deadAfterMs = options.deadAfterMs ?? FRAME_DEAD_MS;
  const now = options.now ?? (() => performance.now());
  let sent = 0;
  let answered = true;
  let silent = 0;
  let stopped = false;
  let last = now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = () => {
    const t = now();
    const elapsed = t - last;
    last = t;
    if (!answered) {
      // A timer this late means the page was held up: an answer may be queued behind it.
      if (elapsed <= 2 * intervalMs) silent += elapsed;
      if (silent >= deadAfterMs) {
        stopped = true;
        options.onDead(silent);
        return;
      }
    } else {
      answered = false;
      options.ping(++sent);
    }
    timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);

  return {
    pong(n) {
      // Any ping the page sent proves the frame alive; a number it never sent proves nothing.
      if (stopped || !Number.isInteger(n) || n < 1 || n > sent) return;
      answered = true;
      silent = 0;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
