/**
 * A small stand-in for `tough-cookie`, aliased in vite.config.ts.
 *
 * MSW 3 keeps a cookie jar for mocked `Set-Cookie` responses and uses only a sliver of
 * tough-cookie (`Cookie.fromJSON`/`toJSON`, `CookieJar#setCookie/getCookiesSync`,
 * `MemoryCookieStore#idx`), and http.ts keeps a jar for execute-api hosts (`setCookieSync` with
 * `ignoreError`, `getCookiesSync`). The real package measured +6.9 KB gzip of first load even with
 * its public-suffix list stubbed out (it was ~110 KB of ~160 with the list). This jar keeps the
 * same contract for those calls (cookie-jar.test.ts runs against whichever `tough-cookie` the build
 * resolves): domain and path matching, expiry, and refusal of a `Domain` that is another host's or
 * a public suffix (public-suffix.ts), with tough-cookie's errors.
 */

import { getDomain } from './public-suffix';

export interface CookieJSON {
  key: string;
  value: string;
  domain?: string | null;
  path?: string | null;
  expires?: string | null;
  hostOnly?: boolean;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: string;
}

export class Cookie {
  key = '';
  value = '';
  domain: string | null = null;
  path: string | null = null;
  expires: Date | 'Infinity' = 'Infinity';
  hostOnly = true;
  secure = false;
  httpOnly = false;
  sameSite = 'none';

  constructor(init: Partial<CookieJSON> = {}) {
    if (init.key !== undefined) this.key = init.key;
    if (init.value !== undefined) this.value = init.value;
    if (init.domain !== undefined) this.domain = init.domain;
    if (init.path !== undefined) this.path = init.path;
    if (init.expires && init.expires !== 'Infinity') this.expires = new Date(init.expires);
    if (init.hostOnly !== undefined) this.hostOnly = init.hostOnly;
    if (init.secure !== undefined) this.secure = init.secure;
    if (init.httpOnly !== undefined) this.httpOnly = init.httpOnly;
    if (init.sameSite !== undefined) this.sameSite = init.sameSite;
  }

  static fromJSON(raw: unknown): Cookie | null {
    let data: unknown = raw;
    if (typeof raw === 'string') {
      try {
        data = JSON.parse(raw);
      } catch {
        return null;
      }
    }
    if (!data || typeof data !== 'object' || typeof (data as CookieJSON).key !== 'string') return null;
    return new Cookie(data as CookieJSON);
  }

  /** Parses one `Set-Cookie` header value (RFC 6265 §5.2, leniently). */
  static parse(header: string): Cookie | null {
    const [pair, ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0) return null;
    const cookie = new Cookie({ key: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() });
    if (!cookie.key) return null;
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      const name = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const value = i < 0 ? '' : attr.slice(i + 1).trim();
      if (name === 'domain' && value) {
        cookie.domain = value.replace(/^\./, '').toLowerCase();
        cookie.hostOnly = false;
      } else if (name === 'path' && value.startsWith('/')) cookie.path = value;
      else if (name === 'expires') {
        const d = new Date(value);
        if (!Number.isNaN(d.getTime())) cookie.expires = d;
      } else if (name === 'max-age' && /^-?\d+$/.test(value)) {
        cookie.expires = new Date(Date.now() + Number(value) * 1000);
      } else if (name === 'secure') cookie.secure = true;
      else if (name === 'httponly') cookie.httpOnly = true;
      else if (name === 'samesite') cookie.sameSite = value.toLowerCase();
    }
    return cookie;
  }

  expired(now = Date.now()): boolean {
    return this.expires !== 'Infinity' && this.expires.getTime() <= now;
  }

  toJSON(): CookieJSON {
    return {
      key: this.key,
      value: this.value,
      domain: this.domain,
      path: this.path,
      expires: this.expires === 'Infinity' ? 'Infinity' : this.expires.toISOString(),
      hostOnly: this.hostOnly,
      secure: this.secure,
      httpOnly: this.httpOnly,
      sameSite: this.sameSite,
    };
  }
}

