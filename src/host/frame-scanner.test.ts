import { describe, expect, it } from 'vitest';
import { FrameScanner } from './frame-scanner';

/** A masked client frame (RFC 6455 §5.2) with a payload of `size` zero bytes. */
function frame(opcode: number, fin: boolean, size: number): Uint8Array {
  const head: number[] = [(fin ? 0x80 : 0) | opcode];
  if (size < 126) head.push(0x80 | size);
  else if (size < 65_536) head.push(0x80 | 126, size >> 8, size & 0xff);
  else head.push(0x80 | 127, 0, 0, 0, 0, (size >>> 24) & 0xff, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff);
  head.push(1, 2, 3, 4);
  const out = new Uint8Array(head.length + size);
  out.set(head);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('FrameScanner', () => {
  it('reports the payload size of each frame of a fragmented message, with a ping between them ignored', () => {
    const s = new FrameScanner();
    s.push(
      concat([
        frame(1, false, 25_600),
        frame(9, true, 4),
        frame(0, false, 25_600),
        frame(0, true, 70_000),
        frame(1, true, 5),
      ]),
    );
    expect(s.next()).toEqual([25_600, 25_600, 70_000]);
    expect(s.next()).toEqual([5]);
    expect(s.next()).toBeUndefined();
  });

  it('reads headers split across chunks, one byte at a time', () => {
    const s = new FrameScanner();
    const bytes = concat([frame(1, false, 300), frame(0, true, 126)]);
    for (const b of bytes) s.push(new Uint8Array([b]));
    expect(s.next()).toEqual([300, 126]);
  });
});
