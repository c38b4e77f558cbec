import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCED_CHARS, FrameAnnouncer, summary } from './frame-announcer';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

function announcer() {
  const said: { at: number; text: string }[] = [];
  const a = new FrameAnnouncer((text) => said.push({ at: Date.now(), text }), 1000, {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  });
  return { a, said };
}

describe('the frame announcer', () => {
  it('says the first message of a quiet spell at once', () => {
    const { a, said } = announcer();
    a.received('Alice', 1, 'hello Bob');
    expect(said).toEqual([{ at: 0, text: 'Message received on Alice: hello Bob' }]);
  });

  it('sums up a burst of 50 messages in at most two announcements, about a second apart', () => {
    const { a, said } = announcer();
    for (let i = 0; i < 50; i++) {
      a.received('Alice', 1, `message ${i}`);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(5000);
    expect(said).toEqual([
      { at: 0, text: 'Message received on Alice: message 0' },
      { at: 1000, text: '49 messages received on Alice, latest: message 49' },
    ]);
  });

  it('never says more than one summary a second during a long stream', () => {
    const { a, said } = announcer();
    for (let i = 0; i < 600; i++) {
      a.received('Alice', 1, `m${i}`);
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(2000);
    for (let i = 1; i < said.length; i++) expect(said[i].at - said[i - 1].at).toBeGreaterThanOrEqual(1000);
    expect(said.length).toBeLessThanOrEqual(31);
    // Every message is counted in some announcement.
    const counted = said.reduce((n, s) => n + (Number(/^(\d+) messages/.exec(s.text)?.[1]) || 1), 0);
    expect(counted).toBe(600);
  });

  it('forgets what it had not said yet when a replay begins', () => {
    const { a, said } = announcer();
    a.received('Alice', 1, 'one');
    a.received('Alice', 5, 'six');
    a.drop();
    vi.advanceTimersByTime(5000);
    expect(said.map((s) => s.text)).toEqual(['Message received on Alice: one']);
  });

  it('reads the latest message on one line, cut short', () => {
    const long = 'word '.repeat(100);
    const text = summary('Bob', 3, `line one\n\tline two ${long}`);
    expect(text.startsWith('3 messages received on Bob, latest: line one line two word')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBe('3 messages received on Bob, latest: '.length + ANNOUNCED_CHARS);
  });
});