/** Cookies indexed as tough-cookie's memory store does: `idx[domain][path][key]`. */
export class MemoryCookieStore {
  idx: Record<string, Record<string, Record<string, Cookie>>> = {};
}

function defaultPath(pathname: string): string {
  const i = pathname.lastIndexOf('/');
  return i <= 0 ? '/' : pathname.slice(0, i);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-f:.]*:[0-9a-f:.]*\]?)$/i;

/** tough-cookie's `SetCookieOptions`, of which only `ignoreError` matters here. */
export interface SetCookieOptions {
  /** Answer undefined for a refused cookie instead of rejecting (throwing, for the sync call). */
  ignoreError?: boolean;
}

export class CookieJar {
  readonly #store: MemoryCookieStore;

  constructor(store: MemoryCookieStore = new MemoryCookieStore()) {
    this.#store = store;
  }

  async setCookie(
    cookieOrHeader: string | Cookie,
    url: string,
    options?: SetCookieOptions,
  ): Promise<Cookie | undefined> {
    return this.setCookieSync(cookieOrHeader, url, options);
  }

  setCookieSync(cookieOrHeader: string | Cookie, url: string, options: SetCookieOptions = {}): Cookie | undefined {
    const cookie = typeof cookieOrHeader === 'string' ? Cookie.parse(cookieOrHeader) : cookieOrHeader;
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const refusal = !cookie
      ? 'Cookie failed to parse'
      : cookie.domain && !cookie.hostOnly
        ? domainRefusal(cookie.domain, host)
        : undefined;
    if (refusal !== undefined || !cookie) {
      if (options.ignoreError) return undefined;
      throw new Error(refusal);
    }
    if (!cookie.domain || cookie.hostOnly || (cookie.domain === host && getDomain(host) === null)) {
      cookie.domain = host;
      cookie.hostOnly = true;
    }
    cookie.path ??= defaultPath(u.pathname);
    const byPath = (this.#store.idx[cookie.domain] ??= {});
    const byKey = (byPath[cookie.path] ??= {});
    if (cookie.expired()) delete byKey[cookie.key];
    else byKey[cookie.key] = cookie;
    return cookie;
  }

  getCookiesSync(url: string): Cookie[] {
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const secure = u.protocol === 'https:' || u.protocol === 'wss:';
    const found: Cookie[] = [];
    for (const [domain, byPath] of Object.entries(this.#store.idx)) {
      for (const byKey of Object.values(byPath)) {
        for (const cookie of Object.values(byKey)) {
          const domainOk = cookie.hostOnly ? host === domain : host === domain || host.endsWith(`.${domain}`);
          if (!domainOk || !pathMatches(u.pathname, cookie.path ?? '/')) continue;
          if (cookie.secure && !secure) continue;
          if (cookie.expired()) continue;
          found.push(cookie);
        }
      }
    }
    // Longer paths first, as RFC 6265 §5.4 orders the Cookie header.
    return found.sort((a, b) => (b.path ?? '').length - (a.path ?? '').length);
  }

  async getCookies(url: string): Promise<Cookie[]> {
    return this.getCookiesSync(url);
  }
}

/**
 * Why a `Domain` attribute is refused for a response from `host` (RFC 6265 §5.3 steps 5-6), in
 * tough-cookie's words. A public suffix is refused unless it is the host itself (then the cookie
 * is host-only, step 5: `Domain=localhost` from localhost).
 */
function domainRefusal(domain: string, host: string): string | undefined {
  if (getDomain(domain) === null && !IP.test(domain) && domain !== host)
    return 'Cookie has domain set to a public suffix';
  // A cookie may only be set for the request's host or one of its parent domains.
  if (host !== domain && !host.endsWith(`.${domain}`))
    return `Cookie not in this host's domain. Cookie:${domain} Request:${host}`;
  return undefined;
}
