/**
 * A diagram as files: a standalone SVG document and a PNG drawn from it.
 *
 * The SVG is a fresh render of the diagram's text (never the one on screen, which carries the
 * view's step groups, highlights, titles and sticky participant row): Mermaid's own output, with
 * its stylesheet inside, scrubbed as the live view scrubs it, given a size and a background, and
 * serialised as XML. The PNG draws that SVG through an `<img>` onto a canvas at 2×: a same-origin
 * blob URL with no foreignObject, so the canvas stays readable (checked before encoding).
 */
import { inertSvg } from './live';
import { createDiagramRenderer } from './renderer';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Browsers refuse larger canvases (Chromium: 32,767 px a side; Safari less): scale down past this. */
const MAX_CANVAS_SIDE = 16_384;

export interface ExportedSvg {
  /** An XML document (`<?xml …?>` then `<svg xmlns=…>`). */
  svg: string;
  /** Its size in CSS px (the viewBox). */
  width: number;
  height: number;
}

/** The viewBox as numbers (Mermaid always sets one on a sequence diagram). */
function viewBoxOf(root: SVGSVGElement): { x: number; y: number; width: number; height: number } {
  const [x = 0, y = 0, width = 0, height = 0] = (root.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (!(width > 0 && height > 0)) throw new Error('The diagram has no size to export.');
  return { x, y, width, height };
}

/**
 * Renders Mermaid `text` (in the page's diagram theme) as a standalone SVG document on
 * `background` (a CSS colour: the page's, so the theme's text stays readable).
 */
export async function diagramSvg(text: string, background: string): Promise<ExportedSvg> {
  const result = await createDiagramRenderer().render(text);
  if ('error' in result) throw new Error(result.error);
  const root = inertSvg(result.svg);
  const box = viewBoxOf(root);
  // Mermaid sizes it to its container (width 100%, a max-width): a file needs its own size.
  root.setAttribute('width', String(box.width));
  root.setAttribute('height', String(box.height));
  root.style.removeProperty('max-width');
  if (!root.getAttribute('style')?.trim()) root.removeAttribute('style');
  const backdrop = root.ownerDocument.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: box.x, y: box.y, width: box.width, height: box.height }))
    backdrop.setAttribute(k, String(v));
  // Inline, so no rule of Mermaid's stylesheet restyles it.
  backdrop.setAttribute('style', `fill: ${background}; stroke: none`);
  root.prepend(backdrop);
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
  // Serialised from a parsed tree it is well-formed, but the file is what counts: read it back as XML.
  const check = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (check.getElementsByTagName('parsererror').length)
    throw new Error('The diagram did not serialise as well-formed SVG.');
  return { svg, width: box.width, height: box.height };
}

/**
 * Draws the SVG at `scale` × its size (less if the canvas would be too large to make) on a
 * canvas and encodes it as PNG. Rejects, saying why, when the image cannot be decoded or the
 * canvas cannot be read back.
 */
export async function svgToPng(image: ExportedSvg, scale = 2): Promise<Blob> {
  const fit = Math.min(scale, MAX_CANVAS_SIDE / Math.max(image.width, image.height));
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode().catch(() => {
      throw new Error('The browser could not draw the diagram as an image.');
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.width * fit));
    canvas.height = Math.max(1, Math.round(image.height * fit));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('The browser has no 2D canvas to draw the PNG on.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    try {
      ctx.getImageData(0, 0, 1, 1);
    } catch {
      throw new Error('The browser will not let the page read the drawn diagram back (the canvas is tainted).');
    }
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
