/**
 * The `$util` functions of API Gateway mapping templates (DG api-gateway-mapping-template-reference,
 * "$util variables"), as pure functions. API Gateway runs them in Java, so each one follows the
 * Java library behaviour it is named after; ES2023 only (no TextEncoder, btoa or Buffer).
 */

/** Thrown for input a Java implementation would reject; the interpreter reports it with a position. */
export class VtlUtilError extends Error {}

/**
 * `$util.escapeJavaScript()`: "Escapes the characters in a string using JavaScript string rules"
 * and turns `'` into `\'` (DG api-gateway-mapping-template-reference). These are the rules of
 * Apache Commons Lang `StringEscapeUtils.escapeJavaScript`: `'` `"` `\` `/` get a backslash,
 * control characters their short escape or `\u00XX`, and everything above U+007F a `\uXXXX`
 * (upper-case hex, one per UTF-16 unit).
 */
export function escapeJavaScript(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const ch = s[i];
    if (code > 0x7f) out += '\\u' + hex4(code);
    else if (code < 0x20) {
      switch (ch) {
        case '\b':
          out += '\\b';
          break;
        case '\n':
          out += '\\n';
          break;
        case '\t':
          out += '\\t';
          break;
        case '\f':
          out += '\\f';
          break;
        case '\r':
          out += '\\r';
          break;
        default:
          out += '\\u' + hex4(code);
      }
    } else if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') out += '\\' + ch;
    else out += ch;
  }
  return out;
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** Characters Java's `URLEncoder` leaves alone: ASCII letters, digits and `.-*_`. */
function isUrlSafe(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2e ||
    code === 0x2d ||
    code === 0x2a ||
    code === 0x5f
  );
}

/**
 * `$util.urlEncode()`: "Converts a string into application/x-www-form-urlencoded format" (DG), as
 * Java's `URLEncoder.encode(s, "UTF-8")`: space → `+`, unsafe bytes → `%XX` (upper case). A lone
 * surrogate becomes `?` (%3F), as Java's UTF-8 encoder replaces it.
 */
export function urlEncode(s: string): string {
  let out = '';
  for (const byte of utf8Encode(s)) {
    if (byte === 0x20) out += '+';
    else if (isUrlSafe(byte)) out += String.fromCharCode(byte);
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * `$util.urlDecode()`: "Decodes an application/x-www-form-urlencoded string" (DG), as Java's
 * `URLDecoder.decode(s, "UTF-8")`: `+` → space, `%XX` → byte; a malformed `%` escape is an error
 * (Java throws IllegalArgumentException, which fails the template).
 */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length > 0) {
      out += utf8Decode(bytes);
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '%') {
      const pair = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/u.test(pair)) {
        throw new VtlUtilError(`urlDecode: illegal hex characters in escape (%) pattern at index ${i}`);
      }
      bytes.push(parseInt(pair, 16));
      i += 2;
    } else {
      flush();
      out += ch === '+' ? ' ' : ch;
    }
  }
  flush();
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `$util.base64Encode()`: "Encodes the data into a base64-encoded string" (DG), UTF-8 first. */
export function base64Encode(s: string): string {
  const bytes = utf8Encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += B64[b0 >> 2];
    out += B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    out += b1 === undefined ? '=' : B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    out += b2 === undefined ? '=' : B64[b2 & 63];
  }
  return out;
}

/**
 * `$util.base64Decode()`: "Decodes the data from a base64-encoded string" (DG), then reads the
 * bytes as UTF-8 (invalid sequences become U+FFFD, as Java's `new String(bytes, UTF_8)`).
 * Like Java's basic decoder, padding is optional and anything outside the alphabet is an error.
 */
export function base64Decode(s: string): string {
  const trimmed = s.replace(/={1,2}$/u, '');
  if (trimmed.length % 4 === 1) throw new VtlUtilError('base64Decode: the input is not valid base64 (bad length)');
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < trimmed.length; i++) {
    const v = B64.indexOf(trimmed[i]);
    if (v < 0) {
      throw new VtlUtilError(`base64Decode: illegal base64 character '${trimmed[i]}' at index ${i}`);
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return utf8Decode(bytes);
}

/** UTF-8 bytes of a JS string; a lone surrogate encodes as `?` (Java's replacement byte). */
export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else cp = 0x3f;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) cp = 0x3f;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** How many bytes `s` takes in UTF-8 (payload and cache limits are in bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 1; // a lone surrogate encodes as '?'
    } else if (c >= 0xd800 && c <= 0xdfff) n += 1;
    else n += 3;
  }
  return n;
}

/** Decodes UTF-8; each invalid or truncated sequence becomes one U+FFFD. */
export function utf8Decode(bytes: readonly number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let cp: number;
    let min: number;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, cp, min] = [1, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, cp, min] = [2, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, cp, min] = [3, b & 0x07, 0x10000];
    else {
      out += '\uFFFD';
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) break;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += '\uFFFD';
      i += Math.max(1, j);
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
