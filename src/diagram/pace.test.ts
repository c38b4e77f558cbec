import { describe, expect, it } from 'vitest';
import { RenderPace } from './pace';

describe('RenderPace', () => {
  it('lets the first render start at once and then leaves the page twice what a render costs', () => {
    const pace = new RenderPace({ window: 48, share: 1 / 3 });
    expect(pace.nextStart()).toBe(-Infinity);
    pace.rendered(100, 1000);
    expect(pace.gap).toBeCloseTo(200);
    expect(pace.nextStart()).toBeCloseTo(1200);
  });

  it('widens the gap when renders grow slower and narrows it when they speed up again', () => {
    const pace = new RenderPace({ window: 48, share: 1 / 3 });
    pace.rendered(50, 0);
    const fast = pace.gap;
    pace.rendered(400, 1000);
    expect(pace.gap).toBeGreaterThan(fast * 3);
    for (let i = 0; i < 10; i++) pace.rendered(50, 2000 + i);
    expect(pace.gap).toBeCloseTo(fast, 0);
  });

  it('leaves the page more of its time while steps pour in than while a learner steps through a chat', () => {
    const pace = new RenderPace({ window: 48, share: 3 / 4, streamShare: 1 / 3, streamRate: 150 });
    pace.rendered(30, 0);
    // 40 steps a second: a drawing may take three quarters of the time.
    for (let t = 0; t <= 2000; t += 100) pace.observe(t / 25, t);
    expect(pace.gap).toBeCloseTo(10);
    // 400 steps a second: only a third.
    for (let t = 2100; t <= 6000; t += 100) pace.observe(80 + (t - 2000) / 2.5, t);
    expect(pace.gap).toBeCloseTo(60);
  });

  it('counts a first render that also loaded Mermaid as at most two seconds', () => {
    const pace = new RenderPace({ window: 48, share: 1 / 2 });
    pace.rendered(60_000, 0);
    expect(pace.cost).toBe(2000);
  });

  it('keeps drawing live while a calm trace adds fewer steps between drawings than the window shows', () => {
    const pace = new RenderPace({ window: 48, share: 1 / 3 });
    pace.rendered(100, 0);
    // 20 steps a second, a drawing every 300 ms: 6 steps per drawing.
    for (let t = 0; t <= 4000; t += 100) pace.observe(t / 50, t);
    expect(pace.paused).toBe(false);
  });

  it('pauses when steps arrive faster than a drawing can show them, and resumes once the stream stops', () => {
    const pace = new RenderPace({ window: 48, share: 1 / 3 });
    pace.rendered(300, 0);
    // 150 steps a second with a drawing every 900 ms: 135 steps per drawing, more than the window.
    let steps = 0;
    for (let t = 0; t <= 3000; t += 20) pace.observe((steps = Math.floor((t * 150) / 1000)), t);
    expect(pace.paused).toBe(true);
    expect(pace.stepsPerDraw(3000)).toBeGreaterThan(48);
    // Nothing new for a while: the rate falls to 0 and drawing resumes.
    pace.observe(steps, 4000);
    expect(pace.paused).toBe(true);
    pace.observe(steps, 5500);
    expect(pace.paused).toBe(false);
  });

  it('never pauses before it knows what a render costs', () => {
    const pace = new RenderPace({ window: 10 });
    for (let t = 0; t <= 2000; t += 10) pace.observe(t, t);
    expect(pace.paused).toBe(false);
  });

  it('starts counting again when the trace is replaced by a shorter one', () => {
    const pace = new RenderPace({ window: 10, share: 1 / 2 });
    pace.rendered(100, 0);
    pace.observe(5000, 0);
    pace.observe(0, 100);
    expect(pace.rate(100)).toBe(0);
    expect(pace.paused).toBe(false);
  });
});
