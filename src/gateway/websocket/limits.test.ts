import { describe, expect, it } from 'vitest';
import { definitionFor, eventsOf, makeApi, open } from './test-support';

function api() {
  return makeApi(definitionFor({ $default: {} }), { default: () => ({ statusCode: 200 }) });
}

describe('frame and message quotas', () => {
  it('routes a text message of exactly 32,768 UTF-8 bytes (DG limits: 32 KB frames)', async () => {
    const a = api();
    const c = await open(a);
    await c.send('x'.repeat(32_768));
    expect(c.readyState).toBe('open');
    expect(eventsOf(a, 'default')).toHaveLength(1);
  });

  it('closes with 1009 when one browser send() exceeds 32 KB, counting UTF-8 bytes, labelled (DG; UNCONFIRMED ws-browser-frames)', async () => {
    const a = api();
    const c = await open(a);
    // 16,385 characters, 32,770 bytes.
    await c.send('é'.repeat(16_385));
    expect(await c.closed).toEqual({ code: 1009, reason: 'Message Too Big', byClient: false });
    expect(eventsOf(a, 'default')).toHaveLength(0);
    expect(a.trace.ofKind('ws.frame.in')[0].size).toBe(32_770);
    expect(a.trace.ofKind('ws.close')[0]).toMatchObject({
      code: 1009,
      initiator: 'limit',
      unconfirmed: 'ws-browser-frames',
    });
  });

  it('accepts a fragmented message up to 128 KB when each fragment is at most 32 KB (DG apigateway-websocket-api-routes-integrations)', async () => {
    const a = api();
    const c = await open(a);
    await c.send('z'.repeat(131_072), { fragmentSize: 16_384 });
    expect(c.readyState).toBe('open');
    expect(eventsOf(a, 'default')[0].body).toHaveLength(131_072);
    expect(a.trace.ofKind('ws.frame.in')[0].summary).toContain('(8 fragments)');
  });

  it('closes with 1009 when a fragmented message exceeds 128 KB', async () => {
    const a = api();
    const c = await open(a);
    await c.send('z'.repeat(131_073), { fragmentSize: 32_768 });
    expect((await c.closed).code).toBe(1009);
    expect(eventsOf(a, 'default')).toHaveLength(0);
  });

  it('closes with 1009 when a single fragment exceeds 32 KB', async () => {
    const a = api();
    const c = await open(a);
    await c.send('z'.repeat(50_000), { fragmentSize: 40_000 });
    expect((await c.closed).code).toBe(1009);
  });

  it('rejects a fragment size that is not a positive whole number', async () => {
    const a = api();
    const c = await open(a);
    await expect(c.send('x', { fragmentSize: 0 })).rejects.toThrow(RangeError);
  });

  it('closes with 1003 on a binary frame, which WebSocket APIs do not support (DG websocket-api-develop-binary-media-types)', async () => {
    const a = api();
    const c = await open(a);
    await c.send(new Uint8Array([1, 2, 3]));
    expect(await c.closed).toEqual({ code: 1003, reason: 'Unsupported Data', byClient: false });
    expect(a.trace.ofKind('ws.frame.in')[0]).toMatchObject({ opcode: 'binary', size: 3 });
    expect(a.trace.ofKind('ws.close')[0]).toMatchObject({ code: 1003, unconfirmed: 'ws-limit-close-reason' });
    expect(eventsOf(a, 'default')).toHaveLength(0);
  });
});
