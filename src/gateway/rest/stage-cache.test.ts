import { describe, expect, it } from 'vitest';
import type { RestApiDefinition, RestStageDefinition } from './definition';
import { ARN_PREFIX, makeRestApi, proxy, restDefinition, send } from './test-support';

function cachedApi(
  stage: Partial<RestStageDefinition> = {},
  extra: Partial<RestApiDefinition> = {},
  cacheKeyParameters?: string[],
) {
  let calls = 0;
  const def = restDefinition(
    {
      '/pets/{id}': {
        methods: {
          GET: {
            integration: { type: 'AWS_PROXY', function: 'fn', ...(cacheKeyParameters ? { cacheKeyParameters } : {}) },
          },
          POST: proxy('fn'),
        },
      },
    },
    { stage: { name: 'dev', cacheClusterEnabled: true, ...stage }, ...extra },
  );
  const api = makeRestApi(def, {
    fn: (e: { path: string }) => ({ statusCode: 200, body: `call ${++calls} for ${e.path}` }),
  });
  return { api, calls: () => calls };
}

describe('REST stage cache (DG api-gateway-caching; docs/aws-behaviour.md §4)', () => {
  it('serves a repeated GET from the cache for the default TTL of 300 s, then calls the backend again', async () => {
    const { api, calls } = cachedApi();
    expect((await send(api, 'GET', '/pets/1')).body).toBe('call 1 for /pets/1');
    const second = await send(api, 'GET', '/pets/1');
    expect(second.body).toBe('call 1 for /pets/1');
    expect(calls()).toBe(1);
    expect(api.trace.ofKind('cache').map((e) => e.outcome)).toEqual(['MISS', 'STORE', 'HIT']);
    expect(api.trace.ofKind('http.response')[1].source).toBe('cache');
    api.advanceClock(300_000);
    expect((await send(api, 'GET', '/pets/1')).body).toBe('call 2 for /pets/1');
  });

  it('keys entries by resource path, so /pets/1 and /pets/2 share one entry unless the path parameter is a cache key parameter', async () => {
    const shared = cachedApi();
    await send(shared.api, 'GET', '/pets/1');
    expect((await send(shared.api, 'GET', '/pets/2')).body).toBe('call 1 for /pets/1');
    expect(shared.api.trace.ofKind('cache')[0].unconfirmed).toBe('rest-cache-key');

    const keyed = cachedApi({}, {}, ['method.request.path.id']);
    await send(keyed.api, 'GET', '/pets/1');
    expect((await send(keyed.api, 'GET', '/pets/2')).body).toBe('call 2 for /pets/2');
  });

  it('caches only GET by default', async () => {
    const { api, calls } = cachedApi();
    await send(api, 'POST', '/pets/1');
    await send(api, 'POST', '/pets/1');
    expect(calls()).toBe(2);
    expect(api.trace.ofKind('cache')).toHaveLength(0);
  });

  it('does not cache when the stage has no cache cluster or the TTL is 0', async () => {
    const off = cachedApi({ cacheClusterEnabled: false });
    await send(off.api, 'GET', '/pets/1');
    await send(off.api, 'GET', '/pets/1');
    expect(off.calls()).toBe(2);
    const zero = cachedApi({ cacheTtlInSeconds: 0 });
    await send(zero.api, 'GET', '/pets/1');
    await send(zero.api, 'GET', '/pets/1');
    expect(zero.calls()).toBe(2);
  });

  it("uses a method setting's TTL", async () => {
    const { api, calls } = cachedApi({ methodSettings: { '/pets/{id}/GET': { cacheTtlInSeconds: 10 } } });
    await send(api, 'GET', '/pets/1');
    api.advanceClock(9_000);
    await send(api, 'GET', '/pets/1');
    expect(calls()).toBe(1);
    api.advanceClock(1_000);
    await send(api, 'GET', '/pets/1');
    expect(calls()).toBe(2);
  });

  it('ignores Cache-Control: max-age=0 from a caller without execute-api:InvalidateCache, and traces it', async () => {
    const { api, calls } = cachedApi();
    await send(api, 'GET', '/pets/1');
    await send(api, 'GET', '/pets/1', { headers: { 'Cache-Control': 'max-age=0' } });
    expect(calls()).toBe(1);
    expect(api.trace.ofKind('cache').map((e) => e.outcome)).toEqual(['MISS', 'STORE', 'BYPASS', 'HIT']);
    expect(api.trace.ofKind('cache')[2].unconfirmed).toBe('rest-cache-invalidation');
  });

  it('answers 403 to an unauthorized Cache-Control: max-age=0 under FAIL_WITH_403', async () => {
    const { api } = cachedApi({
      methodSettings: { '*/*': { unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' } },
    });
    expect((await send(api, 'GET', '/pets/1', { headers: { 'Cache-Control': 'max-age=0' } })).status).toBe(403);
  });

  it('refetches for Cache-Control: max-age=0 when the method does not require authorization for it', async () => {
    const { api, calls } = cachedApi({ methodSettings: { '*/*': { requireAuthorizationForCacheControl: false } } });
    await send(api, 'GET', '/pets/1');
    expect((await send(api, 'GET', '/pets/1', { headers: { 'cache-control': 'max-age=0' } })).body).toBe(
      'call 2 for /pets/1',
    );
    expect(calls()).toBe(2);
    expect(api.trace.ofKind('cache').map((e) => e.outcome)).toEqual(['MISS', 'STORE', 'INVALIDATE', 'MISS', 'STORE']);
  });

  it('refetches for a caller whose authorizer policy allows execute-api:InvalidateCache on the method', async () => {
    let calls = 0;
    const def = restDefinition(
      { '/pets/{id}': { methods: { GET: proxy('fn', { authorizer: 'auth' }) } } },
      {
        stage: { name: 'dev', cacheClusterEnabled: true },
        authorizers: { auth: { type: 'TOKEN', function: 'authfn' } },
      },
    );
    const api = makeRestApi(def, {
      fn: () => ({ statusCode: 200, body: `call ${++calls}` }),
      authfn: (e: { authorizationToken: string }) => ({
        principalId: e.authorizationToken,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${ARN_PREFIX}/*` },
            ...(e.authorizationToken === 'admin'
              ? [{ Effect: 'Allow', Action: 'execute-api:InvalidateCache', Resource: `${ARN_PREFIX}/GET/pets/*` }]
              : []),
          ],
        },
      }),
    });
    await send(api, 'GET', '/pets/1', { headers: { Authorization: 'user' } });
    expect(
      (await send(api, 'GET', '/pets/1', { headers: { Authorization: 'user', 'Cache-Control': 'max-age=0' } })).body,
    ).toBe('call 1');
    expect(
      (await send(api, 'GET', '/pets/1', { headers: { Authorization: 'admin', 'Cache-Control': 'max-age=0' } })).body,
    ).toBe('call 2');
  });

  it('does not cache error responses', async () => {
    let calls = 0;
    const def = restDefinition(
      { '/x': { methods: { GET: proxy('fn') } } },
      { stage: { name: 'dev', cacheClusterEnabled: true } },
    );
    const api = makeRestApi(def, { fn: () => ({ statusCode: 500, body: `call ${++calls}` }) });
    await send(api, 'GET', '/x');
    await send(api, 'GET', '/x');
    expect(calls).toBe(2);
  });
});
