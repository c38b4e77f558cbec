/**
 * Reads the frame boundaries of a client's messages off the raw socket, so the engine can apply
 * API Gateway's 32 KB frame quota to the frames that really arrived (`send(text, { frames })`).
 * The `ws` package reassembles fragments and reports whole messages; this scanner sees the same
 * bytes first (it is prepended to the socket's `data` listeners) and only walks the frame
 * headers (RFC 6455 §5.2), skipping payloads without unmasking them.
 */

/** Data frames: continuation, text, binary (RFC 6455 §5.2); control frames (8–15) never fragment a message. */
const isDataOpcode = (op: number) => op <= 2;

export class FrameScanner {
  /** Payload sizes of the frames of the message being received. */
  #current: number[] = [];
  /** The frame sizes of every finished message ws has not yet reported, oldest first. */
  readonly #done: number[][] = [];
  /** Header bytes of a frame whose header is split across chunks. */
  #header: number[] = [];
  /** Payload bytes still to skip in the current frame. */
  #skip = 0;

  /** Feeds one chunk of what the client sent. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - i);
        this.#skip -= n;
        i += n;
        continue;
      }
      if (this.#header.length === 0) {
        // The usual case, a whole header in this chunk, is read in place (no byte-by-byte copy).
        const read = this.#headerAt(chunk, i);
        if (read > 0) {
          i += read;
          continue;
        }
      }
      this.#header.push(chunk[i++]);
      this.#tryHeader();
    }
  }

  /** The frame sizes of the oldest finished message (undefined if the scanner saw none). */
  next(): number[] | undefined {
    return this.#done.shift();
  }

  /** Reads a frame header at `at` if it is whole there: its length in bytes, else 0. */
  #headerAt(h: ArrayLike<number>, at: number): number {
    const available = h.length - at;
    if (available < 2) return 0;
    const len7 = h[at + 1] & 0x7f;
    const masked = (h[at + 1] & 0x80) !== 0;
    const extra = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const need = 2 + extra + (masked ? 4 : 0);
    if (available < need) return 0;
    let length = len7;
    if (extra === 2) length = (h[at + 2] << 8) | h[at + 3];
    else if (extra === 8) {
      length = 0;
      // 2^53 is far beyond anything ws accepts (maxPayload); Number arithmetic is enough.
      for (let k = 2; k < 10; k++) length = length * 256 + h[at + k];
    }
    this.#frame((h[at] & 0x80) !== 0, h[at] & 0x0f, length);
    return need;
  }

  #tryHeader(): void {
    if (this.#headerAt(this.#header, 0) > 0) this.#header = [];
  }

  #frame(fin: boolean, opcode: number, length: number): void {
    this.#skip = length;
    if (!isDataOpcode(opcode)) return;
    this.#current.push(length);
    if (fin) {
      this.#done.push(this.#current);
      this.#current = [];
    }
  }
}
