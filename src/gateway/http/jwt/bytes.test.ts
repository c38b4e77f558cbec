import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, bigIntToBytes, bytesToBigInt, utf8Encode } from './bytes';

describe('base64url (RFC 4648 §5, unpadded as RFC 7515 §2 requires)', () => {
  it('round-trips every length from 0 to 70 bytes and matches Buffer base64url', () => {
    for (let len = 0; len <= 70; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 97 + 13) & 0xff);
      const enc = base64urlEncode(bytes);
      expect(enc).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64urlDecode(enc)).toEqual(bytes);
    }
  });

  it('uses - and _ instead of + and /', () => {
    expect(base64urlEncode(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it('rejects padding, standard-alphabet characters, impossible lengths and non-zero leftover bits', () => {
    expect(base64urlDecode('YQ==')).toBeNull();
    expect(base64urlDecode('a+b/')).toBeNull();
    expect(base64urlDecode('abcde')).toBeNull();
    expect(base64urlDecode('YR')).toBeNull();
    expect(base64urlDecode('YQ')).toEqual(Uint8Array.from([0x61]));
  });
});

describe('utf8Encode', () => {
  it('matches Buffer for ASCII, 2-, 3- and 4-byte characters and a lone surrogate', () => {
    for (const s of ['', 'abc', 'é', '€uro', '𝄞 clef', 'x\ud800y']) {
      expect(utf8Encode(s)).toEqual(new Uint8Array(Buffer.from(s, 'utf8')));
    }
  });
});

describe('integer/octet-string conversion (RFC 8017 §4)', () => {
  it('converts big-endian bytes to a BigInt and back at a fixed length', () => {
    const bytes = Uint8Array.from([0, 0, 1, 2, 255]);
    expect(bytesToBigInt(bytes)).toBe(0x0102ffn);
    expect(bigIntToBytes(0x0102ffn, 5)).toEqual(bytes);
  });

  it('refuses an integer too large for the requested length', () => {
    expect(bigIntToBytes(0x10000n, 2)).toBeNull();
  });
});
