import { describe, expect, it } from 'vitest';
import { webSocketAccept, type WebSocketApi } from '../index';
import { definitionFor, eventsOf, makeApi } from './test-support';

describe('$connect', () => {
  it('accepts the connection when the API has no $connect route (DG apigateway-websocket-api-route-keys-connect-disconnect)', async () => {
    const api = makeApi(definitionFor({ $default: {} }), { default: () => ({ statusCode: 200 }) });
    const result = await api.connect();
    expect(result.accepted).toBe(true);
    expect(api.connections()).toHaveLength(1);
    expect(api.trace.ofKind('ws.handshake')[0]).toMatchObject({ status: 101, accepted: true });
  });

  it('accepts the connection when $connect is defined without an integration', async () => {
    const api = makeApi(definitionFor({ $connect: null, $default: {} }), { default: () => ({}) });
    expect((await api.connect()).accepted).toBe(true);
  });

  it('keeps the upgrade pending until $connect finishes, and PostToConnection meanwhile gets 410 GoneException (re:Post 410-gone)', async () => {
    let finish!: () => void;
    let reached!: () => void;
    const handlerWaiting = new Promise<void>((resolve) => (reached = resolve));
    let postStatus = 0;
    const api: WebSocketApi = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: async (event) => {
        postStatus = (await api.management.postToConnection(event.requestContext.connectionId, 'too early')).statusCode;
        const released = new Promise<void>((resolve) => (finish = resolve));
        reached();
        await released;
        return { statusCode: 200 };
      },
      default: () => ({}),
    });
    let settled = false;
    const pending = api.connect().then((r) => ((settled = true), r));
    await handlerWaiting;
    expect(settled).toBe(false);
    expect(api.connections()).toHaveLength(0);
    expect(postStatus).toBe(410);
    finish();
    const result = await pending;
    expect(result.accepted).toBe(true);
    if (result.accepted) expect(result.connection.received).toEqual([]);
  });

  it('says in the trace why a call during $connect got 410, and stops saying it once the handshake is over', async () => {
    let id = '';
    const api: WebSocketApi = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: async (event) => {
        id = event.requestContext.connectionId;
        await api.management.getConnection(id);
        return { statusCode: 200 };
      },
      default: () => ({}),
    });
    const result = await api.connect();
    if (!result.accepted) throw new Error('upgrade rejected');
    await result.connection.close();
    await api.management.getConnection(id);
    const answers = api.trace.ofKind('mgmt.response');
    expect(answers.map((e) => e.summary)).toEqual([
      '410 GoneException ($connect has not finished)',
      '410 GoneException',
    ]);
  });

  it('rejects the upgrade with 410 and opens nothing when the API is disposed while $connect runs', async () => {
    let finish!: () => void;
    let reached!: () => void;
    const handlerWaiting = new Promise<void>((resolve) => (reached = resolve));
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: async () => {
        reached();
        await new Promise<void>((resolve) => (finish = resolve));
        return { statusCode: 200 };
      },
      default: () => ({}),
    });
    const pending = api.connect();
    await handlerWaiting;
    api.dispose();
    finish();
    expect(await pending).toMatchObject({ accepted: false, status: 410 });
    expect(api.connections()).toHaveLength(0);
    expect(api.trace.ofKind('ws.handshake')).toMatchObject([{ status: 410, accepted: false }]);
  });

  it('sends the headers $connect returns in the 101 response and negotiates the subprotocol it names (DG websocket-connect-route-subprotocol)', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: (event) => ({
        statusCode: 200,
        headers: { 'Sec-WebSocket-Protocol': event.headers['Sec-WebSocket-Protocol'].split(', ')[1] },
      }),
      default: () => ({}),
    });
    const result = await api.connect({ subprotocols: ['chat.v1', 'chat.v2'] });
    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.protocol).toBe('chat.v2');
    expect(result.headers['Sec-WebSocket-Protocol']).toBe('chat.v2');
    const key = (eventsOf(api, 'connect')[0].headers as Record<string, string>)['Sec-WebSocket-Key'];
    expect(result.headers['Sec-WebSocket-Accept']).toBe(webSocketAccept(key));
    expect(api.trace.ofKind('ws.handshake')[0]).toMatchObject({ status: 101, protocol: 'chat.v2' });
  });

  it('computes Sec-WebSocket-Accept as RFC 6455 §4.2.2 does', () => {
    expect(webSocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it.each([201, 204])('accepts a %i from $connect, as any 2xx (wscat against AWS)', async (statusCode) => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode }),
      default: () => ({}),
    });
    expect((await api.connect()).accepted).toBe(true);
  });

  it.each([301, 400, 401, 501])(
    'rejects the upgrade with the %i $connect returns (DG websocket-connect-route-subprotocol; SO PR #1301)',
    async (statusCode) => {
      const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
        connect: () => ({ statusCode }),
        default: () => ({}),
      });
      const result = await api.connect();
      expect(result).toMatchObject({ accepted: false, status: statusCode });
      expect(api.connections()).toEqual([]);
      expect(api.trace.ofKind('ws.handshake')[0]).toMatchObject({ status: statusCode, accepted: false });
    },
  );

  it('rejects with 502 when $connect throws (wscat against AWS: "Unexpected server response: 502")', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => {
        throw new Error('boom');
      },
      default: () => ({}),
    });
    expect(await api.connect()).toMatchObject({ accepted: false, status: 502 });
    expect(api.trace.ofKind('lambda.result')[0]).toMatchObject({
      outcome: 'error',
      error: { errorType: 'Error', errorMessage: 'boom' },
    });
  });

  it("rejects with 502 when $connect exceeds the function's own timeout, a failed integration", async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: { handler: () => ({ statusCode: 200 }), durationMs: 3500 },
      default: () => ({}),
    });
    expect(await api.connect()).toMatchObject({ accepted: false, status: 502 });
    expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('timeout');
  });

  it('rejects with 502 when $connect returns a statusCode that is not an HTTP status', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode: 'OK' }),
      default: () => ({}),
    });
    expect(await api.connect()).toMatchObject({ accepted: false, status: 502 });
  });

  it('accepts when $connect returns nothing and labels the choice (UNCONFIRMED ws-connect-no-status)', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => undefined,
      default: () => ({}),
    });
    expect((await api.connect()).accepted).toBe(true);
    expect(api.trace.ofKind('ws.handshake')[0]).toMatchObject({ status: 101, unconfirmed: 'ws-connect-no-status' });
  });

  it('gives the connection to the client only after the handshake, with the client lane named as asked', async () => {
    const api = makeApi(definitionFor({ $connect: {}, $default: {} }), {
      connect: () => ({ statusCode: 200 }),
      default: () => ({}),
    });
    const result = await api.connect({ clientName: 'Alice' });
    expect(result.accepted && result.connection.clientName).toBe('Alice');
    expect(api.trace.events[0]).toMatchObject({ kind: 'ws.upgrade', from: 'client:Alice', to: 'gateway' });
    expect(api.trace.events.at(-1)).toMatchObject({ kind: 'ws.handshake', from: 'gateway', to: 'client:Alice' });
  });
});
