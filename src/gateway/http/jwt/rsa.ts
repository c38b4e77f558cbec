/**
 * RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2), the JWS "RS256" algorithm (RFC 7518 §3.3), on
 * BigInt. The HTTP API JWT authorizer only supports RSA keys (DG http-api-jwt-authorizer), and
 * `crypto.subtle` is absent on plain-http origins, hence this. It is not constant-time: it signs
 * and verifies playground tokens whose private keys are public anyway; correctness is what matters.
 */

import { base64urlDecode } from '../../core/bytes';
import { bigIntToBytes, bytesToBigInt, concatBytes } from './bytes';
import { sha256 } from './sha256';

export interface RsaPublicKey {
  readonly n: bigint;
  readonly e: bigint;
}

/** A private key with its CRT parameters (RFC 8017 §3.2, second representation). */
export interface RsaPrivateKey extends RsaPublicKey {
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qi: bigint;
}

// RFC 8017 §9.2 note 1: the DER encoding of DigestInfo{ sha256, OCTET STRING(32) } before the hash.
const SHA256_DIGEST_INFO = /* @__PURE__ */ Uint8Array.from([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

/** The byte length of the modulus (k in RFC 8017). */
export function modulusLength(n: bigint): number {
  return Math.ceil(n.toString(16).length / 2);
}

/** base^exp mod m, left-to-right with a fixed 4-bit window (about 1.25 multiplications per exponent bit). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  const b = ((base % m) + m) % m;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * b) % m);
  const hex = exp.toString(16);
  let r = 1n;
  for (let i = 0; i < hex.length; i++) {
    if (i > 0) {
      r = (r * r) % m;
      r = (r * r) % m;
      r = (r * r) % m;
      r = (r * r) % m;
    }
    const digit = parseInt(hex[i], 16);
    if (digit !== 0) r = (r * table[digit]) % m;
  }
  return r;
}

/**
 * EMSA-PKCS1-v1_5-ENCODE with SHA-256 (RFC 8017 §9.2): 0x00 0x01 FF…FF 0x00 DigestInfo.
 * Returns null when emLen is too short (the "intended encoded message length too short" error).
 */
export function emsaPkcs1v15Sha256(message: Uint8Array, emLen: number): Uint8Array | null {
  const t = concatBytes(SHA256_DIGEST_INFO, sha256(message));
  if (emLen < t.length + 11) return null;
  const em = new Uint8Array(emLen);
  em[1] = 0x01;
  em.fill(0xff, 2, emLen - t.length - 1);
  em.set(t, emLen - t.length);
  return em;
}

/**
 * RSASSA-PKCS1-v1_5-VERIFY with SHA-256 (RFC 8017 §8.2.2): true when `signature` is the RS256
 * signature of `message` under (n, e). Any malformed input is simply "not valid".
 */
export function rsaVerify(n: bigint, e: bigint, signature: Uint8Array, message: Uint8Array): boolean {
  const k = modulusLength(n);
  // §8.2.2 step 1: the signature must be exactly k bytes.
  if (signature.length !== k) return false;
  const s = bytesToBigInt(signature);
  // §5.2.2 RSAVP1: the representative must be below the modulus.
  if (s >= n) return false;
  const em = bigIntToBytes(modPow(s, e, n), k);
  const expected = emsaPkcs1v15Sha256(message, k);
  if (!em || !expected) return false;
  // Comparing the whole re-encoded message (not parsing EM) is what §8.2.2 step 3-4 prescribes
  // and avoids the Bleichenbacher'06 family of lax-parsing forgeries.
  let diff = 0;
  for (let i = 0; i < k; i++) diff |= em[i] ^ expected[i];
  return diff === 0;
}

/**
 * RSASSA-PKCS1-v1_5-SIGN with SHA-256 (RFC 8017 §8.2.1), using the CRT (§5.1.2 step 2.b) because
 * two 1024-bit exponentiations are about 4x faster than one 2048-bit one.
 */
export function rsaSign(key: RsaPrivateKey, message: Uint8Array): Uint8Array {
  const k = modulusLength(key.n);
  const em = emsaPkcs1v15Sha256(message, k);
  if (!em) throw new Error('RSA modulus too short for SHA-256 PKCS#1 v1.5');
  const m = bytesToBigInt(em);
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = (((key.qi * (m1 - m2)) % key.p) + key.p) % key.p;
  const s = m2 + h * key.q;
  const out = bigIntToBytes(s, k);
  if (!out) throw new Error('RSA signature does not fit the modulus');
  return out;
}

function b64uInt(s: string): bigint {
  const bytes = base64urlDecode(s);
  if (!bytes || bytes.length === 0) throw new Error('JWK member is not a base64url integer');
  return bytesToBigInt(bytes);
}

/** The public key of an RSA JWK (RFC 7518 §6.3.1); null if n or e is not a base64url integer. */
export function rsaPublicKeyFromJwk(jwk: { n: string; e: string }): RsaPublicKey | null {
  try {
    return { n: b64uInt(jwk.n), e: b64uInt(jwk.e) };
  } catch {
    return null;
  }
}

/** The private key of an RSA JWK with CRT members (RFC 7518 §6.3.2). Throws on a malformed key. */
export function rsaPrivateKeyFromJwk(jwk: {
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}): RsaPrivateKey {
  return {
    n: b64uInt(jwk.n),
    e: b64uInt(jwk.e),
    d: b64uInt(jwk.d),
    p: b64uInt(jwk.p),
    q: b64uInt(jwk.q),
    dp: b64uInt(jwk.dp),
    dq: b64uInt(jwk.dq),
    qi: b64uInt(jwk.qi),
  };
}
