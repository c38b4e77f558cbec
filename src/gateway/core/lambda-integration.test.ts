import { describe, expect, it } from 'vitest';
import { LiveClock, ManualClock, type Scheduler } from './clock';
import { IdGenerator } from './ids';
import { createInProcessInvoker, type InProcessFunction } from './inprocess-invoker';
import type { InvocationHooks, InvocationRequest, InvocationResult, Invoker } from './invoker';
import { TraceLog } from './trace';
import { LambdaIntegration, type LambdaCall } from './lambda-integration';

function setup(fn: InProcessFunction | Invoker, functions = { f: { handler: 'f.handler', timeout: 10 } }) {
  const clock = new ManualClock(1_000_000);
  const trace = new TraceLog({ now: () => clock.now(), apiId: 'abcdef1234', stage: '$default' });
  let pending = 0;
  const lambda = new LambdaIntegration({
    invoker: 'invoke' in fn ? fn : createInProcessInvoker({ f: fn }),
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

  describe('with an invoker that queues requests before their handler runs (the browser sandbox)', () => {
    /** An invoker that holds each request until the test starts it, then until the test finishes it. */
    function queueingInvoker() {
      const held: {
        request: InvocationRequest;
        hooks: InvocationHooks;
        started?: InvocationRequest;
        finish(result: InvocationResult): void;
      }[] = [];
      const invoker: Invoker = {
        defersStart: true,
        invoke: (request, hooks) => new Promise((finish) => held.push({ request, hooks: hooks!, finish })),
      };
      const startNext = (i = 0) => (held[i].started = held[i].hooks.start());
      return { invoker, held, startNext };
    }
    const ok = (durationMs: number): InvocationResult => ({ status: 'ok', value: 'done', durationMs, logs: [] });

    it('does not count the time a request waited for a worker against the integration timeout', async () => {
      const q = queueingInvoker();
      const { lambda, call, trace, clock } = setup(q.invoker);
      let outcome: unknown;
      const done = lambda.invoke(call, (o) => (outcome = o));
      // A minute in the queue, sixty times the route's 1 s integration timeout.
      clock.advance(60_000);
      expect(outcome).toBeUndefined();
      expect(trace.ofKind('integration.timeout')).toEqual([]);
      const started = q.startNext();
      expect(started.startedAt).toBe(1_060_000);
      // The handler's own deadline counts from its start too (the function timeout is 10 s).
      expect(started.context.deadlineMs).toBe(1_070_000);
      clock.advance(400);
      q.held[0].finish(ok(400));
      await done;
      expect(outcome).toEqual({ kind: 'ok', value: 'done' });
      expect(trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'ok', durationMs: 400, t: 1_060_400 });
    });

    it('still answers with the integration timeout when the handler itself runs past it', async () => {
      const q = queueingInvoker();
      const { lambda, call, trace, clock } = setup(q.invoker);
      let outcome: unknown;
      const done = lambda.invoke(call, (o) => (outcome = o));
      clock.advance(5_000);
      q.startNext();
      clock.advance(999);
      expect(outcome).toBeUndefined();
      // Answered once a result already on its way would have arrived (a busy page may deliver late).
      clock.advance(2);
      expect(outcome).toBeUndefined();
      clock.advance(250);
      expect(outcome).toEqual({ kind: 'integration-timeout' });
      expect(trace.ofKind('integration.timeout')[0]).toMatchObject({ t: 1_006_000, timeoutMs: 1000 });
      // The function runs on; its late result is still traced.
      clock.advance(1_249);
      q.held[0].finish(ok(2_500));
      await done;
      expect(outcome).toEqual({ kind: 'integration-timeout' });
      expect(trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'ok', t: 1_007_500 });
    });

    it("gives back what the invoker's meter says the handler spent waiting for its host", async () => {
      const q = queueingInvoker();
      const { lambda, call, trace, clock } = setup(q.invoker);
      let outcome: unknown;
      const done = lambda.invoke(call, (o) => (outcome = o));
      // The handler waits 800 ms for a busy page to serve its SDK call: its own run is the rest.
      let hostWait = 0;
      const startedAt = clock.now();
      q.held[0].hooks.start(() => clock.now() - startedAt - hostWait);
      hostWait = 800;
      clock.advance(1_500);
      expect(outcome).toBeUndefined();
      // 1,000 ms of its own run at 1,800 ms, answered after the grace for a result on its way.
      clock.advance(400);
      expect(outcome).toBeUndefined();
      clock.advance(300);
      expect(outcome).toEqual({ kind: 'integration-timeout' });
      expect(trace.ofKind('integration.timeout')).toHaveLength(1);
      q.held[0].finish(ok(1_500));
      await done;
    });

    it("reports the function's own timeout, counted by the invoker from the handler's start, as a function timeout", async () => {
      const q = queueingInvoker();
      const { lambda, call, clock } = setup(q.invoker, { f: { handler: 'f.handler', timeout: 1 } });
      const answer = lambda.invokeForAnswer({ ...call, timeoutMs: 29_000 });
      clock.advance(40_000);
      q.startNext();
      clock.advance(1_000);
      q.held[0].finish({ status: 'timeout', durationMs: 1_000, logs: [] });
      await expect(answer).resolves.toMatchObject({ outcome: { kind: 'function-timeout' } });
    });

    it("takes a result that waited in a busy page's task queue behind another invocation's deadline as in time", async () => {
      // The page's event loop, by hand: tasks run in the order they were queued.
      let mono = 0;
      const tasks: (() => void)[] = [];
      const timers = new Map<number, { at: number; fn: () => void }>();
      let nextTimer = 1;
      const scheduler: Scheduler = {
        monotonic: () => mono,
        schedule: (ms, fn) => (timers.set(nextTimer, { at: mono + ms, fn }), nextTimer++),
        cancel: (h) => void timers.delete(h as number),
      };
      /** Real time passes while the page is busy: timers that come due are queued as tasks. */
      const busyUntil = (t: number) => {
        mono = t;
        for (const [id, timer] of [...timers].sort((x, y) => x[1].at - y[1].at))
          if (timer.at <= t) {
            timers.delete(id);
            tasks.push(timer.fn);
          }
      };
      const runTasks = async () => {
        while (tasks.length) {
          tasks.shift()!();
          // Microtasks (a resolved invocation) run between tasks, as in a browser.
          await new Promise((r) => setTimeout(r, 0));
        }
      };
      const clock = new LiveClock(scheduler, 1_000_000);
      const q = queueingInvoker();
      const trace = new TraceLog({ now: () => clock.now(), apiId: 'abcdef1234', stage: '$default' });
      const lambda = new LambdaIntegration({
        invoker: q.invoker,
        clock,
        ids: new IdGenerator('t'),
        trace,
        region: 'eu-west-1',
        accountId: '111122223333',
        functions: { f: { handler: 'f.handler', timeout: 10 } },
      });
      const call = setup(q.invoker).call;
      const outcomes: unknown[] = [];
      const a = lambda.invoke(call, (o) => (outcomes[0] = o));
      q.startNext(0);
      busyUntil(10);
      const b = lambda.invoke(call, (o) => (outcomes[1] = o));
      q.startNext(1);
      // A's handler never answers; B's answers at 995 ms of its own run, while the page is busy
      // past both deadlines: A's deadline timer was queued before B's result message.
      busyUntil(1_005);
      tasks.push(() => q.held[1].finish(ok(995)));
      busyUntil(1_020);
      await runTasks();
      busyUntil(1_030);
      await runTasks();
      busyUntil(1_300);
      await runTasks();
      expect(outcomes[1]).toEqual({ kind: 'ok', value: 'done' });
      expect(outcomes[0]).toEqual({ kind: 'integration-timeout' });
      q.held[0].finish(ok(5_000));
      await Promise.all([a, b]);
    });

    it('stamps the logs of a request that could not start at all at the moment it ended', async () => {
      const q = queueingInvoker();
      const { lambda, call, trace, clock } = setup(q.invoker);
      const answer = lambda.invokeForAnswer(call);
      clock.advance(3_000);
      q.held[0].finish({
        status: 'error',
        error: { errorType: 'Playground.SimulatorOverloaded', errorMessage: 'too many waiting' },
        durationMs: 0,
        logs: [{ level: 'platform', text: 'too many waiting', at: 0 }],
      });
      await expect(answer).resolves.toMatchObject({ outcome: { kind: 'error' } });
      expect(trace.ofKind('lambda.log')[0]).toMatchObject({ text: 'too many waiting', t: 1_003_000 });
      expect(trace.ofKind('integration.timeout')).toEqual([]);
    });
  });
});
