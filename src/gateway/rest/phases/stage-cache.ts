/**
 * The stage cache (DG api-gateway-caching; docs/aws-behaviour.md §4): looked up before the
 * integration, filled after it.
 */
import { policyAllows } from '../../core/iam-policy';
import { cacheKey, requestsCacheInvalidation, type CachedResponse } from '../cache';
import { REST_GATEWAY_RESPONSES } from '../responses';
import { paramSources, record, routeOf, type Flow, type Outgoing, type PhaseResult, type RestContext } from './flow';
import { gatewayOut } from './respond';

/**
 * Whether and how this request uses the stage cache (DG api-gateway-caching): only when the
 * stage has a cache cluster and the method caches (GET by default, or its method setting), with
 * a TTL above 0. A hit answers from the cache; a miss is remembered in the flow, so storeInCache
 * keeps the answer.
 * `Cache-Control: max-age=0` refetches only for a caller allowed to invalidate; under
 * FAIL_WITH_403 any other caller gets 403. UNCONFIRMED: [rest-cache-invalidation] "allowed" is
 * modelled as the method setting requireAuthorizationForCacheControl=false, or an authorizer
 * policy allowing `execute-api:InvalidateCache` on the method ARN.
 */
export function lookupCache(flow: Flow, ctx: RestContext): PhaseResult {
  const route = routeOf(flow);
  const setting = flow.setting;
  const stage = ctx.definition.stage;
  if (!stage?.cacheClusterEnabled) return undefined;
  const enabled = setting?.cachingEnabled ?? flow.req.method === 'GET';
  const ttl = setting?.cacheTtlInSeconds ?? stage.cacheTtlInSeconds ?? 300;
  if (!enabled || ttl <= 0) return undefined;
  const key = cacheKey({
    method: flow.req.method,
    resourcePath: route.resourcePath,
    cacheKeyParameters: route.method.integration.cacheKeyParameters ?? [],
    request: paramSources(flow),
  });
  const now = ctx.clock.now();
  const event = (outcome: 'HIT' | 'MISS' | 'INVALIDATE' | 'BYPASS', summary: string) =>
    record(flow, ctx, {
      kind: 'cache',
      from: 'gateway',
      to: 'gateway',
      outcome,
      key,
      ttlSeconds: ttl,
      summary,
      unconfirmed: outcome === 'HIT' || outcome === 'MISS' ? 'rest-cache-key' : 'rest-cache-invalidation',
    });
  if (requestsCacheInvalidation(flow.req.multiValueHeaders)) {
    const requireAuth = setting?.requireAuthorizationForCacheControl ?? true;
    let allowed = !requireAuth;
    if (!allowed && flow.policyDocument !== undefined) {
      const verdict = policyAllows(flow.policyDocument, 'execute-api:InvalidateCache', flow.arn);
      allowed = typeof verdict !== 'string' && verdict.allowed;
    }
    if (allowed) {
      ctx.cache.invalidate(key);
      event('INVALIDATE', 'Cache-Control: max-age=0: entry invalidated');
      event('MISS', 'cache MISS');
      flow.cacheMiss = { key, ttl };
      return undefined;
    }
    const strategy = setting?.unauthorizedCacheControlHeaderStrategy ?? 'SUCCEED_WITH_RESPONSE_HEADER';
    event(
      'BYPASS',
      strategy === 'FAIL_WITH_403'
        ? 'Cache-Control: max-age=0 without execute-api:InvalidateCache: 403'
        : 'Cache-Control: max-age=0 ignored: the caller may not invalidate (execute-api:InvalidateCache)',
    );
    if (strategy === 'FAIL_WITH_403') return gatewayOut(REST_GATEWAY_RESPONSES.CACHE_CONTROL_FORBIDDEN);
  }
  const hit = ctx.cache.get(key, now);
  if (hit) {
    event('HIT', 'cache HIT');
    return { ...fromCache(hit), source: 'cache' };
  }
  event('MISS', 'cache MISS');
  flow.cacheMiss = { key, ttl };
  return undefined;
}

/**
 * After the pipeline answered: on a cache miss, keeps a successful (2xx) answer of the
 * integration for the TTL (DG api-gateway-caching). Gateway responses are never cached.
 */
export function storeInCache(flow: Flow, ctx: RestContext, out: Outgoing): void {
  const miss = flow.cacheMiss;
  if (!miss || out.source === 'gateway' || out.status < 200 || out.status >= 300) return;
  const stored = ctx.cache.set(miss.key, toCached(out), miss.ttl, ctx.clock.now());
  if (stored.stored)
    record(flow, ctx, {
      kind: 'cache',
      from: 'gateway',
      to: 'gateway',
      outcome: 'STORE',
      key: miss.key,
      ttlSeconds: miss.ttl,
      summary: `cache STORE for ${miss.ttl} s`,
      unconfirmed: 'rest-cache-key',
    });
}

/** What the stage cache keeps of an integration response (the gateway adds its per-request headers again). */
function toCached(out: Outgoing): CachedResponse {
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of out.headers) (multi[k] ??= []).push(v);
  for (const [k, values] of Object.entries(multi)) headers[k] = values.join(', ');
  const cached: CachedResponse = { status: out.status, headers, body: out.body };
  const repeated = Object.fromEntries(Object.entries(multi).filter(([, v]) => v.length > 1));
  if (Object.keys(repeated).length) cached.multiValueHeaders = repeated;
  return cached;
}

function fromCache(hit: CachedResponse): Omit<Outgoing, 'source'> {
  const headers: [string, string][] = [];
  for (const [k, v] of Object.entries(hit.headers)) {
    const multi = hit.multiValueHeaders?.[k];
    if (multi) for (const one of multi) headers.push([k, one]);
    else headers.push([k, v]);
  }
  return { status: hit.status, headers, body: hit.body };
}
