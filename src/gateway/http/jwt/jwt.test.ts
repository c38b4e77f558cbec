import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlEncode, utf8Encode } from '../../core/bytes';
import { OTHER_IDP_KID, PLAYGROUND_AUDIENCE, PLAYGROUND_ISSUER, PLAYGROUND_JWKS, PLAYGROUND_KID } from './jwks';
import { decodeJwt, jwtWwwAuthenticate, mintTestToken, verifyJwt, type JwtVerifyResult } from './jwt';
import { PLAYGROUND_PRIVATE_JWK } from './keys';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const OPTS = { jwks: PLAYGROUND_JWKS, issuer: PLAYGROUND_ISSUER, audience: [PLAYGROUND_AUDIENCE], now: NOW };

const b64json = (v: unknown) => base64urlEncode(utf8Encode(JSON.stringify(v)));

/** A token signed by node:crypto (OpenSSL), not by our code. */
function nodeToken(header: object, claims: object): string {
  const input = `${b64json(header)}.${b64json(claims)}`;
  const key = createPrivateKey({ key: { ...PLAYGROUND_PRIVATE_JWK }, format: 'jwk' });
  return `${input}.${nodeSign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function failure(r: JwtVerifyResult) {
  expect(r.ok).toBe(false);
  return r.ok ? { reason: 'ok', description: '' } : r;
}

describe('verifyJwt (DG http-api-jwt-authorizer)', () => {
  it('accepts a token signed by node:crypto with the playground key and returns header, claims and scopes', () => {
    const iat = NOW / 1000;
    const token = nodeToken(
      { alg: 'RS256', kid: PLAYGROUND_KID, typ: 'JWT' },
      { iss: PLAYGROUND_ISSUER, aud: PLAYGROUND_AUDIENCE, sub: 'alice', scope: 'read write', iat, exp: iat + 60 },
    );
    const r = verifyJwt(token, OPTS);
    expect(r).toMatchObject({ ok: true, header: { kid: PLAYGROUND_KID }, claims: { sub: 'alice' } });
    expect(r.ok && r.scopes).toEqual(['read', 'write']);
  });

  it('accepts a minted token with the default claims', () => {
    const r = verifyJwt(mintTestToken({}, { now: NOW }), OPTS);
    expect(r.ok).toBe(true);
    expect(r.ok && r.claims).toMatchObject({ iss: PLAYGROUND_ISSUER, aud: PLAYGROUND_AUDIENCE, sub: 'learner' });
  });

  it('rejects an expired token: exp must be after the current time', () => {
    const token = mintTestToken({}, { now: NOW, expiresInSeconds: 60 });
    expect(verifyJwt(token, { ...OPTS, now: NOW + 59_999 }).ok).toBe(true);
    expect(failure(verifyJwt(token, { ...OPTS, now: NOW + 60_000 }))).toMatchObject({
      reason: 'expired',
      description: 'the token has expired',
      unconfirmed: 'http-jwt-error-description',
    });
  });

  it('rejects a token whose nbf is in the future: nbf must be before the current time', () => {
    const token = mintTestToken({ nbf: NOW / 1000 + 30 }, { now: NOW });
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({ reason: 'not-yet-valid' });
    expect(verifyJwt(token, { ...OPTS, now: NOW + 30_000 }).ok).toBe(true);
  });

  it('rejects a token whose iat is in the future: iat must be before the current time', () => {
    const token = mintTestToken({}, { now: NOW + 10_000 });
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({
      reason: 'not-yet-valid',
      description: 'the token was issued in the future',
    });
  });

  it('applies clockSkewSeconds to exp, nbf and iat', () => {
    const token = mintTestToken({ nbf: NOW / 1000 + 5 }, { now: NOW + 5_000, expiresInSeconds: 10 });
    expect(verifyJwt(token, OPTS).ok).toBe(false);
    expect(verifyJwt(token, { ...OPTS, clockSkewSeconds: 5 }).ok).toBe(true);
    expect(verifyJwt(token, { ...OPTS, now: NOW + 19_000, clockSkewSeconds: 5 }).ok).toBe(true);
    expect(verifyJwt(token, { ...OPTS, now: NOW + 20_000, clockSkewSeconds: 5 }).ok).toBe(false);
  });

  it('rejects a token without exp (a playground choice)', () => {
    const token = mintTestToken({ exp: undefined }, { now: NOW });
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({
      reason: 'missing-exp',
      unconfirmed: 'http-jwt-exp-required',
    });
  });

  it('rejects a non-numeric exp as malformed', () => {
    const token = mintTestToken({ exp: 'tomorrow' }, { now: NOW });
    expect(failure(verifyJwt(token, OPTS)).reason).toBe('malformed');
  });

  it('rejects a token whose iss is not exactly the configured issuer', () => {
    for (const iss of ['https://auth.playground.example', 'https://evil.example/', undefined]) {
      const token = mintTestToken({ iss }, { now: NOW });
      expect(failure(verifyJwt(token, OPTS))).toMatchObject({
        reason: 'invalid-issuer',
        description: 'the token does not have a valid issuer',
      });
    }
  });

  it('rejects a wrong aud with the documented description (DG http-api-troubleshooting-jwt)', () => {
    const r = failure(verifyJwt(mintTestToken({ aud: 'someone-else' }, { now: NOW }), OPTS));
    expect(r).toEqual({
      ok: false,
      reason: 'invalid-audience',
      description: 'the token does not have a valid audience',
    });
  });

  it('accepts an aud array that contains one configured audience entry', () => {
    const token = mintTestToken({ aud: ['other', PLAYGROUND_AUDIENCE] }, { now: NOW });
    expect(verifyJwt(token, OPTS).ok).toBe(true);
  });

  it('validates client_id only when aud is absent (DG http-api-troubleshooting-jwt)', () => {
    const clientOnly = mintTestToken({ aud: undefined, client_id: PLAYGROUND_AUDIENCE }, { now: NOW });
    expect(verifyJwt(clientOnly, OPTS).ok).toBe(true);
    const both = mintTestToken({ aud: 'someone-else', client_id: PLAYGROUND_AUDIENCE }, { now: NOW });
    expect(failure(verifyJwt(both, OPTS)).reason).toBe('invalid-audience');
    const neither = mintTestToken({ aud: undefined }, { now: NOW });
    expect(failure(verifyJwt(neither, OPTS)).reason).toBe('invalid-audience');
  });

  it('rejects a token whose kid is not in the JWKS (signed by another IdP)', () => {
    const token = mintTestToken({}, { now: NOW, key: 'other' });
    expect(decodeJwt(token)?.header.kid).toBe(OTHER_IDP_KID);
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({
      reason: 'unknown-kid',
      description: 'signing key not found',
    });
  });

  it('rejects a token without a kid header', () => {
    const token = mintTestToken({}, { now: NOW, kid: null });
    expect(failure(verifyJwt(token, OPTS)).reason).toBe('unknown-kid');
  });

  it("rejects another IdP's signature presented under the playground kid", () => {
    const token = mintTestToken({}, { now: NOW, key: 'other', kid: PLAYGROUND_KID });
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({
      reason: 'invalid-signature',
      description: 'the token signature is invalid',
    });
  });

  it('rejects a token whose payload was altered after signing', () => {
    const [h, , s] = mintTestToken({ sub: 'alice' }, { now: NOW }).split('.');
    const forged = b64json({ ...decodeJwt(mintTestToken({}, { now: NOW }))!.claims, sub: 'admin' });
    expect(failure(verifyJwt(`${h}.${forged}.${s}`, OPTS)).reason).toBe('invalid-signature');
  });

  it('rejects alg none, even with the right kid and an empty signature (only RSA is supported)', () => {
    const token = mintTestToken({}, { now: NOW, alg: 'none' });
    expect(token.endsWith('.')).toBe(true);
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({
      reason: 'unsupported-alg',
      description: 'the signing algorithm none is not supported',
    });
  });

  it('rejects HS256 (only RSA is supported)', () => {
    const token = mintTestToken({}, { now: NOW, alg: 'HS256' });
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({ reason: 'unsupported-alg' });
  });

  it('rejects other RSA algorithms as a labelled playground limitation', () => {
    const token = mintTestToken({}, { now: NOW, alg: 'RS512' });
    expect(failure(verifyJwt(token, OPTS))).toMatchObject({
      reason: 'unsupported-alg',
      unconfirmed: 'http-jwt-rs256-only',
    });
  });

  it('keeps an untrusted alg value out of the description quoting', () => {
    const token = `${b64json({ alg: 'x" error="spoof', kid: PLAYGROUND_KID })}.${b64json({})}.`;
    const r = failure(verifyJwt(token, OPTS));
    expect(r.description).not.toContain('"');
  });

  it('rejects malformed tokens: wrong part count, bad base64url, non-JSON, non-object JSON', () => {
    const good = mintTestToken({}, { now: NOW }).split('.');
    const cases = [
      '',
      'abc',
      `${good[0]}.${good[1]}`,
      `${good.join('.')}.extra`,
      `${good[0]}.${good[1]}.${good[2]}=`,
      `${good[0]}.${good[1]}!.${good[2]}`,
      `${base64urlEncode(utf8Encode('{not json'))}.${good[1]}.${good[2]}`,
      `${good[0]}.${b64json(['array'])}.${good[2]}`,
    ];
    for (const token of cases) {
      expect(failure(verifyJwt(token, OPTS)), token).toMatchObject({
        reason: 'malformed',
        description: 'the token is malformed',
      });
    }
  });

  it('reads scopes from a space-separated scope claim', () => {
    const r = verifyJwt(mintTestToken({ scope: 'orders/read  orders/write' }, { now: NOW }), OPTS);
    expect(r.ok && r.scopes).toEqual(['orders/read', 'orders/write']);
  });

  it('reads scopes from an scp array or an scp string', () => {
    const arr = verifyJwt(mintTestToken({ scope: undefined, scp: ['a', 'b'] }, { now: NOW }), OPTS);
    expect(arr.ok && arr.scopes).toEqual(['a', 'b']);
    const str = verifyJwt(mintTestToken({ scope: undefined, scp: 'c d' }, { now: NOW }), OPTS);
    expect(str.ok && str.scopes).toEqual(['c', 'd']);
    const none = verifyJwt(mintTestToken({ scope: undefined }, { now: NOW }), OPTS);
    expect(none.ok && none.scopes).toEqual([]);
  });
});

describe('mintTestToken', () => {
  it('fills sensible defaults and lets claims override them', () => {
    const d = decodeJwt(mintTestToken({ sub: 'bob', custom: 1 }, { now: NOW + 999, expiresInSeconds: 300 }))!;
    expect(d.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: PLAYGROUND_KID });
    expect(d.claims).toEqual({
      iss: PLAYGROUND_ISSUER,
      sub: 'bob',
      aud: PLAYGROUND_AUDIENCE,
      scope: 'openid',
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
      custom: 1,
    });
  });

  it('is deterministic, so replays mint identical tokens', () => {
    expect(mintTestToken({}, { now: NOW })).toBe(mintTestToken({}, { now: NOW }));
  });
});

describe('decodeJwt', () => {
  it('returns header and claims without verifying, and null for a non-JWT', () => {
    const token = mintTestToken({}, { now: NOW, key: 'other' });
    expect(decodeJwt(token)).toMatchObject({ header: { kid: OTHER_IDP_KID }, claims: { sub: 'learner' } });
    expect(decodeJwt('not.a.jwt')).toBeNull();
  });
});

describe('jwtWwwAuthenticate', () => {
  it('formats the header value of a JWT authorizer 401 (DG http-api-troubleshooting-jwt)', () => {
    expect(jwtWwwAuthenticate('the token does not have a valid audience')).toBe(
      'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
    );
  });
});
