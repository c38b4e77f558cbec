import { describe, expect, it } from 'vitest';
import type { HttpLambdaAuthorizerDefinition } from './definition';
import type { InProcessHandler } from '../core/inprocess-invoker';
import { echo, eventOf, eventsOf, httpDefinition, makeHttpApi, send } from './test-support';

function authApi(
  auth: Partial<HttpLambdaAuthorizerDefinition>,
  authorizer: InProcessHandler,
  stageVariables?: Record<string, string>,
) {
  const def = httpDefinition(
    { 'GET /pets/{id}': { fn: 'pets', authorizer: 'gate' }, 'GET /open': { fn: 'open' } },
    {
      authorizers: {
        gate: {
          type: 'REQUEST',
          function: 'gate',
          authorizerPayloadFormatVersion: '2.0',
          identitySource: ['$request.header.Authorization'],
          ...auth,
        } as HttpLambdaAuthorizerDefinition,
      },
      functions: { gate: { handler: 'gate.handler' } },
      ...(stageVariables ? { stage: { name: 'dev', variables: stageVariables } } : {}),
    },
  );
  return makeHttpApi(def, { pets: echo, open: echo, gate: authorizer });
}

/** The events an authorizer received (authorizer.invoke traces the identity, not the event). */
function recording(handler: InProcessHandler): { handler: InProcessHandler; events: Record<string, unknown>[] } {
  const events: Record<string, unknown>[] = [];
  return {
    events,
    // Two parameters: a third would make the invoker wait for the callback.
    handler: (event, context) => {
      events.push(event);
      return handler(event, context, () => {});
    },
  };
}

const allowSimple: InProcessHandler = (event) => ({
  isAuthorized: event.headers.authorization === 'let-me-in',
  context: { user: 'ada', level: 3 },
});

