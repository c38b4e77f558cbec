import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { httpDefinition, makeHttpApi, send, START } from './test-support';
import type { InProcessFunction, InProcessHandler } from '../core/inprocess-invoker';

function apiReturning(
  fn: InProcessHandler | InProcessFunction,
  route: { payloadFormatVersion?: '1.0'; timeoutInMillis?: number } = {},
) {
  return makeHttpApi(
    httpDefinition({ 'GET /r': { fn: 'r', ...route } }, { functions: { r: { handler: 'r.handler', timeout: 60 } } }),
    { r: fn },
  );
}

describe('Lambda response, payload 2.0 (DG http-api-develop-integrations-lambda; docs/aws-behaviour.md §5.4)', () => {
  it('passes statusCode, headers and body through', async () => {
    const api = apiReturning(() => ({
      statusCode: 201,
      headers: { 'Content-Type': 'text/html', 'X-Id': 7 },
      body: '<p>hi</p>',
    }));
    const res = await send(api, 'GET', '/r');
    expect(res.status).toBe(201);
    expect(res.body).toBe('<p>hi</p>');
    expect(res.headers).toMatchObject({ 'content-type': 'text/html', 'x-id': '7', 'content-length': '9' });
    expect(api.trace.ofKind('http.response')[0]).toMatchObject({ status: 201, source: 'integration' });
  });

  it('infers 200 and application/json for a string without statusCode: "Hello from Lambda!" is the body as-is', async () => {
    const res = await send(
      apiReturning(() => 'Hello from Lambda!'),
      'GET',
      '/r',
    );
    expect(res).toMatchObject({ status: 200, body: 'Hello from Lambda!' });
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('infers 200 and a JSON body for an object without statusCode', async () => {
    const res = await send(
      apiReturning(() => ({ message: 'Hello from Lambda!' })),
      'GET',
      '/r',
    );
    expect(res).toMatchObject({ status: 200, body: '{"message":"Hello from Lambda!"}' });
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('answers 200 with the body "null" when the function returns nothing, labelled (UNCONFIRMED http-response-shape)', async () => {
    const api = apiReturning(() => undefined);
    const res = await send(api, 'GET', '/r');
    expect(res).toMatchObject({ status: 200, body: 'null' });
    expect(api.trace.ofKind('http.response')[0].unconfirmed).toBe('http-response-shape');
  });

  it('turns each entry of cookies into its own set-cookie header ("each cookie becomes a set-cookie header")', async () => {
    const res = await send(
      apiReturning(() => ({ statusCode: 200, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], body: 'ok' })),
      'GET',
      '/r',
    );
    expect(res.multiValueHeaders?.['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(res.headers).not.toHaveProperty('set-cookie');
  });

  it('decodes a base64 body when isBase64Encoded is true', async () => {
    const res = await send(
      apiReturning(() => ({ statusCode: 200, isBase64Encoded: true, body: 'aGk=' })),
      'GET',
      '/r',
    );
    expect(res.body).toBe('hi');
  });

  it('labels the default content type of a response that sets none (UNCONFIRMED http-default-content-type)', async () => {
    const api = apiReturning(() => ({ statusCode: 200, body: 'plain' }));
    const res = await send(api, 'GET', '/r');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(api.trace.ofKind('http.response')[0].unconfirmed).toBe('http-default-content-type');
  });

  it('adds apigw-requestid (the request id) and a date from the virtual clock', async () => {
    const api = apiReturning(() => 'x');
    const res = await send(api, 'GET', '/r');
    expect(res.headers['apigw-requestid']).toBe(api.trace.ofKind('http.request')[0].requestId);
    expect(res.headers.date).toBe(new Date(START).toUTCString());
  });
});

describe('integration errors (DG http-api-troubleshooting-lambda; docs/aws-behaviour.md §5.11)', () => {
  it('answers 500 {"message":"Internal Server Error"} when the function throws', async () => {
    const api = apiReturning(() => {
      throw new Error('boom');
    });
    const res = await send(api, 'GET', '/r');
    expect(res).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect(api.trace.ofKind('http.response')[0]).toMatchObject({ source: 'gateway', status: 500 });
  });

  it('answers 500 for a malformed response (a non-string body), labelled (UNCONFIRMED http-response-shape)', async () => {
    const api = apiReturning(() => ({ statusCode: 200, body: { not: 'a string' } }));
    const res = await send(api, 'GET', '/r');
    expect(res).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect(api.trace.ofKind('http.response')[0]).toMatchObject({ unconfirmed: 'http-response-shape' });
  });

  it('answers 500 for an out-of-range statusCode', async () => {
    const res = await send(
      apiReturning(() => ({ statusCode: 99 })),
      'GET',
      '/r',
    );
    expect(res.status).toBe(500);
  });

  it("answers 500 when the function hits its own timeout (Lambda's error, not the gateway's)", async () => {
    const api = makeHttpApi(
      httpDefinition({ 'GET /r': { fn: 'r' } }, { functions: { r: { handler: 'r.handler', timeout: 1 } } }),
      {
        r: { handler: () => 'late', durationMs: 5000 },
      },
    );
    const res = await send(api, 'GET', '/r');
    expect(res.status).toBe(500);
    expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('timeout');
  });

  it('answers 503 {"message":"Service Unavailable"} when the integration timeout passes first, and records the late result', async () => {
    const clock = new ManualClock(START);
    const api = makeHttpApi(
      httpDefinition(
        { 'GET /r': { fn: 'r', timeoutInMillis: 1000 } },
        { functions: { r: { handler: 'r.handler', timeout: 10 } } },
      ),
      { r: { handler: () => 'late', durationMs: 2500 } },
      { clock },
    );
    const res = await send(api, 'GET', '/r');
    await api.whenIdle();
    expect(res).toMatchObject({ status: 503, body: '{"message":"Service Unavailable"}' });
    expect(api.trace.ofKind('integration.timeout')[0]).toMatchObject({ timeoutMs: 1000, t: START + 1000 });
    expect(api.trace.ofKind('http.response')[0].t).toBe(START + 1000);
    expect(api.trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'ok', t: START + 2500 });
  });
});

describe('Lambda response, payload 1.0 on an HTTP API', () => {
  it('merges multiValueHeaders (first) with headers and requires a statusCode', async () => {
    const ok = await send(
      apiReturning(
        () => ({
          statusCode: 200,
          headers: { 'set-cookie': 'c=3' },
          multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
          body: 'x',
        }),
        { payloadFormatVersion: '1.0' },
      ),
      'GET',
      '/r',
    );
    expect(ok.multiValueHeaders?.['set-cookie']).toEqual(['a=1', 'b=2', 'c=3']);
    const bad = await send(
      apiReturning(() => 'just a string', { payloadFormatVersion: '1.0' }),
      'GET',
      '/r',
    );
    expect(bad.status).toBe(500);
  });
});
