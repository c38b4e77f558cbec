import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../gateway';
import { adminOrigin, linkLocalGateway, type LinkHandlers } from './local-gateway-link';

/** An EventSource stand-in: the test plays the gateway's stream. */
class FakeEventSource extends EventTarget {
  static last: FakeEventSource | undefined;
  readyState = 1;
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  emit(type: string, data: string): void {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}

function recorder() {
  const seen = { linked: 0, ended: 0, events: [] as [TraceEvent, number][] };
  const handlers: LinkHandlers = {
    linked: () => seen.linked++,
    event: (e, offset) => seen.events.push([e, offset]),
    ended: () => seen.ended++,
  };
  return { seen, handlers };
}

const env = (answer: () => Promise<Response>, now = () => 10_000) => ({
  fetch: (() => answer()) as typeof fetch,
  EventSource: FakeEventSource as unknown as typeof EventSource,
  now,
});

const info = (now: number) =>
  new Response(JSON.stringify({ service: 'api-gateway-playground/local-gateway', now, trace: '/_admin/trace' }));

describe('linking real mode to a local gateway', () => {
  it('asks only plain ws:// and http:// endpoints (a deployed API is always wss:// or https://)', () => {
    expect(adminOrigin('ws://127.0.0.1:3001/dev?x=1')).toBe('http://127.0.0.1:3001');
    expect(adminOrigin('http://192.168.1.20:3001/prod/orders')).toBe('http://192.168.1.20:3001');
    expect(adminOrigin('wss://abc.execute-api.eu-west-1.amazonaws.com/dev')).toBeNull();
    expect(adminOrigin('https://abc.execute-api.eu-west-1.amazonaws.com')).toBeNull();
    expect(adminOrigin('not a url')).toBeNull();
  });

  it("follows a local gateway's trace from just before the first observation, on the page's clock", async () => {
    const { seen, handlers } = recorder();
    // The gateway's clock is 2 s behind the page's.
    const link = await linkLocalGateway(
      'ws://127.0.0.1:3001/dev',
      9_500,
      env(async () => info(8_000)),
      handlers,
    );
    expect(link?.origin).toBe('http://127.0.0.1:3001');
    expect(seen.linked).toBe(1);
    const source = FakeEventSource.last!;
    expect(source.url).toBe('http://127.0.0.1:3001/_admin/trace?since=6500');
    source.emit(
      'trace',
      JSON.stringify({ seq: 4, t: 8_100, kind: 'ws.route', from: 'gateway', to: 'gateway', summary: 'r' }),
    );
    source.emit('trace', '{not json');
    source.emit('trace', JSON.stringify({ seq: 'x' }));
    expect(seen.events).toEqual([[expect.objectContaining({ seq: 4, kind: 'ws.route' }), 2_000]]);
    link!.close();
    expect(source.closed).toBe(true);
    expect(seen.ended).toBe(1);
  });

  it('leaves any other endpoint alone: a wrong answer, an error status or a refused request', async () => {
    const { seen, handlers } = recorder();
    const other = new Response(JSON.stringify({ service: 'something else', now: 1, trace: '/x' }));
    expect(
      await linkLocalGateway(
        'ws://127.0.0.1:9/dev',
        0,
        env(async () => other),
        handlers,
      ),
    ).toBeNull();
    expect(
      await linkLocalGateway(
        'ws://127.0.0.1:9/dev',
        0,
        env(async () => new Response('', { status: 426 })),
        handlers,
      ),
    ).toBeNull();
    const refused = env(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await linkLocalGateway('http://127.0.0.1:9/', 0, refused, handlers)).toBeNull();
    expect(seen.linked).toBe(0);
  });

  it('ends the link when the stream gives up for good', async () => {
    const { seen, handlers } = recorder();
    await linkLocalGateway(
      'ws://127.0.0.1:3001/dev',
      0,
      env(async () => info(10_000)),
      handlers,
    );
    const source = FakeEventSource.last!;
    source.readyState = 0; // reconnecting: still linked
    source.dispatchEvent(new Event('error'));
    expect(seen.ended).toBe(0);
    source.readyState = 2;
    source.dispatchEvent(new Event('error'));
    expect(seen.ended).toBe(1);
  });
});
