/**
 * Contract of the cookie jar as the page uses it: whatever `tough-cookie` resolves to in the build
 * (vite.config.ts aliases it to vendor/tough-cookie-lite.ts; the real tough-cookie with `tldts`
 * aliased to vendor/public-suffix.ts passes the same tests). Two callers:
 * - MSW's cookie store (msw/src/core/utils/cookie-store.ts): `new MemoryCookieStore()`, `store.idx`
 *   restored from localStorage with `Cookie.fromJSON`, `new CookieJar(store)`, `await
 *   jar.setCookie(setCookieHeader, request.url)` for a mocked response's Set-Cookie,
 *   `jar.getCookiesSync(request.url)` for a credentialed request's `cookies`, and each stored
 *   cookie's `toJSON()` (and `domain`, `path`, `key`) to persist the index.
 * - The playground's jar for execute-api hosts (http.ts): `setCookieSync(header, url,
 *   { ignoreError: true })`, truthy when kept, and `getCookiesSync(url)` for the Cookie header.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cookie, CookieJar, MemoryCookieStore, type MemoryCookieStoreIndex } from 'tough-cookie';

const API = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com';
const OTHER_API = 'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com';

/** A jar as MSW makes it: a memory store whose index is replaced by the persisted one. */
function mswJar(idx: MemoryCookieStoreIndex = {}): { jar: CookieJar; store: MemoryCookieStore } {
  const store = new MemoryCookieStore();
  store.idx = idx;
  return { jar: new CookieJar(store), store };
}

const pairs = (cookies: Cookie[]) => cookies.map((c) => [c.key, c.value]);

afterEach(() => {
  vi.useRealTimers();
});

