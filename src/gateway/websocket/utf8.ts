/**
 * UTF-8 helpers for WebSocket limits. The gateway has no DOM/Node libs (no TextEncoder in
 * its types), and the quotas are in bytes, not UTF-16 code units: 32 KB per frame, 128 KB
 * per message (DG apigateway-websocket-api-routes-integrations).
 */

/** The UTF-8 byte length of `s`, without allocating (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair is 2 code units and 4 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** Decodes UTF-8, replacing malformed sequences with U+FFFD as TextDecoder does (WHATWG Encoding, "UTF-8 decoder"). */
export function utf8Decode(bytes: Uint8Array): string {
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
