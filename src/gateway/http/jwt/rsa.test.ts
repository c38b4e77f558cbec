import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OTHER_IDP_PRIVATE_JWK, PLAYGROUND_PRIVATE_JWK } from './keys';
import { emsaPkcs1v15Sha256, modPow, modulusLength, rsaPrivateKeyFromJwk, rsaSign, rsaVerify } from './rsa';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const key = rsaPrivateKeyFromJwk(PLAYGROUND_PRIVATE_JWK);
const nodePrivate = createPrivateKey({ key: { ...PLAYGROUND_PRIVATE_JWK }, format: 'jwk' });
const nodePublic = createPublicKey(nodePrivate);

describe('modPow', () => {
  it('computes small modular powers', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modPow(2n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
  });
});

describe('the playground key pair', () => {
  it('is a consistent 2048-bit RSA key: n = p q and d inverts e', () => {
    expect(key.p * key.q).toBe(key.n);
    expect(modulusLength(key.n)).toBe(256);
    expect(modPow(modPow(42n, key.e, key.n), key.d, key.n)).toBe(42n);
    const other = rsaPrivateKeyFromJwk(OTHER_IDP_PRIVATE_JWK);
    expect(other.p * other.q).toBe(other.n);
    expect(other.n).not.toBe(key.n);
  });
});

describe('RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2)', () => {
  it('encodes EM as 00 01 FF..FF 00 DigestInfo(sha256) (RFC 8017 §9.2)', () => {
    const em = emsaPkcs1v15Sha256(ascii('x'), 256)!;
    expect(em.length).toBe(256);
    expect([em[0], em[1], em[2], em[256 - 52]]).toEqual([0x00, 0x01, 0xff, 0x00]);
    expect(em[256 - 51]).toBe(0x30);
    expect(emsaPkcs1v15Sha256(ascii('x'), 61)).toBeNull();
  });

  it('verifies what it signs and rejects a different message', () => {
    const msg = ascii('header.payload');
    const sig = rsaSign(key, msg);
    expect(sig.length).toBe(256);
    expect(rsaVerify(key.n, key.e, sig, msg)).toBe(true);
    expect(rsaVerify(key.n, key.e, sig, ascii('header.payloaD'))).toBe(false);
  });

  it('produces byte-for-byte the signature node:crypto produces (PKCS#1 v1.5 is deterministic)', () => {
    const msg = ascii('cross-check against OpenSSL');
    const ours = rsaSign(key, msg);
    expect(Buffer.from(ours).equals(nodeSign('sha256', msg, nodePrivate))).toBe(true);
    expect(nodeVerify('sha256', msg, nodePublic, ours)).toBe(true);
  });

  it("accepts node:crypto's signature", () => {
    const msg = ascii('signed by node');
    const sig = new Uint8Array(nodeSign('sha256', msg, nodePrivate));
    expect(rsaVerify(key.n, key.e, sig, msg)).toBe(true);
  });

  it('rejects a signature of the wrong length, one not below the modulus, and a flipped bit', () => {
    const msg = ascii('m');
    const sig = rsaSign(key, msg);
    expect(rsaVerify(key.n, key.e, sig.slice(1), msg)).toBe(false);
    expect(rsaVerify(key.n, key.e, new Uint8Array(256).fill(0xff), msg)).toBe(false);
    const flipped = sig.slice();
    flipped[100] ^= 1;
    expect(rsaVerify(key.n, key.e, flipped, msg)).toBe(false);
  });

  it('rejects a signature made with a different key', () => {
    const other = rsaPrivateKeyFromJwk(OTHER_IDP_PRIVATE_JWK);
    const msg = ascii('m');
    expect(rsaVerify(key.n, key.e, rsaSign(other, msg), msg)).toBe(false);
  });
});