describe('the cookie jar behind MSW and the playground', () => {
  it('keeps a Set-Cookie from an execute-api response and sends it back on the next request to the same API and stage', async () => {
    const { jar } = mswJar();
    await jar.setCookie('session=abc; Path=/dev; Secure; SameSite=None', `${API}/dev/login`);
    expect(pairs(jar.getCookiesSync(`${API}/dev/items?x=1`))).toEqual([['session', 'abc']]);
    expect(pairs(jar.getCookiesSync(`${API}/dev`))).toEqual([['session', 'abc']]);
    expect(jar.getCookiesSync(`${API}/prod/items`)).toEqual([]);
    expect(jar.getCookiesSync(`${API}/development`)).toEqual([]);
  });

  it('does not send a host-only cookie to another API, another host, or over plain http when it is Secure', async () => {
    const { jar } = mswJar();
    await jar.setCookie('session=abc; Path=/; Secure', `${API}/dev/login`);
    expect(jar.getCookiesSync(`${OTHER_API}/dev/items`)).toEqual([]);
    expect(jar.getCookiesSync('https://example.com/dev/items')).toEqual([]);
    expect(jar.getCookiesSync(`${API.replace('https:', 'http:')}/dev/items`)).toEqual([]);
  });

  it('defaults the path to the request path’s directory (RFC 6265 §5.1.4)', async () => {
    const { jar } = mswJar();
    await jar.setCookie('t=1', `${API}/dev/auth/login`);
    expect(pairs(jar.getCookiesSync(`${API}/dev/auth/refresh`))).toEqual([['t', '1']]);
    expect(jar.getCookiesSync(`${API}/dev/items`)).toEqual([]);
  });

  it('orders cookies with longer paths first (RFC 6265 §5.4)', async () => {
    const { jar } = mswJar();
    await jar.setCookie('a=root; Path=/', `${API}/dev/x`);
    await jar.setCookie('a=stage; Path=/dev', `${API}/dev/x`);
    expect(pairs(jar.getCookiesSync(`${API}/dev/x`))).toEqual([
      ['a', 'stage'],
      ['a', 'root'],
    ]);
  });

  it('accepts a Domain naming the API’s own host and refuses one for another site, the region or amazonaws.com', async () => {
    const { jar } = mswJar();
    await jar.setCookie('own=1; Path=/; Domain=a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', `${API}/dev/`);
    expect(pairs(jar.getCookiesSync(`${API}/dev/`))).toEqual([['own', '1']]);

    // MSW awaits setCookie: a refused cookie rejects, and nothing is stored.
    await expect(jar.setCookie('x=1; Domain=evil.example', `${API}/dev/`)).rejects.toThrow(/not in this host's domain/);
    for (const domain of [
      'execute-api.us-east-1.amazonaws.com',
      // A region the public-suffix list does not name yet (public-suffix.ts covers every region).
      'execute-api.mx-central-1.amazonaws.com',
      'us-east-1.amazonaws.com',
      'amazonaws.com',
    ]) {
      const url = `https://a1b2c3d4e5.${domain.startsWith('execute-api') ? domain : 'execute-api.us-east-1.amazonaws.com'}/dev/`;
      await expect(jar.setCookie(`x=1; Domain=${domain}`, url)).rejects.toThrow(/public suffix/);
      expect(jar.getCookiesSync(`${OTHER_API}/dev/`)).toEqual([]);
    }
    expect(pairs(jar.getCookiesSync(`${API}/dev/`))).toEqual([['own', '1']]);
  });

  it('answers undefined instead of throwing for a refused cookie when asked to ignore errors, as http.ts does', () => {
    const { jar } = mswJar();
    const opts = { ignoreError: true };
    expect(jar.setCookieSync('session=abc; Path=/; Secure; SameSite=None', `${API}/dev/login`, opts)).toMatchObject({
      key: 'session',
      value: 'abc',
    });
    expect(jar.setCookieSync('x=1; Domain=evil.example', `${API}/dev/`, opts)).toBeUndefined();
    expect(jar.setCookieSync('x=1; Domain=execute-api.us-east-1.amazonaws.com', `${API}/dev/`, opts)).toBeUndefined();
    expect(jar.setCookieSync('', `${API}/dev/`, opts)).toBeUndefined();
    expect(pairs(jar.getCookiesSync(`${API}/dev/items`))).toEqual([['session', 'abc']]);
  });

  it('forgets a cookie at its Max-Age or Expires, and at once for Max-Age=0 or a past date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { jar } = mswJar();
    await jar.setCookie('short=1; Path=/; Max-Age=60', `${API}/dev/`);
    await jar.setCookie('dated=1; Path=/; Expires=Tue, 01 Jan 2030 00:02:00 GMT', `${API}/dev/`);
    await jar.setCookie('gone=1; Path=/', `${API}/dev/`);
    await jar.setCookie('gone=; Path=/; Max-Age=0', `${API}/dev/`);
    await jar.setCookie('past=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', `${API}/dev/`);
    expect(pairs(jar.getCookiesSync(`${API}/dev/`)).sort()).toEqual([
      ['dated', '1'],
      ['short', '1'],
    ]);
    vi.setSystemTime(new Date('2030-01-01T00:01:01Z'));
    expect(pairs(jar.getCookiesSync(`${API}/dev/`))).toEqual([['dated', '1']]);
    vi.setSystemTime(new Date('2030-01-01T00:02:01Z'));
    expect(jar.getCookiesSync(`${API}/dev/`)).toEqual([]);
  });

  it('survives MSW’s persistence: toJSON per indexed cookie, then Cookie.fromJSON into a fresh index', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { jar, store } = mswJar();
    await jar.setCookie('session=abc; Path=/dev; Secure; HttpOnly; SameSite=None; Max-Age=60', `${API}/dev/login`);
    await jar.setCookie('theme=dark; Path=/', 'http://localhost:5173/');
    await jar.setCookie('lan=1; Domain=fritz.box; Path=/p; Secure', 'https://my-laptop.fritz.box/p/q');

    // What MSW writes to localStorage…
    const saved: unknown[] = [];
    for (const domain in store.idx)
      for (const path in store.idx[domain])
        for (const key in store.idx[domain][path]) saved.push(store.idx[domain][path][key]!.toJSON());
    const raw = JSON.parse(JSON.stringify(saved)) as Record<string, unknown>[];
    // …and reads back on the next page load.
    const idx: MemoryCookieStoreIndex = {};
    for (const entry of raw) {
      const cookie = Cookie.fromJSON(entry);
      if (cookie?.domain == null || cookie.path == null) continue;
      ((idx[cookie.domain] ||= {})[cookie.path] ||= {})[cookie.key] = cookie;
    }
    const restored = mswJar(idx).jar;
    expect(restored.getCookiesSync(`${API}/dev/items`)).toMatchObject([
      { key: 'session', value: 'abc', secure: true, httpOnly: true, hostOnly: true },
    ]);
    expect(pairs(restored.getCookiesSync('http://localhost:5173/app'))).toEqual([['theme', 'dark']]);
    expect(restored.getCookiesSync('https://nas.fritz.box/p/r')).toMatchObject([
      { key: 'lan', value: '1', domain: 'fritz.box', path: '/p', secure: true, hostOnly: false },
    ]);
    vi.setSystemTime(new Date('2030-01-01T00:01:01Z'));
    expect(restored.getCookiesSync(`${API}/dev/items`)).toEqual([]);
  });

  it('keeps host-only cookies apart on the hosts a workshop uses: localhost, 127.0.0.1 and LAN names', async () => {
    const { jar } = mswJar();
    await jar.setCookie('a=local', 'http://localhost:8787/');
    await jar.setCookie('a=loopback', 'http://127.0.0.1:8787/');
    await jar.setCookie('a=lan; Domain=fritz.box', 'http://my-laptop.fritz.box:8787/');
    await jar.setCookie('b=ip', 'http://192.168.1.20/');
    await jar.setCookie('c=named; Domain=localhost', 'http://localhost:8787/');
    expect(pairs(jar.getCookiesSync('http://localhost:8787/x'))).toEqual([
      ['a', 'local'],
      ['c', 'named'],
    ]);
    expect(pairs(jar.getCookiesSync('http://127.0.0.1:8787/x'))).toEqual([['a', 'loopback']]);
    // A Domain cookie on a LAN name reaches its sibling hosts, as in a browser.
    expect(pairs(jar.getCookiesSync('http://nas.fritz.box/'))).toEqual([['a', 'lan']]);
    expect(pairs(jar.getCookiesSync('http://192.168.1.20/'))).toEqual([['b', 'ip']]);
    expect(jar.getCookiesSync('http://192.168.1.21/')).toEqual([]);
    // Domain=localhost from localhost is host-only (RFC 6265 §5.3 step 5).
    expect(pairs(jar.getCookiesSync('http://app.localhost:8787/x'))).toEqual([]);
  });
});
