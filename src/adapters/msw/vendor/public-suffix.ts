/**
 * The page's public-suffix rule for its cookie jars (tough-cookie-lite.ts), small instead of the
 * Public Suffix List (~147 KB of source in `tldts`).
 *
 * A jar uses it to refuse a cookie whose `Domain` is a public suffix (RFC 6265 §5.3 step 5): with
 * `Domain=execute-api.us-east-1.amazonaws.com` one API could otherwise set a cookie for every API
 * in its region. `getDomain` has tldts's name and meaning (the registrable domain: the public
 * suffix plus one label, or null when the name is itself a public suffix or an IP address), which
 * is the one function the real tough-cookie 6 calls from tldts: aliasing `tldts` to this file lets
 * the real jar run without the list (measured: +6.9 KB gzip of first load over the lite jar, so
 * the lite one is used; see vite.config.ts).
 *
 * What this rule knows of the Public Suffix List (publicsuffix.org):
 * - `execute-api.{region}.amazonaws.com` and `execute-api.{region}.amazonaws.com.cn` are public
 *   suffixes, for every region: each API is its own site. The list names these region by region
 *   (and lags new regions); this covers them all.
 * - Every other name under `amazonaws.com` / `amazonaws.com.cn`, those two included, is public
 *   too. Stricter than the list (which makes `amazonaws.com` registrable), and what Chromium does
 *   for the only hosts the page requests there: Chromium keeps a cookie only if its `Domain` lies
 *   within the request host's registrable domain, which for an execute-api host is the host
 *   itself, whereas a jar only refuses public suffixes. So an API cannot set a cookie that
 *   would reach the other APIs of its region or account.
 * - For every other name, the list's own default rule `*`: the last label is the public suffix
 *   (`fritz.box`, `workshop.lan` and `example.com` are registrable; `localhost`, `lan` are not).
 *
 * Why that is enough (and safe): these jars only ever hold cookies for the page's own mocked
 * requests to `https://{apiId}.execute-api.{region}.amazonaws.com` (fake mode; in real mode the
 * browser's own jar handles real responses), plus, for MSW's jar, the hosts a test mocks
 * (localhost, 127.0.0.1, LAN hosts). For those hosts this answers as the full list does
 * (stricter only under amazonaws.com, as above); it is more permissive than the list only for
 * multi-label suffixes it does not know (`co.uk`, `github.io`), which no mocked request reaches.
 * And these cookies never leave the page: they simulate the browser's jar, they are not in it.
 * `public-suffix.test.ts` compares its answers with the real tldts on those hosts.
 */

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const EXECUTE_API_SUFFIX = /(?:^|\.)(execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?)$/;
const AMAZONAWS = /(?:^|\.)amazonaws\.com(?:\.cn)?$/;

/** The public suffix of `host`, or the whole host when no registrable name is left in it. */
function publicSuffix(host: string): string {
  const api = EXECUTE_API_SUFFIX.exec(host);
  if (api) return api[1];
  if (AMAZONAWS.test(host)) return host;
  return host.slice(host.lastIndexOf('.') + 1);
}

/**
 * The registrable domain of `hostname` (its public suffix plus one label), or null when the name
 * is itself a public suffix, an IP address or empty. Options are accepted for tldts's signature
 * and ignored: tough-cookie always asks for ICANN and private domains together.
 */
export function getDomain(hostname: string, _options?: object): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (!host || host.includes(':') || host.startsWith('[') || IPV4.test(host)) return null;
  const suffix = publicSuffix(host);
  if (host === suffix) return null;
  const rest = host.slice(0, -(suffix.length + 1));
  return `${rest.slice(rest.lastIndexOf('.') + 1)}.${suffix}`;
}
