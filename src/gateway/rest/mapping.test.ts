import { describe, expect, it } from 'vitest';
import type { RestIntegrationDefinition } from './definition';
import { eventsOf, makeRestApi, restDefinition, send, type Handlers } from './test-support';

function api(
  integration: RestIntegrationDefinition,
  handlers: Handlers = {},
  path = '/pets/{id}',
  verb: 'GET' | 'POST' | 'OPTIONS' = 'GET',
) {
  return makeRestApi(restDefinition({ [path]: { methods: { [verb]: { integration } } } }), handlers);
}

describe('REST MOCK integration (DG how-to-mock-integration)', () => {
  const mock: RestIntegrationDefinition = {
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [
      {
        statusCode: '200',
        responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
        responseTemplates: { 'application/json': '{"id": "$input.params(\'id\')", "stage": "$context.stage"}' },
      },
    ],
  };

  it('answers from the integration response the request template selects, with its template and response parameters', async () => {
    const a = api(mock);
    const res = await send(a, 'GET', '/pets/7');
    expect(res).toMatchObject({ status: 200, body: '{"id": "7", "stage": "dev"}' });
    expect(res.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(a.trace.ofKind('integration.mock')[0].statusCode).toBe(200);
    expect(a.trace.ofKind('http.response')[0].source).toBe('mock');
    expect(a.trace.ofKind('lambda.invoke')).toHaveLength(0);
  });

  it('selects an integration response whose selectionPattern matches the status code, else the default', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: {
        'application/json': '#if($input.params(\'fail\') == \'yes\'){"statusCode": 500}#else{"statusCode": 200}#end',
      },
      integrationResponses: [
        { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } },
        { selectionPattern: '5\\d{2}', statusCode: '503', responseTemplates: { 'application/json': '{"ok": false}' } },
      ],
    });
    expect(await send(a, 'GET', '/pets/1')).toMatchObject({ status: 200, body: '{"ok": true}' });
    expect(await send(a, 'GET', '/pets/1?fail=yes')).toMatchObject({ status: 503, body: '{"ok": false}' });
  });

  it('answers 500 when the request template yields no integer statusCode (LS mock.py: "Unable to parse statusCode")', async () => {
    const a = api({ type: 'MOCK', integrationResponses: [{ statusCode: '200' }] });
    expect(await send(a, 'GET', '/pets/1')).toMatchObject({
      status: 500,
      body: '{"message": "Internal server error"}',
    });
    expect(a.trace.ofKind('gateway.reject')[0].reason).toContain('Unable to parse statusCode');
  });

  it('answers 500 when no integration response matches and there is no default', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 404}' },
      integrationResponses: [{ selectionPattern: '2\\d\\d', statusCode: '200' }],
    });
    expect((await send(a, 'GET', '/pets/1')).status).toBe(500);
  });

  it('answers 500 for a template error and traces the mapping error with its line and column', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{\n  #if($x == 1)\n  "statusCode": 200\n}' },
      integrationResponses: [{ statusCode: '200' }],
    });
    const res = await send(a, 'GET', '/pets/1');
    expect(res).toMatchObject({ status: 500, body: '{"message": "Internal server error"}' });
    const mapping = a.trace.ofKind('mapping')[0];
    expect(mapping).toMatchObject({ direction: 'request', mapping: 'vtl', ok: false });
    expect(mapping.error?.line).toBeGreaterThan(0);
    expect(mapping.error?.column).toBeGreaterThan(0);
  });

  it('lets a response template override the status with $context.responseOverride.status (DG apigateway-override-request-response-parameters)', async () => {
    const a = api({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'application/json': '#set($context.responseOverride.status = 418)teapot' },
        },
      ],
    });
    expect(await send(a, 'GET', '/pets/1')).toMatchObject({ status: 418, body: 'teapot' });
  });
});

