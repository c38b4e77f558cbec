/**
 * A sequence diagram drawn without Mermaid, from `traceToMermaid`'s plain parts and laid out by
 * src/diagram/layout.ts as Mermaid lays out the same text. Two uses:
 * - the diagram before any traffic ("No traffic yet"), the same on every start: drawing it with
 *   Mermaid cost ~190 KB of script and ~230 ms of main thread before the first paint;
 * - the live diagram while steps stream in: a Mermaid render of a 50-step window blocks the page
 *   for 200–900 ms (layout, text measuring, parsing its SVG), this for a few ms, so a steady
 *   stream no longer freezes the page and a new step is on screen within a frame or two. Mermaid
 *   draws the same text once the stream stops (./live.ts), and nothing moves when it does.
 *
 * The SVG copies Mermaid's classic look (its markers, dashes, stroke widths, the person drawn for
 * an `actor`, 16 px "trebuchet ms") in the page's diagram colours, and tags its parts as Mermaid
 * does (`data-et="participant"`, `"life-line"`, `"message"` after its `text.messageText`, `"note"`,
 * with `data-id="i<N>"` in the order of the text), so the zoomable view decorates, measures and
 * pins it like any other. Text goes in with `textContent`, never as markup.
 */
import {
  layoutSequence,
  measuredText,
  type HeadKind,
  type MeasureText,
  type PlacedLane,
  type TextBox,
} from '../../diagram/layout';
import type { PlainDiagram } from '../../diagram';
import { diagramPalette, type DiagramPalette } from './renderer';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = '"trebuchet ms", verdana, arial, sans-serif';
const FONT_SIZE = 16;
/** Where Mermaid ends the life-lines (it draws them long and lets the viewBox cut them). */
const LIFE_LINE_END = 2000;

/** Sizes measured so far, by text: a live diagram measures each new label once. */
const sizes = new Map<string, TextBox>();
const MAX_REMEMBERED = 4000;

/** The page's body font, read once: the font Mermaid 12 measures sequence labels in (below). */
let bodyFont: string | undefined;
let context: CanvasRenderingContext2D | null | undefined;

/**
 * Measures texts as Mermaid 12 does (its `calculateTextDimensions`): the box of the text at 16 px,
 * rounded, once in `sans-serif` and once in the font it asks for, which for sequence labels is
 * none (its config sets no `messageFontFamily`), so the page's own body font; the `sans-serif`
 * size is used only when it is larger in both width and height. Mermaid reads an SVG `<text>`'s
 * bounding box; this reads a canvas's text metrics, which give the same box (within a fraction
 * of a pixel in Chromium, in serif, sans-serif, monospace and system fonts, for Latin, CJK and
 * emoji alike) without laying the page out: with 200 clients on the page, one `getBBox` forced a
 * 100 ms layout in the middle of every live drawing. Without a canvas (Node), a generous guess,
 * never remembered.
 */
