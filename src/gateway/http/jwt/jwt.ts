/**
 * JWT verification as the HTTP API JWT authorizer does it (DG http-api-jwt-authorizer,
 * docs/aws-behaviour.md §5), token minting for the playground IdP, and decoding for display.
 *
 * Only the audience failure text is documented ("the token does not have a valid audience",
 * DG http-api-troubleshooting-jwt). Every other `description` is the playground's own wording,
 * UNCONFIRMED: such failures carry `unconfirmed: 'http-jwt-error-description'`.
 */

import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../../core/bytes';
import { hmacSha256 } from './hmac';
import { PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER, type Jwks } from './jwks';
import { OTHER_IDP_PRIVATE_JWK, PLAYGROUND_PRIVATE_JWK } from './keys';
import { rsaPrivateKeyFromJwk, rsaPublicKeyFromJwk, rsaSign, rsaVerify } from './rsa';

/** The JOSE header of a JWS (RFC 7515 §4). */
export interface JwtHeader {
  readonly alg?: unknown;
  readonly kid?: unknown;
  readonly typ?: unknown;
  readonly [name: string]: unknown;
}

/** Why a token was rejected; the authorizer answers 401 {"message":"Unauthorized"} for all of them. */
export type JwtFailureReason =
  | 'malformed'
  | 'unsupported-alg'
  | 'unknown-kid'
  | 'invalid-signature'
  | 'invalid-issuer'
  | 'invalid-audience'
  | 'missing-exp'
  | 'expired'
  | 'not-yet-valid';

export type JwtVerifyResult =
  | { ok: true; header: JwtHeader; claims: Record<string, unknown>; scopes: string[] }
  | {
      ok: false;
      reason: JwtFailureReason;
      /** The www-authenticate error_description. */
      description: string;
      /** A known-differences id when the description (or the check itself) is the playground's choice. */
      unconfirmed?: string;
    };

export interface VerifyJwtOptions {
  readonly jwks: Jwks;
  /** The authorizer's configured issuer; `iss` must equal it exactly. */
  readonly issuer: string;
  /** The authorizer's configured audience list. */
  readonly audience: readonly string[];
  /** Epoch milliseconds from the virtual Clock. */
  readonly now: number;
  /** Leeway for exp/nbf/iat. AWS documents none, so the default is 0 (UNCONFIRMED: 'http-jwt-clock-skew'). */
  readonly clockSkewSeconds?: number;
}

/** The documented description (DG http-api-troubleshooting-jwt). */
const AUDIENCE_DESCRIPTION = 'the token does not have a valid audience';
const UNCONFIRMED_DESCRIPTION = 'http-jwt-error-description';

