/**
 * The byte helpers only RSA and HMAC need: big-endian integers as octet strings (RFC 8017 §4)
 * and concatenation. base64url and UTF-8 are the gateway's one bytes module (core/bytes.ts).
 */

/** Big-endian unsigned bytes to a BigInt (RFC 8017 §4.2 OS2IP). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt('0x' + hex);
}

/** A BigInt to exactly `length` big-endian bytes (RFC 8017 §4.1 I2OSP); null if it does not fit. */
export function bigIntToBytes(x: bigint, length: number): Uint8Array | null {
  if (x < 0n) return null;
  const hex = x.toString(16);
  if (hex.length > length * 2) return null;
  const padded = hex.padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
