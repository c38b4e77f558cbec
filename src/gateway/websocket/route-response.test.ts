import { describe, expect, it } from 'vitest';
import { definitionFor, makeApi, open } from './test-support';

const internalError = (connectionId: string, requestId: string | undefined) =>
  `{"message": "Internal server error", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;

describe('route responses and integration errors', () => {
  it('sends nothing back on a one-way Lambda proxy route, whatever the function returns (DG apigateway-websocket-api-routes-integrations)', async () => {
    const api = makeApi(definitionFor({ $default: {} }), {
      default: (e) => ({ statusCode: 200, body: `echo ${e.body}` }),
    });
    const c = await open(api);
    await c.send('hello');
    expect(c.received).toEqual([]);
    expect(api.trace.ofKind('ws.frame.out')).toEqual([]);
  });

  it("sends the function's body as one text frame when the route has a $default route response (DG apigateway-websocket-api-route-response)", async () => {
    const api = makeApi(definitionFor({ $default: { twoWay: true } }), {
      default: (e) => ({ statusCode: 200, body: e.body }),
    });
    const c = await open(api);
    await c.send('hello');
    expect(c.received).toEqual(['hello']);
    const [out] = api.trace.ofKind('ws.frame.out');
    const [result] = api.trace.ofKind('lambda.result');
    expect(out).toMatchObject({
      cause: 'route-response',
      text: 'hello',
      size: 5,
      causeSeq: result.seq,
      to: 'client:client-1',
    });
    expect(out.unconfirmed).toBeUndefined();
  });

  it('sends the body even with a non-2xx statusCode, labelled (UNCONFIRMED ws-two-way-status)', async () => {
    const api = makeApi(definitionFor({ $default: { twoWay: true } }), {
      default: () => ({ statusCode: 400, body: 'bad' }),
    });
    const c = await open(api);
    await c.send('x');
    expect(c.received).toEqual(['bad']);
    expect(api.trace.ofKind('ws.frame.out')[0].unconfirmed).toBe('ws-two-way-status');
  });

  it.each([
    ['a bare string', 'hello'],
    ['null', null],
    ['an empty body', { statusCode: 200, body: '' }],
    ['an object body', { statusCode: 200, body: { a: 1 } }],
    ['no body', { statusCode: 200 }],
  ])(
    'sends nothing on a two-way route whose function returns %s (UNCONFIRMED ws-two-way-response-shape)',
    async (_label, value) => {
      const api = makeApi(definitionFor({ $default: { twoWay: true } }), { default: () => value });
      const c = await open(api);
      await c.send('x');
      expect(c.received).toEqual([]);
      expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('ok');
    },
  );

  it('answers a throwing function with the exact Internal server error frame and keeps the connection open, even one-way (§1.5)', async () => {
    const api = makeApi(definitionFor({ $default: {} }), {
      default: async () => {
        throw new Error('boom');
      },
    });
    const c = await open(api);
    await c.send('x');
    const [route] = api.trace.ofKind('ws.route');
    expect(c.received).toEqual([internalError(c.connectionId, route.requestId)]);
    expect(api.trace.ofKind('ws.frame.out')[0].cause).toBe('integration-error');
    expect(c.readyState).toBe('open');
  });

  it("answers a function that exceeds its own timeout with Internal server error (SO manual e2e; Lambda's timeout is a failed integration)", async () => {
    const api = makeApi(definitionFor({ $default: { twoWay: true } }), {
      default: { handler: () => ({ statusCode: 200, body: 'late' }), durationMs: 3001 },
    });
    const c = await open(api);
    await c.send('x');
    const [route] = api.trace.ofKind('ws.route');
    expect(c.received).toEqual([internalError(c.connectionId, route.requestId)]);
    expect(api.trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'timeout', durationMs: 3000 });
    expect(api.trace.ofKind('lambda.log').map((l) => l.text)).toContainEqual(
      expect.stringMatching(/ Task timed out after 3\.00 seconds$/),
    );
  });
});