function fail(reason: JwtFailureReason, description: string, unconfirmed = UNCONFIRMED_DESCRIPTION): JwtVerifyResult {
  return { ok: false, reason, description, unconfirmed };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJsonPart(part: string): Record<string, unknown> | null {
  const bytes = base64urlDecode(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(utf8Decode(bytes));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Token text that ends up in a description (the alg name) is untrusted: keep it short and free
 * of quotes so it cannot break out of the www-authenticate quoted-string.
 */
function safeToken(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  const clean = s.replace(/[^A-Za-z0-9_.-]/g, '');
  return clean.length > 16 ? clean.slice(0, 16) + '…' : clean || '(empty)';
}

/** A token's scopes: `scope` (space separated) and/or `scp` (array or string) (DG http-api-jwt-authorizer). */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') out.push(...v.split(' ').filter((s) => s !== ''));
    else if (Array.isArray(v)) for (const s of v) if (typeof s === 'string' && s !== '') out.push(s);
  };
  add(claims.scope);
  add(claims.scp);
  return [...new Set(out)];
}

function numericDate(claims: Record<string, unknown>, name: string): number | undefined | null {
  const v = claims[name];
  if (v === undefined) return undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Verifies a JWT as the HTTP API JWT authorizer does (DG http-api-jwt-authorizer, "Authorizing
 * API requests with a JWT authorizer"): decode; check the algorithm (RSA) and the signature with
 * the key whose `kid` matches; then `iss` equals the issuer, `aud` (or `client_id` only when
 * there is no `aud`) matches one audience entry, `exp` is after now, `nbf` and `iat` are before
 * it. Scopes come from `scope`/`scp`; matching them to a route's authorizationScopes is the
 * caller's job. Pass the bare token: stripping the optional `Bearer ` prefix is the caller's too.
 */
export function verifyJwt(token: string, opts: VerifyJwtOptions): JwtVerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return fail('malformed', 'the token is malformed');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = parseJsonPart(headerPart);
  const claims = parseJsonPart(payloadPart);
  const signature = base64urlDecode(signaturePart);
  if (!header || !claims || !signature) return fail('malformed', 'the token is malformed');

  // RS256 only: `none` and HMAC must never be accepted (RFC 8725 §2.1, §3.1). AWS says "RSA-based
  // algorithms"; RS384/RS512/PS* are not implemented here (UNCONFIRMED: 'http-jwt-rs256-only').
  if (header.alg !== 'RS256') {
    return fail(
      'unsupported-alg',
      `the signing algorithm ${safeToken(header.alg)} is not supported`,
      header.alg === 'none' || header.alg === 'HS256' ? UNCONFIRMED_DESCRIPTION : 'http-jwt-rs256-only',
    );
  }

  if (typeof header.kid !== 'string') return fail('unknown-kid', 'the token has no kid header');
  const jwk = opts.jwks.keys.find(
    (k) => k.kid === header.kid && k.kty === 'RSA' && (k.use === undefined || k.use === 'sig'),
  );
  const key = jwk && jwk.n !== undefined && jwk.e !== undefined ? rsaPublicKeyFromJwk({ n: jwk.n, e: jwk.e }) : null;
  if (!key) return fail('unknown-kid', 'signing key not found');

  // JWS signing input is the ASCII of "header.payload" as sent (RFC 7515 §5.2 step 8).
  if (!rsaVerify(key.n, key.e, signature, utf8Encode(`${headerPart}.${payloadPart}`))) {
    return fail('invalid-signature', 'the token signature is invalid');
  }

  if (claims.iss !== opts.issuer) return fail('invalid-issuer', 'the token does not have a valid issuer');

  // "API Gateway validates client_id only if aud is not present" (DG http-api-troubleshooting-jwt).
  const candidates =
    claims.aud !== undefined
      ? (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter((a) => typeof a === 'string')
      : typeof claims.client_id === 'string'
        ? [claims.client_id]
        : [];
  if (!candidates.some((a) => opts.audience.includes(a))) {
    return { ok: false, reason: 'invalid-audience', description: AUDIENCE_DESCRIPTION };
  }

  const exp = numericDate(claims, 'exp');
  const nbf = numericDate(claims, 'nbf');
  const iat = numericDate(claims, 'iat');
  if (exp === null || nbf === null || iat === null) return fail('malformed', 'the token is malformed');
  const skew = opts.clockSkewSeconds ?? 0;
  const nowSeconds = opts.now / 1000;
  // The DG lists exp as a check without saying it may be absent; the playground requires it.
  if (exp === undefined) return fail('missing-exp', 'the token has no expiration', 'http-jwt-exp-required');
  // RFC 7519 §4.1.4: the current time MUST be before exp.
  if (nowSeconds >= exp + skew) return fail('expired', 'the token has expired');
  if (nbf !== undefined && nowSeconds + skew < nbf) return fail('not-yet-valid', 'the token is not valid yet');
  if (iat !== undefined && nowSeconds + skew < iat) {
    return fail('not-yet-valid', 'the token was issued in the future');
  }

  return { ok: true, header, claims, scopes: scopesOf(claims) };
}

/**
 * The www-authenticate value of a JWT authorizer 401 (DG http-api-troubleshooting-jwt):
 * `Bearer scope="" error="invalid_token" error_description="…"`.
 */
export function jwtWwwAuthenticate(description: string, scope = ''): string {
  const q = (s: string) => s.replace(/["\\\r\n]/g, '');
  return `Bearer scope="${q(scope)}" error="invalid_token" error_description="${q(description)}"`;
}

export interface MintTestTokenOptions {
  /** The header kid; defaults to the signing key's kid; null omits it. */
  readonly kid?: string | null;
  /** 'playground' (trusted, default) or 'other' (a second IdP whose key is not in PLAYGROUND_JWKS). */
  readonly key?: 'playground' | 'other';
  /** Lifetime for the default exp; default 3600. */
  readonly expiresInSeconds?: number;
  /** Epoch milliseconds from the virtual Clock. */
  readonly now: number;
  /**
   * The header alg; default RS256. 'none' gets an empty signature and 'HS256' an HMAC with a
   * made-up secret, so the rejections are real tokens. Any other value is signed with RS256 anyway
   * (the authorizer rejects the alg before looking at the signature).
   */
  readonly alg?: string;
}

/** The made-up HS256 secret; it only exists so an HS256 token looks like one. */
const HS256_DEMO_SECRET = 'playground-hs256-secret';

/**
 * Mints a token from the playground IdP. Defaults: iss PLAYGROUND_ISSUER, aud PLAYGROUND_AUDIENCE,
 * sub 'learner', scope 'openid', iat now, exp now + expiresInSeconds. `claims` override them; a
 * claim set to undefined is left out (JSON.stringify drops it), e.g. `{ aud: undefined, client_id: 'x' }`.
 * RS256 is deterministic, so the same inputs give the same token (replays match).
 */
export function mintTestToken(claims: Record<string, unknown>, opts: MintTestTokenOptions): string {
  const iat = Math.floor(opts.now / 1000);
  const payload = {
    iss: PLAYGROUND_ISSUER,
    sub: 'learner',
    aud: PLAYGROUND_AUDIENCE,
    scope: 'openid',
    iat,
    exp: iat + (opts.expiresInSeconds ?? 3600),
    ...claims,
  };
  const jwk = opts.key === 'other' ? OTHER_IDP_PRIVATE_JWK : PLAYGROUND_PRIVATE_JWK;
  const alg = opts.alg ?? 'RS256';
  const kid = opts.kid === undefined ? jwk.kid : opts.kid;
  const header = kid === null ? { alg, typ: 'JWT' } : { alg, typ: 'JWT', kid };
  const part = (v: unknown) => base64urlEncode(utf8Encode(JSON.stringify(v)));
  const input = `${part(header)}.${part(payload)}`;
  let signature: Uint8Array;
  if (alg === 'none') signature = new Uint8Array(0);
  else if (alg === 'HS256') signature = hmacSha256(utf8Encode(HS256_DEMO_SECRET), utf8Encode(input));
  else signature = rsaSign(rsaPrivateKeyFromJwk(jwk), utf8Encode(input));
  return `${input}.${base64urlEncode(signature)}`;
}

export type DecodedJwt = { header: JwtHeader; claims: Record<string, unknown>; signature: string };

/** Header and claims WITHOUT verifying, for display (like jwt.io); null if the token is not three JSON parts. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = parseJsonPart(parts[0]);
  const claims = parseJsonPart(parts[1]);
  return header && claims ? { header, claims, signature: parts[2] } : null;
}
