import { describe, expect, it } from 'vitest';
import type { RestApiDefinition, RestAuthorizerDefinition } from './definition';
import { ARN_PREFIX, eventsOf, makeRestApi, policy, proxy, restDefinition, send, type Handlers } from './test-support';

const echo = (event: { requestContext: unknown }) => ({ statusCode: 200, body: JSON.stringify(event.requestContext) });

function authApi(
  authorizer: RestAuthorizerDefinition,
  authFn: Handlers[string],
  extra: Partial<RestApiDefinition> = {},
) {
  const def = restDefinition(
    {
      '/pets': {
        methods: {
          GET: proxy('backend', { authorizationType: 'CUSTOM', authorizer: 'auth' }),
          POST: proxy('backend', { authorizer: 'auth' }),
        },
      },
      '/pets/{id}': { methods: { GET: proxy('backend', { authorizationType: 'CUSTOM', authorizer: 'auth' }) } },
    },
    { authorizers: { auth: authorizer }, ...extra },
  );
  return makeRestApi(def, { authfn: authFn, backend: echo });
}

const TOKEN: RestAuthorizerDefinition = { type: 'TOKEN', function: 'authfn' };

describe('REST TOKEN authorizer (DG apigateway-use-lambda-authorizer; docs/aws-behaviour.md §5.7)', () => {
  it('answers 401 {"message":"Unauthorized"} without invoking the authorizer when the Authorization header is missing', async () => {
    let calls = 0;
    const api = authApi(TOKEN, () => (calls++, policy('Allow', '*')));
    const res = await send(api, 'GET', '/pets');
    expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(calls).toBe(0);
    expect(api.trace.ofKind('authorizer.invoke')).toHaveLength(0);
    expect(api.trace.ofKind('gateway.reject')[0].reason).toBe(
      'identity source method.request.header.Authorization is missing',
    );
  });

  it('answers 401 without invoking when the token does not match identityValidationExpression', async () => {
    let calls = 0;
    const api = authApi(
      { ...TOKEN, identityValidationExpression: 'Bearer [a-z]+' },
      () => (calls++, policy('Allow', '*')),
    );
    expect((await send(api, 'GET', '/pets', { headers: { Authorization: 'Bearer ABC' } })).status).toBe(401);
    expect(calls).toBe(0);
    expect((await send(api, 'GET', '/pets', { headers: { Authorization: 'Bearer abc' } })).status).toBe(200);
    expect(calls).toBe(1);
  });

  it('sends {type: "TOKEN", authorizationToken, methodArn} with the request path in the ARN', async () => {
    let seen: unknown;
    const api = authApi(TOKEN, (e) => ((seen = e), policy('Allow', '*')));
    await send(api, 'GET', '/pets/7', { headers: { authorization: 'allow-me' } });
    expect(seen).toEqual({ type: 'TOKEN', authorizationToken: 'allow-me', methodArn: `${ARN_PREFIX}/GET/pets/7` });
  });

  it('passes principalId and the context, stringified, to the backend as requestContext.authorizer', async () => {
    const api = authApi(TOKEN, () => policy('Allow', '*', { context: { tier: 'gold', n: 3, admin: false } }));
    const res = await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    expect(JSON.parse(res.body).authorizer).toEqual({ principalId: 'user-42', tier: 'gold', n: '3', admin: 'false' });
  });

  it('answers 401 when the authorizer throws Error("Unauthorized")', async () => {
    const api = authApi(TOKEN, () => {
      throw new Error('Unauthorized');
    });
    const res = await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({ decision: 'unauthorized', status: 401 });
  });

  it('answers 401 when the authorizer calls back with the string "Unauthorized"', async () => {
    const api = authApi(TOKEN, (_e, _c, cb) => cb('Unauthorized'));
    expect((await send(api, 'GET', '/pets', { headers: { Authorization: 't' } })).status).toBe(401);
  });

  it('answers 500 {"message":null} (AuthorizerConfigurationException) when the authorizer throws anything else', async () => {
    const api = authApi(TOKEN, () => {
      throw new Error('database down');
    });
    const res = await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    expect(res).toMatchObject({ status: 500, body: '{"message":null}' });
    expect(res.headers['x-amzn-ErrorType']).toBe('AuthorizerConfigurationException');
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({
      decision: 'error',
      unconfirmed: 'rest-authorizer-bodies',
    });
  });

  it('answers 500 when the authorizer returns no policyDocument', async () => {
    const api = authApi(TOKEN, () => ({ principalId: 'x' }));
    expect((await send(api, 'GET', '/pets', { headers: { Authorization: 't' } })).status).toBe(500);
    expect(eventsOf(api, 'backend')).toHaveLength(0);
  });

  it('answers 403 with the explicit-deny message for a Deny policy', async () => {
    const api = authApi(TOKEN, () => policy('Deny', `${ARN_PREFIX}/GET/pets`));
    const res = await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    expect(res).toMatchObject({
      status: 403,
      body: '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    });
    expect(res.headers['x-amzn-ErrorType']).toBe('AccessDeniedException');
  });

  it('answers 403 when the Allow does not cover the method ARN, and matches Resource wildcards', async () => {
    const api = authApi(TOKEN, () => policy('Allow', `${ARN_PREFIX}/GET/pets/*`));
    expect((await send(api, 'GET', '/pets', { headers: { Authorization: 'a' } })).status).toBe(403);
    expect((await send(api, 'GET', '/pets/9', { headers: { Authorization: 'b' } })).status).toBe(200);
  });

  it('reads Action and Resource with IAM wildcards: execute-api:Inv*, Inv?ke and a ? in the ARN allow; a Deny still wins (IAM JSON policy elements: Action, Resource)', async () => {
    const answer = (Action: unknown, Resource: unknown) => ({
      principalId: 'user-42',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action, Effect: 'Allow', Resource }] },
    });
    const status = async (value: unknown, token: string) =>
      (
        await send(
          authApi(TOKEN, () => value),
          'GET',
          '/pets/7',
          { headers: { Authorization: token } },
        )
      ).status;
    expect(await status(answer('execute-api:Inv*', `${ARN_PREFIX}/GET/pets/*`), 'a')).toBe(200);
    expect(await status(answer('execute-api:Inv?ke', `${ARN_PREFIX}/G?T/pets/?`), 'b')).toBe(200);
    expect(await status(answer(['s3:GetObject', 'EXECUTE-API:invoke'], `${ARN_PREFIX}/*`), 'c')).toBe(200);
    expect(await status(answer('execute-api:InvalidateCache', `${ARN_PREFIX}/*`), 'd')).toBe(403);
    const denied = {
      principalId: 'user-42',
      policyDocument: {
        Statement: [
          { Action: 'execute-api:*', Effect: 'Allow', Resource: '*' },
          { Action: 'execute-api:Inv*', Effect: 'Deny', Resource: `${ARN_PREFIX}/GET/pets/*` },
        ],
      },
    };
    expect(await status(denied, 'e')).toBe(403);
  });

  it('caches the policy per token for authorizerResultTtlInSeconds on the Clock, then asks again', async () => {
    let calls = 0;
    const api = authApi({ ...TOKEN, authorizerResultTtlInSeconds: 60 }, () => (calls++, policy('Allow', '*')));
    const headers = { Authorization: 'tok' };
    await send(api, 'GET', '/pets', { headers });
    await send(api, 'GET', '/pets', { headers });
    expect(calls).toBe(1);
    expect(api.trace.ofKind('authorizer.result')[1].summary).toContain('cached');
    await send(api, 'GET', '/pets', { headers: { Authorization: 'other' } });
    expect(calls).toBe(2);
    api.advanceClock(60_000);
    await send(api, 'GET', '/pets', { headers });
    expect(calls).toBe(3);
  });

  it('denies another method with 403 when the cached policy only covers the first one (a classic gotcha)', async () => {
    let calls = 0;
    // The authorizer returns a policy for exactly the method it was asked about.
    const api = authApi(TOKEN, (e: { methodArn: string }) => (calls++, policy('Allow', e.methodArn)));
    const headers = { Authorization: 'tok' };
    expect((await send(api, 'GET', '/pets', { headers })).status).toBe(200);
    const second = await send(api, 'GET', '/pets/1', { headers });
    expect(second.status).toBe(403);
    expect(calls).toBe(1);
    expect(api.trace.ofKind('authorizer.result')[1]).toMatchObject({ decision: 'deny', from: 'gateway' });
  });

  it('does not cache when authorizerResultTtlInSeconds is 0', async () => {
    let calls = 0;
    const api = authApi({ ...TOKEN, authorizerResultTtlInSeconds: 0 }, () => (calls++, policy('Allow', '*')));
    await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    expect(calls).toBe(2);
  });

  it('traces authorizer.invoke to the authorizer lane and authorizer.result back, before the integration', async () => {
    const api = authApi(TOKEN, () => policy('Allow', '*'));
    await send(api, 'GET', '/pets', { headers: { Authorization: 't' } });
    const kinds = api.trace.events.map((e) => e.kind).filter((k) => !k.startsWith('lambda.log'));
    expect(kinds.indexOf('authorizer.invoke')).toBeLessThan(kinds.indexOf('authorizer.result'));
    expect(kinds.indexOf('authorizer.result')).toBeLessThan(kinds.indexOf('lambda.invoke'));
    expect(api.trace.ofKind('authorizer.invoke')[0]).toMatchObject({
      to: 'authorizer:authfn',
      identity: { 'method.request.header.Authorization': 't' },
    });
  });
});

