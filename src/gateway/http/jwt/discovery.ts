/**
 * Where a JWT authorizer's keys come from.
 *
 * On AWS the authorizer is configured with an issuer only: API Gateway reads the issuer's OpenID
 * discovery document (`{issuer}/.well-known/openid-configuration`), takes its `jwks_uri`, fetches
 * that key set and caches it; a token signed with a key it has not seen makes it fetch the key set
 * again, so an IdP can rotate keys with no change to the API (DG http-api-jwt-authorizer, "the
 * public key that is fetched from the issuer's jwks_uri"; DG rest-api-jwt-authorizer-keys, "How
 * API Gateway finds signing keys" and "Key rotation and caching": keys cached for up to an hour,
 * a key it hasn't seen → the key set is retrieved again).
 *
 * - `staticKeySource` (the page's default): one fixed key set for every issuer, nothing fetched
 *   (the playground's test IdP, PLAYGROUND_JWKS). Issuers must be `https://`.
 * - `discoveryKeySource` (the local gateway, `npm run gateway`): OpenID discovery as above, through
 *   an injected `fetch` (this module stays pure: no network of its own). With `allowLoopbackHttp`
 *   an `http://` issuer on this machine (127.0.0.1, [::1], localhost) is accepted too, so a
 *   local identity provider works; that is the local gateway's documented exception to the
 *   https-only rule (docs/local-gateway.md), never the browser playground's.
 */
import type { Jwk, Jwks } from './jwks';

/** What a host gives the engine to fetch an issuer's documents (GET, the body as text). */
export type JwtFetch = (url: string) => Promise<{ status: number; body: string }>;

export type KeyLookup = { ok: true; jwks: Jwks } | { ok: false; description: string };

export interface JwtKeySource {
  /** Why `issuer` cannot be used with this source (checked when the API is created), or null. */
  issuerProblem(issuer: string): string | null;
  /** The key set to verify a token of `issuer` whose header names `kid`, at `now` (epoch ms, the engine's clock). */
  keysFor(issuer: string, kid: string | undefined, now: number): Promise<KeyLookup>;
}

/** The hosts an `http://` issuer may name on a local gateway. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** AWS caches an issuer's keys for up to an hour (DG rest-api-jwt-authorizer-keys). */
export const KEY_CACHE_MS = 60 * 60_000;

/** An unknown `kid` refetches the key set at most this often per issuer (a flood of forged kids must not become a flood of fetches). */
export const KEY_REFRESH_MIN_MS = 60_000;

/** Bigger documents are refused: an issuer's key set is a few kilobytes. */
const MAX_DOCUMENT_CHARS = 512 * 1024;

const HTTPS_ONLY = 'the issuer must be an https:// URL';

/**
 * The scheme and host of an absolute http(s) URL, or null. A regex, not `URL`: src/gateway has
 * no DOM or Node types. Userinfo (`user@host`) is refused: an issuer never has it.
 */
