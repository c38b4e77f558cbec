import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat, type Heartbeat } from './heartbeat';

/** A frame on fake time: answers each ping after `delay` ms while alive. */
function frame(options: { intervalMs: number; deadAfterMs: number }) {
  const pings: number[] = [];
  const deaths: number[] = [];
  let alive = true;
  let delay = 1;
  const beat: Heartbeat = startHeartbeat({
    ...options,
    now: () => Date.now(),
    ping: (n) => {
      pings.push(n);
      setTimeout(() => {
        if (alive) beat.pong(n);
      }, delay);
    },
    onDead: (silentMs) => deaths.push(silentMs),
  });
  return {
    beat,
    pings,
    deaths,
    die: () => (alive = false),
    answerAfter: (ms: number) => (delay = ms),
  };
}

/** Blocks the (fake) page's main thread for `ms`: the clock moves on, no timer runs meanwhile. */
const stall = (ms: number) => vi.setSystemTime(Date.now() + ms);

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('the frame heartbeat', () => {
  it('pings at its interval and never declares an answering frame dead', () => {
    const f = frame({ intervalMs: 1000, deadAfterMs: 5000 });
    vi.advanceTimersByTime(60_000);
    expect(f.pings.length).toBe(60);
    expect(f.deaths).toEqual([]);
  });

  it('keeps a frame that answers slowly but within the bound alive', () => {
    const f = frame({ intervalMs: 1000, deadAfterMs: 5000 });
    f.answerAfter(4500);
    vi.advanceTimersByTime(60_000);
    expect(f.deaths).toEqual([]);
    // One ping per answer: a slow frame is not flooded with pings it has not answered.
    expect(f.pings.length).toBeLessThan(20);
  });

  it('declares a frame that stops answering dead once it has been silent for the bound, and only once', () => {
    const f = frame({ intervalMs: 1000, deadAfterMs: 5000 });
    vi.advanceTimersByTime(10_000);
    f.die();
    const diedAt = Date.now();
    vi.advanceTimersByTime(4000);
    expect(f.deaths).toEqual([]);
    vi.advanceTimersByTime(2500);
    expect(f.deaths).toEqual([5000]);
    // Declared within the bound plus one ping interval of its last answer.
    expect(Date.now() - diedAt).toBeLessThanOrEqual(6500);
    vi.advanceTimersByTime(60_000);
    expect(f.deaths).toEqual([5000]);
  });

  it('does not count a round in which the page itself was held up: the answer may be queued behind it', () => {
    const f = frame({ intervalMs: 1000, deadAfterMs: 5000 });
    f.answerAfter(3000);
    vi.advanceTimersByTime(1000); // ping 1 sent; its answer is due at 4000
    // The page's main thread is blocked for 20 s (a long render): when it frees, the timer
    // runs before the frame's answer is delivered, so the round proves nothing.
    stall(20_000);
    vi.advanceTimersByTime(1000);
    expect(f.deaths).toEqual([]);
    vi.advanceTimersByTime(30_000);
    expect(f.deaths).toEqual([]);
  });

  it('still declares a dead frame dead on a page whose timers run late now and then', () => {
    const f = frame({ intervalMs: 1000, deadAfterMs: 5000 });
    vi.advanceTimersByTime(1000);
    f.die();
    for (let i = 0; i < 3; i++) {
      stall(10_000);
      vi.advanceTimersByTime(1000);
    }
    expect(f.deaths).toEqual([]);
    vi.advanceTimersByTime(6000);
    expect(f.deaths.length).toBe(1);
  });

  it('ignores answers to pings it never sent, and stops on request', () => {
    const f = frame({ intervalMs: 1000, deadAfterMs: 3000 });
    f.die();
    vi.advanceTimersByTime(1000);
    f.beat.pong(99);
    f.beat.pong(Number.NaN);
    vi.advanceTimersByTime(3500);
    expect(f.deaths.length).toBe(1);

    const g = frame({ intervalMs: 1000, deadAfterMs: 3000 });
    g.die();
    g.beat.stop();
    vi.advanceTimersByTime(60_000);
    expect(g.pings).toEqual([]);
    expect(g.deaths).toEqual([]);
  });
});
