import { describe, expect, it } from 'vitest';
import type { RestApiDefinition } from './definition';
import { eventsOf, makeRestApi, policy, proxy, restDefinition, send } from './test-support';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123';
const OTHER = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876';
const LONE = 'loneloneloneloneloneloneloneAB';
const ok = () => ({ statusCode: 200, body: 'ok' });

function keyed(extra: Partial<RestApiDefinition> = {}) {
  return makeRestApi(
    restDefinition(
      { '/data': { methods: { GET: proxy('fn', { apiKeyRequired: true }), POST: proxy('fn') } } },
      {
        apiKeys: [
          { id: 'k1', name: 'alice', value: KEY },
          { id: 'k2', name: 'off', value: OTHER, enabled: false },
          { id: 'k3', name: 'lone', value: LONE },
        ],
        usagePlans: [
          {
            name: 'basic',
            apiKeys: ['k1', 'k2'],
            throttle: { rateLimit: 1, burstLimit: 2 },
            quota: { limit: 3, period: 'DAY' },
          },
        ],
        ...extra,
      },
    ),
    { fn: ok },
  );
}

const FORBIDDEN = { status: 403, body: '{"message":"Forbidden"}' };

describe('REST API keys (docs/aws-behaviour.md §5.8)', () => {
  it('answers 403 {"message":"Forbidden"} with x-amzn-ErrorType ForbiddenException when the key is missing', async () => {
    const api = keyed();
    const res = await send(api, 'GET', '/data');
    expect(res).toMatchObject(FORBIDDEN);
    expect(res.headers['x-amzn-ErrorType']).toBe('ForbiddenException');
    expect(api.trace.ofKind('apikey.check')[0].outcome).toBe('missing');
    expect(eventsOf(api, 'fn')).toHaveLength(0);
  });

  it('answers 403 for an unknown key, a disabled key, and a key in no usage plan of the stage', async () => {
    const api = keyed();
    expect(await send(api, 'GET', '/data', { headers: { 'x-api-key': 'nope-nope-nope-nope-nope' } })).toMatchObject(
      FORBIDDEN,
    );
    expect(await send(api, 'GET', '/data', { headers: { 'x-api-key': OTHER } })).toMatchObject(FORBIDDEN);
    expect(await send(api, 'GET', '/data', { headers: { 'X-API-Key': LONE } })).toMatchObject(FORBIDDEN);
    expect(api.trace.ofKind('apikey.check').map((e) => e.outcome)).toEqual(['invalid', 'disabled', 'not-in-plan']);
  });

  it('lets a valid key through and shows it in requestContext.identity (apiKey, apiKeyId)', async () => {
    const api = keyed();
    expect(await send(api, 'GET', '/data', { headers: { 'x-api-key': KEY } })).toMatchObject({ status: 200 });
    expect(api.trace.ofKind('apikey.check')[0]).toMatchObject({ outcome: 'ok', keyId: 'k1' });
    const identity = (eventsOf(api, 'fn')[0].requestContext as { identity: Record<string, unknown> }).identity;
    expect(identity).toMatchObject({ apiKey: KEY, apiKeyId: 'k1' });
  });

  it('does not check keys (nor count usage) on a method without apiKeyRequired', async () => {
    const api = keyed();
    expect((await send(api, 'POST', '/data')).status).toBe(200);
    expect(api.trace.ofKind('apikey.check')).toHaveLength(0);
    expect(api.trace.ofKind('throttle')).toHaveLength(0);
  });

  it("takes the key from the authorizer's usageIdentifierKey when apiKeySource is AUTHORIZER (DG api-gateway-api-key-source)", async () => {
    const def = restDefinition(
      { '/data': { methods: { GET: proxy('fn', { apiKeyRequired: true, authorizer: 'auth' }) } } },
      {
        apiKeySource: 'AUTHORIZER',
        authorizers: { auth: { type: 'TOKEN', function: 'authfn' } },
        apiKeys: [{ id: 'k1', name: 'alice', value: KEY }],
        usagePlans: [{ name: 'basic', apiKeys: ['k1'] }],
      },
    );
    const api = makeRestApi(def, {
      fn: ok,
      authfn: (e: { authorizationToken: string }) =>
        policy('Allow', '*', e.authorizationToken === 'good' ? { usageIdentifierKey: KEY } : {}),
    });
    expect((await send(api, 'GET', '/data', { headers: { Authorization: 'good' } })).status).toBe(200);
    expect(await send(api, 'GET', '/data', { headers: { Authorization: 'bad', 'x-api-key': KEY } })).toMatchObject(
      FORBIDDEN,
    );
  });
});

