import { describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES } from '../lambda/limits';
import { MAX_LINE_CHARS, MAX_STACK_LINES, checkFrameMessage, checkWorkerMessage, jsonSize } from './messages';

const TIMEOUT = 3000;
const result = (r: unknown) => checkWorkerMessage({ type: 'result', invocationId: 'id-1', result: r }, TIMEOUT);
const line = (l: unknown) => checkWorkerMessage({ type: 'log', invocationId: 'id-1', line: l }, TIMEOUT);

describe('the page schema for sandbox messages', () => {
  it('accepts a result whose duration is a finite number between 0 and the timeout, and keeps only its known fields', () => {
    expect(
      result({ status: 'ok', value: { a: [1, 'b', null, true] }, durationMs: 12.5, logs: ['x'], extra: 1 }),
    ).toEqual({
      type: 'result',
      invocationId: 'id-1',
      result: { status: 'ok', value: { a: [1, 'b', null, true] }, durationMs: 12.5, logs: [] },
    });
    expect(result({ status: 'ok', value: null, durationMs: 0 })).toBeDefined();
    expect(result({ status: 'ok', value: null, durationMs: TIMEOUT })).toBeDefined();
  });

  it('rejects a duration that is a string, NaN, infinite, negative or past the timeout', () => {
    for (const durationMs of ['12', NaN, Infinity, -Infinity, -1, TIMEOUT + 0.01, undefined, null])
      expect(result({ status: 'ok', value: 1, durationMs })).toBeUndefined();
  });

  it('rejects results of another status, without a value, or with a value that is not plain JSON data', () => {
    expect(result({ status: 'timeout', durationMs: 1 })).toBeUndefined();
    expect(result({ status: 'ok', durationMs: 1 })).toBeUndefined();
    for (const value of [new Map(), new Date(0), [NaN], { a: undefined }, new Uint8Array(2), Object.create(null)])
      expect(result({ status: 'ok', value, durationMs: 1 })).toBeUndefined();
  });

  it("turns a plain value over 6 MB into Lambda's own response-size error", () => {
    const checked = result({ status: 'ok', value: 'x'.repeat(MAX_RESPONSE_BYTES + 10), durationMs: 1 });
    expect(checked).toMatchObject({
      result: { status: 'error', error: { errorType: 'Function.ResponseSizeTooLarge' }, durationMs: 1 },
    });
  });

  it('checks an error result: string type and message within limits, at most 100 short stack lines', () => {
    const error = { errorType: 'TypeError', errorMessage: 'boom', stack: ['TypeError: boom', '    at x'] };
    expect(result({ status: 'error', error, durationMs: 1 })).toMatchObject({ result: { status: 'error', error } });
    expect(result({ status: 'error', error: { ...error, errorMessage: 5 }, durationMs: 1 })).toBeUndefined();
    expect(
      result({ status: 'error', error: { ...error, errorMessage: 'x'.repeat(MAX_LINE_CHARS + 1) }, durationMs: 1 }),
    ).toBeUndefined();
    expect(
      result({ status: 'error', error: { ...error, stack: new Array(MAX_STACK_LINES + 1).fill('at') }, durationMs: 1 }),
    ).toBeUndefined();
    expect(result({ status: 'error', error: { ...error, stack: [1] }, durationMs: 1 })).toBeUndefined();
  });

  it('accepts a log line with a known level, text within 256 KB and its marker, and a finite time', () => {
    expect(line({ level: 'info', text: 'hi', at: 2 })).toEqual({
      type: 'log',
      invocationId: 'id-1',
      line: { level: 'info', text: 'hi', at: 2 },
    });
    for (const bad of [
      { level: 'shout', text: 'hi', at: 2 },
      { level: 'log', text: 5, at: 2 },
      { level: 'log', text: 'x'.repeat(MAX_LINE_CHARS + 1), at: 2 },
      { level: 'log', text: 'hi', at: Infinity },
      { level: 'log', text: 'hi', at: -1 },
      { level: 'log', text: 'hi', at: '2' },
      ['log', 'hi', 2],
      null,
    ])
      expect(line(bad)).toBeUndefined();
    expect(
      checkWorkerMessage({ type: 'log', invocationId: 7, line: { level: 'log', text: 'x', at: 0 } }, TIMEOUT),
    ).toBeUndefined();
  });

  it('rebuilds a service call from its checked fields, bytes included, and rejects malformed ones', () => {
    const data = new Uint8Array([104, 105]);
    expect(
      checkWorkerMessage(
        {
          type: 'service',
          callId: 3,
          kind: 'management',
          req: {
            endpoint: 'https://e/dev',
            operation: 'PostToConnection',
            connectionId: 'A=',
            data,
            invocationId: 'forged',
          },
        },
        TIMEOUT,
      ),
    ).toEqual({
      type: 'service',
      callId: 3,
      kind: 'management',
      req: { endpoint: 'https://e/dev', operation: 'PostToConnection', connectionId: 'A=', data },
    });
    expect(
      checkWorkerMessage(
        { type: 'service', callId: 4, kind: 'dynamodb', req: { operation: 'GetItem', input: { TableName: 'T' } } },
        TIMEOUT,
      ),
    ).toMatchObject({ kind: 'dynamodb', req: { operation: 'GetItem', input: { TableName: 'T' } } });
    expect(
      checkWorkerMessage(
        { type: 'service', callId: 5, sentAt: 1.5e12, kind: 'dynamodb', req: { operation: 'Scan' } },
        TIMEOUT,
      ),
    ).toMatchObject({ callId: 5, sentAt: 1.5e12 });
    for (const bad of [
      { type: 'service', callId: -1, kind: 'dynamodb', req: { operation: 'GetItem' } },
      { type: 'service', callId: 1.5, kind: 'dynamodb', req: { operation: 'GetItem' } },
      { type: 'service', callId: 1, kind: 'lambda', req: { operation: 'Invoke' } },
      {
        type: 'service',
        callId: 1,
        kind: 'management',
        req: { endpoint: 'e', operation: 'PostToConnection', connectionId: 'A=', data: 5 },
      },
      { type: 'service', callId: 1, kind: 'dynamodb', req: { operation: 'GetItem', input: { when: new Date(0) } } },
      { type: 'service', callId: 1, sentAt: Infinity, kind: 'dynamodb', req: { operation: 'GetItem' } },
      { type: 'service', callId: 1, sentAt: '1', kind: 'dynamodb', req: { operation: 'GetItem' } },
    ])
      expect(checkWorkerMessage(bad, TIMEOUT)).toBeUndefined();
  });

  it('rejects unknown types and non-objects from workers and the frame', () => {
    for (const m of [null, 'ready', [], { type: 'evil' }, Object.create({ type: 'ready' })])
      expect(checkWorkerMessage(m, TIMEOUT)).toBeUndefined();
    expect(checkFrameMessage({ type: 'ignored', id: 2, count: 3 })).toEqual({ type: 'ignored', id: 2, count: 3 });
    expect(checkFrameMessage({ type: 'ignored', id: 2, count: Infinity })).toBeUndefined();
    expect(checkFrameMessage({ type: 'worker-error', id: '2', message: 'x' })).toBeUndefined();
    expect(checkFrameMessage({ type: 'worker-error', id: 2, message: 'x'.repeat(10_000) })?.type).toBe('worker-error');
  });

  it("accepts a worker's idle answer only with a whole ping number", () => {
    expect(checkWorkerMessage({ type: 'pong', n: 7, extra: 'x' }, TIMEOUT)).toEqual({ type: 'pong', n: 7 });
    for (const n of [-1, 1.5, '7', Infinity, undefined])
      expect(checkWorkerMessage({ type: 'pong', n }, TIMEOUT)).toBeUndefined();
  });

  it("accepts the memory meter's stop only with a whole byte count", () => {
    expect(checkWorkerMessage({ type: 'oom', bytes: 67_108_864 }, TIMEOUT)).toEqual({ type: 'oom', bytes: 67_108_864 });
    for (const bytes of [-1, 0.5, '1', NaN, null])
      expect(checkWorkerMessage({ type: 'oom', bytes }, TIMEOUT)).toBeUndefined();
  });

  it('measures JSON data without recursion and stops at the budget, so deep or cyclic values end', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonSize(deep, 1e7)).toBeGreaterThan(100_000);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonSize(cyclic, 1000)).toBeUndefined();
    // An SDK call's request is cloned, not serialised: an absent optional field may be undefined
    // (GetConnection's `data`), which a result value may not hold.
    expect(jsonSize({ connectionId: 'c1', data: undefined }, 1000, true)).toBeGreaterThan(0);
    expect(jsonSize({ data: undefined }, 1000)).toBeUndefined();
    expect(jsonSize(new Array(200_000).fill('x'), 100_000)).toBeUndefined();
  });
});
