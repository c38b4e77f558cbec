/**
 * The offline copy of the site, as the service worker keeps it: every file of the build (listed
 * with its content hash by vite-plugins/offline-site.ts) in one Cache Storage cache per build, so
 * a page is always served files of one build, never a mix.
 *
 * - First install: nothing is fetched before activation (MSW waits for the worker to activate and
 *   the page waits for MSW); the page asks for `fill()` once it is idle.
 * - Update (a worker already controls pages): `fill()` runs during install, so the new build is
 *   complete before it can take over; it then waits until the learner chooses to reload.
 * - Requests for the site's own files (`route`) are answered from the cache and never reach MSW
 *   or the page's main thread; everything else (the fake gateway's URLs) is left to MSW.
 *
 * No service worker types: the worker's entry (./service-worker.ts) passes in `caches` and
 * `fetch`, so the unit tests can pass in-memory ones.
 */
import { HASH_LENGTH, type OfflineManifest } from './manifest';

export interface SiteCacheDeps {
  caches: CacheStorage;
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
  /** The registration's scope, e.g. `https://host/workshops/apigw/` (where index.html lives). */
  scope: string;
}

export interface FillReport {
  version: string;
  cached: number;
  total: number;
}

/** Every build's cache name starts with this; anything else in Cache Storage (MSW's) is left alone. */
export const CACHE_PREFIX = 'agp-offline:';
/** Which build was active before this one: its cache is kept for pages still open on it. */
const META_CACHE = 'agp-offline-meta';
const ACTIVE_KEY = '/__agp-offline__/active';
/** Set on every stored response: what the file's content hashes to. */
const HASH_HEADER = 'x-agp-offline-hash';
/** Parallel downloads while filling: enough to fill a pipe, few enough not to starve the page. */
const PARALLEL = 6;

export async function hashBytes(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex.slice(0, HASH_LENGTH);
}

export interface SiteCache {
  readonly cacheName: string;
  /**
   * The path (relative to the scope) this request is answered with from the cache, or null when
   * it is not one of the site's files and must go on to MSW. Synchronous: a fetch handler must
   * decide before it returns whether it answers.
   */
  route(request: Request): string | null;
  /** Answers a routed request: this build's copy, else the network (stored when it checks out), else an older build's copy. */
  respond(request: Request, path: string, background: (work: Promise<unknown>) => void): Promise<Response>;
  /** Install: on an update, the whole build is cached before the worker can wait. */
  install(isUpdate: boolean): Promise<void>;
  /** Activation: drops the caches of builds older than the one that was active before. */
  activate(): Promise<void>;
  /** Caches every file of the build that is not cached yet (checked against its hash). One run at a time. */
  fill(): Promise<FillReport>;
}

export function createSiteCache(manifest: OfflineManifest, deps: SiteCacheDeps): SiteCache {
  const scope = new URL(deps.scope);
  const cacheName = `${CACHE_PREFIX}${manifest.version}`;
  const urlOf = (path: string) => new URL(path, scope).href;
  let filling: Promise<FillReport> | undefined;

  const otherCaches = async () =>
    (await deps.caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName);

  /** A stored copy of `path` from an older build's cache, only if its content hashes to `hash` (any content when null). */
  async function fromOlderBuild(path: string, hash: string | null): Promise<Response | undefined> {
    // Newest first: keys() lists caches in the order they were created.
    for (const name of (await otherCaches()).reverse()) {
      const hit = await (await deps.caches.open(name)).match(urlOf(path));
      if (hit && (hash === null || hit.headers.get(HASH_HEADER) === hash)) return hit;
    }
    return undefined;
  }

  /** The response as stored: the bytes already decoded, so no content-encoding; its hash alongside. */
  function stored(bytes: ArrayBuffer, from: Response, hash: string): Response {
    const headers = new Headers(from.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    // Looked up by URL alone: a stored Vary would make lookups depend on request headers.
    headers.delete('vary');
    headers.set(HASH_HEADER, hash);
    return new Response(bytes, { status: from.status, statusText: from.statusText, headers });
  }

  /** Downloads `path` and checks it is the file this build lists; stores it. */
  async function download(path: string, expected: string, cache: Cache): Promise<void> {
    // Hashed files never change under one name, so the HTTP cache may answer; the others are revalidated.
    const init: RequestInit = {
      cache: path.startsWith('assets/') ? 'default' : 'no-cache',
      credentials: 'same-origin',
    };
    const response = await deps.fetch(urlOf(path), init);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    const hash = await hashBytes(bytes);
    // The server already has another build: caching this file would make a mixed copy.
    if (hash !== expected) throw new Error(`${path} on the server is not the file of build ${manifest.version}`);
    await cache.put(urlOf(path), stored(bytes, response, hash));
  }

  async function fillOnce(): Promise<FillReport> {
    const cache = await deps.caches.open(cacheName);
    const queue = Object.entries(manifest.files);
    const total = queue.length;
    let cached = 0;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [path, hash] = next;
        const have = await cache.match(urlOf(path));
        if (have?.headers.get(HASH_HEADER) !== hash) {
          const older = await fromOlderBuild(path, hash);
          if (older) await cache.put(urlOf(path), older);
          else await download(path, hash, cache);
        }
        cached++;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return { version: manifest.version, cached, total };
  }

  function fill(): Promise<FillReport> {
    filling ??= fillOnce().finally(() => {
      filling = undefined;
    });
    return filling;
  }

  return {
    cacheName,

    route(request) {
      if (request.method !== 'GET') return null;
      const url = new URL(request.url);
      if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
      let path: string;
      try {
        path = decodeURIComponent(url.pathname.slice(scope.pathname.length));
      } catch {
        return null;
      }
      if (path === '') path = 'index.html';
      // Files of this build, and any hashed file (an older build's chunk that a page still open on it asks for).
      return Object.hasOwn(manifest.files, path) || path.startsWith('assets/') ? path : null;
    },

    async respond(request, path, background) {
      const cache = await deps.caches.open(cacheName);
      const hit = await cache.match(urlOf(path));
      if (hit) return hit;
      const expected = Object.hasOwn(manifest.files, path) ? manifest.files[path] : null;
      // Not this build's file: a page on an older build wants its own chunk, kept in that build's cache.
      if (expected === null) {
        const older = await fromOlderBuild(path, null);
        if (older) return older;
      }
      try {
        const response = await deps.fetch(request.mode === 'navigate' ? urlOf(path) : request);
        if (expected !== null && response.ok) {
          const copy = response.clone();
          background(
            (async () => {
              const bytes = await copy.arrayBuffer();
              const hash = await hashBytes(bytes);
              if (hash === expected) await cache.put(urlOf(path), stored(bytes, copy, hash));
            })().catch(() => {}),
          );
        }
        return response;
      } catch (error) {
        // Offline before the fill finished: the same file from an older build still serves.
        const older = expected === null ? undefined : await fromOlderBuild(path, expected);
        if (older) return older;
        throw error;
      }
    },

    async install(isUpdate) {
      if (isUpdate) await fill();
    },

    async activate() {
      const meta = await deps.caches.open(META_CACHE);
      const previous = await (await meta.match(ACTIVE_KEY))?.text();
      await meta.put(ACTIVE_KEY, new Response(manifest.version));
      const keep = new Set([cacheName, `${CACHE_PREFIX}${previous}`]);
      for (const name of await otherCaches()) if (!keep.has(name)) await deps.caches.delete(name);
    },

    fill,
  };
}
