import { describe, expect, it } from 'vitest';
import { API_ID, eventsOf, makeRestApi, proxy, restDefinition, send } from './test-support';

const ok = () => ({ statusCode: 200, body: '' });
const HOST = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

/** The request of LS test_apigateway_lambda.py::test_lambda_aws_proxy_integration (python-requests). */
const CAPTURE_HEADERS: [string, string][] = [
  ['User-Agent', 'python-requests/testing'],
  ['Accept-Encoding', 'gzip, deflate'],
  ['Accept', '*/*'],
  ['Connection', 'keep-alive'],
  ['tEsT-HEADeR', 'aValUE'],
  ['Authorization', 'random-value'],
];

describe('REST Lambda proxy event, payload 1.0 (docs/aws-behaviour.md §5.2)', () => {
  const definition = restDefinition({ '/{proxy+}': { methods: { ANY: proxy('fn') } } });

  it('matches the AWS-validated capture field by field (LS test_lambda_aws_proxy_integration, EDGE endpoint)', async () => {
    const api = makeRestApi(definition, { fn: ok });
    await send(api, 'GET', '/test-path', { headers: CAPTURE_HEADERS, sourceIp: '198.51.100.7' });
    const event = eventsOf(api, 'fn')[0];
    const ctx = event.requestContext as Record<string, unknown>;
    const headers = event.headers as Record<string, string>;
    // Values AWS generates per request: shapes here, exact values from the same event.
    expect(ctx.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ctx.extendedRequestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(ctx.requestTime).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(headers.Via).toMatch(/^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    const capture = {
      body: null,
      headers: {
        Accept: '*/*',
        'Accept-Encoding': 'gzip, deflate',
        Authorization: 'random-value',
        'CloudFront-Forwarded-Proto': 'https',
        'CloudFront-Is-Desktop-Viewer': 'true',
        'CloudFront-Is-Mobile-Viewer': 'false',
        'CloudFront-Is-SmartTV-Viewer': 'false',
        'CloudFront-Is-Tablet-Viewer': 'false',
        'CloudFront-Viewer-ASN': headers['CloudFront-Viewer-ASN'],
        'CloudFront-Viewer-Country': headers['CloudFront-Viewer-Country'],
        Host: HOST,
        'User-Agent': 'python-requests/testing',
        Via: headers.Via,
        'X-Amz-Cf-Id': headers['X-Amz-Cf-Id'],
        'X-Amzn-Trace-Id': headers['X-Amzn-Trace-Id'],
        'X-Forwarded-For': headers['X-Forwarded-For'],
        'X-Forwarded-Port': '443',
        'X-Forwarded-Proto': 'https',
        'tEsT-HEADeR': 'aValUE',
      },
      httpMethod: 'GET',
      isBase64Encoded: false,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      multiValueQueryStringParameters: null,
      path: '/test-path',
      pathParameters: { proxy: 'test-path' },
      queryStringParameters: null,
      requestContext: {
        accountId: '123456789012',
        apiId: API_ID,
        deploymentId: ctx.deploymentId,
        domainName: HOST,
        domainPrefix: API_ID,
        extendedRequestId: ctx.extendedRequestId,
        httpMethod: 'GET',
        identity: {
          accessKey: null,
          accountId: null,
          caller: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: '198.51.100.7',
          user: null,
          userAgent: 'python-requests/testing',
          userArn: null,
        },
        path: '/dev/test-path',
        protocol: 'HTTP/1.1',
        requestId: ctx.requestId,
        requestTime: ctx.requestTime,
        requestTimeEpoch: api.clock.now(),
        resourceId: ctx.resourceId,
        resourcePath: '/{proxy+}',
        stage: 'dev',
      },
      resource: '/{proxy+}',
      stageVariables: null,
    };
    expect(event).toStrictEqual(capture);
    expect(Object.keys(event).sort()).toEqual(Object.keys(capture).sort());
    expect(headers['X-Forwarded-For']).toMatch(/^198\.51\.100\.7, \d+\.\d+\.\d+\.\d+$/);
    expect(ctx.resourceId).toMatch(/^[a-z0-9]{6}$/);
  });

  it('keeps the trailing slash in path but not in the greedy path parameter (§5.2)', async () => {
    const api = makeRestApi(definition, { fn: ok });
    await send(api, 'GET', '/test-path/');
    expect(eventsOf(api, 'fn')[0]).toMatchObject({ path: '/test-path/', pathParameters: { proxy: 'test-path' } });
    expect((eventsOf(api, 'fn')[0].requestContext as { path: string }).path).toBe('/dev/test-path/');
  });

  it('puts the last value of a repeated query key in queryStringParameters and all of them in the multi-value map (§5.2)', async () => {
    const api = makeRestApi(definition, { fn: ok });
    await send(
      api,
      'GET',
      '/p?category=electronics&category=books&plus=test+alias%40gmail.com&email=test%2Balias%40gmail.com',
    );
    expect(eventsOf(api, 'fn')[0]).toMatchObject({
      queryStringParameters: { category: 'books', plus: 'test alias@gmail.com', email: 'test+alias@gmail.com' },
      multiValueQueryStringParameters: { category: ['electronics', 'books'] },
    });
  });

  it('passes the path and path parameters still percent-encoded, and keeps a double slash (§5.2 capture)', async () => {
    const api = makeRestApi(definition, { fn: ok });
    await send(api, 'GET', '/api/user/test%2Balias@gmail.com//x');
    expect(eventsOf(api, 'fn')[0]).toMatchObject({
      path: '/api/user/test%2Balias@gmail.com//x',
      pathParameters: { proxy: 'api/user/test%2Balias@gmail.com//x' },
    });
  });

  it('keeps header case, puts the last value of a repeated header in headers and all of them in multiValueHeaders', async () => {
    const api = makeRestApi(definition, { fn: ok });
    await send(api, 'GET', '/p', {
      headers: [
        ['X-Tag', 'a'],
        ['x-tag', 'b'],
        ['Content-Length', '0'],
      ],
    });
    const event = eventsOf(api, 'fn')[0];
    expect((event.headers as Record<string, string>)['X-Tag']).toBe('b');
    expect((event.multiValueHeaders as Record<string, string[]>)['X-Tag']).toEqual(['a', 'b']);
    expect(event.headers).not.toHaveProperty('Content-Length');
  });

  it('sends a body as is, and stage variables when the stage has some', async () => {
    const api = makeRestApi(
      restDefinition(
        { '/{proxy+}': { methods: { ANY: proxy('fn') } } },
        { stage: { name: 'dev', variables: { table: 'pets' } } },
      ),
      { fn: ok },
    );
    await send(api, 'POST', '/p', { body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
    expect(eventsOf(api, 'fn')[0]).toMatchObject({
      body: '{"a":1}',
      isBase64Encoded: false,
      stageVariables: { table: 'pets' },
      httpMethod: 'POST',
    });
  });

  it('leaves out the CloudFront headers on a REGIONAL endpoint', async () => {
    const api = makeRestApi(
      restDefinition(
        { '/{proxy+}': { methods: { ANY: proxy('fn') } } },
        { endpointConfiguration: { types: ['REGIONAL'] } },
      ),
      { fn: ok },
    );
    await send(api, 'GET', '/p', { sourceIp: '198.51.100.7' });
    const headers = eventsOf(api, 'fn')[0].headers as Record<string, string>;
    expect(
      Object.keys(headers).filter((h) => h.startsWith('CloudFront') || h === 'Via' || h === 'X-Amz-Cf-Id'),
    ).toEqual([]);
    expect(headers['X-Forwarded-For']).toBe('198.51.100.7');
  });

  it('sets pathParameters to null at a resource without variables', async () => {
    const api = makeRestApi(restDefinition({ '/items': { methods: { GET: proxy('fn') } } }), { fn: ok });
    await send(api, 'GET', '/items');
    expect(eventsOf(api, 'fn')[0]).toMatchObject({ pathParameters: null, resource: '/items', path: '/items' });
  });
});
