/**
 * The diagram before any traffic ("No traffic yet": one lane and a note or two), drawn without
 * Mermaid. It is the same on every start, and drawing it with Mermaid cost ~190 KB of script and
 * ~230 ms of main thread before the first paint could show a diagram; Mermaid now loads on the
 * first step (or when the page is idle, see `preloadDiagramRenderer`).
 *
 * The SVG copies what Mermaid draws for the same text (the README's sequence layout: actor boxes
 * `width: 110`, the classic look, 16 px "trebuchet ms"), in the page's diagram colours, and tags
 * its parts as Mermaid does (`data-et="participant"`, `"life-line"`, `"note"` with `data-id="i<N>"`),
 * so the zoomable view decorates, measures and pins it like any other. Text goes in with
 * `textContent`, never as markup.
 */
import type { PlainDiagram } from '../../diagram';
import { diagramPalette } from './renderer';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = '"trebuchet ms", verdana, arial, sans-serif';
const FONT_SIZE = 16;
/** Mermaid's sequence layout as the playground configures it (READABLE_DIAGRAM: `width: 110`): the least width of a box. */
const ACTOR_MIN_WIDTH = 110;
const ACTOR_HEIGHT = 65;
/** Room around a label inside a box, and between boxes, as Mermaid leaves it. */
const PAD = 10;
const NOTE_HEIGHT = 37;
/** Mermaid's diagram margin around everything drawn (viewBox), sideways and at top and bottom. */
const MARGIN_X = 50;
const MARGIN_Y = 10;

let measurer: CanvasRenderingContext2D | null | undefined;

/** A label's width in px, in the diagram's font (a canvas measures without a layout of the page). */
function textWidth(text: string): number {
  if (measurer === undefined) {
    measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (measurer) measurer.font = `${FONT_SIZE}px ${FONT}`;
  }
  // Without a canvas (never in a browser), a generous average character width.
  return measurer ? measurer.measureText(text).width : text.length * FONT_SIZE * 0.6;
}

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  style: Record<string, string> = {},
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  for (const [k, v] of Object.entries(style)) node.style.setProperty(k, v);
  return node;
}

/** One centred line of text (Mermaid draws each label line as a `<tspan>`). */
function label(x: number, y: number, text: string, cls: string, colour: string, extra: Record<string, string> = {}) {
  const t = el(
    'text',
    { x, y, class: cls, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'alignment-baseline': 'central' },
    { 'font-family': FONT, 'font-size': `${FONT_SIZE}px`, 'font-weight': '400', ...extra },
  );
  const span = el('tspan', { x }, { fill: colour, stroke: 'none' });
  span.textContent = text;
  t.append(span);
  return t;
}

let drawn = 0;

/** The SVG for a diagram without steps: the lane's box and life-line, and each note below it. */
export function drawPlainDiagram(diagram: PlainDiagram): SVGSVGElement {
  const colours = diagramPalette();
  const id = `agp-plain-${++drawn}`;
  const actorWidth = Math.max(ACTOR_MIN_WIDTH, Math.ceil(textWidth(diagram.lane)) + 2 * PAD);
  const centre = actorWidth / 2;

  const svg = el('svg', {
    id,
    xmlns: SVG_NS,
    role: 'graphics-document document',
    'aria-roledescription': 'sequence',
    'aria-labelledby': `chart-title-${id}`,
    'aria-describedby': `chart-desc-${id}`,
  });
  svg.style.maxWidth = 'none';
  const title = el('title', { id: `chart-title-${id}` });
  title.textContent = diagram.title;
  const desc = el('desc', { id: `chart-desc-${id}` });
  desc.textContent = diagram.description;
  svg.append(title, desc);

  const lane = el('g', {});
  lane.append(
    el(
      'line',
      {
        x1: centre,
        y1: ACTOR_HEIGHT,
        x2: centre,
        y2: 2000,
        class: 'actor-line',
        'data-et': 'life-line',
        'data-id': 'lane0',
      },
      { stroke: colours.actorLine, 'stroke-width': '1px' },
    ),
  );
  const participant = el('g', { 'data-et': 'participant', 'data-type': 'participant', 'data-id': 'lane0' });
  participant.append(
    el(
      'rect',
      { x: 0, y: 0, width: actorWidth, height: ACTOR_HEIGHT, rx: 3, ry: 3, class: 'actor actor-top' },
      { fill: colours.actorFill, stroke: colours.actorBorder, 'stroke-width': '1px' },
    ),
    label(centre, ACTOR_HEIGHT / 2, diagram.lane, 'actor actor-box', colours.actorText),
  );
  lane.append(participant);
  svg.append(lane);

  let minX = 0;
  let maxX = actorWidth;
  let y = ACTOR_HEIGHT + PAD;
  diagram.notes.forEach((text, i) => {
    const width = Math.max(ACTOR_MIN_WIDTH, Math.ceil(textWidth(text)) + 2 * PAD);
    const x = centre - width / 2;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x + width);
    const note = el('g', { 'data-et': 'note', 'data-id': `i${i}` });
    note.append(
      el(
        'rect',
        { x, y, width, height: NOTE_HEIGHT, class: 'note' },
        { fill: colours.noteFill, stroke: colours.noteBorder, 'stroke-width': '1px' },
      ),
      label(centre, y + NOTE_HEIGHT / 2, text, 'noteText', colours.noteText),
    );
    svg.append(note);
    y += NOTE_HEIGHT + PAD;
  });
  const bottom = diagram.notes.length ? y - PAD + MARGIN_Y : ACTOR_HEIGHT + MARGIN_Y;
  svg.setAttribute('viewBox', `${minX - MARGIN_X} ${-MARGIN_Y} ${maxX - minX + 2 * MARGIN_X} ${bottom + MARGIN_Y}`);
  return svg;
}
