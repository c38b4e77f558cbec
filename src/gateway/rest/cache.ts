/**
 * The REST stage cache (docs/aws-behaviour.md §4; DG api-gateway-caching): responses kept for a TTL on the
 * engine's virtual clock, looked up by a key built from the method, the resource and the cache
 * key parameters. Pure data structure; the pipeline decides when to read, store and invalidate.
 */
import { utf8Length } from '../core/bytes';

/** "The default TTL value for API caching is 300 seconds" (DG api-gateway-caching). */
export const DEFAULT_CACHE_TTL_SECONDS = 300;
/** "The maximum TTL value is 3600 seconds. TTL=0 means caching is disabled" (DG api-gateway-caching). */
export const MAX_CACHE_TTL_SECONDS = 3600;
/** "The maximum size of a response that can be cached is 1048576 bytes" (DG api-gateway-caching, DG limits). */
export const MAX_CACHE_ENTRY_BYTES = 1_048_576;
/**
 * How much the playground keeps before evicting the least recently used entries. Not AWS's
 * cache size (0.5 GB and up): a browser tab should not hold that much for a lesson.
 */
export const DEFAULT_CACHE_CAPACITY_BYTES = 16 * 1024 * 1024;

/** A response as the stage cache stores it. */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
}

export type CacheSetResult =
  | { stored: true; bytes: number; expiresAt: number }
  | { stored: false; reason: 'ttl-disabled' | 'too-large'; bytes: number };

export interface CacheStats {
  entries: number;
  bytes: number;
  capacityBytes: number;
  hits: number;
  misses: number;
  /** Entries dropped to stay within the capacity. */
  evictions: number;
}

interface Slot<E> {
  entry: E;
  bytes: number;
  storedAt: number;
  expiresAt: number;
}

/**
 * One stage's cache. Times are virtual epoch milliseconds from the engine's Clock, passed in
 * by the caller, so TTLs can be fast-forwarded in the UI and tested without waiting.
 */
export class StageCache<E extends { body: string } = CachedResponse> {
  // A Map keeps insertion order; re-inserting on access makes its first key the least recently used.
  readonly #slots = new Map<string, Slot<E>>();
  readonly #capacity: number;
  readonly #sizeOf: (entry: E) => number;
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(options: { capacityBytes?: number; sizeOf?: (entry: E) => number } = {}) {
    this.#capacity = options.capacityBytes ?? DEFAULT_CACHE_CAPACITY_BYTES;
    // The limit is on the response payload, counted in UTF-8 bytes as it travels.
    this.#sizeOf = options.sizeOf ?? ((e) => utf8Length(e.body));
  }

  /** The live entry for `key`, or undefined (an expired entry is dropped and counts as a miss). */
  get(key: string, now: number): E | undefined {
    return this.lookup(key, now).entry;
  }

  /** Like `get`, with why there is no entry and how old the entry is. */
  lookup(
    key: string,
    now: number,
  ):
    | { entry: E; ageSeconds: number; expiresAt: number; outcome: 'hit' }
    | { entry?: undefined; outcome: 'miss' | 'expired' } {
    const slot = this.#slots.get(key);
    if (!slot) {
      this.#misses++;
      return { outcome: 'miss' };
    }
    if (now >= slot.expiresAt) {
      this.#delete(key, slot);
      this.#misses++;
      return { outcome: 'expired' };
    }
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    this.#hits++;
    return {
      entry: slot.entry,
      ageSeconds: Math.floor((now - slot.storedAt) / 1000),
      expiresAt: slot.expiresAt,
      outcome: 'hit',
    };
  }

