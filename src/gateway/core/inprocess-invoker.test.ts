import { describe, expect, it } from 'vitest';
import { createInProcessInvoker, type InvocationRequest } from '..';

function request(functionName: string, event: unknown = { a: 1 }, timeout = 3): InvocationRequest {
  return {
    invocationId: '11111111-2222-4333-8444-555555555555',
    functionName,
    config: { handler: `${functionName}.handler`, timeout, memorySize: 256, environment: {} },
    event,
    context: {
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
      memoryLimitInMB: '256',
      awsRequestId: '11111111-2222-4333-8444-555555555555',
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: '2026/01/15/[$LATEST]0123456789abcdef0123456789abcdef',
      deadlineMs: 1000 + timeout * 1000,
    },
    startedAt: 1000,
    region: 'us-east-1',
  };
}

const ID = '11111111-2222-4333-8444-555555555555';

describe('createInProcessInvoker', () => {
  it('returns the JSON-serialised result with START/END/REPORT lines in Lambda format', async () => {
    const invoker = createInProcessInvoker({
      f: { handler: async () => ({ statusCode: 200, skip: undefined, fn: () => 1 }), durationMs: 12.5 },
    });
    const result = await invoker.invoke(request('f'));
    expect(result).toMatchObject({ status: 'ok', value: { statusCode: 200 }, durationMs: 12.5 });
    expect(result.logs).toEqual([
      { level: 'platform', text: `START RequestId: ${ID} Version: $LATEST`, at: 0 },
      { level: 'platform', text: `END RequestId: ${ID}`, at: 12.5 },
      {
        level: 'platform',
        text: `REPORT RequestId: ${ID}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB`,
        at: 12.5,
      },
    ]);
  });

  it('reports a simulated duration over the function timeout as a Lambda timeout with the exact log line', async () => {
    const invoker = createInProcessInvoker({ f: { handler: () => ({}), durationMs: 3000.5 } });
    const result = await invoker.invoke(request('f'));
    expect(result).toMatchObject({ status: 'timeout', durationMs: 3000 });
    expect(result.logs.map((l) => l.text)).toEqual([
      `START RequestId: ${ID} Version: $LATEST`,
      `END RequestId: ${ID}`,
      `REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB\tStatus: timeout`,
      // After REPORT, with its time and request id, as CloudWatch shows it (apex/up#663).
      expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${ID} Task timed out after 3\\.00 seconds$`)),
    ]);
  });

  it('turns a throw into {errorType, errorMessage} and logs Invoke Error as the Node.js runtime does', async () => {
    class ValidationError extends Error {
      override name = 'ValidationError';
    }
    const invoker = createInProcessInvoker({
      f: () => {
        throw new ValidationError('bad input');
      },
    });
    const result = await invoker.invoke(request('f'));
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error).toMatchObject({ errorType: 'ValidationError', errorMessage: 'bad input' });
    expect(result.logs[1]).toMatchObject({ level: 'error' });
    expect(result.logs[1].text).toMatch(
      /^Invoke Error \t\{"errorType":"ValidationError","errorMessage":"bad input","stack":\[/,
    );
  });

  it('supports callback-style handlers, and reports a thrown string with errorType "string"', async () => {
    const invoker = createInProcessInvoker({
      ok: (_e, _c, callback) => callback(null, { statusCode: 201 }),
      fail: (_e, _c, callback) => callback('Unauthorized'),
    });
    expect(await invoker.invoke(request('ok'))).toMatchObject({ status: 'ok', value: { statusCode: 201 } });
    expect(await invoker.invoke(request('fail'))).toMatchObject({
      status: 'error',
      error: { errorType: 'string', errorMessage: 'Unauthorized' },
    });
  });

  it('hands the handler a copy of the event, so mutating it cannot change what the gateway recorded', async () => {
    const event = { body: 'x', nested: { n: 1 } };
    const invoker = createInProcessInvoker({
      f: (e) => {
        e.nested.n = 2;
        return null;
      },
    });
    const result = await invoker.invoke(request('f', event));
    expect(event.nested.n).toBe(1);
    expect(result).toMatchObject({ status: 'ok', value: null });
  });

  it('hands the handler the event as JSON would carry it: same keys in the same order, odd members dropped or nulled', async () => {
    const seen: unknown[] = [];
    const invoker = createInProcessInvoker({ f: (event) => void seen.push(event) });
    const events = [
      { b: 1, a: { y: 'y', x: [1, undefined, () => 1, NaN] }, 2: true, 1: null },
      { a: undefined, b: () => 1, c: Infinity, d: -Infinity, e: new Date(0), [Symbol('s')]: 1, f: 'kept' },
      { nested: { deep: { gone: undefined, kept: [{ toJSON: () => 'via toJSON' }] } } },
      Object.assign(Object.create(null) as object, { z: 1, y: { w: NaN } }),
    ];
    for (const event of events) await invoker.invoke(request('f', event));
    for (const [i, event] of events.entries()) {
      expect(JSON.stringify(seen[i])).toBe(JSON.stringify(event));
      expect(seen[i]).toEqual(JSON.parse(JSON.stringify(event)));
    }
  });

  it('gives the handler a Lambda context whose remaining time counts down from the timeout', async () => {
    let remaining = -1;
    let arn = '';
    const invoker = createInProcessInvoker({
      f: (_e, ctx) => ((remaining = ctx.getRemainingTimeInMillis()), (arn = ctx.invokedFunctionArn), {}),
    });
    await invoker.invoke(request('f', {}, 5));
    expect(remaining).toBe(5000);
    expect(arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:f');
  });

  it('reports a function it does not have as Runtime.HandlerNotFound', async () => {
    const result = await createInProcessInvoker({}).invoke(request('missing'));
    expect(result).toMatchObject({
      status: 'error',
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'missing.handler is undefined or not exported' },
    });
  });

  it('takes a duration that depends on the event', async () => {
    const invoker = createInProcessInvoker({ f: { handler: () => ({}), durationMs: (e) => e.n * 10 } });
    expect((await invoker.invoke(request('f', { n: 7 }))).durationMs).toBe(70);
  });
});
