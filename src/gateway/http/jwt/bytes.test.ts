import { describe, expect, it } from 'vitest';
import { bigIntToBytes, bytesToBigInt } from './bytes';

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
