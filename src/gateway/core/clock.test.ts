import { describe, expect, it } from 'vitest';
import { LiveClock, ManualClock, type Scheduler } from './clock';

describe('ManualClock', () => {
  it('fires timers in time order when virtual time is advanced past them', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
    clock.advance(200);
    expect(fired).toEqual(['a@1100']);
    clock.advance(200);
    expect(fired).toEqual(['a@1100', 'b@1300']);
    expect(clock.now()).toBe(1400);
  });

  it('does not fire a cleared timer', () => {
    const clock = new ManualClock(0);
    let fired = false;
    const h = clock.setTimer(10, () => (fired = true));
    clock.clearTimer(h);
    clock.advance(100);
    expect(fired).toBe(false);
  });

  it('fires many timers set and cleared in any order by time, ties in the order they were set', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const kept: { at: number; n: number }[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const handles: number[] = [];
    for (let n = 0; n < 500; n++) {
      const at = Math.floor(random() * 50); // many ties
      handles.push(clock.setTimer(at, () => fired.push(n)));
      kept.push({ at, n });
    }
    const cleared = new Set<number>();
    for (let n = 0; n < 500; n += 3) {
      clock.clearTimer(handles[n]!);
      clock.clearTimer(handles[n]!); // clearing twice changes nothing
      cleared.add(n);
    }
    clock.advance(100);
    const expected = kept
      .filter((k) => !cleared.has(k.n))
      .sort((a, b) => a.at - b.at || a.n - b.n)
      .map((k) => k.n);
    expect(fired).toEqual(expected);
  });

  it('never moves backwards', () => {
    const clock = new ManualClock(500);
    clock.advanceTo(100);
    expect(clock.now()).toBe(500);
  });
});

describe('LiveClock', () => {
  function fakeScheduler() {
    let mono = 0;
    const pending = new Map<number, { at: number; fn: () => void }>();
    let id = 0;
    const s: Scheduler & { tick(ms: number): void } = {
      monotonic: () => mono,
      schedule: (ms, fn) => (pending.set(++id, { at: mono + ms, fn }), id),
      cancel: (h) => pending.delete(h as number),
      tick(ms) {
        mono += ms;
        for (const [k, p] of [...pending]) {
          if (p.at <= mono) {
            pending.delete(k);
            p.fn();
          }
        }
      },
    };
    return s;
  }

  it('follows real time from its start epoch', () => {
    const s = fakeScheduler();
    const clock = new LiveClock(s, 10_000);
    s.tick(250);
    expect(clock.now()).toBe(10_250);
  });

  it('fast-forwards by an offset and fires the timers that became due', () => {
    const s = fakeScheduler();
    const clock = new LiveClock(s, 0);
    const fired: number[] = [];
    clock.setTimer(600_000, () => fired.push(clock.now()));
    clock.advance(600_000);
    expect(fired).toEqual([600_000]);
  });

  it('fires a timer through the host scheduler when real time reaches it', () => {
    const s = fakeScheduler();
    const clock = new LiveClock(s, 0);
    let fired = false;
    clock.setTimer(50, () => (fired = true));
    s.tick(49);
    expect(fired).toBe(false);
    s.tick(1);
    expect(fired).toBe(true);
  });
});
