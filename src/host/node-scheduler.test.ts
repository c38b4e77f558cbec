import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNodeScheduler } from './node-scheduler';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the Node scheduler of a live gateway clock', () => {
  it('fires each handle at its own time, in due order, and never one cancelled', () => {
    const s = createNodeScheduler();
    const fired: string[] = [];
    s.schedule(300, () => fired.push('c'));
    s.schedule(100, () => fired.push('a'));
    const b = s.schedule(200, () => fired.push('b'));
    s.schedule(200, () => fired.push('b2'));
    s.cancel(b);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['a', 'b2']);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['a', 'b2', 'c']);
  });

  it('keeps one Node timer through a cancel and a later schedule, re-arming it for the later due', () => {
    const s = createNodeScheduler();
    const fired: number[] = [];
    let handle = s.schedule(1000, () => fired.push(1000));
    // What the clock does on every message: cancel its earliest, schedule the (later) new earliest.
    for (let i = 1; i <= 5; i++) {
      s.cancel(handle);
      handle = s.schedule(1000 + i * 100, () => fired.push(1000 + i * 100));
      expect(vi.getTimerCount()).toBe(1);
    }
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(499);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([1500]);
  });

  it('arms sooner when a sooner due comes, and a handle scheduled while firing fires later', () => {
    const s = createNodeScheduler();
    const fired: string[] = [];
    s.schedule(1000, () => fired.push('late'));
    s.schedule(10, () => {
      fired.push('soon');
      s.schedule(0, () => fired.push('from soon'));
    });
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(['soon']);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['soon', 'from soon']);
    vi.advanceTimersByTime(989);
    expect(fired).toEqual(['soon', 'from soon', 'late']);
  });

  it('holds no Node timer once nothing is due', async () => {
    const s = createNodeScheduler();
    const handle = s.schedule(60_000, () => undefined);
    expect(vi.getTimerCount()).toBe(1);
    s.cancel(handle);
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(0);
  });
});
