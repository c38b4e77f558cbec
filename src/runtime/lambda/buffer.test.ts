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

  it('encodes and decodes UTF-8 as Node does: a lone surrogate becomes U+FFFD, a byte order mark is kept', () => {
    for (const text of ['a\ud800b', '\udc00', 'é😀'])
      expect([...MiniBuffer.from(text)], JSON.stringify(text)).toEqual([...Buffer.from(text)]);
    const bom = [0xef, 0xbb, 0xbf, 0x61, 0xff];
    expect(MiniBuffer.from(bom).toString()).toBe(Buffer.from(bom).toString());
  });

  it('reads base64 leniently and writes base64url without padding, as Node does', () => {
    for (const text of ['aGk', 'aGk=', ' aG k= ', 'aGk_-w', 'aGkh-w=='])
      expect([...MiniBuffer.from(text, 'base64')], text).toEqual([...Buffer.from(text, 'base64')]);
    const bytes = [0xfb, 0xff, 0xbf, 0x00];
    expect(MiniBuffer.from(bytes).toString('base64url')).toBe(Buffer.from(bytes).toString('base64url'));
    expect(MiniBuffer.from(bytes).toString('base64')).toBe(Buffer.from(bytes).toString('base64'));
  });
});
