import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Length } from '../index';

describe('UTF-8 helpers', () => {
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
});