function schemeAndHost(url: string): { scheme: string; host: string } | null {
  const m = /^(https?):\/\/([^/?#\s]+)(?:[/?#]\S*)?$/i.exec(url);
  if (!m || m[2].includes('@')) return null;
  const authority = m[2].toLowerCase();
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':')[0];
  return host ? { scheme: m[1].toLowerCase(), host } : null;
}

/** Why `url` may not be fetched (or configured) under this rule, or null. */
function urlProblem(url: string, allowLoopbackHttp: boolean): string | null {
  const parsed = schemeAndHost(url);
  if (!parsed) return `${JSON.stringify(url)} is not an absolute http(s) URL`;
  if (parsed.scheme === 'https') return null;
  const loopback = LOOPBACK_HOSTS.has(parsed.host);
  if (loopback && allowLoopbackHttp) return null;
  if (loopback)
    return `${HTTPS_ONLY}; an http:// issuer on this machine (127.0.0.1, ::1, localhost) is accepted only by the local gateway (npm run gateway)`;
  return allowLoopbackHttp ? `${HTTPS_ONLY} (or http:// on 127.0.0.1, ::1 or localhost)` : HTTPS_ONLY;
}

/** One fixed key set for every issuer, nothing fetched: the page's playground IdP. */
export function staticKeySource(jwks: Jwks): JwtKeySource {
  return {
    issuerProblem: (issuer) => urlProblem(issuer, false),
    keysFor: () => Promise.resolve({ ok: true, jwks }),
  };
}

export interface DiscoveryOptions {
  fetch: JwtFetch;
  /** Accept `http://` issuers and key sets on 127.0.0.1, [::1] and localhost (the local gateway only). */
  allowLoopbackHttp?: boolean;
  /** Issuers whose keys are given, not discovered (the playground IdP's PLAYGROUND_JWKS). */
  fixed?: Readonly<Record<string, Jwks>>;
  /** Default KEY_CACHE_MS. */
  cacheMs?: number;
  /** Default KEY_REFRESH_MIN_MS. */
  refreshMinMs?: number;
}

interface IssuerKeys {
  jwks?: Jwks;
  fetchedAt: number;
  /** When the last fetch started (successful or not): the refresh rate limit counts from here. */
  attemptAt: number;
  failure?: string;
  pending?: Promise<void>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields verification reads, kept only when they are strings (the key set is another server's JSON). */
function publicJwk(k: Record<string, unknown>): Jwk {
  const out: Record<string, string> = { kty: typeof k.kty === 'string' ? k.kty : '' };
  for (const name of ['kid', 'use', 'alg', 'n', 'e'] as const) if (typeof k[name] === 'string') out[name] = k[name];
  return out as unknown as Jwk;
}

function hasKid(jwks: Jwks | undefined, kid: string | undefined): boolean {
  return kid !== undefined && !!jwks?.keys.some((k) => k.kid === kid);
}

/**
 * OpenID discovery as API Gateway does it for HTTP API JWT authorizers (see the module comment):
 * the discovery document (OpenID Connect Discovery 1.0 §4: `{issuer}` without a trailing slash +
 * `/.well-known/openid-configuration`, whose `issuer` must equal the configured one, §4.3), then
 * its `jwks_uri` (under the same URL rule as the issuer). Keys are cached per issuer for
 * `cacheMs`; a `kid` not in the cached set refetches, at most once per `refreshMinMs`; concurrent
 * requests share one fetch. A failure is remembered as long as a refresh would be refused.
 */
export function discoveryKeySource(options: DiscoveryOptions): JwtKeySource {
  const allowHttp = options.allowLoopbackHttp ?? false;
  const cacheMs = options.cacheMs ?? KEY_CACHE_MS;
  const refreshMinMs = options.refreshMinMs ?? KEY_REFRESH_MIN_MS;
  const cache = new Map<string, IssuerKeys>();

  async function getJson(url: string, what: string): Promise<Record<string, unknown>> {
    const problem = urlProblem(url, allowHttp);
    if (problem) throw new Error(`the ${what} URL is not allowed: ${problem.replace('the issuer', 'it')}`);
    let answer: { status: number; body: string };
    try {
      answer = await options.fetch(url);
    } catch (e) {
      throw new Error(`the ${what} could not be fetched (${(e as Error).message})`, { cause: e });
    }
    if (answer.status !== 200) throw new Error(`the ${what} answered ${answer.status}`);
    if (answer.body.length > MAX_DOCUMENT_CHARS) throw new Error(`the ${what} is too large`);
    let value: unknown;
    try {
      value = JSON.parse(answer.body);
    } catch (e) {
      throw new Error(`the ${what} is not JSON`, { cause: e });
    }
    if (!isObject(value)) throw new Error(`the ${what} is not a JSON object`);
    return value;
  }

  async function discover(issuer: string): Promise<Jwks> {
    const config = await getJson(
      `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      'OpenID configuration',
    );
    if (config.issuer !== issuer)
      throw new Error('the OpenID configuration names another issuer (it must be identical to the configured one)');
    if (typeof config.jwks_uri !== 'string') throw new Error('the OpenID configuration has no jwks_uri');
    const set = await getJson(config.jwks_uri, 'key set (jwks_uri)');
    if (!Array.isArray(set.keys)) throw new Error('the key set (jwks_uri) has no "keys" list');
    return { keys: set.keys.filter(isObject).map(publicJwk) };
  }

  function load(issuer: string, entry: IssuerKeys, now: number): Promise<void> {
    entry.attemptAt = now;
    entry.pending ??= discover(issuer).then(
      (jwks) => {
        entry.jwks = jwks;
        entry.fetchedAt = now;
        entry.failure = undefined;
        entry.pending = undefined;
      },
      (e: unknown) => {
        entry.failure = `the signing keys could not be fetched: ${(e as Error).message}`;
        entry.pending = undefined;
      },
    );
    return entry.pending;
  }

  return {
    issuerProblem(issuer) {
      return options.fixed?.[issuer] ? null : urlProblem(issuer, allowHttp);
    },
    async keysFor(issuer, kid, now) {
      const fixed = options.fixed?.[issuer];
      if (fixed) return { ok: true, jwks: fixed };
      const problem = urlProblem(issuer, allowHttp);
      if (problem) return { ok: false, description: problem };
      let entry = cache.get(issuer);
      if (!entry) cache.set(issuer, (entry = { fetchedAt: 0, attemptAt: -Infinity }));
      const mayRefresh = now - entry.attemptAt >= refreshMinMs;
      const stale = entry.jwks !== undefined && now - entry.fetchedAt >= cacheMs;
      const missing = entry.jwks === undefined || (kid !== undefined && !hasKid(entry.jwks, kid));
      if (entry.pending) await entry.pending;
      else if (stale || (missing && mayRefresh)) await load(issuer, entry, now);
      // A stale set that could not be refreshed still verifies (best effort, as a cache does).
      if (entry.jwks) return { ok: true, jwks: entry.jwks };
      return { ok: false, description: entry.failure ?? 'the signing keys could not be fetched' };
    },
  };
}
