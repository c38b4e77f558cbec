import { describe, expect, it } from 'vitest';
import { WaitClock } from './wait-clock';

function clockAt(start = 1000) {
  let t = start;
  return { clock: new WaitClock(() => t), pass: (ms: number) => (t += ms) };
}

describe('WaitClock', () => {
  it('runs with real time while the handler works and stands still while it waits for its host', () => {
    const { clock, pass } = clockAt();
    const t0 = clock.now();
    pass(100);
    clock.waitBegins();
    pass(5_000);
    expect(clock.now() - t0).toBe(100);
    clock.waitEnds();
    pass(50);
    expect(clock.now() - t0).toBe(150);
  });

  it('counts overlapping waits once (a broadcast of parallel calls)', () => {
    const { clock, pass } = clockAt();
    const t0 = clock.now();
    clock.waitBegins();
    clock.waitBegins();
    pass(300);
    clock.waitEnds();
    pass(200);
    expect(clock.now() - t0).toBe(0);
    clock.waitEnds();
    pass(10);
    expect(clock.now() - t0).toBe(10);
  });

  it('backdates a wait to when the call was sent, never before the last wait ended or after now', () => {
    const { clock, pass } = clockAt(1000);
    const t0 = clock.now();
    pass(1_000);
    // Sent at 1,200, read by a busy page at 2,000: 200 ms of the handler's own run.
    clock.waitBegins(1_200);
    clock.waitEnds();
    expect(clock.now() - t0).toBe(200);
    pass(100);
    // A claim from before the previous wait ended, or from the future, is held to those bounds.
    clock.waitBegins(0);
    pass(50);
    clock.waitEnds();
    expect(clock.now() - t0).toBe(200);
    clock.waitBegins(1e15);
    pass(50);
    clock.waitEnds();
    expect(clock.now() - t0).toBe(200);
  });

  it('ignores an end without a beginning', () => {
    const { clock, pass } = clockAt();
    const t0 = clock.now();
    clock.waitEnds();
    pass(40);
    expect(clock.now() - t0).toBe(40);
  });
});
