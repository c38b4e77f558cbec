/**
 * What Chromium's own WebSocket does at a handshake, measured against a real server
 * (tests/support/ws-server.global.ts). The adapter's wrapper must reproduce exactly this for
 * the fake gateway, so these tests pin the reference it is compared with.
 */
import { describe, expect, inject, it } from 'vitest';
import { recordSocket } from './test-support';

const base = inject('wsServerUrl');

describe('Chromium WebSocket reference behaviour', () => {
  it('reports a refused upgrade (HTTP 401) as error then close 1006, never open', async () => {
    const rec = recordSocket(new WebSocket(`${base}/refuse/401`));
    const close = await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    expect(close.wasClean).toBe(false);
  });

  it('fails the handshake when protocols were offered and the server chose none', async () => {
    const rec = recordSocket(new WebSocket(`${base}/echo?reply=`, ['chat', 'json']));
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
  });

  it('fails the handshake when the server answers a protocol that was never offered', async () => {
    const rec = recordSocket(new WebSocket(`${base}/echo?reply=chat`));
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
  });

  it('fails the handshake when the server answers a protocol other than the offered ones', async () => {
    const rec = recordSocket(new WebSocket(`${base}/echo?reply=xml`, ['chat', 'json']));
    await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
  });

  it('opens with the protocol the server chose among the offered ones', async () => {
    const ws = new WebSocket(`${base}/echo?reply=json`, ['chat', 'json']);
    const rec = recordSocket(ws);
    await rec.opened;
    expect(ws.protocol).toBe('json');
    ws.close();
    await rec.closed;
    expect(rec.log).toEqual(['open', 'close 1005']);
  });

  it('reports close() during a pending upgrade as error then close 1006', async () => {
    const ws = new WebSocket(`${base}/hold`);
    const rec = recordSocket(ws);
    ws.close(4000, 'bye');
    expect(ws.readyState).toBe(WebSocket.CLOSING);
    const close = await rec.closed;
    expect(rec.log).toEqual(['error', 'close 1006']);
    expect(close.wasClean).toBe(false);
  });

  it('delivers the server close code and reason with wasClean true', async () => {
    const ws = new WebSocket(`${base}/echo`);
    const rec = recordSocket(ws);
    await rec.opened;
    ws.send('close 4001 kicked out');
    const close = await rec.closed;
    expect([close.code, close.reason, close.wasClean]).toEqual([4001, 'kicked out', true]);
  });

  it('throws InvalidStateError on send while connecting and InvalidAccessError on a reserved close code', async () => {
    const ws = new WebSocket(`${base}/echo`);
    const rec = recordSocket(ws);
    expect(() => ws.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(() => ws.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => ws.close(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    await rec.opened;
    ws.close(1000, 'done');
    await rec.closed;
    expect(rec.log).toEqual(['open', 'close 1000']);
  });
});
