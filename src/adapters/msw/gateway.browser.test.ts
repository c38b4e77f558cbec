/**
 * The page's real `new WebSocket(execute-api URL)` against the gateway, in real Chromium.
 * Chromium's own handshake behaviour, which these mirror, is pinned in chromium-reference.browser.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startMockGateway, type ClientEvent, type GatewayMode, type MockGateway } from './index';
import { deferred, recordSocket } from './test-support';
import { ApiRegistry, type WebSocketApi } from '../../gateway';
import { deploy, type Deployment, type Handlers } from './test-gateway';
import { MSW_CLIENTS_DATABASE } from './handlers';

const base = inject('wsServerUrl');
const Native = globalThis.WebSocket;
const registry = new ApiRegistry<WebSocketApi>();
let mode: GatewayMode = 'fake';
let realUrl = (fakeUrl: string) => fakeUrl;
let events: ClientEvent[] = [];
let gateway: MockGateway;

beforeAll(async () => {
  gateway = await startMockGateway({
    registry,
    mode: () => mode,
    realUrl: (url) => realUrl(url),
    onClientEvent: (e) => events.push(e),
    clientName: (_socket, url) => new URL(url).searchParams.get('name') ?? undefined,
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  registry.clear();
  mode = 'fake';
  realUrl = (fakeUrl) => fakeUrl;
  events = [];
});

function install(handlers: Handlers): Deployment {
  const deployment = deploy(handlers);
  registry.register(deployment.api);
  return deployment;
}

const echo: Handlers = { $default: (event) => ({ statusCode: 200, body: `echo:${event.body}` }) };

function summary(e: ClientEvent): string {
  switch (e.type) {
    case 'rejected':
      return `rejected ${e.cause}${e.status ? ` ${e.status}` : ''}`;
    case 'message':
      return `${e.direction} ${e.binary ? '<binary>' : e.data}`;
    case 'close':
      return `close ${e.code} ${e.initiator}`;
    default:
      return e.type;
  }
}

describe('handshake', () => {
  it('keeps the socket CONNECTING until $connect returns, then opens (DG apigateway-websocket-api-route-keys-connect-disconnect)', async () => {
    const entered = deferred<void>();
    const release = deferred<void>();
    const order: string[] = [];
    const { api } = install({
      $connect: async () => {
        order.push('$connect started');
        entered.resolve();
        await release.promise;
        order.push('$connect returned');
        return { statusCode: 200 };
      },
    });
    const ws = new WebSocket(api.url);
    ws.addEventListener('open', () => order.push('open'));
    await entered.promise;
    expect(ws.readyState).toBe(WebSocket.CONNECTING);
    expect(() => ws.send('too early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    release.resolve();
    await recordSocket(ws).opened;
    expect(order).toEqual(['$connect started', '$connect returned', 'open']);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it.for([401, 403, 502])(
    'shows a handshake refused with HTTP %i as error then close 1006, never open, and reports the status (DG apigateway-websocket-api-route-keys-connect-disconnect)',
    async (status) => {
      const { api } = install({ $connect: () => ({ statusCode: status }) });
      const ws = new WebSocket(api.url);
      const rec = recordSocket(ws);
      const close = await rec.closed;
      expect(rec.log).toEqual(['error', 'close 1006']);
      expect([close.wasClean, close.reason, ws.readyState]).toEqual([false, '', WebSocket.CLOSED]);
      expect(events.map(summary)).toEqual(['connecting', `rejected status ${status}`, 'close 1006 handshake']);
      expect(events[1]).toMatchObject({ socket: ws, url: api.url, mode: 'fake' });
    },
  );

  it('reports a $connect that throws as a 502 handshake failure (docs/aws-behaviour.md §1.3)', async () => {
    const { api } = install({
      $connect: () => {
        throw new Error('boom');
      },
    });
    const rec = recordSocket(new WebSocket(api.url));
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    expect(events.find((e) => e.type === 'rejected')).toMatchObject({ cause: 'status', status: 502 });
  });

  it('negotiates the subprotocol $connect returned, not the first one offered (DG websocket-connect-route-subprotocol)', async () => {
    const { api } = install({
      $connect: (event) => ({
        statusCode: 200,
        headers: {
          'Sec-WebSocket-Protocol': String(event.headers['Sec-WebSocket-Protocol']).split(',').at(-1)!.trim(),
        },
      }),
    });
    const ws = new WebSocket(api.url, ['chat', 'json']);
    expect(ws.protocol).toBe('');
    await recordSocket(ws).opened;
    expect(ws.protocol).toBe('json');
    expect(events.find((e) => e.type === 'open')).toMatchObject({ protocol: 'json' });
    ws.close();
  });

  it('fails the handshake with error and 1006 when protocols were offered and $connect returned none, and runs $disconnect', async () => {
    const disconnected = deferred<unknown>();
    const { api } = install({
      $connect: () => ({ statusCode: 200 }),
      $disconnect: (event) => void disconnected.resolve(event),
    });
    const rec = recordSocket(new WebSocket(api.url, ['chat']));
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    expect(events.find((e) => e.type === 'rejected')).toMatchObject({ cause: 'subprotocol' });
    await disconnected.promise;
    expect(api.connections()).toEqual([]);
    // The gateway saw a 101; the trace also records why the browser gave up.
    expect(api.trace.ofKind('ws.client-fail')).toEqual([
      expect.objectContaining({ code: 1006, reason: expect.stringMatching(/protocol/i) }),
    ]);
  });

  it('fails the handshake for a URL where no API is deployed and says so', async () => {
    const rec = recordSocket(new WebSocket('wss://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/dev'));
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    expect(events.find((e) => e.type === 'rejected')).toMatchObject({ cause: 'no-api' });
    expect((events.find((e) => e.type === 'rejected') as { reason: string }).reason).toContain(
      'no API deployed at this URL',
    );
  });

  it('fails a socket closed while $connect runs (error, 1006) and ends the connection the gateway then accepts', async () => {
    const entered = deferred<void>();
    const release = deferred<void>();
    const disconnected = deferred<void>();
    const { api } = install({
      $connect: async () => {
        entered.resolve();
        await release.promise;
        return { statusCode: 200 };
      },
      $disconnect: () => void disconnected.resolve(),
    });
    const ws = new WebSocket(api.url);
    const rec = recordSocket(ws);
    await entered.promise;
    ws.close(1000, 'never mind');
    expect(ws.readyState).toBe(WebSocket.CLOSING);
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    release.resolve();
    await disconnected.promise;
    expect(api.connections()).toEqual([]);
  });

  it('passes the query string and the offered protocols to $connect (docs/aws-behaviour.md §2)', async () => {
    const seen = deferred<{ query: unknown; protocol: unknown }>();
    const { api } = install({
      $connect: (event) => {
        seen.resolve({ query: event.queryStringParameters, protocol: event.headers['Sec-WebSocket-Protocol'] });
        return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'chat' } };
      },
    });
    const ws = new WebSocket(`${api.url}?token=abc&name=Alice`, 'chat');
    await recordSocket(ws).opened;
    expect(await seen.promise).toEqual({ query: { token: 'abc', name: 'Alice' }, protocol: 'chat' });
    ws.close();
  });
});

describe('frames and closes', () => {
  it('round-trips a text message through a two-way route (DG apigateway-websocket-api-route-response)', async () => {
    const { api } = install(echo);
    const ws = new WebSocket(api.url);
    const rec = recordSocket(ws);
    await rec.opened;
    ws.send('hello');
    expect(await rec.nextMessage()).toBe('echo:hello');
    ws.close(1000, 'done');
    await rec.closed;
    expect(events.map(summary)).toEqual([
      'connecting',
      'open',
      'sent hello',
      'received echo:hello',
      'close 1000 client',
    ]);
  });

  it('reaches onopen, onmessage and onclose handler properties with the socket as target', async () => {
    const { api } = install(echo);
    const ws = new WebSocket(api.url);
    const seen: string[] = [];
    const closed = deferred<void>();
    ws.onopen = function (this: WebSocket) {
      seen.push(`open ${this === ws}`);
      ws.send('x');
    };
    ws.onmessage = (e) => {
      seen.push(`message ${e.data} ${e.target === ws} ${e.origin}`);
      ws.close(4000, 'bye');
    };
    ws.onclose = (e) => {
      seen.push(`close ${e.code} ${e.reason} ${e.wasClean}`);
      closed.resolve();
    };
    await closed.promise;
    expect(seen).toEqual(['open true', `message echo:x true ${new URL(api.url).origin}`, 'close 4000 bye true']);
  });

  it('delivers the client close code and reason to $disconnect (docs/aws-behaviour.md §2)', async () => {
    const disconnect = deferred<{ code: unknown; reason: unknown }>();
    const { api } = install({
      $disconnect: (event) => {
        disconnect.resolve({
          code: event.requestContext.disconnectStatusCode,
          reason: event.requestContext.disconnectReason,
        });
      },
    });
    const ws = new WebSocket(api.url);
    const rec = recordSocket(ws);
    await rec.opened;
    ws.close(4001, 'leaving');
    expect(await disconnect.promise).toEqual({ code: 4001, reason: 'leaving' });
    expect((await rec.closed).code).toBe(4001);
  });

  it('closes with 1009 and its reason when a message exceeds the 32 KB frame quota (DG apigateway-websocket-api-routes-integrations)', async () => {
    const deployment = install(echo);
    const ws = new WebSocket(deployment.api.url);
    const rec = recordSocket(ws);
    await rec.opened;
    ws.send('x'.repeat(32 * 1024 + 1));
    const close = await rec.closed;
    expect([close.code, close.wasClean]).toEqual([1009, true]);
    expect(close.reason).toBe(deployment.lastCloseReason());
    expect(close.reason).not.toBe('');
  });

  it('closes with 1003 when the client sends a binary frame (DG websocket-api-develop-binary-media-types)', async () => {
    const deployment = install(echo);
    const ws = new WebSocket(deployment.api.url);
    const rec = recordSocket(ws);
    await rec.opened;
    ws.send(new Uint8Array([1, 2, 3]));
    const close = await rec.closed;
    expect(close.code).toBe(1003);
    expect(close.reason).toBe(deployment.lastCloseReason());
    expect(events.map(summary)).toContain('sent <binary>');
  });

  it('delivers a frame posted through @connections before the close that DELETE @connections sends (docs/aws-behaviour.md §3)', async () => {
    const { api } = install(echo);
    const ws = new WebSocket(api.url);
    const rec = recordSocket(ws);
    await rec.opened;
    const [{ connectionId }] = api.connections();
    const posted = api.management.postToConnection(connectionId, 'last words');
    const deleted = api.management.deleteConnection(connectionId);
    expect([(await posted).statusCode, (await deleted).statusCode]).toEqual([200, 204]);
    const close = await rec.closed;
    expect(rec.log).toEqual(['open', 'message last words', `close ${close.code}`]);
    expect([close.code, close.reason]).toEqual([1000, api.trace.ofKind('ws.close').at(-1)!.reason]);
  });

  it('closes with 1001 when the connection idles for 10 minutes (DG limits)', async () => {
    const deployment = install(echo);
    const ws = new WebSocket(deployment.api.url);
    const rec = recordSocket(ws);
    await rec.opened;
    deployment.api.advanceClock(10 * 60_000);
    const close = await rec.closed;
    expect([close.code, close.wasClean]).toEqual([1001, true]);
    expect(close.reason).toBe(deployment.lastCloseReason());
    expect(events.at(-1)).toMatchObject({ type: 'close', initiator: 'server', code: 1001 });
  });
});

describe('the WebSocket class learner code sees', () => {
  it('validates close() arguments as the browser does', async () => {
    const { api } = install(echo);
    const ws = new WebSocket(api.url);
    const rec = recordSocket(ws);
    expect(() => ws.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => ws.close(2999)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => ws.close(1000, 'é'.repeat(62))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    await rec.opened;
    ws.close();
    const close = await rec.closed;
    // A close without a code carries no status: 1005 (as chromium-reference shows).
    expect(close.code).toBe(1005);
  });

  it('has the constants, attributes and identity of a WebSocket', async () => {
    const { api } = install(echo);
    const ws = new WebSocket(`${api.url}`);
    expect([WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([ws.url, ws.protocol, ws.extensions, ws.binaryType, ws.bufferedAmount]).toEqual([
      api.url,
      '',
      '',
      'blob',
      0,
    ]);
    ws.binaryType = 'arraybuffer';
    ws.binaryType = 'nonsense' as BinaryType;
    expect(ws.binaryType).toBe('arraybuffer');
    expect(ws instanceof WebSocket).toBe(true);
    expect(String(ws)).toBe('[object WebSocket]');
    expect(() => new WebSocket(`${api.url}#x`)).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(() => new WebSocket(api.url, ['a', 'a'])).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    await recordSocket(ws).opened;
    ws.close();
  });

  it('leaves sockets to other hosts to the browser, untouched and unreported', async () => {
    const ws = new WebSocket(`${base}/echo`);
    expect(Object.getPrototypeOf(ws)).toBe(Native.prototype);
    expect(ws instanceof WebSocket).toBe(true);
    const rec = recordSocket(ws);
    await rec.opened;
    ws.send('ping');
    expect(await rec.nextMessage()).toBe('ping');
    ws.close();
    await rec.closed;
    expect(events).toEqual([]);
  });

  it('refuses to start a second gateway on the same page', async () => {
    await expect(startMockGateway({ registry: { resolve: () => undefined }, mode: () => 'fake' })).rejects.toThrow(
      /already running/,
    );
  });
});

describe("MSW's own bookkeeping", () => {
  it('keeps its WebSocket clients in memory: nothing written to IndexedDB, which still works for the page', async () => {
    const { api } = install(echo);
    const sockets = Array.from({ length: 5 }, () => new WebSocket(api.url));
    await Promise.all(sockets.map((ws) => recordSocket(ws).opened));
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(MSW_CLIENTS_DATABASE);
    // The page's own IndexedDB is the real one again after the link was made.
    expect(indexedDB).toBeInstanceOf(IDBFactory);
    for (const ws of sockets) ws.close();
  });
});

describe('real mode', () => {
  it('sends the same client code to the real endpoint and records what the client sees', async () => {
    mode = 'real';
    realUrl = () => `${base}/echo`;
    const url = 'wss://abcdef1234.execute-api.us-east-1.amazonaws.com/dev';
    const ws = new WebSocket(url, ['chat']);
    const rec = recordSocket(ws);
    await rec.opened;
    expect([ws.url, ws.protocol]).toEqual([url, 'chat']);
    ws.send('over the network');
    expect(await rec.nextMessage()).toBe('over the network');
    ws.send('close 4002 server says bye');
    const close = await rec.closed;
    expect([close.code, close.reason]).toEqual([4002, 'server says bye']);
    expect(events.map(summary)).toEqual([
      'connecting',
      'open',
      'sent over the network',
      'received over the network',
      'sent close 4002 server says bye',
      'close 4002 server',
    ]);
    expect(events[0]).toMatchObject({ mode: 'real', target: `${base}/echo`, protocols: ['chat'] });
  });

  it('shows a refused real handshake as error then close 1006, never open', async () => {
    mode = 'real';
    realUrl = () => `${base}/refuse/403`;
    const rec = recordSocket(new WebSocket('wss://abcdef1234.execute-api.us-east-1.amazonaws.com/dev'));
    const close = await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    expect(close.wasClean).toBe(false);
    expect(events.map(summary)).toEqual(['connecting', 'rejected network', 'close 1006 handshake']);
  });

  it('reads the mode per connection: a fake socket opened before the toggle stays fake', async () => {
    const { api } = install(echo);
    const fake = new WebSocket(api.url);
    const fakeRec = recordSocket(fake);
    await fakeRec.opened;
    mode = 'real';
    realUrl = () => `${base}/echo`;
    const real = new WebSocket(api.url);
    const realRec = recordSocket(real);
    await realRec.opened;
    fake.send('a');
    real.send('b');
    expect([await fakeRec.nextMessage(), await realRec.nextMessage()]).toEqual(['echo:a', 'b']);
    fake.close();
    real.close();
    await Promise.all([fakeRec.closed, realRec.closed]);
  });
});

describe('stop', () => {
  it('gives the page its own WebSocket back', async () => {
    await gateway.stop();
    expect(globalThis.WebSocket).toBe(Native);
  });

  it('fails to start with a message naming the missing service worker script, leaving WebSocket alone', async () => {
    const start = startMockGateway({
      registry: { resolve: () => undefined },
      mode: () => 'fake',
      serviceWorkerUrl: '/missing/mockServiceWorker.js',
    });
    await expect(start).rejects.toThrow(
      /could not start: MSW's service worker script .*\/missing\/mockServiceWorker\.js did not load/,
    );
    expect(globalThis.WebSocket).toBe(Native);
    // Nothing is left half-installed: a correct start afterwards works.
    const again = await startMockGateway({ registry: { resolve: () => undefined }, mode: () => 'fake' });
    expect(globalThis.WebSocket).not.toBe(Native);
    await again.stop();
    expect(globalThis.WebSocket).toBe(Native);
  });
});
