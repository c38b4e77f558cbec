import { afterEach, describe, expect, it } from 'vitest';
import { validateDefinition, type GatewayApi, type HttpLikeApi } from '../gateway';
import { httpOrdersExample } from '../examples/http-orders';
import { deploy } from '../runtime/deployment';
import { createNodeInvoker } from '../runtime/node-invoker';
import { pageVisibleHeaders } from '../realcompare/replay';
import { ObservedTrace } from './observed-trace';
import { RealCompare, type RealCompareEnvironment } from './real-compare.svelte';

const REAL = 'http://127.0.0.1:9';
const disposals: (() => void)[] = [];
afterEach(() => {
  for (const d of disposals.splice(0)) d();
});

function ordersApi(files = httpOrdersExample.files): { api: GatewayApi; dispose(): void } {
  const v = validateDefinition(httpOrdersExample.definition);
  if (!v.ok) throw new Error('the example does not validate');
  const d = deploy({ definition: v.definition, files, seed: 'real-compare', createInvoker: createNodeInvoker });
  disposals.push(() => d.dispose());
  return d;
}

/** A "real endpoint" served by another engine, read as a cross-origin page reads it. */
function engineFetch(api: HttpLikeApi): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const res = await api.handle({
      method: init?.method ?? 'GET',
      url: api.url + url.pathname + url.search,
      headers: [...new Headers(init?.headers)],
      origin: 'http://page.test',
    });
    return new Response(res.body, { status: res.status, headers: pageVisibleHeaders(res) });
  }) as typeof fetch;
}

function env(over: Partial<RealCompareEnvironment>): RealCompareEnvironment {
  return {
    events: () => [],
    realUrl: () => REAL,
    simulator: async () => ordersApi(),
    WebSocket: undefined as unknown as typeof WebSocket,
    fetch: () => Promise.reject(new Error('no network in this test')),
    origin: 'http://page.test',
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    ...over,
  };
}

function getOrderTrace() {
  const trace = new ObservedTrace({ clock: { now: () => 0 } });
  trace.record({ client: 'App', type: 'http-request', method: 'GET', url: `${REAL}/orders/1`, headers: [], body: '' });
  trace.record({ client: 'App', type: 'http-response', status: 200, headers: [], body: '{}' });
  return trace.log.events;
}

describe('Compare with the simulator (the page state)', () => {
  it('opens the panel and says what to do when the clients have not done anything yet', async () => {
    const compare = new RealCompare(env({}));
    expect(await compare.run()).toBeNull();
    expect(compare.open).toBe(true);
    expect(compare.status).toBe('failed');
    expect(compare.error).toMatch(/^Nothing to compare yet/);
  });

  it('asks for the real endpoint URL first, and names a URL that is not one', async () => {
    const none = new RealCompare(env({ realUrl: () => ' ' }));
    await none.run();
    expect(none.error).toBe('Enter the real endpoint URL in the header first.');
    const bad = new RealCompare(env({ realUrl: () => 'not a url', events: getOrderTrace }));
    await bad.run();
    expect(bad.error).toBe('The real endpoint URL is not a URL: not a url');
  });

  it('replays a request on a fresh simulator and the real endpoint, finds none when both answer alike, and disposes the simulator', async () => {
    let disposed = 0;
    const real = ordersApi().api as HttpLikeApi;
    const compare = new RealCompare(
      env({
        events: getOrderTrace,
        fetch: engineFetch(real),
        simulator: async () => {
          const s = ordersApi();
          return { api: s.api, dispose: () => (disposed++, s.dispose()) };
        },
      }),
    );
    const result = await compare.run();
    expect(compare.status).toBe('done');
    expect(result?.steps.map((s) => s.label)).toEqual(['App: GET /orders/1']);
    expect(result?.differences).toEqual([]);
    expect(result?.compared).toBeGreaterThan(1);
    expect(disposed).toBe(1);
  }, 30_000);

  it('lists a body the real endpoint answers differently, with both sides', async () => {
    const lost = {
      ...httpOrdersExample.files,
      'get-order.ts': httpOrdersExample.files['get-order.ts'].replace(
        'return order;',
        "return { ...order, status: 'lost' };",
      ),
    };
    const real = ordersApi(lost).api as HttpLikeApi;
    const compare = new RealCompare(env({ events: getOrderTrace, fetch: engineFetch(real) }));
    const result = await compare.run();
    expect(result?.differences).toHaveLength(1);
    const [d] = result!.differences;
    expect(d).toMatchObject({ step: 0, client: 'App', aspect: 'body' });
    expect(JSON.parse(d.simulator)).toMatchObject({ orderId: '1', status: 'shipped' });
    expect(JSON.parse(d.real)).toMatchObject({ orderId: '1', status: 'lost' });
  }, 30_000);

  it('replays a long session from its start up to a bound, and says so', async () => {
    const trace = new ObservedTrace({ clock: { now: () => 0 } });
    for (const id of ['1', '2', '3'])
      trace.record({
        client: 'App',
        type: 'http-request',
        method: 'GET',
        url: `${REAL}/orders/${id}`,
        headers: [],
        body: '',
      });
    const real = ordersApi().api as HttpLikeApi;
    const compare = new RealCompare(env({ events: () => trace.log.events, fetch: engineFetch(real), maxSteps: 2 }));
    const result = await compare.run();
    expect(result?.steps.map((s) => s.label)).toEqual(['App: GET /orders/1', 'App: GET /orders/2']);
    expect(compare.notice).toBe('Only the first 2 of your 3 steps were replayed.');
  }, 30_000);

  it('runs once at a time: asking again while it runs only opens the panel', async () => {
    const real = ordersApi().api as HttpLikeApi;
    const compare = new RealCompare(env({ events: getOrderTrace, fetch: engineFetch(real) }));
    const first = compare.run();
    compare.close();
    const second = compare.run();
    expect(second).toBe(first);
    expect(compare.open).toBe(true);
    expect((await second)?.differences).toEqual([]);
  }, 30_000);
});
