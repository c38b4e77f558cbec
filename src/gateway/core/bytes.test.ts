import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  base64urlDecode,
  base64urlEncode,
  parseBase64,
  utf8Decode,
  utf8Encode,
  utf8Length,
} from './bytes';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

describe('UTF-8 (WHATWG Encoding Standard, as TextEncoder and TextDecoder)', () => {
  it('counts UTF-8 bytes, as the 32 KB / 128 KB quotas do', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    // A lone surrogate is sent as U+FFFD: 3 bytes.
    expect(utf8Length('\ud800')).toBe(3);
  });

  it('decodes UTF-8 and replaces malformed bytes with U+FFFD', () => {
    expect(utf8Decode(new Uint8Array([0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]))).toBe('hé€😀');
    expect(utf8Decode(new Uint8Array([0x61, 0xff, 0x62, 0xc3]))).toBe('a\ufffdb\ufffd');
    expect(utf8Decode(new Uint8Array([0xed, 0xa0, 0x80]))).toBe('\ufffd\ufffd\ufffd');
    expect(utf8Decode(new Uint8Array([0xe2, 0x82, 0x41]))).toBe('\ufffdA');
  });

  it('encodes a lone surrogate, high or low, as U+FFFD (EF BF BD), as TextEncoder and Buffer do', () => {
    for (const s of ['', 'abc', 'é', '€uro', '𝄞 clef', 'x\ud800y', '\udc00', 'a\ud83d', '\ude00\ud83d']) {
      expect(utf8Encode(s), JSON.stringify(s)).toEqual(encoder.encode(s));
      expect(utf8Encode(s), JSON.stringify(s)).toEqual(new Uint8Array(Buffer.from(s, 'utf8')));
    }
    expect([...utf8Encode('\ud800')]).toEqual([0xef, 0xbf, 0xbd]);
  });

  it('agrees with its own encoder on lengths, including astral characters and lone surrogates', () => {
    for (const s of ['a', 'é', '€', '😀', '\uD800', 'x\uDFFFy']) expect(utf8Length(s), s).toBe(utf8Encode(s).length);
    expect(utf8Decode(utf8Encode('a€😀'))).toBe('a€😀');
    // A lone surrogate does not survive the round trip: it comes back as U+FFFD.
    expect(utf8Decode(utf8Encode('a\ud800b'))).toBe('a\ufffdb');
  });

  it('decodes exactly as TextDecoder does, byte sequence by byte sequence, and keeps a byte order mark', () => {
    const samples = [
      [0xef, 0xbb, 0xbf, 0x61],
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf0, 0x9f, 0x98],
      [0x80, 0xbf],
      [0xe2, 0x82],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ];
    for (const bytes of samples)
      expect(utf8Decode(bytes), bytes.join(' ')).toBe(decoder.decode(Uint8Array.from(bytes)));
    // Plain arrays work too (VTL's urlDecode collects bytes in one).
    expect(utf8Decode([0x68, 0x69])).toBe('hi');
  });
});

describe('base64 (RFC 4648 §4)', () => {
  it('encodes with padding, as Buffer does, for every length from 0 to 70 bytes', () => {
    for (let len = 0; len <= 70; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 97 + 13) & 0xff);
      const enc = base64Encode(bytes);
      expect(enc).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64Decode(enc)).toEqual(bytes);
    }
  });

  it('accepts missing padding and refuses other characters, whitespace and impossible lengths', () => {
    expect(base64Decode('Zm9vYg')).toEqual(utf8Encode('foob'));
    expect(base64Decode('Zm9vYg==')).toEqual(utf8Encode('foob'));
    expect(base64Decode('Zm9v YQ==')).toBeNull();
    expect(base64Decode('Zm9v-_')).toBeNull();
    expect(base64Decode('Zm9vY')).toBeNull();
  });

  it('says where base64 text goes wrong', () => {
    expect(parseBase64('Zm9v!A')).toEqual({ ok: false, reason: 'character', index: 4 });
    expect(parseBase64('abcde')).toEqual({ ok: false, reason: 'length' });
    expect(parseBase64('YR==')).toMatchObject({ ok: true, canonical: false });
  });
});

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