describe('REST REQUEST authorizer (DG api-gateway-lambda-authorizer-input)', () => {
  const REQUEST: RestAuthorizerDefinition = {
    type: 'REQUEST',
    function: 'authfn',
    identitySource: 'method.request.header.X-User, method.request.querystring.tenant',
  };

  it('answers 401 without invoking when any identity source is missing', async () => {
    let calls = 0;
    const api = authApi(REQUEST, () => (calls++, policy('Allow', '*')));
    expect((await send(api, 'GET', '/pets?tenant=a')).status).toBe(401);
    expect((await send(api, 'GET', '/pets', { headers: { 'x-user': 'u' } })).status).toBe(401);
    expect(calls).toBe(0);
    expect((await send(api, 'GET', '/pets?tenant=a', { headers: { 'x-user': 'u' } })).status).toBe(200);
  });

  it('sends the REQUEST event: type, methodArn, resource, path, httpMethod, headers, query, pathParameters, stageVariables, requestContext', async () => {
    let seen: Record<string, unknown> = {};
    const api = authApi(REQUEST, (e) => ((seen = e), policy('Allow', '*')));
    await send(api, 'GET', '/pets/5?tenant=a', { headers: { 'X-User': 'u' } });
    expect(seen).toMatchObject({
      type: 'REQUEST',
      methodArn: `${ARN_PREFIX}/GET/pets/5`,
      resource: '/pets/{id}',
      path: '/pets/5',
      httpMethod: 'GET',
      queryStringParameters: { tenant: 'a' },
      multiValueQueryStringParameters: { tenant: ['a'] },
      pathParameters: { id: '5' },
      stageVariables: null,
      requestContext: { resourcePath: '/pets/{id}', path: '/dev/pets/5', stage: 'dev' },
    });
    expect((seen.headers as Record<string, string>)['X-User']).toBe('u');
    expect(seen).not.toHaveProperty('body');
  });

  it('caches per combination of identity values', async () => {
    let calls = 0;
    const api = authApi(REQUEST, () => (calls++, policy('Allow', '*')));
    await send(api, 'GET', '/pets?tenant=a', { headers: { 'x-user': 'u' } });
    await send(api, 'GET', '/pets?tenant=a', { headers: { 'x-user': 'u' } });
    await send(api, 'GET', '/pets?tenant=b', { headers: { 'x-user': 'u' } });
    expect(calls).toBe(2);
  });
});
