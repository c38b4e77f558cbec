import { describe, expect, it } from 'vitest';
import type { CloseInfo } from '../index';
import { definitionFor, eventsOf, makeApi, open } from './test-support';

function disconnectApi(disconnect: () => unknown = () => ({ statusCode: 200 })) {
  return makeApi(definitionFor({ $disconnect: {}, $default: { twoWay: true } }), {
    disconnect,
    default: (e) => ({ statusCode: 200, body: e.body }),
  });
}

function disconnectContext(api: ReturnType<typeof disconnectApi>) {
  return eventsOf(api, 'disconnect').map((e) => {
    const ctx = e.requestContext as Record<string, unknown>;
    return { code: ctx.disconnectStatusCode, reason: ctx.disconnectReason };
  });
}

describe('closing and $disconnect', () => {
  it("runs $disconnect after the client closes, with the client's close code and reason (ALG DISCONNECT capture)", async () => {
    const api = disconnectApi();
    const c = await open(api);
    const seen: CloseInfo[] = [];
    c.onClose((info) => seen.push(info));
    await c.close(4000, 'bye');
    expect(seen).toEqual([{ code: 4000, reason: 'bye', byClient: true }]);
    expect(await c.closed).toEqual({ code: 4000, reason: 'bye', byClient: true });
    expect(disconnectContext(api)).toEqual([{ code: 4000, reason: 'bye' }]);
    expect(c.readyState).toBe('closed');
    expect(api.connections()).toEqual([]);
    const kinds = api.trace.events.map((e) => e.kind);
    expect(kinds.indexOf('ws.close')).toBeLessThan(kinds.lastIndexOf('lambda.invoke'));
    expect(api.trace.ofKind('ws.close')[0]).toMatchObject({
      from: 'client:client-1',
      to: 'gateway',
      initiator: 'client',
      code: 4000,
    });
  });

  it('ignores what $disconnect returns or throws: it is best-effort and the client is gone (DG route-keys-connect-disconnect)', async () => {
    const api = disconnectApi(() => {
      throw new Error('cleanup failed');
    });
    const c = await open(api);
    await c.close();
    expect(c.received).toEqual([]);
    expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('error');
    expect(api.trace.ofKind('ws.frame.out')).toEqual([]);
  });

  it('closes a connection idle for 10 minutes with 1001 "Going away" and runs $disconnect, labelled (DG limits; UNCONFIRMED ws-idle-close)', async () => {
    const api = disconnectApi();
    const c = await open(api);
    api.advanceClock(10 * 60_000 - 1);
    expect(c.readyState).toBe('open');
    api.advanceClock(1);
    expect(c.readyState).toBe('closed');
    expect(await c.closed).toEqual({ code: 1001, reason: 'Going away', byClient: false });
    await api.whenIdle();
    expect(disconnectContext(api)).toEqual([{ code: 1001, reason: 'Going away' }]);
    expect(api.trace.ofKind('ws.close')[0]).toMatchObject({
      initiator: 'idle-timeout',
      unconfirmed: 'ws-idle-close',
      from: 'gateway',
    });
    expect(api.trace.ofKind('clock.advance').map((e) => e.ms)).toEqual([10 * 60_000 - 1, 1]);
  });

  it('resets the idle timer on every data frame, in either direction (UNCONFIRMED ws-idle-close)', async () => {
    const api = disconnectApi();
    const c = await open(api);
    api.advanceClock(9 * 60_000);
    await c.send('ping'); // in, and the two-way echo goes out
    api.advanceClock(9 * 60_000);
    expect(c.readyState).toBe('open');
    await api.management.postToConnection(c.connectionId, 'server push');
    api.advanceClock(9 * 60_000);
    expect(c.readyState).toBe('open');
    api.advanceClock(60_000);
    expect(c.readyState).toBe('closed');
  });

  it('closes every connection at the 2-hour maximum even when active, with 1001, labelled (DG limits; UNCONFIRMED ws-max-duration-close)', async () => {
    const api = disconnectApi();
    const c = await open(api);
    for (let i = 0; i < 23; i++) {
      api.advanceClock(5 * 60_000);
      await c.send('keep-alive');
    }
    expect(c.readyState).toBe('open');
    api.advanceClock(5 * 60_000);
    expect(await c.closed).toEqual({ code: 1001, reason: 'Going away', byClient: false });
    expect(api.trace.ofKind('ws.close')[0]).toMatchObject({
      initiator: 'max-duration',
      unconfirmed: 'ws-max-duration-close',
    });
    await api.whenIdle();
    expect(disconnectContext(api)).toEqual([{ code: 1001, reason: 'Going away' }]);
  });

  it('runs $disconnect with the limit violation code after the gateway closes for an oversized frame', async () => {
    const api = disconnectApi();
    const c = await open(api);
    await c.send('x'.repeat(40_000));
    expect(disconnectContext(api)).toEqual([{ code: 1009, reason: 'Message Too Big' }]);
  });

  it('closes the client with 1000 after DELETE @connections and runs $disconnect, labelled (UNCONFIRMED ws-delete-close)', async () => {
    const api = disconnectApi();
    const c = await open(api);
    const res = await api.management.deleteConnection(c.connectionId);
    expect(res.statusCode).toBe(204);
    expect(await c.closed).toEqual({ code: 1000, reason: '', byClient: false });
    await api.whenIdle();
    expect(disconnectContext(api)).toEqual([{ code: 1000, reason: '' }]);
    const kinds = api.trace.events.map((e) => e.kind);
    // AWS answers 204 without waiting for $disconnect.
    expect(kinds.slice(kinds.indexOf('mgmt.request'))).toEqual([
      'mgmt.request',
      'ws.close',
      'mgmt.response',
      'lambda.invoke',
      'lambda.log',
      'lambda.log',
      'lambda.log',
      'lambda.result',
    ]);
    expect(api.trace.ofKind('ws.close')[0]).toMatchObject({ initiator: 'management', unconfirmed: 'ws-delete-close' });
  });

  it('closes everything with 1001 on dispose without running $disconnect', async () => {
    const api = disconnectApi();
    const c = await open(api);
    api.dispose();
    expect(await c.closed).toEqual({ code: 1001, reason: 'Going away', byClient: false });
    await api.whenIdle();
    expect(eventsOf(api, 'disconnect')).toEqual([]);
    await expect(api.connect()).rejects.toThrow('disposed');
  });

  it('drops data sent after close, as a browser does', async () => {
    const api = disconnectApi();
    const c = await open(api);
    await c.close();
    const before = api.trace.events.length;
    await c.send('late');
    expect(api.trace.events.length).toBe(before);
  });
});
