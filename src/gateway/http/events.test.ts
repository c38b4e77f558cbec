import { describe, expect, it } from 'vitest';
import { echo, eventOf, httpDefinition, makeHttpApi, send, START } from './test-support';

/**
 * The 2024 capture of docs/aws-behaviour.md §5.3 (Powertools `apigw-http/no-auth.json`, derived
 * from `lambda-authorizer-auth.json`: same requestId, an authorizer that returned no context).
 */
const CAPTURE = {
  version: '2.0',
  routeKey: 'POST /lambda',
  rawPath: '/lambda',
  rawQueryString: '',
  headers: {
    accept: '*/*',
    'content-length': '0',
    host: 'lsw1ro4ipb.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'HTTPie/3.2.2',
    'x-amzn-trace-id': 'Root=1-66705bc7-2b4257df30cbee696ef2cf28',
    'x-forwarded-for': '15.248.3.126',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'lsw1ro4ipb',
    authorizer: { lambda: null },
    domainName: 'lsw1ro4ipb.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'lsw1ro4ipb',
    http: {
      method: 'POST',
      path: '/lambda',
      protocol: 'HTTP/1.1',
      sourceIp: '15.248.3.126',
      userAgent: 'HTTPie/3.2.2',
    },
    requestId: 'ZhNHJhhLjoEEPiw=',
    routeKey: 'POST /lambda',
    stage: '$default',
    time: '17/Jun/2024:15:52:39 +0000',
    timeEpoch: 1718639559080,
  },
  isBase64Encoded: false,
};

/** Replaces what differs per request (ids, times, the trace id) so the shapes can be compared. */
function normalise(event: Record<string, unknown>): Record<string, unknown> {
  const e = structuredClone(event) as { headers: Record<string, string>; requestContext: Record<string, unknown> };
  e.headers['x-amzn-trace-id'] = '<trace>';
  e.requestContext.requestId = '<id>';
  e.requestContext.time = '<time>';
  e.requestContext.timeEpoch = 0;
  return e as unknown as Record<string, unknown>;
}

function captureApi(authorized: boolean) {
  const def = httpDefinition(
    { 'POST /lambda': { fn: 'lambda', ...(authorized ? { authorizer: 'auth' } : {}) } },
    {
      apiId: 'lsw1ro4ipb',
      region: 'eu-west-1',
      ...(authorized
        ? {
            authorizers: {
              auth: {
                type: 'REQUEST',
                function: 'auth',
                authorizerPayloadFormatVersion: '2.0',
                enableSimpleResponses: true,
                identitySource: ['$request.header.Authorization'],
              },
            },
            functions: { auth: { handler: 'auth.handler' } },
          }
        : {}),
    },
  );
  return makeHttpApi(def, { lambda: echo, auth: () => ({ isAuthorized: true }) });
}

const HTTPIE = { accept: '*/*', 'content-length': '0', 'User-Agent': 'HTTPie/3.2.2' };

