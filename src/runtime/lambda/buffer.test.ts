import { describe, expect, it } from 'vitest';
import { MiniBuffer } from './buffer';

describe('MiniBuffer (the Buffer learner code sees)', () => {
  it('round-trips utf8, base64 and hex like Node Buffer', () => {
    const b = MiniBuffer.from('héllo ✓');
    expect(b.toString()).toBe('héllo ✓');
    expect(b.toString('base64')).toBe('aMOpbGxvIOKckw==');
    expect(MiniBuffer.from('aMOpbGxvIOKckw==', 'base64').toString()).toBe('héllo ✓');
    expect(MiniBuffer.from('6869', 'hex').toString()).toBe('hi');
  });

  it('is a Uint8Array, so it crosses message channels and reaches the SDK shims as bytes', () => {
    const b = MiniBuffer.from(JSON.stringify({ a: 1 }));
    expect(b).toBeInstanceOf(Uint8Array);
    expect(MiniBuffer.isBuffer(b)).toBe(true);
    expect(MiniBuffer.byteLength('✓')).toBe(3);
    expect(MiniBuffer.concat([MiniBuffer.from('a'), MiniBuffer.from('b')]).toString()).toBe('ab');
  });
});
