/**
 * The `$util` functions of API Gateway mapping templates (DG api-gateway-mapping-template-reference,
 * "$util variables"), as pure functions. API Gateway runs them in Java, so each one follows the
 * Java library behaviour it is named after. Bytes and UTF-8 come from the gateway's one bytes
 * module (core/bytes.ts), whose rule for ill-formed text is the WHATWG one: a lone surrogate
 * encodes as U+FFFD (Java's encoder writes `?` instead; AWS does not document which applies).
 */
import { parseBase64, base64Encode as encodeBase64, utf8Decode, utf8Encode } from '../../core/bytes';

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
 * Java's `URLEncoder.encode(s, "UTF-8")`: space → `+`, unsafe bytes → `%XX` (upper case).
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

/** `$util.base64Encode()`: "Encodes the data into a base64-encoded string" (DG), UTF-8 first. */
export function base64Encode(s: string): string {
  return encodeBase64(utf8Encode(s));
}

/**
 * `$util.base64Decode()`: "Decodes the data from a base64-encoded string" (DG), then reads the
 * bytes as UTF-8 (invalid sequences become U+FFFD, as Java's `new String(bytes, UTF_8)`).
 * Like Java's basic decoder, padding is optional and anything outside the alphabet is an error.
 */
export function base64Decode(s: string): string {
  const parsed = parseBase64(s);
  if (parsed.ok) return utf8Decode(parsed.bytes);
  if (parsed.reason === 'length') throw new VtlUtilError('base64Decode: the input is not valid base64 (bad length)');
  throw new VtlUtilError(`base64Decode: illegal base64 character '${s[parsed.index]}' at index ${parsed.index}`);
}
