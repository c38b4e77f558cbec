import { describe, expect, it } from 'vitest';
import { LiveClock, webSocketAccept, type Scheduler } from '../index';
import { definitionFor, eventsOf, makeApi, open } from './test-support';

// What a real server needs of the engine's public API (issue 11): the client's own handshake
// key, refused upgrades it can write on the wire, plain HTTP to the WebSocket host, real frame
// boundaries, its own domain name, and a shutdown that runs $disconnect.

/** The key and accept value of RFC 6455 §1.3's example handshake. */
const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const RFC_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** A Node host's scheduler for a LiveClock: real monotonic time and real timers. */
const nodeScheduler: Scheduler = {
  monotonic: () => performance.now(),
  schedule: (ms, fn) => setTimeout(fn, ms),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('a real client handshake', () => {
  it("answers the client's own Sec-WebSocket-Key in Sec-WebSocket-Accept (RFC 6455 §4.2.2)", async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), { connect: () => ({ statusCode: 200 }) });
    const result = await api.connect({ key: RFC_KEY, headers: { 'Sec-WebSocket-Key': RFC_KEY } });
    expect(result.accepted && result.headers['Sec-WebSocket-Accept']).toBe(RFC_ACCEPT);
    expect(webSocketAccept(RFC_KEY)).toBe(RFC_ACCEPT);
  });

  it("forwards the client's headers as sent plus only the gateway's own, without a browser's defaults", async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), { connect: () => ({ statusCode: 200 }) });
    await open(api, {
      key: RFC_KEY,
      headers: { 'Sec-WebSocket-Key': RFC_KEY, 'Sec-WebSocket-Version': '13', 'User-Agent': 'wscat' },
    });
    const headers = eventsOf(api, 'connect')[0].headers as Record<string, string>;
    expect(headers['Sec-WebSocket-Key']).toBe(RFC_KEY);
    expect(headers['User-Agent']).toBe('wscat');
    expect(headers).not.toHaveProperty('Sec-WebSocket-Extensions');
    expect(headers).toMatchObject({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' });
    expect(headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-/);
  });

  it("takes the query from the request target, and refuses another stage's path with 403 before any function runs", async () => {
    const calls: string[] = [];
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: (event) => {
        calls.push(event.queryStringParameters?.token);
        return { statusCode: 200 };
      },
    });
    await open(api, { path: '/dev?token=abc' });
    expect(calls).toEqual(['abc']);
    const other = await api.connect({ path: '/prod' });
    expect(other).toMatchObject({ accepted: false, status: 403, body: '{"message":"Forbidden"}' });
    expect(calls).toHaveLength(1);
  });
});

describe('a refused upgrade', () => {
  it("carries $connect's own status, headers and body", async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode: 401, headers: { 'X-Reason': 'no token' }, body: 'sign in first' }),
    });
    const result = await api.connect();
    expect(result.accepted).toBe(false);
    if (result.accepted) return;
    expect(result.status).toBe(401);
    expect(result.body).toBe('sign in first');
    expect(result.headers['X-Reason']).toBe('no token');
    expect(result.headers['x-amzn-RequestId']).toBeTruthy();
  });

  it('carries the gateway\'s {"message"} body when $connect throws (502)', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => {
        throw new Error('boom');
      },
    });
    const result = await api.connect();
    expect(result).toMatchObject({
      accepted: false,
      status: 502,
      body: '{"message":"Internal server error"}',
      headers: { 'Content-Type': 'application/json' },
    });
  });
});

