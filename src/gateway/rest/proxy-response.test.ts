import { describe, expect, it } from 'vitest';
import { parseProxyResponse } from './responses';
import { makeRestApi, proxy, restDefinition, send, type Handlers } from './test-support';

const INTERNAL = '{"message": "Internal server error"}';

function apiReturning(handler: Handlers[string], timeoutInMillis?: number) {
  const def = restDefinition({ '/r': { methods: { ANY: proxy('fn') } } });
  if (timeoutInMillis) def.resources['/r'].methods.ANY!.integration.timeoutInMillis = timeoutInMillis;
  return makeRestApi(def, { fn: handler });
}

async function call(handler: Handlers[string]) {
  const api = apiReturning(handler);
  return { api, res: await send(api, 'GET', '/r') };
}

describe('REST Lambda proxy response (docs/aws-behaviour.md §5.4; LS test_aws_proxy_response_payload_format_validation, recorded on AWS)', () => {
  it('returns statusCode, headers and body as the client response, with Content-Type defaulting to application/json', async () => {
    const { res } = await call(() => ({ statusCode: 201, headers: { 'X-Pet': 'rex' }, body: '{"id":1}' }));
    expect(res.status).toBe(201);
    expect(res.body).toBe('{"id":1}');
    expect(res.headers['X-Pet']).toBe('rex');
    expect(res.headers['Content-Type']).toBe('application/json');
    expect(res.headers['x-amzn-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a numeric string statusCode ("201" → 201)', async () => {
    expect((await call(() => ({ statusCode: '201' }))).res.status).toBe(201);
  });

  it('rejects a statusCode that is not a number with 502', async () => {
    expect((await call(() => ({ statusCode: 'test' }))).res).toMatchObject({ status: 502, body: INTERNAL });
  });

  it('answers 200 with an empty body when only headers are returned', async () => {
    const { res } = await call(() => ({ headers: { 'test-header': 'value' } }));
    expect(res).toMatchObject({ status: 200, body: '' });
    expect(res.headers['test-header']).toBe('value');
  });

  it('turns a boolean header value into "true"/"false", and accepts headers: null', async () => {
    expect((await call(() => ({ statusCode: 200, headers: { 'header-bool': true } }))).res.headers['header-bool']).toBe(
      'true',
    );
    expect((await call(() => ({ statusCode: 200, headers: null }))).res.status).toBe(200);
  });

  it('answers 502 {"message": "Internal server error"} for an unexpected top-level key (Malformed Lambda proxy response)', async () => {
    const { api, res } = await call(() => ({ statusCode: 200, wrongValue: 'value' }));
    expect(res).toMatchObject({ status: 502, body: INTERNAL });
    expect(api.trace.ofKind('gateway.reject')[0].reason).toContain('unexpected key "wrongValue"');
  });

  it('answers 502 when the function returns a bare string', async () => {
    expect((await call(() => 'justAString')).res).toMatchObject({ status: 502, body: INTERNAL });
  });

  it('answers 502 when the body is not a string (a forgotten JSON.stringify), labelled as a playground choice', async () => {
    const { api, res } = await call(() => ({ statusCode: 200, body: { a: 1 } }));
    expect(res).toMatchObject({ status: 502, body: INTERNAL });
    expect(api.trace.ofKind('gateway.reject')[0]).toMatchObject({ unconfirmed: 'rest-proxy-response-shape' });
  });

  it('treats a null body as empty', async () => {
    expect((await call(() => ({ statusCode: 204, body: null }))).res).toMatchObject({ status: 204, body: '' });
  });

  it('answers 502 for a multiValueHeaders value that is not a list', async () => {
    expect(
      (await call(() => ({ statusCode: 200, multiValueHeaders: { 'test-multi-invalid': 'value1' } }))).res.status,
    ).toBe(502);
  });

  it('merges headers and multiValueHeaders with the multi-value values first (DG set-up-lambda-proxy-integrations)', async () => {
    const { res } = await call(() => ({
      statusCode: 200,
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      headers: { 'set-cookie': 'c=3' },
    }));
    expect(res.multiValueHeaders?.['Set-Cookie']).toEqual(['a=1', 'b=2', 'c=3']);
    expect(res.headers['Set-Cookie']).toBe('a=1, b=2, c=3');
  });

  it('returns a base64 body literally when isBase64Encoded is true and no binary media type is set (§5.4)', async () => {
    expect((await call(() => ({ statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: true }))).res.body).toBe(
      'dGVzdC1kYXRh',
    );
  });

  it('answers 502 when the function throws', async () => {
    const { api, res } = await call(() => {
      throw new Error('boom');
    });
    expect(res).toMatchObject({ status: 502, body: INTERNAL });
    expect(api.trace.ofKind('lambda.result')[0]).toMatchObject({ outcome: 'error', error: { errorMessage: 'boom' } });
  });

  it("answers 502 when the function hits its own timeout (Lambda's timeout, not the gateway's)", async () => {
    const api = makeRestApi(
      restDefinition(
        { '/r': { methods: { GET: proxy('fn') } } },
        { functions: { fn: { handler: 'fn.handler', timeout: 1 } } },
      ),
      {
        fn: { handler: () => ({ statusCode: 200 }), durationMs: 1500 },
      },
    );
    expect(await send(api, 'GET', '/r')).toMatchObject({ status: 502, body: INTERNAL });
    expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('timeout');
  });

  it('answers 504 {"message": "Endpoint request timed out"} when the integration timeout passes first, while the function runs on (§4)', async () => {
    const api = makeRestApi(
      restDefinition(
        { '/r': { methods: { GET: { integration: { type: 'AWS_PROXY', function: 'fn', timeoutInMillis: 1000 } } } } },
        { functions: { fn: { handler: 'fn.handler', timeout: 10 } } },
      ),
      { fn: { handler: () => ({ statusCode: 200 }), durationMs: 5000 } },
    );
    const start = api.clock.now();
    const res = await send(api, 'GET', '/r');
    expect(res).toMatchObject({ status: 504, body: '{"message": "Endpoint request timed out"}' });
    await api.whenIdle();
    const timeout = api.trace.ofKind('integration.timeout')[0];
    expect(timeout.t - start).toBe(1000);
    expect(api.trace.ofKind('lambda.result')[0].outcome).toBe('ok');
  });
});

describe('parseProxyResponse', () => {
  it('rejects null and arrays as malformed', () => {
    expect(parseProxyResponse(null).ok).toBe(false);
    expect(parseProxyResponse([]).ok).toBe(false);
  });

  it('accepts an empty object as 200 with no body', () => {
    expect(parseProxyResponse({})).toEqual({ ok: true, status: 200, headers: [], body: '', isBase64Encoded: false });
  });

  it('rejects a header value that is a number', () => {
    expect(parseProxyResponse({ headers: { 'X-N': 5 } }).ok).toBe(false);
  });
});