describe('REST non-proxy Lambda integration (type AWS; DG api-gateway-integration-settings-integration-response)', () => {
  const integration = (extra: Partial<RestIntegrationDefinition> = {}): RestIntegrationDefinition => ({
    type: 'AWS',
    function: 'pets',
    requestTemplates: { 'application/json': '{"petId": "$input.params(\'id\')", "name": $input.json(\'$.name\')}' },
    integrationResponses: [
      {
        statusCode: '200',
        responseTemplates: {
          'application/json': '#set($r = $input.path(\'$\'))\n{"pet": "$r.name", "by": "$context.requestId"}',
        },
      },
      {
        selectionPattern: 'Not found.*',
        statusCode: '404',
        responseTemplates: { 'application/json': '{"error": "$input.path(\'$.errorMessage\')"}' },
      },
    ],
    ...extra,
  });

  it('turns the request into the Lambda event with the request template', async () => {
    const a = api(
      integration(),
      { pets: (e: unknown) => ({ name: (e as { name: string }).name }) },
      '/pets/{id}',
      'POST',
    );
    await send(a, 'POST', '/pets/7', { body: '{"name": "Rex"}', headers: { 'Content-Type': 'application/json' } });
    expect(eventsOf(a, 'pets')[0]).toEqual({ petId: '7', name: 'Rex' });
    expect(a.trace.ofKind('mapping')[0]).toMatchObject({ direction: 'request', ok: true });
  });

  it('shapes a successful result with the default integration response template', async () => {
    const a = api(integration(), { pets: () => ({ name: 'Rex' }) }, '/pets/{id}', 'POST');
    const res = await send(a, 'POST', '/pets/7', { body: '{"name": "Rex"}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ pet: 'Rex', by: res.headers['x-amzn-RequestId'] });
  });

  it('selects the integration response whose selectionPattern matches the Lambda errorMessage', async () => {
    const a = api(
      integration(),
      {
        pets: () => {
          throw new Error('Not found: 7');
        },
      },
      '/pets/{id}',
      'POST',
    );
    expect(await send(a, 'POST', '/pets/7', { body: '{}' })).toMatchObject({
      status: 404,
      body: '{"error": "Not found: 7"}',
    });
  });

  it('falls back to the default response for an unmatched error: a 200 carrying the error payload (a classic gotcha)', async () => {
    const a = api(
      integration({
        integrationResponses: [{ statusCode: '200' }, { selectionPattern: 'Not found.*', statusCode: '404' }],
      }),
      {
        pets: () => {
          throw new TypeError('kaput');
        },
      },
      '/pets/{id}',
      'POST',
    );
    const res = await send(a, 'POST', '/pets/7', { body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ errorType: 'TypeError', errorMessage: 'kaput' });
  });

  it('passes the Lambda result through as JSON when the response has no template', async () => {
    const a = api(
      integration({ integrationResponses: [{ statusCode: '200' }] }),
      { pets: () => ({ a: [1, 2] }) },
      '/pets/{id}',
      'POST',
    );
    expect((await send(a, 'POST', '/pets/7', { body: '{}' })).body).toBe('{"a":[1,2]}');
  });

  it('answers 500 when there are no integration responses at all ("No match for output mapping")', async () => {
    const a = api(integration({ integrationResponses: [] }), { pets: () => ({}) }, '/pets/{id}', 'POST');
    expect((await send(a, 'POST', '/pets/7', { body: '{}' })).status).toBe(500);
  });

  it('matches a function timeout through its "Task timed out" errorMessage', async () => {
    const def = restDefinition(
      {
        '/slow': {
          methods: {
            GET: {
              integration: {
                type: 'AWS',
                function: 'slow',
                integrationResponses: [
                  { statusCode: '200' },
                  { selectionPattern: '.*Task timed out.*', statusCode: '504' },
                ],
              },
            },
          },
        },
      },
      { functions: { slow: { handler: 'slow.handler', timeout: 1 } } },
    );
    const a = makeRestApi(def, { slow: { handler: () => ({}), durationMs: 2000 } });
    const res = await send(a, 'GET', '/slow');
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body).errorMessage).toMatch(
      /^\d{4}-\d\d-\d\dT.* [0-9a-f-]{36} Task timed out after 1\.00 seconds$/,
    );
  });

  it('passes the body through unchanged when no template matches the content type (WHEN_NO_MATCH)', async () => {
    const a = api(integration(), { pets: () => ({}) }, '/pets/{id}', 'POST');
    await send(a, 'POST', '/pets/7', { body: '{"raw": true}', headers: { 'Content-Type': 'text/plain' } });
    expect(eventsOf(a, 'pets')[0]).toEqual({ raw: true });
  });

  it('answers 415 when no template matches and passthroughBehavior is NEVER', async () => {
    const a = api(integration({ passthroughBehavior: 'NEVER' }), { pets: () => ({}) }, '/pets/{id}', 'POST');
    const res = await send(a, 'POST', '/pets/7', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(eventsOf(a, 'pets')).toHaveLength(0);
  });

  it('answers 500 without invoking when the request template does not produce JSON', async () => {
    const a = api(
      integration({ requestTemplates: { 'application/json': 'not json' } }),
      { pets: () => ({}) },
      '/pets/{id}',
      'POST',
    );
    const res = await send(a, 'POST', '/pets/7', { body: '{}' });
    expect(res.status).toBe(500);
    expect(eventsOf(a, 'pets')).toHaveLength(0);
    expect(a.trace.ofKind('gateway.reject')[0].unconfirmed).toBe('rest-non-proxy-errors');
  });

  it('resolves ${stageVariables.fn} in the function name (docs/aws-behaviour.md §5.10)', async () => {
    const def = restDefinition(
      { '/v': { methods: { GET: { integration: { type: 'AWS_PROXY', function: '${stageVariables.fn}' } } } } },
      { stage: { name: 'dev', variables: { fn: 'blue' } }, functions: { blue: { handler: 'blue.handler' } } },
    );
    const a = makeRestApi(def, { blue: () => ({ statusCode: 200, body: 'blue' }) });
    expect((await send(a, 'GET', '/v')).body).toBe('blue');
  });
});
