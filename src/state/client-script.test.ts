import { describe, expect, it } from 'vitest';
import {
  MAX_CLIENTS,
  Pacer,
  batchNames,
  checkBatch,
  checkRate,
  checkRepeat,
  parseScript,
  scriptMessage,
  scriptTotal,
  uniqueName,
} from './client-script';
import { ManualTimers } from './test-timers';

describe('a script', () => {
  it('is one message per line, without blank lines or carriage returns', () => {
    expect(parseScript('{"action":"sendmessage","data":"a"}\r\n\n  \nhello\n')).toEqual([
      '{"action":"sendmessage","data":"a"}',
      'hello',
    ]);
  });

  it('sends its list `repeat` times, with {name} standing for the client', () => {
    const s = { messages: ['hi from {name}', 'bye'], repeat: 3, rate: 1 };
    expect(scriptTotal(s)).toBe(6);
    expect([0, 1, 2, 3].map((i) => scriptMessage(s, i, 'student-7'))).toEqual([
      'hi from student-7',
      'bye',
      'hi from student-7',
      'bye',
    ]);
    // JSON braces are left alone.
    expect(scriptMessage({ messages: ['{"name":"x"}'], repeat: 1, rate: 1 }, 0, 'A')).toBe('{"name":"x"}');
  });

  it('refuses rates and repeat counts outside the bounds, saying which', () => {
    expect(checkRate('2')).toBeNull();
    expect(checkRate('0.5')).toBeNull();
    expect(checkRate('0')).toMatch(/0\.1 to 20/);
    expect(checkRate('500')).toMatch(/0\.1 to 20/);
    expect(checkRate('')).not.toBeNull();
    expect(checkRepeat('10')).toBeNull();
    expect(checkRepeat('1.5')).not.toBeNull();
    expect(checkRepeat('0')).not.toBeNull();
  });
});

describe('Pacer', () => {
  it('sends at the rate in real time: message i at i / rate seconds, then ends complete', () => {
    const timers = new ManualTimers();
    const at: number[] = [];
    const ends: [number, boolean][] = [];
    new Pacer({
      total: 4,
      rate: 2,
      timers,
      send: () => (at.push(timers.t), true),
      end: (n, c) => ends.push([n, c]),
    }).start();
    timers.advance(10_000);
    expect(at).toEqual([0, 500, 1000, 1500]);
    expect(ends).toEqual([[4, true]]);
    expect(timers.pending).toBe(0);
  });

  it('catches up after the page was busy with at most `burst` at once, then keeps the rate from there', () => {
    const timers = new ManualTimers();
    const at: number[] = [];
    new Pacer({ total: 30, rate: 10, timers, burst: 5, send: () => (at.push(timers.t), true), end: () => {} }).start();
    // The first message went at once; the page is busy for 2 s before its timer runs.
    const busy = at.length;
    timers.t = 2000;
    timers.advance(0);
    expect(at.length - busy).toBe(5);
    timers.advance(5000);
    expect(at.length).toBe(30);
    // The other 24 follow at the rate: 100 ms apart from 2.1 s.
    expect(at.slice(busy + 5, busy + 8)).toEqual([2100, 2200, 2300]);
    expect(at.at(-1)).toBe(4400);
  });

  it('ends where a send fails, and stop() ends it without a word', () => {
    const timers = new ManualTimers();
    const ends: [number, boolean][] = [];
    let open = 2;
    new Pacer({ total: 5, rate: 1, timers, send: () => open-- > 0, end: (n, c) => ends.push([n, c]) }).start();
    timers.advance(10_000);
    expect(ends).toEqual([[2, false]]);

    const sent: number[] = [];
    const p = new Pacer({
      total: 5,
      rate: 1,
      timers,
      send: (i) => (sent.push(i), true),
      end: () => ends.push([-1, true]),
    });
    p.start();
    timers.advance(1000);
    p.stop();
    timers.advance(10_000);
    expect(sent).toEqual([0, 1]);
    expect(ends).toHaveLength(1);
    expect(timers.pending).toBe(0);
  });
});

describe('names for a batch of clients', () => {
  it('numbers the pattern from 1, skipping names taken; a pattern without {n} gets -{n}', () => {
    expect(batchNames('student-{n}', 3, () => false)).toEqual(['student-1', 'student-2', 'student-3']);
    const taken = new Set(['student-1', 'student-3']);
    expect(batchNames('student-{n}', 3, (n) => taken.has(n))).toEqual(['student-2', 'student-4', 'student-5']);
    expect(batchNames('team', 2, () => false)).toEqual(['team-1', 'team-2']);
    expect(uniqueName('Alice', (n) => n === 'Alice')).toBe('Alice-2');
  });

  it(`refuses a count beyond the page's room (${MAX_CLIENTS} clients) or an empty pattern`, () => {
    expect(checkBatch('50', 'student-{n}', 2)).toBeNull();
    expect(checkBatch('99', 'student-{n}', 2)).toMatch(/1 to 98/);
    expect(checkBatch('0', 'student-{n}', 2)).not.toBeNull();
    expect(checkBatch('5', '  ', 2)).toMatch(/Name the clients/);
    expect(checkBatch('1', 'x', MAX_CLIENTS)).toMatch(/at most/);
  });
});
