/**
 * Seeded identifiers in AWS's formats. Each engine instance owns one generator, so two
 * engines given the same seed and the same inputs produce the same ids (replays, lesson
 * checks and side-by-side comparisons depend on it).
 */

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** mulberry32: tiny, fast and good enough for ids (not for secrets). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hashes a string seed to 32 bits (FNV-1a) so seeds can be readable names like "lesson-3". */
export function seedFrom(seed: string | number): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdGenerator {
  #random: () => number;

  constructor(seed: string | number = 1) {
    this.#random = mulberry32(seedFrom(seed));
  }

  #pick(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.#random() * alphabet.length)];
    return s;
  }

  /**
   * WebSocket connectionId / requestId / messageId: 16 characters ending in `=`, like
   * `R1kmxc2VNjMCFIA=` (docs/aws-behaviour.md §2, ALG captures).
   */
  awsId(): string {
    return this.#pick(URL_SAFE, 15) + '=';
  }

  /** API id: 10 lowercase alphanumerics, as in `dl7ptocha9.execute-api…`. */
  apiId(): string {
    return this.#pick(LOWER_ALNUM, 10);
  }

  /** Lambda awsRequestId / REST requestId: a UUID v4 shape. */
  uuid(): string {
    const h = this.#pick(HEX, 32);
    const variant = HEX[8 + Math.floor(this.#random() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** X-Amzn-Trace-Id: `Root=1-<8 hex epoch seconds>-<24 hex>`. */
  traceId(epochMs: number): string {
    const secs = Math.floor(epochMs / 1000)
      .toString(16)
      .padStart(8, '0');
    return `Root=1-${secs}-${this.#pick(HEX, 24)}`;
  }

  /** Sec-WebSocket-Key: base64 of 16 random bytes (RFC 6455 §4.1). */
  webSocketKey(): string {
    return this.#pick(STD_B64, 22) + '==';
  }

  /** A short opaque id for internal records (invocations, trace events). */
  short(prefix: string): string {
    return `${prefix}-${this.#pick(LOWER_ALNUM, 8)}`;
  }
}
