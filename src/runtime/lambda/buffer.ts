/**
 * A small `Buffer` for learner code, the same in the worker and in Node so a handler behaves
 * identically everywhere. Handlers use it for `Data: Buffer.from(JSON.stringify(msg))` and for
 * base64 bodies; it is a Uint8Array, so it crosses to the page and the SDK shims unchanged.
 * Bytes, base64 and UTF-8 are the gateway's bytes module, so learner code and the gateway agree
 * on every byte (a lone surrogate is U+FFFD, a byte order mark is kept, as in Node).
 */

import { base64Decode, base64Encode, base64urlEncode, utf8Decode, utf8Encode } from '../../gateway';

type Encoding = 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii';

/**
 * base64 and base64url read leniently, as Buffer.from(s, 'base64') is used to: either alphabet,
 * other characters (whitespace, `=`) skipped, and a dangling last character, which carries no
 * whole byte, dropped.
 */
function fromBase64(s: string): Uint8Array {
  let clean = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  if (clean.length % 4 === 1) clean = clean.slice(0, -1);
  return base64Decode(clean) ?? new Uint8Array(0);
}

function encode(s: string, encoding: Encoding = 'utf8'): Uint8Array {
  switch (encoding) {
    case 'base64':
    case 'base64url':
      return fromBase64(s);
    case 'hex': {
      const out = new Uint8Array(Math.floor(s.length / 2));
      for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
      return out;
    }
    case 'latin1':
    case 'binary':
    case 'ascii':
      return Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);
    default:
      return utf8Encode(s);
  }
}

export class MiniBuffer extends Uint8Array {
  static from(value: unknown, encodingOrOffset?: unknown, length?: number): MiniBuffer {
    if (typeof value === 'string') return MiniBuffer.#wrap(encode(value, encodingOrOffset as Encoding));
    if (value instanceof ArrayBuffer) return new MiniBuffer(value, (encodingOrOffset as number) ?? 0, length);
    if (ArrayBuffer.isView(value)) {
      const v = value as ArrayBufferView;
      return MiniBuffer.#wrap(new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice());
    }
    if (Array.isArray(value)) return MiniBuffer.#wrap(Uint8Array.from(value as number[]));
    if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') {
      return MiniBuffer.#wrap(Uint8Array.from((value as { data: number[] }).data));
    }
    throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array');
  }

  static alloc(size: number, fill = 0): MiniBuffer {
    return new MiniBuffer(size).fill(fill) as MiniBuffer;
  }

  static isBuffer(value: unknown): boolean {
    return value instanceof MiniBuffer;
  }

  static byteLength(value: string | ArrayBufferView, encoding?: Encoding): number {
    return typeof value === 'string' ? encode(value, encoding).length : value.byteLength;
  }

  static concat(list: readonly Uint8Array[]): MiniBuffer {
    const out = new MiniBuffer(list.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of list) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  static #wrap(bytes: Uint8Array): MiniBuffer {
    return new MiniBuffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  }

  override toString(encoding: Encoding = 'utf8'): string {
    switch (encoding) {
      case 'base64':
        return base64Encode(this);
      case 'base64url':
        return base64urlEncode(this);
      case 'hex':
        return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'latin1':
      case 'binary':
      case 'ascii':
        return String.fromCharCode(...this);
      default:
        return utf8Decode(this);
    }
  }

  toJSON(): { type: 'Buffer'; data: number[] } {
    return { type: 'Buffer', data: Array.from(this) };
  }

  equals(other: Uint8Array): boolean {
    return this.length === other.length && this.every((b, i) => b === other[i]);
  }
}