describe('Lambda REQUEST authorizer (DG http-api-lambda-authorizer; docs/aws-behaviour.md §5.7)', () => {
  it('sends the 2.0 authorizer input: type, routeArn, identitySource values, routeKey and the request (no body)', async () => {
    const gate = recording(allowSimple);
    const api = authApi({ enableSimpleResponses: true }, gate.handler);
    await send(api, 'GET', '/pets/7?x=1', { headers: { Authorization: 'let-me-in' } });
    const [event] = gate.events;
    expect(event).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/pets/7',
      identitySource: ['let-me-in'],
      routeKey: 'GET /pets/{id}',
      rawPath: '/pets/7',
      rawQueryString: 'x=1',
      queryStringParameters: { x: '1' },
      pathParameters: { id: '7' },
    });
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('isBase64Encoded');
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('allows with a simple response and passes its context as requestContext.authorizer.lambda', async () => {
    const api = authApi({ enableSimpleResponses: true }, allowSimple);
    const res = await send(api, 'GET', '/pets/7', { headers: { Authorization: 'let-me-in' } });
    expect(res.status).toBe(200);
    const ctx = eventOf(api, 'pets').requestContext as { authorizer: unknown };
    expect(ctx.authorizer).toEqual({ lambda: { user: 'ada', level: 3 } });
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({ decision: 'allow', status: 200 });
  });

  it('answers 403 {"message":"Forbidden"} for isAuthorized: false, labelled (UNCONFIRMED http-authorizer-deny-body)', async () => {
    const api = authApi({ enableSimpleResponses: true }, allowSimple);
    const res = await send(api, 'GET', '/pets/7', { headers: { Authorization: 'nope' } });
    expect(res).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    expect(eventsOf(api, 'pets')).toEqual([]);
    expect(api.trace.ofKind('authorizer.result')[0]).toMatchObject({
      decision: 'deny',
      unconfirmed: 'http-authorizer-deny-body',
    });
  });

  it('answers 401 {"message":"Unauthorized"} without invoking when an identity source is missing', async () => {
    const api = authApi({ enableSimpleResponses: true }, allowSimple);
    const res = await send(api, 'GET', '/pets/7');
    expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(api.trace.ofKind('authorizer.invoke')).toEqual([]);
    expect(api.trace.ofKind('gateway.reject')[0]).toMatchObject({ status: 401 });
  });

  it('reads identity sources from the query string (case-sensitive), $context and $stageVariables', async () => {
    const gate = recording(() => ({ isAuthorized: true }));
    const api = authApi(
      {
        enableSimpleResponses: true,
        identitySource: ['$request.querystring.token', '$context.identity.sourceIp', '$stageVariables.realm'],
      },
      gate.handler,
      { realm: 'blue' },
    );
    expect((await send(api, 'GET', '/pets/1?Token=a')).status).toBe(401);
    expect((await send(api, 'GET', '/pets/1?token=a', { sourceIp: '198.51.100.7' })).status).toBe(200);
    expect(gate.events.map((e) => e.identitySource)).toEqual([['a', '198.51.100.7', 'blue']]);
    expect(api.trace.ofKind('authorizer.invoke')[0].identity).toEqual({
      '$request.querystring.token': 'a',
      '$context.identity.sourceIp': '198.51.100.7',
      '$stageVariables.realm': 'blue',
    });
  });

  it('answers 500 {"message":"Internal Server Error"} when the authorizer throws or answers badly', async () => {
    const throwing = authApi({ enableSimpleResponses: true }, () => {
      throw new Error('db down');
    });
    expect(await send(throwing, 'GET', '/pets/1', { headers: { Authorization: 'x' } })).toMatchObject({
      status: 500,
      body: '{"message":"Internal Server Error"}',
    });
    const bad = authApi({ enableSimpleResponses: true }, () => ({ isAuthorized: 'yes' }));
    expect((await send(bad, 'GET', '/pets/1', { headers: { Authorization: 'x' } })).status).toBe(500);
  });

  it('evaluates an IAM policy response against the routeArn (format 1.0 input with methodArn)', async () => {
    const gate = recording((event) => ({
      principalId: 'user-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: event.methodArn.replace(/\/pets\/.*$/, '/pets/1'),
          },
        ],
      },
      context: { tier: 'gold' },
    }));
    const api = authApi({ authorizerPayloadFormatVersion: '1.0' }, gate.handler);
    const allowed = await send(api, 'GET', '/pets/1', { headers: { Authorization: 'x' } });
    expect(allowed.status).toBe(200);
    expect(gate.events[0]).toMatchObject({
      version: '1.0',
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/pets/1',
      identitySource: 'x',
    });
    expect((eventOf(api, 'pets').requestContext as { authorizer: unknown }).authorizer).toEqual({
      lambda: { tier: 'gold', principalId: 'user-1' },
    });
    const denied = await send(api, 'GET', '/pets/2', { headers: { Authorization: 'x' } });
    expect(denied.status).toBe(403);
  });

  it('reads Action and Resource of an IAM policy response with IAM wildcards: execute-api:Inv*, Inv?ke and a ? in the ARN allow; a Deny still wins (IAM JSON policy elements: Action, Resource)', async () => {
    const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/pets';
    const answer = (Action: unknown, Resource: unknown) => () => ({
      principalId: 'user-1',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action, Effect: 'Allow', Resource }] },
    });
    const status = async (authorizer: InProcessHandler) =>
      (
        await send(authApi({ authorizerPayloadFormatVersion: '1.0' }, authorizer), 'GET', '/pets/1', {
          headers: { Authorization: 'x' },
        })
      ).status;
    expect(await status(answer('execute-api:Inv*', `${ARN}/*`))).toBe(200);
    expect(await status(answer('execute-api:Inv?ke', `${ARN}/?`))).toBe(200);
    expect(await status(answer(['s3:GetObject', 'EXECUTE-API:invoke'], `${ARN}/1`))).toBe(200);
    expect(await status(answer('execute-api:InvalidateCache', `${ARN}/1`))).toBe(403);
    const denied = () => ({
      principalId: 'user-1',
      policyDocument: {
        Statement: [
          { Action: 'execute-api:*', Effect: 'Allow', Resource: '*' },
          { Action: 'execute-api:Inv*', Effect: 'Deny', Resource: `${ARN}/*` },
        ],
      },
    });
    expect(await status(denied)).toBe(403);
  });

  it('caches the result by identity for resultTtlInSeconds on the virtual clock', async () => {
    let calls = 0;
    const api = authApi({ enableSimpleResponses: true, resultTtlInSeconds: 60 }, () => {
      calls++;
      return { isAuthorized: true };
    });
    const auth = { headers: { Authorization: 'same' } };
    await send(api, 'GET', '/pets/1', auth);
    await send(api, 'GET', '/pets/2', auth);
    expect(calls).toBe(1);
    const results = api.trace.ofKind('authorizer.result');
    expect(results[0].summary).toMatch(/cached for 60 s/);
    expect(results[1].summary).toMatch(/cached, 60 s left/);
    await send(api, 'GET', '/pets/1', { headers: { Authorization: 'other' } });
    expect(calls).toBe(2);
    api.advanceClock(60_000);
    await send(api, 'GET', '/pets/1', auth);
    expect(calls).toBe(3);
  });

  it('does not run the authorizer for routes without one', async () => {
    const api = authApi({ enableSimpleResponses: true }, allowSimple);
    expect((await send(api, 'GET', '/open')).status).toBe(200);
    expect(api.trace.ofKind('authorizer.invoke')).toEqual([]);
    expect(eventOf(api, 'open').requestContext).not.toHaveProperty('authorizer');
  });
});
