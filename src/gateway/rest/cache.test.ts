import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import {
  cacheKey,
  DEFAULT_CACHE_TTL_SECONDS,
  MAX_CACHE_ENTRY_BYTES,
  MAX_CACHE_TTL_SECONDS,
  requestsCacheInvalidation,
  StageCache,
  type CachedResponse,
} from './cache';

const response = (body: string): CachedResponse => ({
  status: 200,
  headers: { 'Content-Type': 'application/json' },
  body,
});

describe('StageCache (DG api-gateway-caching)', () => {
  it('exports the documented TTL default (300 s), maximum (3600 s) and entry size limit (1,048,576 bytes)', () => {
    expect([DEFAULT_CACHE_TTL_SECONDS, MAX_CACHE_TTL_SECONDS, MAX_CACHE_ENTRY_BYTES]).toEqual([300, 3600, 1_048_576]);
  });

  it('serves a stored response until its TTL runs out on the virtual clock', () => {
    const clock = new ManualClock();
    const cache = new StageCache();
    expect(cache.set('k', response('{"n":1}'), 300, clock.now())).toMatchObject({
      stored: true,
      expiresAt: clock.now() + 300_000,
    });
    clock.advance(299_999);
    expect(cache.get('k', clock.now())?.body).toBe('{"n":1}');
    clock.advance(1);
    expect(cache.lookup('k', clock.now())).toEqual({ outcome: 'expired' });
    expect(cache.lookup('k', clock.now())).toEqual({ outcome: 'miss' });
  });

  it('reports the age of a hit', () => {
    const cache = new StageCache();
    cache.set('k', response('x'), 60, 1_000);
    expect(cache.lookup('k', 31_500)).toMatchObject({ outcome: 'hit', ageSeconds: 30, expiresAt: 61_000 });
  });

  it('does not cache with a TTL of 0 ("TTL=0 means caching is disabled")', () => {
    const cache = new StageCache();
    expect(cache.set('k', response('x'), 0, 0)).toEqual({ stored: false, reason: 'ttl-disabled', bytes: 1 });
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('caps a TTL above 3600 s at 3600 s', () => {
    const cache = new StageCache();
    cache.set('k', response('x'), 99_999, 0);
    expect(cache.get('k', 3_599_999)).toBeDefined();
    expect(cache.get('k', 3_600_000)).toBeUndefined();
  });

  it('does not cache a response over 1,048,576 bytes, counting UTF-8 bytes', () => {
    const cache = new StageCache();
    expect(cache.set('fits', response('a'.repeat(MAX_CACHE_ENTRY_BYTES)), 300, 0).stored).toBe(true);
    // 524,289 two-byte characters: fewer characters than the limit, more bytes.
    expect(cache.set('big', response('é'.repeat(MAX_CACHE_ENTRY_BYTES / 2 + 1)), 300, 0)).toEqual({
      stored: false,
      reason: 'too-large',
      bytes: MAX_CACHE_ENTRY_BYTES + 2,
    });
  });

  it('invalidates one entry and flushes all of them (DG "Flush the API stage cache")', () => {
    const cache = new StageCache();
    cache.set('a', response('1'), 300, 0);
    cache.set('b', response('22'), 300, 0);
    expect(cache.invalidate('a')).toBe(true);
    expect(cache.invalidate('a')).toBe(false);
    expect([cache.get('a', 0), cache.get('b', 0)?.body]).toEqual([undefined, '22']);
    cache.flush();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('keeps size statistics: entries, bytes, hits, misses', () => {
    const cache = new StageCache();
    cache.set('a', response('123'), 300, 0);
    cache.set('a', response('12345'), 300, 0);
    cache.get('a', 0);
    cache.get('nope', 0);
    expect(cache.stats()).toEqual({
      entries: 1,
      bytes: 5,
      capacityBytes: 16 * 1024 * 1024,
      hits: 1,
      misses: 1,
      evictions: 0,
    });
  });

  it('evicts the least recently used entries past the playground capacity', () => {
    const cache = new StageCache({ capacityBytes: 10 });
    cache.set('a', response('xxxx'), 300, 0);
    cache.set('b', response('xxxx'), 300, 0);
    cache.get('a', 0);
    cache.set('c', response('xxxx'), 300, 0);
    expect(['a', 'b', 'c'].map((k) => cache.get(k, 0) !== undefined)).toEqual([true, false, true]);
    expect(cache.stats().evictions).toBe(1);
  });
});

describe('cacheKey (DG api-gateway-caching cache keys; UNCONFIRMED: rest-cache-key)', () => {
  const base = { method: 'GET', resourcePath: '/users' };

  it('keys on the named parameters only: ?type=admin&department=A and …&department=B share an entry (DG example)', () => {
    const key = (department: string) =>
      cacheKey({
        ...base,
        cacheKeyParameters: ['method.request.querystring.type'],
        request: { headers: {}, path: {}, querystring: { type: 'admin', department } },
      });
    expect(key('A')).toBe(key('B'));
    expect(
      cacheKey({
        ...base,
        cacheKeyParameters: ['method.request.querystring.type'],
        request: { headers: {}, path: {}, querystring: { type: 'regular' } },
      }),
    ).not.toBe(key('A'));
  });

  it('leaves out path parameters that are not cache keys, so /pets/1 and /pets/2 share an entry', () => {
    const key = (id: string, params: string[]) =>
      cacheKey({
        method: 'GET',
        resourcePath: '/pets/{id}',
        cacheKeyParameters: params,
        request: { headers: {}, querystring: {}, path: { id } },
      });
    expect(key('1', [])).toBe(key('2', []));
    expect(key('1', ['method.request.path.id'])).not.toBe(key('2', ['method.request.path.id']));
  });

  it('separates methods and resources, reads header names ignoring case and joins repeated values', () => {
    const request = { headers: { 'x-tenant': 'a' }, querystring: { tag: ['x', 'y'] }, path: {} };
    const params = ['method.request.header.X-Tenant', 'method.request.querystring.tag'];
    expect(cacheKey({ method: 'get', resourcePath: '/r', cacheKeyParameters: params, request })).toBe(
      'GET /r|method.request.header.X-Tenant=a|method.request.querystring.tag=x%2Cy',
    );
    expect(cacheKey({ method: 'POST', resourcePath: '/r', cacheKeyParameters: params, request })).not.toBe(
      cacheKey({ method: 'GET', resourcePath: '/r', cacheKeyParameters: params, request }),
    );
  });

  it('cannot be confused by values that contain the separators', () => {
    const key = (q: Record<string, string>) =>
      cacheKey({
        ...base,
        cacheKeyParameters: ['method.request.querystring.a', 'method.request.querystring.b'],
        request: { headers: {}, path: {}, querystring: q },
      });
    expect(key({ a: 'x|method.request.querystring.b=y' })).not.toBe(key({ a: 'x', b: 'y' }));
  });
});

describe('requestsCacheInvalidation', () => {
  it('recognises Cache-Control: max-age=0 in any case and among other directives (DG "Invalidate an API Gateway cache entry")', () => {
    expect(requestsCacheInvalidation({ 'Cache-Control': 'max-age=0' })).toBe(true);
    expect(requestsCacheInvalidation({ 'cache-control': 'no-store, MAX-AGE=0' })).toBe(true);
    expect(requestsCacheInvalidation({ 'cache-control': 'max-age=60' })).toBe(false);
    expect(requestsCacheInvalidation({ accept: 'max-age=0' })).toBe(false);
  });
});
