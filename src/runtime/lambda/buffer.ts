/**
 * A small `Buffer` for learner code, the same in the worker and in Node so a handler behaves
 * identically everywhere. Handlers use it for `Data: Buffer.from(JSON.stringify(msg))` and for
 * base64 bodies; it is a Uint8Array, so it crosses to the page and the SDK shims unchanged.
 */

type Encoding = 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    s += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return s;
}

function fromBase64(s: string): Uint8Array {
  const clean = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
    }
  }
  return Uint8Array.from(out);
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
      return new TextEncoder().encode(s);
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
        return toBase64(this);
      case 'base64url':
        return toBase64(this).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      case 'hex':
        return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'latin1':
      case 'binary':
      case 'ascii':
        return String.fromCharCode(...this);
      default:
        return new TextDecoder().decode(this);
    }
  }

  toJSON(): { type: 'Buffer'; data: number[] } {
    return { type: 'Buffer', data: Array.from(this) };
  }

  equals(other: Uint8Array): boolean {
    return this.length === other.length && this.every((b, i) => b === other[i]);
  }
}
