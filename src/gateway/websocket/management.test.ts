import { describe, expect, it } from 'vitest';
import { ManualClock, type WebSocketApi } from '../index';
import { definitionFor, makeApi, open } from './test-support';

function plainApi(clock = new ManualClock()) {
  return makeApi(definitionFor({ $default: {} }), { default: () => ({}) }, { clock });
}

describe('@connections management API', () => {
  it('answers PostToConnection with 200 and an empty body, and the client receives the data as a text frame (docs/aws-behaviour.md §3)', async () => {
    const api = plainApi();
    const c = await open(api);
    const res = await api.management.postToConnection(c.connectionId, 'hello');
    expect(res).toMatchObject({ statusCode: 200, body: '' });
    expect(res.errorName).toBeUndefined();
    expect(c.received).toEqual(['hello']);
    const [out] = api.trace.ofKind('ws.frame.out');
    expect(out).toMatchObject({ cause: 'post-to-connection', text: 'hello', size: 5 });
    expect(api.trace.ofKind('mgmt.request')[0]).toMatchObject({
      from: 'management',
      to: 'gateway',
      operation: 'PostToConnection',
      target: c.connectionId,
      size: 5,
    });
    expect(api.trace.ofKind('mgmt.response')[0]).toMatchObject({ from: 'gateway', to: 'management', status: 200 });
  });

  it('answers GetConnection with 200 {connectedAt, identity, lastActiveAt} in ISO 8601 (docs/aws-behaviour.md §3)', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
    const api = plainApi(clock);
    const c = await open(api, { sourceIp: '198.51.100.9', userAgent: 'wscat' });
    api.advanceClock(5000);
    await c.send('x');
    const res = await api.management.getConnection(c.connectionId);
    expect(res.statusCode).toBe(200);
    expect(res.headers['Content-Type']).toBe('application/json');
    expect(res.body).toBe(
      '{"connectedAt":"2026-01-15T12:00:00.000Z","identity":{"sourceIp":"198.51.100.9","userAgent":"wscat"},"lastActiveAt":"2026-01-15T12:00:05.000Z"}',
    );
  });

  it('answers DeleteConnection with 204 and closes the connection (docs/aws-behaviour.md §3)', async () => {
    const api = plainApi();
    const c = await open(api);
    const res = await api.management.deleteConnection(c.connectionId);
    expect(res).toMatchObject({ statusCode: 204, body: '' });
    expect(c.readyState).toBe('closed');
  });

  it('answers 410 GoneException for an unknown or closed connection on every operation, labelled (re:Post 410-gone; UNCONFIRMED ws-mgmt-error-bodies)', async () => {
    const api = plainApi();
    const c = await open(api);
    await c.close();
    for (const id of [c.connectionId, 'AAAAAAAAAAAAAAA=']) {
      const answers = [
        await api.management.postToConnection(id, 'x'),
        await api.management.getConnection(id),
        await api.management.deleteConnection(id),
      ];
      for (const res of answers) {
        expect(res).toMatchObject({ statusCode: 410, errorName: 'GoneException', body: '' });
        expect(res.headers['x-amzn-ErrorType']).toBe('GoneException');
      }
    }
    expect(api.trace.ofKind('mgmt.response').every((e) => e.unconfirmed === 'ws-mgmt-error-bodies')).toBe(true);
  });

  it('rejects data over 131,072 bytes with 413 PayloadTooLargeException (docs/aws-behaviour.md §3)', async () => {
    const api = plainApi();
    const c = await open(api);
    const res = await api.management.postToConnection(c.connectionId, 'x'.repeat(131_073));
    expect(res).toMatchObject({
      statusCode: 413,
      errorName: 'PayloadTooLargeException',
      body: '{"message":"The data has exceeded the maximum size allowed."}',
    });
    expect(c.received).toEqual([]);
    expect((await api.management.postToConnection(c.connectionId, 'x'.repeat(131_072))).statusCode).toBe(200);
  });

  it('delivers a post over the 32 KB frame quota whole, labelled (UNCONFIRMED ws-mgmt-frame-quota)', async () => {
    const api = plainApi();
    const c = await open(api);
    const data = 'y'.repeat(100_000);
    expect((await api.management.postToConnection(c.connectionId, data)).statusCode).toBe(200);
    expect(c.received).toEqual([data]);
    expect(c.readyState).toBe('open');
    expect(api.trace.ofKind('ws.frame.out')[0]).toMatchObject({ size: 100_000, unconfirmed: 'ws-mgmt-frame-quota' });
  });

  it('delivers binary Data as UTF-8 text, labelled (UNCONFIRMED ws-mgmt-binary-data)', async () => {
    const api = plainApi();
    const c = await open(api);
    await api.management.postToConnection(c.connectionId, new Uint8Array([0x68, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]));
    expect(c.received).toEqual(['hé😀']);
    expect(api.trace.ofKind('ws.frame.out')[0]).toMatchObject({ size: 7, unconfirmed: 'ws-mgmt-binary-data' });
  });

  it("draws the call from the calling function's lane and ties it to the invocation", async () => {
    const api: WebSocketApi = makeApi(definitionFor({ $default: {} }), {
      default: async (event, context) => {
        await api.management.postToConnection(event.requestContext.connectionId, 'pong', {
          functionName: context.functionName,
          invocationId: context.awsRequestId,
        });
        return { statusCode: 200 };
      },
    });
    const c = await open(api);
    await c.send('ping');
    const [invoke] = api.trace.ofKind('lambda.invoke');
    expect(api.trace.ofKind('mgmt.request')[0]).toMatchObject({
      from: 'integration:default',
      to: 'gateway',
      invocationId: invoke.invocationId,
    });
    expect(api.trace.ofKind('mgmt.response')[0]).toMatchObject({ from: 'gateway', to: 'integration:default' });
    expect(api.trace.ofKind('ws.frame.out')[0]).toMatchObject({
      invocationId: invoke.invocationId,
      cause: 'post-to-connection',
    });
    expect(c.received).toEqual(['pong']);
  });
});
