/**
 * QR codes for the room, made on the page (uqr, no web service: a link never leaves the
 * browser). Loaded only when a trainer opens a step's link, so the encoder is not in the first
 * load. The matrix becomes one SVG path of horizontal runs, drawn as elements by the component
 * (never as markup text).
 */
import { encode } from 'uqr';

/** The light margin every reader expects around a code, in modules (ISO/IEC 18004's quiet zone). */
export const QUIET_ZONE = 4;

export interface Qr {
  /** QR version (1–40): 21 modules a side at 1, four more per version. */
  version: number;
  /** Modules a side, without the quiet zone. */
  size: number;
  /** Error correction: M where the link fits (reads through glare and a bad angle), else L. */
  ecc: 'M' | 'L';
  /** `true` is dark, row by row. */
  modules: boolean[][];
  /** The dark modules as an SVG path, offset by the quiet zone. */
  path: string;
}

/** The QR code of `text`, or null when no QR code can carry it. */
export function qrCode(text: string): Qr | null {
  for (const ecc of ['M', 'L'] as const) {
    let r: ReturnType<typeof encode>;
    try {
      r = encode(text, { ecc, border: 0 });
    } catch {
      continue;
    }
    return { version: r.version, size: r.size, ecc, modules: r.data, path: runsPath(r.data, QUIET_ZONE) };
  }
  return null;
}

/** Each row's runs of dark modules as `M x y h n v 1 h -n z`. */
function runsPath(rows: boolean[][], offset: number): string {
  const parts: string[] = [];
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let n = 1;
      while (row[x + n]) n++;
      parts.push(`M${x + offset} ${y + offset}h${n}v1h-${n}z`);
      x += n;
    }
  });
  return parts.join('');
}
