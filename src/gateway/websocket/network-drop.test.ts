import { describe, expect, it } from 'vitest';
import { ManualClock } from '../index';
import { definitionFor, eventsOf, makeApi, open } from './test-support';

function chatApi(clock = new ManualClock(1_000_000)) {
  return makeApi(
    definitionFor({ $disconnect: {}, $default: { twoWay: true } }),
    { disconnect: () => ({ statusCode: 200 }), default: (e) => ({ statusCode: 200, body: e.body }) },
    { clock },
  );
}

function disconnectContexts(api: ReturnType<typeof chatApi>) {
  return eventsOf(api, 'disconnect').map((e) => {
    const ctx = e.requestContext as Record<string, unknown>;
    return { connectionId: ctx.connectionId, code: ctx.disconnectStatusCode, reason: ctx.disconnectReason };
  });
}

describe('a client that drops off the network', () => {
  it('closes as abnormal (1006, not by the client) and runs $disconnect with 1006, labelled (RFC 6455 §7.1.5; UNCONFIRMED ws-network-drop-close)', async () => {
    const api = chatApi();
    const c = await open(api, { clientName: 'Alice' });
    await expect(api.dropConnection(c.connectionId)).resolves.toBe(true);
    expect(await c.closed).toEqual({ code: 1006, reason: '', byClient: false });
    expect(c.readyState).toBe('closed');
    expect(api.connections()).toEqual([]);
    expect(disconnectContexts(api)).toEqual([{ connectionId: c.connectionId, code: 1006, reason: '' }]);
    // Drawn from the client's lane: the gateway only sees the connection end.
    expect(api.trace.ofKind('ws.close')[0]).toMatchObject({
      from: 'client:Alice',
      to: 'gateway',
      code: 1006,
      initiator: 'network',
      unconfirmed: 'ws-network-drop-close',
    });
  });

  it('answers the next PostToConnection to it with 410 GoneException (docs/aws-behaviour.md §1.3, §3)', async () => {
    const api = chatApi();
    const c = await open(api);
    await api.dropConnection(c.connectionId);
    const res = await api.management.postToConnection(c.connectionId, 'anyone there?');
    expect(res.statusCode).toBe(410);
    expect(res.errorName).toBe('GoneException');
    expect(c.received).toEqual([]);
  });

  it('leaves the other connections open and answers false for an id that is not open', async () => {
    const api = chatApi();
    const a = await open(api, { clientName: 'Alice' });
    const b = await open(api, { clientName: 'Bob' });
    await api.dropConnection(a.connectionId);
    expect(b.readyState).toBe('open');
    await expect(api.dropConnection(a.connectionId)).resolves.toBe(false);
    await expect(api.dropConnection('nope')).resolves.toBe(false);
    expect(disconnectContexts(api)).toHaveLength(1);
  });
});

describe("one connection's idle timeout, on demand", () => {
  it('closes that connection with 1001 "Going away" and runs $disconnect, as after 10 silent minutes (DG limits; UNCONFIRMED ws-idle-close)', async () => {
    const api = chatApi();
    const c = await open(api, { clientName: 'Alice' });
    await expect(api.expireIdle(c.connectionId)).resolves.toBe(true);
    expect(await c.closed).toEqual({ code: 1001, reason: 'Going away', byClient: false });
    expect(disconnectContexts(api)).toEqual([{ connectionId: c.connectionId, code: 1001, reason: 'Going away' }]);
    expect(api.trace.ofKind('ws.close')[0]).toMatchObject({
      from: 'gateway',
      to: 'client:Alice',
      initiator: 'idle-timeout',
      unconfirmed: 'ws-idle-close',
    });
  });

  it("moves no clock: the stage's time stays and the other connections keep their own idle timers", async () => {
    const clock = new ManualClock(1_000_000);
    const api = chatApi(clock);
    const a = await open(api, { clientName: 'Alice' });
    const b = await open(api, { clientName: 'Bob' });
    api.advanceClock(5 * 60_000);
    await api.expireIdle(a.connectionId);
    expect(clock.now()).toBe(1_000_000 + 5 * 60_000);
    expect(api.trace.ofKind('clock.advance')).toHaveLength(1);
    expect(b.readyState).toBe('open');
    // Bob's own timer still fires at his 10 minutes, not earlier and not later.
    api.advanceClock(5 * 60_000 - 1);
    expect(b.readyState).toBe('open');
    api.advanceClock(1);
    expect(await b.closed).toEqual({ code: 1001, reason: 'Going away', byClient: false });
    await expect(api.expireIdle(a.connectionId)).resolves.toBe(false);
  });
});
