/**
 * Seeded identifiers in AWS's formats. Each engine instance owns one generator, so two
 * engines given the same seed and the same inputs produce the same ids (replays, lesson
 * checks and side-by-side comparisons depend on it).
 */

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Where each of a UUID's 32 drawn hex digits goes in `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx` (-1: replaced). */
// Pure (the annotation): a top-level call the bundler must assume has effects would keep this
// module, and the engine chunk it lands in, in the page's first load (tests/size.test.ts).
const UUID_SLOTS = /* @__PURE__ */ Array.from({ length: 32 }, (_, k) =>
  k < 8 ? k : k < 12 ? k + 1 : k === 12 ? -1 : k < 16 ? k + 2 : k === 16 ? -1 : k < 20 ? k + 3 : k + 4,
);

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
  /** mulberry32's state (tiny, fast and good enough for ids, not for secrets). */
  #state: number;

  constructor(seed: string | number = 1) {
    this.#state = seedFrom(seed) | 0;
  }

  /**
   * mulberry32's next 32 bits, as a signed 32-bit integer (the state too): kept in int32 range,
   * the numbers stay small integers instead of a boxed double per draw (63 draws per routed
   * message). A method on the state, not a closure, so it inlines. Ids take `floor(u / 2^32 *
   * size)` of the unsigned bits `u`, mulberry32's number in [0, 1) scaled to an alphabet: both
   * steps are exact in doubles (at most 39 significant bits), so for a power-of-two size it is a shift.
   */
  #bits(): number {
    const a = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return t ^ (t >>> 14);
  }

  /**
   * Scratch for the character codes of one id, one array per length: ids are drawn at up to
   * 100k messages/s, and resizing one shared array between lengths reallocated it every time.
   */
  readonly #scratch: number[][] = [];

  #codes(n: number): number[] {
    return (this.#scratch[n] ??= new Array<number>(n).fill(0));
  }

  /**
   * `n` random characters of `alphabet`, then `suffix`, as one flat string (concatenating per
   * character, or adding the suffix after, built a rope).
   */
  #pick(alphabet: string, n: number, suffix = ''): string {
    const codes = this.#codes(n + suffix.length);
    const size = alphabet.length;
    for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(Math.floor(((this.#bits() >>> 0) / 4294967296) * size));
    for (let i = 0; i < suffix.length; i++) codes[n + i] = suffix.charCodeAt(i);
    return String.fromCharCode.apply(null, codes);
  }

  /**
   * WebSocket connectionId / requestId / messageId: 16 characters ending in `=`, like
   * `R1kmxc2VNjMCFIA=` (docs/aws-behaviour.md §2, ALG captures).
   */
  awsId(): string {
    return this.#pick(URL_SAFE, 15, '=');
  }

  /** API id: 10 lowercase alphanumerics, as in `dl7ptocha9.execute-api…`. */
  apiId(): string {
    return this.#pick(LOWER_ALNUM, 10);
  }

  /** Lambda awsRequestId / REST requestId: a UUID v4 shape. */
  uuid(): string {
    // 32 hex digits drawn in order, then the variant digit; the 13th digit's place holds the
    // version `4` and the 17th's the variant. Each digit goes straight to its slot around the dashes.
    const c = this.#codes(36);
    for (let k = 0; k < 32; k++) {
      const code = HEX.charCodeAt(this.#bits() >>> 28); // floor(bits / 2^32 * 16)
      const slot = UUID_SLOTS[k]!;
      if (slot >= 0) c[slot] = code;
    }
    c[14] = 0x34; // '4'
    c[19] = HEX.charCodeAt(8 + (this.#bits() >>> 30)); // 8 + floor(bits / 2^32 * 4)
    c[8] = c[13] = c[18] = c[23] = 0x2d; // '-'
    return String.fromCharCode.apply(null, c);
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
    return this.#pick(STD_B64, 22, '==');
  }

  /** A short opaque id for internal records (invocations, trace events). */
  short(prefix: string): string {
    return `${prefix}-${this.#pick(LOWER_ALNUM, 8)}`;
  }
}
