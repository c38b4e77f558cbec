import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from './hmac';
import { sha256 } from './sha256';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('sha256 (FIPS 180-4)', () => {
  it('hashes "abc" to the NIST one-block vector', () => {
    expect(hex(sha256(ascii('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the empty string to the NIST vector', () => {
    const empty = new Uint8Array(0);
    expect(hex(sha256(empty))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the 448-bit two-block NIST message', () => {
    const msg = ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
    expect(hex(sha256(msg))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("hashes one million 'a's to the NIST long-message vector", () => {
    const msg = new Uint8Array(1_000_000).fill(0x61);
    expect(hex(sha256(msg))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with node:crypto on every length around the padding boundaries', () => {
    for (let len = 0; len <= 200; len++) {
      const msg = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
      expect(hex(sha256(msg)), `length ${len}`).toBe(createHash('sha256').update(msg).digest('hex'));
    }
  });
});

describe('hmacSha256 (RFC 2104)', () => {
  it('agrees with node:crypto for short and longer-than-a-block keys', () => {
    for (const key of [ascii('key'), new Uint8Array(100).fill(7)]) {
      const msg = ascii('The quick brown fox jumps over the lazy dog');
      expect(hex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }
  });
});