  /**
   * Stores `entry` for `ttlSeconds` (clamped to 0–3600). A TTL of 0 disables caching and a
   * response over 1,048,576 bytes is not cached (DG api-gateway-caching); either way an older
   * entry under the key is left as it was.
   */
  set(key: string, entry: E, ttlSeconds: number, now: number): CacheSetResult {
    const bytes = this.#sizeOf(entry);
    const ttl = Math.min(Math.max(Number.isFinite(ttlSeconds) ? ttlSeconds : 0, 0), MAX_CACHE_TTL_SECONDS);
    if (ttl === 0) return { stored: false, reason: 'ttl-disabled', bytes };
    if (bytes > MAX_CACHE_ENTRY_BYTES) return { stored: false, reason: 'too-large', bytes };
    const old = this.#slots.get(key);
    if (old) this.#delete(key, old);
    const expiresAt = now + ttl * 1000;
    this.#slots.set(key, { entry, bytes, storedAt: now, expiresAt });
    this.#bytes += bytes;
    for (const [k, slot] of this.#slots) {
      if (this.#bytes <= this.#capacity || k === key) break;
      this.#delete(k, slot);
      this.#evictions++;
    }
    return { stored: true, bytes, expiresAt };
  }

  /** Drops one entry (a client's `Cache-Control: max-age=0`, DG "Invalidate an API Gateway cache entry"). */
  invalidate(key: string): boolean {
    const slot = this.#slots.get(key);
    if (!slot) return false;
    this.#delete(key, slot);
    return true;
  }

  /** Drops every entry ("Flush entire cache", DG api-gateway-caching). */
  flush(): void {
    this.#slots.clear();
    this.#bytes = 0;
  }

  stats(): CacheStats {
    return {
      entries: this.#slots.size,
      bytes: this.#bytes,
      capacityBytes: this.#capacity,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
    };
  }

  #delete(key: string, slot: Slot<E>): void {
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
  }
}

type Values = Record<string, string | string[] | undefined>;

export interface CacheKeyInput {
  method: string;
  /** The resource's path template, e.g. `/pets/{id}` (not the request path). */
  resourcePath: string;
  /** `method.request.querystring.q`, `method.request.header.h`, `method.request.path.id`. */
  cacheKeyParameters: readonly string[];
  request: { headers: Values; querystring: Values; path: Values };
}

/**
 * The cache key of a request (DG api-gateway-caching, "Use method or integration parameters as
 * cache keys": with `type` as a key, `?type=admin&department=A` and `?type=admin&department=B`
 * share an entry).
 *
 * UNCONFIRMED: the key is the HTTP method + the resource path + the values of the named cache
 * key parameters, nothing else (rest-cache-key). So a path parameter that is not a cache key is
 * not part of the key: `GET /pets/1` and `GET /pets/2` share an entry on `/pets/{id}` until
 * `method.request.path.id` is added. Header names ignore case; repeated values join with ','.
 */
export function cacheKey(input: CacheKeyInput): string {
  const parts = [...input.cacheKeyParameters].sort().map((param) => {
    const m =
      /^(?:method|integration)\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/u.exec(
        param,
      );
    if (!m) return `${param}=`;
    const where = m[1].endsWith('header') ? 'headers' : m[1].endsWith('querystring') ? 'querystring' : 'path';
    const values = input.request[where];
    let value: string | string[] | undefined;
    if (where === 'headers') {
      const lower = m[2].toLowerCase();
      for (const [k, v] of Object.entries(values)) if (k.toLowerCase() === lower) value = v;
    } else value = Object.hasOwn(values, m[2]) ? values[m[2]] : undefined;
    const text = Array.isArray(value) ? value.join(',') : (value ?? '');
    // Encode so a value containing the separators cannot collide with another key.
    return `${param}=${encodeURIComponent(text)}`;
  });
  return [`${input.method.toUpperCase()} ${input.resourcePath}`, ...parts].join('|');
}

/**
 * Whether the client asks to refetch: `Cache-Control: max-age=0` (DG "Invalidate an API Gateway
 * cache entry"). Whether it is allowed to is the pipeline's decision (InvalidateCache policy).
 */
export function requestsCacheInvalidation(headers: Values): boolean {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== 'cache-control' || v === undefined) continue;
    const text = Array.isArray(v) ? v.join(',') : v;
    if (text.split(',').some((d) => /^\s*max-age\s*=\s*"?0+"?\s*$/iu.test(d))) return true;
  }
  return false;
}
