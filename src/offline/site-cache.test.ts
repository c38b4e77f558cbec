import { describe, expect, it } from 'vitest';
import { createSiteCache, hashBytes, CACHE_PREFIX } from './site-cache';
import type { OfflineManifest } from './manifest';

const SCOPE = 'https://example.test/workshops/apigw/';

/** Cache Storage in memory, as much of it as the worker uses (lookups by URL; names in creation order). */
class MemoryCaches {
  readonly stores = new Map<string, Map<string, Response>>();
  async open(name: string) {
    let store = this.stores.get(name);
    if (!store) this.stores.set(name, (store = new Map()));
    const entries = store;
    const key = (r: RequestInfo | URL) => (typeof r === 'string' ? r : r instanceof URL ? r.href : r.url);
    return {
      match: async (r: RequestInfo | URL) => entries.get(key(r))?.clone(),
      put: async (r: RequestInfo | URL, response: Response) => void entries.set(key(r), response),
    } as unknown as Cache;
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  async has(name: string) {
    return this.stores.has(name);
  }
  async match() {
    return undefined;
  }
}

/** A host serving `files`; records every URL fetched; `down` makes it unreachable. */
function host(files: Record<string, string>) {
  const fetched: string[] = [];
  const state = { down: false };
  const fetch = async (input: string | Request) => {
    const url = typeof input === 'string' ? input : input.url;
    fetched.push(url.slice(SCOPE.length));
    if (state.down) throw new TypeError('Failed to fetch');
    const path = url.slice(SCOPE.length) || 'index.html';
    return Object.hasOwn(files, path)
      ? new Response(files[path], { headers: { 'content-type': 'text/javascript', 'content-encoding': 'gzip' } })
      : new Response('not found', { status: 404 });
  };
  return { fetch, fetched, state, files };
}

async function manifestOf(files: Record<string, string>, version: string): Promise<OfflineManifest> {
  const hashed: Record<string, string> = {};
  for (const [path, text] of Object.entries(files))
    hashed[path] = await hashBytes(new TextEncoder().encode(text).buffer as ArrayBuffer);
  return { version, files: hashed };
}

const BUILD_1 = { 'index.html': '<html>one', 'assets/index-aaa.js': 'one()', 'assets/editor-bbb.js': 'editor()' };
const BUILD_2 = { 'index.html': '<html>two', 'assets/index-ccc.js': 'two()', 'assets/editor-bbb.js': 'editor()' };

async function setup(files: Record<string, string> = BUILD_1, version = 'v1', caches = new MemoryCaches()) {
  const server = host({ ...files });
  const site = createSiteCache(await manifestOf(files, version), { caches, fetch: server.fetch, scope: SCOPE });
  return { site, server, caches };
}

const get = (path: string, init?: RequestInit) => new Request(new URL(path, SCOPE), init);

async function answer(site: ReturnType<typeof createSiteCache>, request: Request) {
  const path = site.route(request);
  if (path === null) throw new Error(`${request.url} is not routed to the cache`);
  const background: Promise<unknown>[] = [];
  const response = await site.respond(request, path, (w) => background.push(w));
  await Promise.all(background);
  return response;
}

describe('the offline copy of the site (service worker side)', () => {
  it("routes the site's own files to the cache and leaves everything else (the fake gateway's URLs) to MSW", async () => {
    const { site } = await setup();
    expect(site.route(get(''))).toBe('index.html');
    expect(site.route(get('index.html?deck=1'))).toBe('index.html');
    expect(site.route(get('assets/index-aaa.js'))).toBe('assets/index-aaa.js');
    // A hashed file of another build (a page still open on it): still the site's.
    expect(site.route(get('assets/index-zzz.js'))).toBe('assets/index-zzz.js');
    expect(site.route(new Request('https://abc123defg.execute-api.us-east-1.amazonaws.com/dev/orders'))).toBeNull();
    expect(site.route(get('assets/index-aaa.js', { method: 'POST', body: 'x' }))).toBeNull();
    expect(site.route(new Request('https://example.test/other/assets/index-aaa.js'))).toBeNull();
    expect(site.route(get('api/not-a-file'))).toBeNull();
    expect(site.route(get('mockServiceWorker.js'))).toBeNull();
  });

  it('fills the cache with every file, checked against its hash, and a second fill downloads nothing', async () => {
    const { site, server } = await setup();
    expect(await site.fill()).toEqual({ version: 'v1', cached: 3, total: 3 });
    expect(server.fetched.sort()).toEqual(['assets/editor-bbb.js', 'assets/index-aaa.js', 'index.html']);
    server.fetched.length = 0;
    expect(await site.fill()).toEqual({ version: 'v1', cached: 3, total: 3 });
    expect(server.fetched).toEqual([]);
  });

  it('refuses to fill from a host that already serves another build (never a mixed copy)', async () => {
    const { site, server } = await setup();
    server.files['index.html'] = '<html>newer';
    await expect(site.fill()).rejects.toThrow('index.html on the server is not the file of build v1');
  });

  it('answers from the cache with the host gone, the bytes decoded and the headers kept', async () => {
    const { site, server } = await setup();
    await site.fill();
    server.state.down = true;
    const response = await answer(site, get('', { mode: 'same-origin' }));
    expect(await response.text()).toBe('<html>one');
    expect(response.headers.get('content-type')).toBe('text/javascript');
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('on a miss, answers from the network and keeps the file only when it is the build’s', async () => {
    const { site, server, caches } = await setup();
    expect(await (await answer(site, get('assets/index-aaa.js'))).text()).toBe('one()');
    server.files['index.html'] = '<html>tampered';
    expect(await (await answer(site, get('index.html'))).text()).toBe('<html>tampered');
    const cache = await caches.open(`${CACHE_PREFIX}v1`);
    expect(await (await cache.match(`${SCOPE}assets/index-aaa.js`))?.text()).toBe('one()');
    expect(await cache.match(`${SCOPE}index.html`)).toBeUndefined();
  });

  it('fetches nothing on the first install (MSW is waiting for it) and the whole build on an update', async () => {
    const first = await setup();
    await first.site.install(false);
    expect(first.server.fetched).toEqual([]);
    const update = await setup(BUILD_2, 'v2', first.caches);
    await update.site.install(true);
    expect(update.server.fetched.sort()).toEqual(['assets/editor-bbb.js', 'assets/index-ccc.js', 'index.html']);
  });

  it('takes unchanged files of an update from the previous build’s cache instead of the network', async () => {
    const one = await setup();
    await one.site.fill();
    const two = await setup(BUILD_2, 'v2', one.caches);
    await two.site.install(true);
    expect(two.server.fetched.sort()).toEqual(['assets/index-ccc.js', 'index.html']);
  });

  it('keeps the previous build for pages still open on it, and drops older ones (and leaves other caches alone)', async () => {
    const caches = new MemoryCaches();
    await caches.open('msw:active-clients:x');
    const one = await setup(BUILD_1, 'v1', caches);
    await one.site.fill();
    await one.site.activate();
    const two = await setup(BUILD_2, 'v2', caches);
    await two.site.install(true);
    await two.site.activate();
    // A page still on build 1 asks for its own chunk with the host gone: build 1's cache answers.
    two.server.state.down = true;
    expect(await (await answer(two.site, get('assets/index-aaa.js'))).text()).toBe('one()');

    const three = await setup({ ...BUILD_2, 'index.html': '<html>three' }, 'v3', caches);
    await three.site.install(true);
    await three.site.activate();
    expect((await caches.keys()).sort()).toEqual([
      'agp-offline-meta',
      'agp-offline:v2',
      'agp-offline:v3',
      'msw:active-clients:x',
    ]);
  });
});
