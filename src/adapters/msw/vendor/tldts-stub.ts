/**
 * A small stand-in for `tldts`, aliased in vite.config.ts so that the real `tough-cookie` (MSW's
 * cookie jar, and the jar `http.ts` keeps for execute-api hosts) does not pull in the whole
 * public-suffix list (~147 KB of source), which would otherwise be most of MSW's share of the
 * page's first load.
 *
 * tough-cookie 6 calls exactly one function of tldts: `getDomain(domain, { allowIcannDomains,
 * allowPrivateDomains })`, from its `getPublicSuffix` (which, despite its name, wants the
 * registrable domain: the public suffix plus one label, or null when the name is itself a public
 * suffix or an IP address). It uses the answer to refuse a cookie whose `Domain` is a public suffix
 * (RFC 6265 §5.3 step 5) and to list the parent domains whose cookies a request may receive.
 * tough-cookie answers special-use names itself (`localhost`, `*.local`, `*.test`, …) before it
 * asks, and lets IP addresses through without asking.
 *
 * What this stub knows of the Public Suffix List (publicsuffix.org):
 * - `execute-api.{region}.amazonaws.com` and `execute-api.{region}.amazonaws.com.cn` are public
 *   suffixes, for every region: each API is its own site. The list names these region by region
 *   (and lags new regions); the stub covers them all.
 * - Every other name under `amazonaws.com` / `amazonaws.com.cn`, those two included, is public
 *   too. Stricter than the list (which makes `amazonaws.com` registrable), and what Chromium does
 *   for the only hosts the page requests there: Chromium keeps a cookie only if its `Domain` lies
 *   within the request host's registrable domain, which for an execute-api host is the host
 *   itself, whereas tough-cookie only refuses public suffixes. So an API cannot set a cookie that
 *   would reach the other APIs of its region or account.
 * - For every other name, the list's own default rule `*`: the last label is the public suffix
 *   (`fritz.box`, `workshop.lan` and `example.com` are registrable; `localhost`, `lan` are not).
 *
 * Why that is enough (and safe): these jars only ever hold cookies for the page's own mocked
 * requests to `https://{apiId}.execute-api.{region}.amazonaws.com` (fake mode; in real mode the
 * browser's own jar handles real responses), plus, for MSW's jar, the hosts a test mocks
 * (localhost, 127.0.0.1, LAN hosts). For those hosts the stub answers as the full list does
 * (stricter only under amazonaws.com, as above); it is more permissive than the list only for
 * multi-label suffixes it does not know (`co.uk`, `github.io`), which no mocked request reaches.
 * And these cookies never leave the page: they simulate the browser's jar, they are not in it.
 * `tldts-stub.test.ts` compares the stub's answers with the real tldts on those hosts.
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