function measureAll(texts: Iterable<string>): MeasureText {
  const fresh = [...new Set(texts)].filter((t) => !sizes.has(t));
  const guess = (text: string): TextBox => ({ width: text.length * 9, height: 19 });
  if (fresh.length) {
    context ??= typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (context) {
      bodyFont ??= getComputedStyle(document.body).fontFamily || 'sans-serif';
      if (sizes.size + fresh.length > MAX_REMEMBERED) sizes.clear();
      const ctx = context;
      const box = (content: string, family: string) => {
        ctx.font = `400 ${FONT_SIZE}px ${family}`;
        // Mermaid measures an empty line as a zero-width space.
        const m = ctx.measureText(content || '\u200b');
        // An SVG text's box is the font's box (advance × ascent + descent) grown to the glyphs'
        // ink where it reaches beyond: a serif "y" below the font's descent adds a pixel.
        return {
          width: Math.round(Math.max(m.width, m.actualBoundingBoxRight) + Math.max(0, m.actualBoundingBoxLeft)),
          height: Math.round(
            Math.max(m.fontBoundingBoxAscent, m.actualBoundingBoxAscent) +
              Math.max(m.fontBoundingBoxDescent, m.actualBoundingBoxDescent),
          ),
        };
      };
      for (const content of fresh) {
        const [sans, own] = [box(content, 'sans-serif'), box(content, bodyFont)];
        sizes.set(content, sans.width > own.width && sans.height > own.height ? sans : own);
      }
    }
  }
  return (text) => sizes.get(text) ?? guess(text);
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

const FONT_STYLE = { 'font-family': FONT, 'font-size': `${FONT_SIZE}px`, 'font-weight': '400' };

/** A lane name or note text: one centred `<tspan>`, as Mermaid draws each label line. */
function spanned(x: number, y: number, text: string, cls: string, colour: string, middle = false) {
  const baseline = middle ? 'middle' : 'central';
  const t = el(
    'text',
    { x, y, class: cls, 'text-anchor': 'middle', 'dominant-baseline': baseline, 'alignment-baseline': baseline },
    FONT_STYLE,
  );
  if (middle) t.setAttribute('dy', '1em');
  const span = el('tspan', { x }, { fill: colour, stroke: 'none' });
  span.textContent = text;
  t.append(span);
  return t;
}

/** Mermaid's three arrow heads, with the ids this drawing's lines point at. */
function markers(id: string, colour: string): SVGDefsElement {
  const defs = el('defs', {});
  const arrow = el('marker', {
    id: `${id}-arrowhead`,
    refX: 7.9,
    refY: 5,
    markerUnits: 'userSpaceOnUse',
    markerWidth: 12,
    markerHeight: 12,
    orient: 'auto-start-reverse',
  });
  arrow.append(el('path', { d: 'M -1 0 L 10 5 L 0 10 z' }, { fill: colour, stroke: colour }));
  const cross = el('marker', {
    id: `${id}-crosshead`,
    markerWidth: 15,
    markerHeight: 8,
    orient: 'auto',
    refX: 4,
    refY: 4.5,
  });
  cross.append(el('path', { d: 'M 1,2 L 6,7 M 6,2 L 1,7' }, { fill: 'none', stroke: colour, 'stroke-width': '1pt' }));
  const filled = el('marker', {
    id: `${id}-filled-head`,
    refX: 15.5,
    refY: 7,
    markerWidth: 20,
    markerHeight: 28,
    orient: 'auto',
  });
  filled.append(el('path', { d: 'M 18,7 L9,13 L14,7 L9,1 Z' }, { fill: colour, stroke: colour }));
  defs.append(arrow, cross, filled);
  return defs;
}

const HEAD_ID: Record<HeadKind, string> = { arrow: 'arrowhead', cross: 'crosshead', filled: 'filled-head' };

/** A lane: its life-line, then its box (or, for an `actor`, Mermaid's little person and the name under it). */
function lane(l: PlacedLane, i: number, colours: DiagramPalette): SVGGElement {
  const g = el('g', {});
  const id = `lane${i}`;
  g.append(
    el(
      'line',
      {
        x1: l.centre,
        y1: l.actor ? 80 : 65,
        x2: l.centre,
        y2: LIFE_LINE_END,
        class: 'actor-line',
        'data-et': 'life-line',
        'data-id': id,
      },
      { stroke: colours.actorLine, 'stroke-width': '2px' },
    ),
  );
  const c = l.centre;
  if (l.actor) {
    const man = el(
      'g',
      { class: 'actor-man actor-top', 'data-et': 'participant', 'data-type': 'actor', 'data-id': id },
      { stroke: colours.actorBorder, fill: colours.actorFill, 'stroke-width': '2px' },
    );
    man.append(
      el('line', { x1: c, y1: 25, x2: c, y2: 45 }),
      el('line', { x1: c - 18, y1: 33, x2: c + 18, y2: 33 }),
      el('line', { x1: c - 18, y1: 60, x2: c, y2: 45 }),
      el('line', { x1: c, y1: 45, x2: c + 16, y2: 60 }),
      el('circle', { cx: c, cy: 10, r: 15 }),
      spanned(c, 67.5, l.name, 'actor actor-man', colours.actorText),
    );
    g.append(man);
  } else {
    const box = el('g', { 'data-et': 'participant', 'data-type': 'participant', 'data-id': id });
    box.append(
      el(
        'rect',
        { x: l.x, y: 0, width: l.width, height: 65, rx: 3, ry: 3, class: 'actor actor-top' },
        { fill: colours.actorFill, stroke: colours.actorBorder, 'stroke-width': '1px' },
      ),
      spanned(c, 32.5, l.name, 'actor actor-box', colours.actorText),
    );
    g.append(box);
  }
  return g;
}

let drawn = 0;

/** The SVG for a plain diagram, laid out as Mermaid lays out its text. */
export function drawPlainDiagram(diagram: PlainDiagram): SVGSVGElement {
  const colours = diagramPalette();
  const id = `agp-plain-${++drawn}`;
  const measure = measureAll(
    [...diagram.lanes.map((l) => l.name), ...diagram.steps.map((s) => s.text)].map(measuredText),
  );
  const layout = layoutSequence(diagram.lanes, diagram.steps, diagram.spacing, measure);

  const svg = el('svg', {
    id,
    xmlns: SVG_NS,
    role: 'graphics-document document',
    'aria-roledescription': 'sequence',
    'aria-labelledby': `chart-title-${id}`,
    'aria-describedby': `chart-desc-${id}`,
  });
  svg.style.maxWidth = 'none';
  // What the zoomable view would otherwise read off the page (./svg-view.ts), each read a layout.
  svg.dataset.smallestFont = String(FONT_SIZE);
  svg.dataset.inlineStyles = 'true';
  const anyActor = layout.lanes.some((l) => l.actor);
  // A box is 0–65; a person's head starts 5 above, and the name under it ends near 76.
  svg.dataset.participantRow = anyActor ? '-5 76.5' : '0 65';
  const title = el('title', { id: `chart-title-${id}` });
  title.textContent = diagram.title;
  const desc = el('desc', { id: `chart-desc-${id}` });
  desc.textContent = diagram.description;
  svg.append(title, desc, markers(id, colours.signal));
  // Lanes from the last to the first, as Mermaid draws them (the first lane's box on top).
  for (let i = layout.lanes.length - 1; i >= 0; i--) svg.append(lane(layout.lanes[i]!, i, colours));

  layout.steps.forEach((s, i) => {
    const dataId = `i${i}`;
    if (s.kind === 'note') {
      const note = el('g', { 'data-et': 'note', 'data-id': dataId });
      note.append(
        el(
          'rect',
          { x: s.x, y: s.y, width: s.width, height: s.height, class: 'note' },
          { fill: colours.noteFill, stroke: colours.noteBorder, 'stroke-width': '1px' },
        ),
        spanned(s.textX, s.textY, s.text, 'noteText', colours.noteText, true),
      );
      svg.append(note);
      return;
    }
    const text = el(
      'text',
      {
        x: s.textX,
        y: s.textY,
        'text-anchor': 'middle',
        'dominant-baseline': 'middle',
        'alignment-baseline': 'middle',
        class: 'messageText',
        dy: '1em',
      },
      { ...FONT_STYLE, fill: colours.signalText, stroke: 'none' },
    );
    text.textContent = s.text;
    const line = el(
      'line',
      {
        x1: s.x1,
        y1: s.y,
        x2: s.x2,
        y2: s.y,
        class: s.dashed ? 'messageLine1' : 'messageLine0',
        'data-et': 'message',
        'data-id': dataId,
        'data-from': `lane${s.from}`,
        'data-to': `lane${s.to}`,
        'marker-end': `url(#${id}-${HEAD_ID[s.head]})`,
      },
      {
        fill: 'none',
        stroke: colours.signal,
        'stroke-width': '1.5px',
        ...(s.dashed ? { 'stroke-dasharray': '3, 3' } : {}),
      },
    );
    svg.append(text, line);
  });
  const box = layout.viewBox;
  svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  return svg;
}