describe('payload 2.0 event (DG http-api-develop-integrations-lambda; docs/aws-behaviour.md §5.3)', () => {
  it('matches the captured event field by field when a Lambda authorizer returned no context ({"lambda": null})', async () => {
    const api = captureApi(true);
    await send(api, 'POST', '/lambda', {
      headers: { ...HTTPIE, authorization: 'Bearer foo' },
      sourceIp: '15.248.3.126',
    });
    const event = normalise(eventOf(api, 'lambda'));
    const expected = normalise(CAPTURE);
    (expected.headers as Record<string, string>).authorization = 'Bearer foo';
    expect(event).toEqual(expected);
  });

  it('omits requestContext.authorizer when the route has no authorizer (ALG apigw-v2-request-no-authorizer capture)', async () => {
    const api = captureApi(false);
    await send(api, 'POST', '/lambda', { headers: HTTPIE, sourceIp: '15.248.3.126' });
    const event = normalise(eventOf(api, 'lambda'));
    const { authorizer: _a, ...context } = CAPTURE.requestContext;
    void _a;
    expect(event).toEqual(normalise({ ...CAPTURE, requestContext: context }));
  });

  it('stamps time and timeEpoch from the virtual clock and uses a 16-character request id ending in "="', async () => {
    const api = captureApi(false);
    await send(api, 'POST', '/lambda', { headers: HTTPIE });
    const ctx = eventOf(api, 'lambda').requestContext as Record<string, unknown>;
    expect(ctx.timeEpoch).toBe(START);
    expect(ctx.time).toBe('15/Jan/2026:12:00:00 +0000');
    expect(ctx.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it('lowercases header names and comma-joins repeated headers and query values ("Duplicate headers are combined with commas")', async () => {
    const api = makeHttpApi(httpDefinition({ 'GET /q': { fn: 'q' } }), { q: echo });
    await send(api, 'GET', '/q?a=1&a=2&b=x%20y&c', {
      headers: [
        ['X-Thing', 'one'],
        ['x-thing', 'two'],
      ],
    });
    const event = eventOf(api, 'q');
    expect(event.rawQueryString).toBe('a=1&a=2&b=x%20y&c');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y', c: '' });
    expect((event.headers as Record<string, string>)['x-thing']).toBe('one,two');
    expect(Object.keys(event.headers as object).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('moves request cookies into "cookies" and out of headers', async () => {
    const api = makeHttpApi(httpDefinition({ 'GET /c': { fn: 'c' } }), { c: echo });
    await send(api, 'GET', '/c', { headers: { Cookie: 'a=1; b=2' } });
    const event = eventOf(api, 'c');
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('omits cookies, queryStringParameters, pathParameters, stageVariables and body when empty (not null as in 1.0)', async () => {
    const api = makeHttpApi(httpDefinition({ 'GET /e': { fn: 'e' } }), { e: echo });
    await send(api, 'GET', '/e');
    const event = eventOf(api, 'e');
    for (const k of ['cookies', 'queryStringParameters', 'pathParameters', 'stageVariables', 'body'])
      expect(event).not.toHaveProperty(k);
  });

  it('includes the stage prefix in rawPath and http.path on a named stage, and passes stage variables', async () => {
    const def = httpDefinition(
      { 'GET /agents/{id}': { fn: 'agent' } },
      { stage: { name: 'dev', variables: { table: 'agents' } } },
    );
    const api = makeHttpApi(def, { agent: echo });
    await send(api, 'GET', '/agents/1234');
    const event = eventOf(api, 'agent') as {
      rawPath: string;
      requestContext: { http: { path: string }; stage: string };
      pathParameters: unknown;
      stageVariables: unknown;
    };
    expect(event.rawPath).toBe('/dev/agents/1234');
    expect(event.requestContext.http.path).toBe('/dev/agents/1234');
    expect(event.requestContext.stage).toBe('dev');
    expect(event.pathParameters).toEqual({ id: '1234' });
    expect(event.stageVariables).toEqual({ table: 'agents' });
  });

  it('passes a JSON body as text and a binary body base64-encoded, labelled (UNCONFIRMED http-body-base64)', async () => {
    const api = makeHttpApi(httpDefinition({ 'POST /b': { fn: 'b' } }), { b: echo });
    await send(api, 'POST', '/b', { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await send(api, 'POST', '/b', {
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([1, 2, 3]),
    });
    const [json, bin] = api.trace.ofKind('lambda.invoke');
    expect(json.event).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect((json.event as { headers: Record<string, string> }).headers['content-length']).toBe('7');
    expect(bin.event).toMatchObject({ body: 'AQID', isBase64Encoded: true });
    expect(bin.unconfirmed).toBe('http-body-base64');
  });
});

describe('payload 1.0 event on an HTTP API (DG http-api-develop-integrations-lambda)', () => {
  it('sends the REST-shaped event with lowercased headers, multi-value maps and nulls, labelled (UNCONFIRMED http-v1-event)', async () => {
    const def = httpDefinition({ 'GET /pets/{id}': { fn: 'pets', payloadFormatVersion: '1.0' } });
    const api = makeHttpApi(def, { pets: (event) => ({ statusCode: 200, body: event.version }) });
    const res = await send(api, 'GET', '/pets/7?tag=a&tag=b', { headers: { 'X-Trace': 'x', Cookie: 'a=1' } });
    expect(res.body).toBe('1.0');
    const invoke = api.trace.ofKind('lambda.invoke')[0];
    expect(invoke.unconfirmed).toBe('http-v1-event');
    const event = invoke.event as Record<string, unknown>;
    expect(event).toMatchObject({
      version: '1.0',
      resource: '/pets/{id}',
      path: '/pets/7',
      httpMethod: 'GET',
      queryStringParameters: { tag: 'b' },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      pathParameters: { id: '7' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect((event.headers as Record<string, string>)['x-trace']).toBe('x');
    expect((event.headers as Record<string, string>).cookie).toBe('a=1');
    expect((event.multiValueHeaders as Record<string, string[]>)['x-trace']).toEqual(['x']);
    expect(event.requestContext).toMatchObject({
      authorizer: { claims: null, scopes: null },
      httpMethod: 'GET',
      resourcePath: '/pets/{id}',
      stage: '$default',
      identity: { sourceIp: '203.0.113.10', accessKey: null },
    });
  });
});