describe('REST usage plans: throttle and quota (docs/aws-behaviour.md §4, §5.8; DG api-gateway-api-usage-plans)', () => {
  const headers = { 'x-api-key': KEY };

  it('answers 429 {"message":"Too Many Requests"} (TooManyRequestsException) once the key\'s burst is used, and recovers as tokens refill', async () => {
    const api = keyed({ usagePlans: [{ name: 'basic', apiKeys: ['k1'], throttle: { rateLimit: 1, burstLimit: 2 } }] });
    expect((await send(api, 'GET', '/data', { headers })).status).toBe(200);
    expect((await send(api, 'GET', '/data', { headers })).status).toBe(200);
    const third = await send(api, 'GET', '/data', { headers });
    expect(third).toMatchObject({ status: 429, body: '{"message":"Too Many Requests"}' });
    expect(third.headers['x-amzn-ErrorType']).toBe('TooManyRequestsException');
    expect(api.trace.ofKind('throttle').pop()).toMatchObject({
      scope: 'usage-plan',
      outcome: 'throttled',
      unconfirmed: 'rest-throttled-body',
    });
    api.advanceClock(1000);
    expect((await send(api, 'GET', '/data', { headers })).status).toBe(200);
  });

  it('answers 429 {"message":"Limit Exceeded"} (LimitExceededException) when the quota is used up', async () => {
    const api = keyed({ usagePlans: [{ name: 'basic', apiKeys: ['k1'], quota: { limit: 2, period: 'DAY' } }] });
    await send(api, 'GET', '/data', { headers });
    await send(api, 'GET', '/data', { headers });
    const third = await send(api, 'GET', '/data', { headers });
    expect(third).toMatchObject({ status: 429, body: '{"message":"Limit Exceeded"}' });
    expect(third.headers['x-amzn-ErrorType']).toBe('LimitExceededException');
    expect(api.trace.ofKind('throttle').pop()).toMatchObject({ scope: 'usage-plan', outcome: 'quota-exceeded' });
  });

  it('starts counting again when the next UTC day begins (DAY quota)', async () => {
    const api = keyed({ usagePlans: [{ name: 'basic', apiKeys: ['k1'], quota: { limit: 1, period: 'DAY' } }] });
    expect((await send(api, 'GET', '/data', { headers })).status).toBe(200);
    expect((await send(api, 'GET', '/data', { headers })).status).toBe(429);
    const now = api.clock.now();
    api.advanceClock(
      Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1) - now,
    );
    expect((await send(api, 'GET', '/data', { headers })).status).toBe(200);
  });

  it('traces what is left of the bucket and the quota on each allowed request', async () => {
    const api = keyed();
    await send(api, 'GET', '/data', { headers });
    expect(api.trace.ofKind('throttle')[0]).toMatchObject({
      scope: 'usage-plan',
      outcome: 'allowed',
      tokensLeft: 1,
      quotaLeft: 2,
    });
  });
});

describe('REST stage and method throttling (DG api-gateway-request-throttling)', () => {
  it('applies the stage throttle to every method', async () => {
    const api = makeRestApi(
      restDefinition(
        { '/a': { methods: { GET: proxy('fn') } } },
        { stage: { name: 'dev', throttle: { rateLimit: 1, burstLimit: 1 } } },
      ),
      { fn: ok },
    );
    expect((await send(api, 'GET', '/a')).status).toBe(200);
    expect((await send(api, 'GET', '/a')).status).toBe(429);
    expect(api.trace.ofKind('throttle').map((e) => [e.scope, e.outcome])).toEqual([
      ['stage', 'allowed'],
      ['stage', 'throttled'],
    ]);
  });

  it('lets a method setting override the stage throttle for that method only', async () => {
    const api = makeRestApi(
      restDefinition(
        { '/a': { methods: { GET: proxy('fn') } }, '/b': { methods: { GET: proxy('fn') } } },
        {
          stage: {
            name: 'dev',
            throttle: { rateLimit: 100, burstLimit: 100 },
            methodSettings: { '/a/GET': { throttlingRateLimit: 1, throttlingBurstLimit: 1 } },
          },
        },
      ),
      { fn: ok },
    );
    expect((await send(api, 'GET', '/a')).status).toBe(200);
    expect((await send(api, 'GET', '/a')).status).toBe(429);
    expect((await send(api, 'GET', '/b')).status).toBe(200);
    expect(api.trace.ofKind('throttle')[0].scope).toBe('route');
  });
});
