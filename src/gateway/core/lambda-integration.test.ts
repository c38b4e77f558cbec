import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { IdGenerator } from './ids';
import { createInProcessInvoker, type InProcessFunction } from './inprocess-invoker';
import { TraceLog } from './trace';
import { LambdaIntegration, type LambdaCall } from './lambda-integration';

function setup(fn: InProcessFunction, functions = { f: { handler: 'f.handler', timeout: 10 } }) {
  const clock = new ManualClock(1_000_000);
  const trace = new TraceLog({ now: () => clock.now(), apiId: 'abcdef1234', stage: '$default' });
  let pending = 0;
  const lambda = new LambdaIntegration({
    invoker: createInProcessInvoker({ f: fn }),
    clock,
    ids: new IdGenerator('t'),
    trace,
    region: 'eu-west-1',
    accountId: '111122223333',
    functions,
    track: { begin: () => pending++, end: () => pending-- },
  });
  const call: LambdaCall = {
    role: 'route',
    functionName: 'f',
    participant: 'integration:f',
    event: { hello: 'world' },
    routeKey: 'GET /x',
    eventType: 'HTTP',
    ids: { requestId: 'req-1' },
    causeSeq: 0,
    timeoutMs: 1000,
  };
  return { clock, trace, lambda, call, pending: () => pending };
}

describe('LambdaIntegration', () => {
  it('invokes with a Lambda-shaped context and traces invoke, platform logs and result stamped with the request id', async () => {
    let seenContext: Record<string, unknown> = {};
    const { lambda, call, trace, pending } = setup({
      handler: (_e, ctx) => {
        seenContext = { ...ctx };
        return { ok: true };
      },
    });
    const { outcome, causeSeq } = await lambda.invokeForAnswer(call);
    expect(outcome).toEqual({ kind: 'ok', value: { ok: true } });
    expect(seenContext).toMatchObject({
      functionName: 'f',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
      logGroupName: '/aws/lambda/f',
    });
    const kinds = trace.events.map((e) => e.kind);
    expect(kinds[0]).toBe('lambda.invoke');
    expect(kinds.at(-1)).toBe('lambda.result');
    expect(causeSeq).toBe(trace.events.at(-1)!.seq);
    for (const e of trace.events) expect(e.requestId).toBe('req-1');
    expect(trace.ofKind('lambda.invoke')[0]).toMatchObject({
      eventType: 'HTTP',
      routeKey: 'GET /x',
      summary: 'GET /x → f',
    });
    expect(pending()).toBe(0);
  });

  it("reports an integration timeout when the function's duration exceeds the gateway's limit, then records the late result", async () => {
    const { lambda, call, trace, clock } = setup({ handler: () => 'late', durationMs: 2500 });
    let outcome: unknown;
    // invoke() resolves once the invocation is fully recorded, after the gateway has answered.
    await lambda.invoke(call, (o) => (outcome = o));
    expect(outcome).toEqual({ kind: 'integration-timeout' });
    expect(trace.ofKind('integration.timeout')[0]).toMatchObject({ t: 1_001_000, timeoutMs: 1000 });
    expect(trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'ok', t: 1_002_500 });
    expect(clock.now()).toBe(1_002_500);
  });

  it("distinguishes the function's own timeout from the integration timeout", async () => {
    const { lambda, call } = setup(
      { handler: () => 'x', durationMs: 2000 },
      { f: { handler: 'f.handler', timeout: 1 } },
    );
    const { outcome } = await lambda.invokeForAnswer({ ...call, timeoutMs: 30_000 });
    expect(outcome).toEqual({ kind: 'function-timeout' });
  });

  it('traces an authorizer call as authorizer.invoke with its identity and no lambda.result', async () => {
    const { lambda, call, trace } = setup({ handler: () => ({ isAuthorized: true }) });
    const { outcome } = await lambda.invokeForAnswer({
      ...call,
      role: 'authorizer',
      participant: 'authorizer:f',
      identity: { '$request.header.Authorization': 'x' },
    });
    expect(outcome.kind).toBe('ok');
    expect(trace.ofKind('authorizer.invoke')[0]).toMatchObject({ summary: 'authorize GET /x → f', to: 'authorizer:f' });
    expect(trace.ofKind('lambda.result')).toEqual([]);
  });

  it('turns a throwing function into an error outcome', async () => {
    const { lambda, call } = setup({
      handler: () => {
        throw new TypeError('boom');
      },
    });
    const { outcome } = await lambda.invokeForAnswer(call);
    expect(outcome).toMatchObject({ kind: 'error', error: { errorType: 'TypeError', errorMessage: 'boom' } });
  });
});
