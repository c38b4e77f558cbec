import { describe, expect, it } from 'vitest';
import { Cookie, CookieJar, MemoryCookieStore } from './tough-cookie-lite';

describe('the tough-cookie stand-in used by MSW', () => {
  it('returns a cookie set by a response on later requests to the same host and path', async () => {
    const jar = new CookieJar(new MemoryCookieStore());
    await jar.setCookie('session=abc; Path=/dev', 'https://x1.execute-api.us-east-1.amazonaws.com/dev/login');
    const got = jar.getCookiesSync('https://x1.execute-api.us-east-1.amazonaws.com/dev/items');
    expect(got.map((c) => [c.key, c.value])).toEqual([['session', 'abc']]);
    expect(jar.getCookiesSync('https://x1.execute-api.us-east-1.amazonaws.com/prod/items')).toEqual([]);
    expect(jar.getCookiesSync('https://other.example/dev/items')).toEqual([]);
  });

  it('drops a cookie whose Max-Age is zero, and ignores one for a foreign domain', async () => {
    const jar = new CookieJar();
    await jar.setCookie('a=1', 'https://h.example/');
    await jar.setCookie('a=; Max-Age=0', 'https://h.example/');
    await jar.setCookie('b=2; Domain=evil.example', 'https://h.example/');
    expect(jar.getCookiesSync('https://h.example/')).toEqual([]);
  });

  it('round-trips through JSON as MSW persists it', () => {
    const c = Cookie.parse('k=v; Domain=example.com; Path=/p; Secure')!;
    const back = Cookie.fromJSON(JSON.parse(JSON.stringify(c.toJSON())))!;
    expect([back.key, back.value, back.domain, back.path, back.secure]).toEqual(['k', 'v', 'example.com', '/p', true]);
  });
});