describe('plain HTTP to the WebSocket host', () => {
  it('answers a GET to the WebSocket URL without an upgrade with 426 Upgrade Required', async () => {
    const api = makeApi(definitionFor({ $default: {} }), {});
    const res = await api.handleHttp({ method: 'GET', path: '/dev' });
    expect(res.status).toBe(426);
    expect(res.headers.Upgrade).toBe('websocket');
    expect(JSON.parse(res.body)).toEqual({ message: 'Upgrade Required' });
  });

  it('serves POST, GET and DELETE /{stage}/@connections/{id} at the encoded paths SDKs send, and 410 for a gone id', async () => {
    const api = makeApi(definitionFor({ $default: {} }), {});
    const alice = await open(api);
    const path = `/dev/%40connections/${encodeURIComponent(alice.connectionId)}`;
    expect((await api.handleHttp({ method: 'POST', path, body: 'hello' })).status).toBe(200);
    expect(alice.received).toEqual(['hello']);
    const got = await api.handleHttp({ method: 'GET', path: `/dev/@connections/${alice.connectionId}` });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toHaveProperty('connectedAt');
    expect((await api.handleHttp({ method: 'DELETE', path })).status).toBe(204);
    expect((await alice.closed).code).toBe(1000);
    const gone = await api.handleHttp({ method: 'POST', path, body: 'again' });
    expect(gone.status).toBe(410);
    expect(gone.headers['x-amzn-ErrorType']).toBe('GoneException');
    expect((await api.handleHttp({ method: 'POST', path: `/prod/@connections/x` })).status).toBe(403);
  });
});

describe('frame-level input', () => {
  it('accepts a 100 KB message that arrived in four 25 KB frames (128 KB message, 32 KB frame quotas)', async () => {
    const bodies: number[] = [];
    const api = makeApi(definitionFor({ $default: {} }), {
      default: (event) => {
        bodies.push(event.body.length);
        return { statusCode: 200 };
      },
    });
    const alice = await open(api);
    const text = 'x'.repeat(100 * 1024);
    await alice.send(text, { frames: [25_600, 25_600, 25_600, 25_600] });
    expect(alice.readyState).toBe('open');
    expect(bodies).toEqual([102_400]);
  });

  it('closes with 1009 when one real frame is over 32 KB, and refuses frame sizes that do not add up', async () => {
    const api = makeApi(definitionFor({ $default: {} }), { default: () => ({}) });
    const alice = await open(api);
    await expect(alice.send('abc', { frames: [1, 1] })).rejects.toThrow(/add up to 2 bytes/);
    await alice.send('y'.repeat(40_000), { frames: [7_000, 33_000] });
    expect(await alice.closed).toEqual({ code: 1009, reason: 'Message Too Big', byClient: false });
  });
});

describe('a host of its own', () => {
  it('uses the configured domain in events and in the @connections endpoint handlers build from it', async () => {
    const api = makeApi(definitionFor({ $default: {} }), { default: () => ({}) }, { domainName: '127.0.0.1:3001' });
    const alice = await open(api);
    await alice.send('{}');
    const ctx = eventsOf(api, 'default')[0].requestContext as Record<string, unknown>;
    expect(ctx.domainName).toBe('127.0.0.1:3001');
    expect(api.managementEndpoint).toBe('https://127.0.0.1:3001/dev');
  });

  it('runs $disconnect for every open connection on shutdown, closing each with 1001, then refuses new upgrades', async () => {
    const disconnected: string[] = [];
    const api = makeApi(definitionFor({ $disconnect: {}, $default: {} }), {
      disconnect: async (event) => {
        disconnected.push(event.requestContext.connectionId);
        return { statusCode: 200 };
      },
    });
    const alice = await open(api);
    const bob = await open(api);
    await api.shutdown();
    expect(disconnected.sort()).toEqual([alice.connectionId, bob.connectionId].sort());
    expect((await alice.closed).code).toBe(1001);
    expect((await bob.closed).code).toBe(1001);
    await expect(api.connect()).rejects.toThrow(/disposed/);
  });

  it('runs on a live clock with a Node scheduler: timers fire in real time without advanceClock', async () => {
    const clock = new LiveClock(nodeScheduler, Date.now());
    const fired = new Promise<number>((resolve) => clock.setTimer(20, () => resolve(clock.now())));
    const start = clock.now();
    expect(await fired).toBeGreaterThanOrEqual(start + 20);
  });
});
