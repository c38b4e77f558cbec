/**
 * The payload codecs of share links and deck links (`#/share/v1.<codec>.<payload>`, route.ts).
 * A payload is JSON, written one of two ways:
 *
 *   z  deflate-raw (RFC 1951), then base64url without padding (RFC 4648 §5). The short form.
 *   j  the UTF-8 JSON itself in base64url: for browsers without compression streams.
 *
 * Compression uses the browser's CompressionStream where it exists and fflate (loaded only
 * then) where it does not, so a `z` link written on one machine opens on any other, including
 * plain-http workshop hosts and older browsers. Decoding is bounded on both sides: a link longer
 * than MAX_PAYLOAD_CHARS is refused before it is read, and inflating stops at MAX_JSON_BYTES,
 * so a small link that would inflate to gigabytes (a "zip bomb") is refused too.
 * Every failure is a ShareCodecError whose message a learner can act on.
 */
import { base64urlDecode, base64urlEncode, utf8Encode } from '../gateway';

export type Codec = 'z' | 'j';

/** Refused unread: Chromium keeps 2 MB URLs, but nothing we write comes near 512 K characters. */
export const MAX_PAYLOAD_CHARS = 512 * 1024;
/** The most JSON a payload may inflate to. */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

export class ShareCodecError extends Error {
  override name = 'ShareCodecError';
}

export interface Encoded {
  codec: Codec;
  payload: string;
}

type Streams = { compress: boolean; decompress: boolean };

function streams(): Streams {
  const g = globalThis as { CompressionStream?: unknown; DecompressionStream?: unknown };
  return {
    compress: typeof g.CompressionStream === 'function',
    decompress: typeof g.DecompressionStream === 'function',
  };
}

/**
 * Writes `value` as JSON in the shortest form this browser can write: `z`, or `j` when neither
 * compression streams nor fflate are available (`compress: false` forces `j`).
 */
export async function encodePayload(value: unknown, options: { compress?: boolean } = {}): Promise<Encoded> {
  const json = utf8Encode(JSON.stringify(value));
  if (options.compress === false) return { codec: 'j', payload: base64urlEncode(json) };
  const deflated = await deflate(json);
  return { codec: 'z', payload: base64urlEncode(deflated) };
}

/** Reads a payload written by encodePayload. Throws ShareCodecError with a specific message. */
export async function decodePayload(codec: string, payload: string): Promise<unknown> {
  if (codec !== 'z' && codec !== 'j')
    throw new ShareCodecError(
      codec === ''
        ? 'This link is not a share link the playground can read: it has no version and codec (expected #/share/v1.z.…).'
        : `This link uses a codec the playground does not know ("${printable(codec)}"): it may come from a newer version of the playground.`,
    );
  if (payload.length > MAX_PAYLOAD_CHARS)
    throw new ShareCodecError(
      `This link is too long to open (${Math.round(payload.length / 1024)} K characters; at most ${MAX_PAYLOAD_CHARS / 1024} K). Ask for the .agp.json file instead.`,
    );
  const bytes = base64urlDecode(payload);
  if (!bytes || payload.length === 0)
    throw new ShareCodecError(
      'This link is damaged: its data is not valid base64url. It may have been cut off or changed when it was copied.',
    );
  const json = codec === 'z' ? await inflate(bytes) : bytes;
  if (json.length > MAX_JSON_BYTES) throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new ShareCodecError('This link is damaged: its data is not UTF-8 text.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ShareCodecError(
      'This link is damaged: its data is not JSON. It may have been cut off when it was copied.',
    );
  }
}

function tooLarge(): ShareCodecError {
  return new ShareCodecError(`This link's data is too large (over ${MAX_JSON_BYTES / 1024 / 1024} MB once unpacked).`);
}

function printable(s: string): string {
  return s.slice(0, 20).replace(/[^\w-]/g, '?');
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  if (streams().compress)
    return readAll(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  const { deflateSync } = await import('fflate');
  return deflateSync(bytes, { level: 9 });
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    if (streams().decompress)
      return await readAll(
        new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
        MAX_JSON_BYTES,
      );
    const { Inflate } = await import('fflate');
    return inflateBounded(Inflate, bytes);
  } catch (e) {
    if (e instanceof ShareCodecError) throw e;
    throw new ShareCodecError(
      'This link is damaged: its data does not unpack. It may have been cut off when it was copied.',
    );
  }
}

/** Reads a stream to its end, giving up (and cancelling it) past `limit` bytes. */
async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function inflateBounded(Inflate: typeof import('fflate').Inflate, bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw tooLarge();
    chunks.push(chunk);
  });
  // Fed in slices so the size check runs before a bomb has fully inflated.
  for (let i = 0; i < bytes.length; i += 16 * 1024)
    inflater.push(bytes.subarray(i, i + 16 * 1024), i + 16 * 1024 >= bytes.length);
  if (bytes.length === 0) inflater.push(new Uint8Array(0), true);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
