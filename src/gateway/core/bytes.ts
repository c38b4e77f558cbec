/**
 * The one bytes module of the gateway and of the runtime's `Buffer`: base64 (RFC 4648 §4),
 * base64url (RFC 4648 §5) and UTF-8. Written out in ES2023 because the gateway has no
 * TextEncoder, atob/btoa or Buffer in its types, and `crypto.subtle` is missing on plain-http
 * hosts (README, "Hosting"), so JWT, VTL `$util`, the WebSocket handshake and the engines all come here.
 *
 * One rule for text that is not well-formed, the WHATWG Encoding Standard's (what TextEncoder and
 * TextDecoder do, and what Node's Buffer does):
 * - encoding: a lone surrogate (a UTF-16 unit in D800–DFFF without its partner) becomes U+FFFD,
 *   the three bytes EF BF BD; utf8Length counts it as 3;
 * - decoding: every maximal ill-formed subsequence becomes one U+FFFD and the byte that broke it
 *   starts the next sequence ("UTF-8 decoder", replacement mode), so `ED A0 80` (an encoded
 *   surrogate) is three U+FFFD and `E2 82 41` is U+FFFD then `A`. A byte order mark is kept.
 */

/** The UTF-8 byte length of `s`, without allocating. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 code units, 4 bytes.
      n += 2;
      i++;
    } else n += 2; // the rest of the BMP, and a lone surrogate as U+FFFD: 3 bytes
  }
  return n;
}

/** Encodes `s` as UTF-8 (a lone surrogate as U+FFFD). */
export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else cp = 0xfffd;
    }
    if (cp < 0x80) out[o++] = cp;
    else if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out;
}

/** Decodes UTF-8, replacing ill-formed sequences with U+FFFD (WHATWG Encoding, "UTF-8 decoder"). */
export function utf8Decode(bytes: ArrayLike<number>): string {
  const units: number[] = [];
  let out = '';
  const push = (cp: number) => {
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    if (units.length >= 8192) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i++];
    if (b < 0x80) {
      push(b);
      continue;
    }
    let need: number;
    let cp: number;
    // The bounds of the second byte: narrower after E0, ED, F0 and F4, which rules out
    // overlong forms, encoded surrogates and code points above U+10FFFF.
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      push(0xfffd);
      continue;
    }
    let ok = true;
    for (let k = 0; k < need; k++) {
      const c = bytes[i];
      if (c === undefined || c < lower || c > upper) {
        // The offending byte is not consumed: it starts the next sequence.
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
      lower = 0x80;
      upper = 0xbf;
      i++;
    }
    push(ok ? cp : 0xfffd);
  }
  return out + String.fromCharCode(...units);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function encode(bytes: ArrayLike<number>, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + (pad ? '=' : '');
  }
  return out;
}

/** base64 with `=` padding (RFC 4648 §4). */
export function base64Encode(bytes: ArrayLike<number>): string {
  return encode(bytes, BASE64, true);
}

/** base64url without padding (RFC 4648 §5), as every JWS part is written (RFC 7515 §2). */
export function base64urlEncode(bytes: ArrayLike<number>): string {
  return encode(bytes, BASE64URL, false);
}

/** What parseBase64 found: the bytes, or why the text is not base64. */
export type Base64Parse =
  | {
      ok: true;
      bytes: Uint8Array;
      /** False when the last character carries bits that no byte uses (`YR` instead of `YQ`). */
      canonical: boolean;
    }
  | { ok: false; reason: 'length' }
  | { ok: false; reason: 'character'; index: number };

/**
 * Reads base64 strictly: only the alphabet's 64 characters (`+/` for base64, `-_` for base64url),
 * no whitespace, and a length that whole bytes can come from (never 4k+1 characters). In base64,
 * one or two trailing `=` are padding and optional; base64url has no padding character.
 */
export function parseBase64(text: string, alphabet: 'base64' | 'base64url' = 'base64'): Base64Parse {
  const chars = alphabet === 'base64' ? BASE64 : BASE64URL;
  const s = alphabet === 'base64' ? text.replace(/={1,2}$/, '') : text;
  if (s.length % 4 === 1) return { ok: false, reason: 'length' };
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = chars.indexOf(s[i]);
    if (v < 0) return { ok: false, reason: 'character', index: i };
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: out, canonical: bits === 0 || (acc & ((1 << bits) - 1)) === 0 };
}

/** Decodes base64 (padding optional); null when the text is not base64. */
export function base64Decode(text: string): Uint8Array | null {
  const parsed = parseBase64(text);
  return parsed.ok ? parsed.bytes : null;
}

/**
 * Decodes canonical unpadded base64url; null for anything else (`=` padding, other characters,
 * a length of 4k+1, non-zero leftover bits), because RFC 7515 §2 requires unpadded base64url and
 * a lenient decoder would let two different strings carry the same signature.
 */
export function base64urlDecode(text: string): Uint8Array | null {
  const parsed = parseBase64(text, 'base64url');
  return parsed.ok && parsed.canonical ? parsed.bytes : null;
}
