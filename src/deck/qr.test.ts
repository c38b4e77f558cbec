import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { QR_MAX_BYTES } from './links';
import { QUIET_ZONE, qrCode, type Qr } from './qr';

/** The code as an RGBA image (`scale` pixels a module, quiet zone included), as a camera would see it. */
function image(qr: Qr, scale = 4): { data: Uint8ClampedArray; side: number } {
  const side = (qr.size + 2 * QUIET_ZONE) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  qr.modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + QUIET_ZONE) * scale + dy) * side + (x + QUIET_ZONE) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return { data, side };
}

describe('QR codes for the room', () => {
  it('encodes a lesson link that a reader decodes back to the same link', () => {
    const link = 'https://example.com/some/prefix/#/lessons/routing-table?class';
    const qr = qrCode(link);
    expect(qr).not.toBeNull();
    if (!qr) return;
    expect(qr.ecc).toBe('M');
    expect(qr.size).toBe(17 + 4 * qr.version);
    expect(qr.modules).toHaveLength(qr.size);
    const { data, side } = image(qr);
    expect(jsQR(data, side, side)?.data).toBe(link);
  });

  it('draws the same modules in its SVG path as in its matrix', () => {
    const qr = qrCode('https://e.com/#/lessons/a')!;
    let dark = 0;
    for (const m of qr.path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      const [x, y, n] = [Number(m[1]) - QUIET_ZONE, Number(m[2]) - QUIET_ZONE, Number(m[3])];
      for (let i = 0; i < n; i++) expect(qr.modules[y][x + i]).toBe(true);
      dark += n;
    }
    expect(dark).toBe(qr.modules.flat().filter(Boolean).length);
  });

  it('falls back to level L for a long share link, decodes it, and gives up past what a code holds', () => {
    const long = 'https://e.com/#/share/v1.z.' + 'aB3_-'.repeat(480);
    const qr = qrCode(long)!;
    expect(qr.ecc).toBe('L');
    const { data, side } = image(qr, 3);
    expect(jsQR(data, side, side)?.data).toBe(long);
    expect(qrCode('x'.repeat(QR_MAX_BYTES))?.version).toBe(40);
    expect(qrCode('x'.repeat(QR_MAX_BYTES + 1))).toBeNull();
  }, 30_000);
});
