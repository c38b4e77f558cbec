import { describe, expect, it } from 'vitest';
import type { WebSocketApiDefinition } from '../index';
import { definitionFor, eventsOf, makeApi, open, type Handlers } from './test-support';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/dev/$connect';

function policy(effect: 'Allow' | 'Deny', resource = ARN, context?: Record<string, unknown>) {
  return {
    principalId: 'user-42',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context ? { context } : {}),
  };
}

function authApi(
  identitySource: string[],
  authorizer: Handlers[string],
  extra: Handlers = {},
  def: Partial<WebSocketApiDefinition> = {},
) {
  const definition = definitionFor(
    { $connect: { authorizer: 'auth' }, $disconnect: {}, $default: {} },
    {
      functions: { authfn: { handler: 'auth.handler' } },
      authorizers: { auth: { type: 'REQUEST', function: 'authfn', identitySource } },
      ...def,
    },
  );
  return makeApi(definition, {
    authfn: authorizer,
    connect: () => ({ statusCode: 200 }),
    disconnect: () => ({}),
    default: () => ({ statusCode: 200 }),
    ...extra,
  });
}

describe('Lambda REQUEST authorizer on $connect', () => {
  it('rejects the upgrade with 401 without invoking the authorizer when the token query parameter is missing (DG apigateway-websocket-api-lambda-auth)', async () => {
    let calls = 0;
    const api = authApi(['route.request.querystring.token'], () => (calls++, policy('Allow')));
    expect(await api.connect()).toMatchObject({ accepted: false, status: 401 });
    expect(calls).toBe(0);
    expect(api.trace.ofKind('authorizer.invoke')).toHaveLength(0);
    expect(api.trace.ofKind('gateway.reject')[0]).toMatchObject({
      status: 401,
      reason: 'identity source route.request.querystring.token is missing',
    });
    expect(eventsOf(api, 'connect')).toHaveLength(0);
  });

  it('treats an empty identity value as missing: 401', async () => {
    const api = authApi(['route.request.querystring.token'], () => policy('Allow'));
    expect(await api.connect({ query: 'token=' })).toMatchObject({ accepted: false, status: 401 });
  });

  it('matches header identity sources case-insensitively and query parameters case-sensitively (§5.7)', async () => {
    const api = authApi(['route.request.header.Auth', 'route.request.querystring.token'], () => policy('Allow'));
    expect((await api.connect({ headers: { auth: 'secret' }, query: 'token=abc' })).accepted).toBe(true);
    expect(await api.connect({ headers: { auth: 'secret' }, query: 'Token=abc' })).toMatchObject({
      accepted: false,
      status: 401,
    });
    expect(api.trace.ofKind('authorizer.invoke')[0].identity).toEqual({
      'route.request.header.Auth': 'secret',
      'route.request.querystring.token': 'abc',
    });
  });

  it('sends the authorizer a REQUEST event with methodArn, headers, query, stageVariables and a CONNECT requestContext (DG example)', async () => {
    let seen: Record<string, unknown> = {};
    const api = authApi(['route.request.querystring.token'], (event) => ((seen = event), policy('Allow')));
    await api.connect({ query: 'token=abc&room=1', headers: { HeaderAuth1: 'headerValue1' } });
    expect(Object.keys(seen)).toEqual([
      'type',
      'methodArn',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'stageVariables',
      'requestContext',
    ]);
    expect(seen).toMatchObject({
      type: 'REQUEST',
      methodArn: ARN,
      queryStringParameters: { token: 'abc', room: '1' },
      multiValueQueryStringParameters: { token: ['abc'], room: ['1'] },
      stageVariables: {},
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        messageDirection: 'IN',
        stage: 'dev',
        apiId: 'abcdef1234',
      },
    });
    const headers = seen.headers as Record<string, string>;
    expect(headers).toMatchObject({
      Connection: 'upgrade',
      'content-length': '0',
      Upgrade: 'websocket',
      HeaderAuth1: 'headerValue1',
    });
    expect((seen.requestContext as Record<string, unknown>).identity).toEqual({ sourceIp: '203.0.113.10' });
  });

  it('continues to $connect on Allow and passes principalId and the context, stringified, in requestContext.authorizer', async () => {
    const api = authApi(['route.request.querystring.token'], () =>
      policy('Allow', ARN, { stringKey: 'stringval', numberKey: 123, booleanKey: true }),
    );
    const result = await api.connect({ query: 'token=abc' });
    expect(result.accepted).toBe(true);
    const expected = { principalId: 'user-42', stringKey: 'stringval', numberKey: '123', booleanKey: 'true' };
    expect((eventsOf(api, 'connect')[0].requestContext as Record<string, unknown>).authorizer).toEqual(expected);
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({
      decision: 'allow',
      status: 200,
      principalId: 'user-42',
    });
    expect(api.connections()[0].principalId).toBe('user-42');
  });

  it('passes the authorizer context on later MESSAGE and DISCONNECT events too, labelled (UNCONFIRMED ws-authorizer-context-later-events)', async () => {
    const api = authApi(['route.request.querystring.token'], () => policy('Allow', ARN, { room: 'a' }));
    const c = await open(api, { query: 'token=abc' });
    await c.send('hi');
    await c.close();
    const expected = { principalId: 'user-42', room: 'a' };
    expect((eventsOf(api, 'default')[0].requestContext as Record<string, unknown>).authorizer).toEqual(expected);
    expect((eventsOf(api, 'disconnect')[0].requestContext as Record<string, unknown>).authorizer).toEqual(expected);
    const invokes = api.trace.ofKind('lambda.invoke').filter((e) => e.eventType !== 'CONNECT');
    expect(invokes.map((e) => e.unconfirmed)).toEqual([
      'ws-authorizer-context-later-events',
      'ws-authorizer-context-later-events',
    ]);
  });

  it('rejects with 403 on an explicit Deny without invoking $connect (DG apigateway-websocket-api-route-keys-connect-disconnect)', async () => {
    const api = authApi(['route.request.querystring.token'], () => policy('Deny'));
    expect(await api.connect({ query: 'token=abc' })).toMatchObject({ accepted: false, status: 403 });
    expect(eventsOf(api, 'connect')).toHaveLength(0);
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({ decision: 'deny', status: 403 });
  });

  it('rejects with 403 when no statement allows this $connect ARN, and accepts a wildcard that covers it (IAM matching)', async () => {
    const narrow = authApi(['route.request.querystring.token'], () =>
      policy('Allow', 'arn:aws:execute-api:us-east-1:123456789012:other/dev/$connect'),
    );
    expect(await narrow.connect({ query: 'token=a' })).toMatchObject({ accepted: false, status: 403 });
    const wide = authApi(['route.request.querystring.token'], () =>
      policy('Allow', 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*'),
    );
    expect((await wide.connect({ query: 'token=a' })).accepted).toBe(true);
  });

  it('rejects with 401 when the authorizer throws Error("Unauthorized") (DG apigateway-use-lambda-authorizer)', async () => {
    const api = authApi(['route.request.querystring.token'], () => {
      throw new Error('Unauthorized');
    });
    expect(await api.connect({ query: 'token=abc' })).toMatchObject({ accepted: false, status: 401 });
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({ decision: 'unauthorized', status: 401 });
  });

  it('rejects with 401 when a callback-style authorizer calls back "Unauthorized"', async () => {
    const api = authApi(['route.request.querystring.token'], (_event, _context, callback) => callback('Unauthorized'));
    expect(await api.connect({ query: 'token=abc' })).toMatchObject({ accepted: false, status: 401 });
  });

  it('rejects with 500 when the authorizer throws anything else (SO websocket-authorizer tests)', async () => {
    const api = authApi(['route.request.querystring.token'], () => {
      throw new TypeError('oops');
    });
    expect(await api.connect({ query: 'token=abc' })).toMatchObject({ accepted: false, status: 500 });
  });

  it.each([
    ['no policyDocument', { principalId: 'x' }],
    ['no principalId', { policyDocument: policy('Allow').policyDocument }],
    [
      'a lowercase effect',
      {
        principalId: 'x',
        policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'allow', Resource: ARN }] },
      },
    ],
    ['an object in the context', policy('Allow', ARN, { nested: { a: 1 } })],
    ['a string', 'Allow'],
  ])(
    'rejects with 500 when the authorizer returns %s (malformed, DG api-gateway-lambda-authorizer-output)',
    async (_label, value) => {
      const api = authApi(['route.request.querystring.token'], () => value);
      expect(await api.connect({ query: 'token=abc' })).toMatchObject({ accepted: false, status: 500 });
    },
  );

  it('reads stage variable and context identity sources', async () => {
    const api = authApi(
      ['stageVariables.mode', 'context.identity.sourceIp'],
      () => policy('Allow'),
      {},
      {
        stage: { name: 'dev', variables: { mode: 'strict' } },
      },
    );
    expect((await api.connect({ sourceIp: '198.51.100.7' })).accepted).toBe(true);
    expect(api.trace.ofKind('authorizer.invoke')[0].identity).toEqual({
      'stageVariables.mode': 'strict',
      'context.identity.sourceIp': '198.51.100.7',
    });
  });

  it('reads Action and Resource with IAM wildcards: execute-api:Inv*, Inv?ke and a ? in the ARN allow; a Deny still wins (IAM JSON policy elements: Action, Resource)', async () => {
    const answer = (Action: unknown, Resource: unknown, Effect = 'Allow') => ({
      principalId: 'user-42',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action, Effect, Resource }] },
    });
    const connects = async (value: unknown) => {
      const api = authApi(['route.request.querystring.token'], () => value);
      return (await api.connect({ query: 'token=abc' })).accepted;
    };
    expect(await connects(answer('execute-api:Inv*', ARN))).toBe(true);
    expect(await connects(answer('execute-api:Inv?ke', ARN.replace('/dev/', '/d?v/')))).toBe(true);
    expect(await connects(answer(['s3:GetObject', 'EXECUTE-API:invoke'], ARN))).toBe(true);
    expect(await connects(answer('execute-api:InvalidateCache', ARN))).toBe(false);
    const denied = {
      principalId: 'user-42',
      policyDocument: {
        Statement: [
          { Action: 'execute-api:*', Effect: 'Allow', Resource: '*' },
          { Action: 'execute-api:Inv*', Effect: 'Deny', Resource: ARN },
        ],
      },
    };
    expect(await connects(denied)).toBe(false);
  });
});
