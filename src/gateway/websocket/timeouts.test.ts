import { describe, expect, it } from 'vitest';
import { ManualClock, type Invoker } from '../index';
import { definitionFor, makeApi, open } from './test-support';

const timedOut = (connectionId: string, requestId: string | undefined) =>
  `{"message": "Endpoint request timed out", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;

describe('integration timeout (the gateway) versus function timeout (Lambda)', () => {
  it('gives up at the integration timeout when the function reports a longer duration, labelled (UNCONFIRMED ws-integration-timeout-frame)', async () => {
    const clock = new ManualClock(1_000_000);
    const def = definitionFor(
      { $default: { timeoutInMillis: 1000 } },
      { functions: { default: { handler: 'd.handler', timeout: 10 } } },
    );
    const api = makeApi(def, { default: { handler: () => ({ statusCode: 200 }), durationMs: 2500 } }, { clock });
    const c = await open(api);
    await c.send('x');
    const [route] = api.trace.ofKind('ws.route');
    expect(c.received).toEqual([timedOut(c.connectionId, route.requestId)]);
    const kinds = api.trace.events.slice(route.seq).map((e) => e.kind);
    expect(kinds).toEqual([
      'lambda.invoke',
      'lambda.log',
      'integration.timeout',
      'ws.frame.out',
      'lambda.log',
      'lambda.log',
      'lambda.result',
    ]);
    const timeout = api.trace.ofKind('integration.timeout')[0];
    expect(timeout).toMatchObject({ functionName: 'default', timeoutMs: 1000, t: 1_001_000 });
    expect(api.trace.ofKind('ws.frame.out')[0]).toMatchObject({
      t: 1_001_000,
      unconfirmed: 'ws-integration-timeout-frame',
      cause: 'integration-error',
    });
    // The function ran on; its result is still recorded, and virtual time moved to its end.
    expect(api.trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'ok', t: 1_002_500 });
    expect(clock.now()).toBe(1_002_500);
    expect(c.readyState).toBe('open');
  });

  it('fires the integration timeout on the clock while a function is still running, and records the late result', async () => {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const invoker: Invoker = {
      invoke: (request) =>
        new Promise((resolve) => {
          release = () =>
            resolve({ status: 'ok', value: { statusCode: 200, body: 'late' }, durationMs: 200, logs: [] });
          void request;
          started();
        }),
    };
    const def = definitionFor({ $default: { twoWay: true, timeoutInMillis: 50 } });
    const api = makeApi(def, {}, { invoker });
    const c = await open(api);
    const sent = c.send('x');
    await running;
    expect(c.received).toEqual([]);
    api.advanceClock(49);
    expect(c.received).toEqual([]);
    api.advanceClock(1);
    const [route] = api.trace.ofKind('ws.route');
    expect(c.received).toEqual([timedOut(c.connectionId, route.requestId)]);
    release();
    await sent;
    // The late body is not sent: the gateway already answered.
    expect(c.received).toHaveLength(1);
    expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('ok');
  });

  it("treats the function's own timeout as a failed integration, not a gateway timeout", async () => {
    const def = definitionFor({ $default: {} });
    const api = makeApi(def, { default: { handler: () => ({}), durationMs: 5000 } });
    const c = await open(api);
    await c.send('x');
    expect(c.received[0]).toContain('"message": "Internal server error"');
    expect(api.trace.ofKind('integration.timeout')).toEqual([]);
  });

  it('rejects the upgrade with 504 when $connect exceeds its integration timeout, labelled (UNCONFIRMED ws-integration-timeout-frame)', async () => {
    const def = definitionFor({ $connect: { timeoutInMillis: 500 }, $default: {} });
    const api = makeApi(def, {
      connect: { handler: () => ({ statusCode: 200 }), durationMs: 800 },
      default: () => ({}),
    });
    expect(await api.connect()).toMatchObject({ accepted: false, status: 504 });
    expect(api.trace.ofKind('ws.handshake')[0]).toMatchObject({
      status: 504,
      unconfirmed: 'ws-integration-timeout-frame',
    });
  });

  it("advances virtual time by each invocation's duration", async () => {
    const clock = new ManualClock(0);
    const api = makeApi(
      definitionFor({ $default: {} }),
      { default: { handler: () => ({}), durationMs: 120 } },
      { clock },
    );
    const c = await open(api);
    await c.send('a');
    await c.send('b');
    expect(clock.now()).toBe(240);
    const results = api.trace.ofKind('lambda.result');
    expect(results.map((r) => r.t)).toEqual([120, 240]);
  });
});
