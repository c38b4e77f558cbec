import { afterEach, describe, expect, it, vi } from 'vitest';
import { deflateSync } from 'fflate';
import { base64urlEncode, utf8Encode } from '../gateway';
import { decodePayload, encodePayload, MAX_JSON_BYTES, MAX_PAYLOAD_CHARS, ShareCodecError } from './codec';

const sample = {
  v: 1,
  files: { 'handler.js': 'export const handler = async () => ({ statusCode: 200 });\n'.repeat(20) },
  name: 'Grüße 👋',
};

afterEach(() => vi.unstubAllGlobals());

describe('share payload codecs', () => {
  it('round-trips JSON through the compressed codec and is shorter than the plain one for repetitive code', async () => {
    const z = await encodePayload(sample);
    const j = await encodePayload(sample, { compress: false });
    expect(z.codec).toBe('z');
    expect(j.codec).toBe('j');
    expect(z.payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(z.payload.length).toBeLessThan(j.payload.length / 4);
    expect(await decodePayload(z.codec, z.payload)).toEqual(sample);
    expect(await decodePayload(j.codec, j.payload)).toEqual(sample);
  });

  it('writes and reads compressed links with fflate where the browser has no compression streams', async () => {
    const native = await encodePayload(sample);
    vi.stubGlobal('CompressionStream', undefined);
    vi.stubGlobal('DecompressionStream', undefined);
    const fallback = await encodePayload(sample);
    expect(fallback.codec).toBe('z');
    expect(await decodePayload('z', native.payload)).toEqual(sample);
    vi.unstubAllGlobals();
    expect(await decodePayload('z', fallback.payload)).toEqual(sample);
  });

  it.each([
    ['an unknown codec', 'q', 'abc', /codec the playground does not know/],
    ['no codec at all', '', '', /no version and codec/],
    ['invalid base64url', 'z', 'a+b/c=', /not valid base64url/],
    ['an empty payload', 'j', '', /not valid base64url/],
    [
      'data that does not inflate',
      'z',
      base64urlEncode(utf8Encode('not deflate at all, just text')),
      /does not unpack/,
    ],
    ['data that is not JSON', 'j', base64urlEncode(utf8Encode('{"cut": ')), /not JSON/],
    ['data that is not UTF-8', 'j', base64urlEncode([0xff, 0xfe, 0x7b]), /not UTF-8/],
  ])('refuses %s with a specific message', async (_what, codec, payload, message) => {
    const error = await decodePayload(codec, payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShareCodecError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a payload over the length limit before reading it', async () => {
    const error = await decodePayload('z', 'A'.repeat(MAX_PAYLOAD_CHARS + 1)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/too long to open .* \.agp\.json file/);
  });

  it('stops inflating a small link that would unpack past the size limit, natively and with fflate', async () => {
    const bomb = base64urlEncode(deflateSync(new Uint8Array(MAX_JSON_BYTES * 4).fill(0x20), { level: 9 }));
    expect(bomb.length).toBeLessThan(40_000);
    await expect(decodePayload('z', bomb)).rejects.toThrow(/too large \(over 4 MB once unpacked\)/);
    vi.stubGlobal('DecompressionStream', undefined);
    await expect(decodePayload('z', bomb)).rejects.toThrow(/too large \(over 4 MB once unpacked\)/);
  });
});
