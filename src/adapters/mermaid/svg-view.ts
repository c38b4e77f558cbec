/**
 * Reading and adjusting the SVG Mermaid drew, once it is in the page: its natural size and
 * smallest font (for the zoom rule), its size at a scale, one group per drawn step (with the whole
 * label as a tooltip, and the newest step marked), and a copy of the participant row that can stay
 * at the top while the diagram scrolls.
 *
 * Mermaid (11 and 12) tags what it draws: `data-et="message"` on each message's line, preceded by
 * its `text.messageText` lines, `data-et="note"` on each note's group, `data-et="participant"`
 * and `data-et="life-line"` on the lanes, and a `data-id="i<N>"` that numbers messages and notes
 * in the order of the text. Everything added here is text set with `textContent` (never markup)
 * or a copy of Mermaid's own, already scrubbed, elements.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** What one drawn step needs from the diagram text: its whole label, and whether it is the newest. */
export interface StepMark {
  title: string;
  newest: boolean;
}

export interface SvgSize {
  /** The natural size (the viewBox), in SVG units. */
  width: number;
  height: number;
  /** The smallest font size of any label, in SVG units. */
  smallestFont: number;
}

export function measureSvg(svg: SVGSVGElement): SvgSize {
  const box = svg.viewBox.baseVal;
  // A drawing that knows its smallest font says so (./plain.ts): reading every label's computed
  // style makes the page recompute its styles, once per live drawing.
  let smallestFont = Number(svg.dataset.smallestFont) || Infinity;
  for (const text of Number.isFinite(smallestFont) ? [] : svg.querySelectorAll('text')) {
    if (!text.textContent?.trim()) continue;
    const size = parseFloat(getComputedStyle(text).fontSize);
    if (size > 0) smallestFont = Math.min(smallestFont, size);
  }
  return {
    width: box?.width || svg.getBoundingClientRect().width || 1,
    height: box?.height || svg.getBoundingClientRect().height || 1,
    smallestFont: Number.isFinite(smallestFont) ? smallestFont : 16,
  };
}

/** Draws the SVG at `scale` × its natural size, replacing Mermaid's width=100% + max-width. */
export function sizeSvg(svg: SVGSVGElement, size: SvgSize, scale: number): void {
  svg.removeAttribute('width');
  svg.style.maxWidth = 'none';
  svg.style.width = `${size.width * scale}px`;
  svg.style.height = `${size.height * scale}px`;
}

/** Messages and notes in the order of the diagram text (Mermaid draws notes first, so DOM order differs). */
function drawnSteps(svg: SVGSVGElement): Element[] {
  const order = (el: Element) => Number(/^i(\d+)$/.exec(el.getAttribute('data-id') ?? '')?.[1] ?? NaN);
  return [...svg.querySelectorAll('[data-et="message"], [data-et="note"]')]
    .filter((el) => Number.isFinite(order(el)))
    .sort((a, b) => order(a) - order(b));
}

/**
 * Wraps each message's text lines and line in one `<g class="agp-step">` (a note's group already
 * is one), gives it a `<title>` with the whole label and `data-step` = its index in `steps`, and
 * marks the newest with `agp-newest`. Returns the groups, indexed like `steps`.
 */
export function decorateSteps(svg: SVGSVGElement, steps: readonly StepMark[]): SVGGElement[] {
  const drawn = drawnSteps(svg);
  const groups: SVGGElement[] = [];
  for (let i = 0; i < Math.min(drawn.length, steps.length); i++) {
    const el = drawn[i]!;
    let group: SVGGElement;
    if (el.getAttribute('data-et') === 'note') group = el as SVGGElement;
    else {
      const texts: Element[] = [];
      for (let prev = el.previousElementSibling; prev?.classList.contains('messageText');) {
        texts.unshift(prev);
        prev = prev.previousElementSibling;
      }
      group = document.createElementNS(SVG_NS, 'g');
      el.before(group);
      group.append(...texts, el);
    }
    group.classList.add('agp-step');
    group.classList.toggle('agp-newest', steps[i]!.newest);
    group.dataset.step = String(i);
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = steps[i]!.title;
    group.prepend(title);
    groups.push(group);
  }
  return groups;
}

function copyAsIs(source: Element): Element {
  const copy = source.cloneNode(true) as Element;
  for (const el of [copy, ...copy.querySelectorAll('[id]')]) el.removeAttribute('id');
  return copy;
}

/** Presentation properties a copied element needs once Mermaid's id-scoped stylesheet no longer applies. */
const COPIED_STYLES = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

function copyWithStyles(source: Element): Element {
  const copy = source.cloneNode(true) as Element;
  const from = [source, ...source.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i] as SVGElement;
    target.removeAttribute('id');
    const computed = getComputedStyle(el);
    for (const p of COPIED_STYLES) target.style.setProperty(p, computed.getPropertyValue(p));
  });
  return copy;
}

export interface ParticipantStrip {
  /** A new SVG holding copies of the participant boxes (and the top of the life-lines), aria-hidden. */
  svg: SVGSVGElement;
  /** Its vertical extent in the diagram, in SVG units from the top of the viewBox. */
  top: number;
  height: number;
}

/**
 * A copy of the participant row, to be drawn over the diagram's own and kept in view while the
 * diagram scrolls (sticky headers). Copies rather than moves, so the diagram itself stays whole
 * for assistive technology and for anything that reads it; the copy is hidden from both.
 * Null when the diagram has no participants (a flowchart) or is not laid out (hidden).
 */
function participantStrip(svg: SVGSVGElement): ParticipantStrip | null {
  const participants = [...svg.querySelectorAll('[data-et="participant"]')] as SVGGraphicsElement[];
  if (!participants.length) return null;
  const box = svg.viewBox.baseVal;
  // A drawing that knows where its participant row is (./plain.ts) says so: measuring the boxes
  // would lay the page out once more for every live drawing.
  let [top = Infinity, bottom = -Infinity] = (svg.dataset.participantRow ?? '').split(' ').map(Number);
  if (!Number.isFinite(top) || !Number.isFinite(bottom)) {
    top = Infinity;
    bottom = -Infinity;
    for (const p of participants) {
      const b = p.getBBox();
      if (!b.height) continue;
      top = Math.min(top, b.y);
      bottom = Math.max(bottom, b.y + b.height);
    }
  }
  if (!Number.isFinite(top)) return null;
  // A little room for the boxes' strokes.
  top -= 2;
  bottom += 4;
  const strip = document.createElementNS(SVG_NS, 'svg');
  strip.setAttribute('viewBox', `${box.x} ${top} ${box.width} ${bottom - top}`);
  strip.setAttribute('aria-hidden', 'true');
  strip.setAttribute('focusable', 'false');
  // Mermaid styles its parts with a stylesheet scoped to its SVG's id, which a copy leaves behind;
  // a drawing whose parts carry their own styles (./plain.ts) is copied as it is.
  const copy = svg.dataset.inlineStyles === 'true' ? copyAsIs : copyWithStyles;
  for (const line of svg.querySelectorAll('[data-et="life-line"]')) strip.append(copy(line));
  for (const p of participants) strip.append(copy(p));
  return { svg: strip, top: top - box.y, height: bottom - top };
}

/** Puts the participant strip of `svg` in `host` (emptying it when there is none) and returns it. */
export function placeParticipantStrip(host: HTMLElement, svg: SVGSVGElement): ParticipantStrip | null {
  const strip = participantStrip(svg);
  host.replaceChildren(...(strip ? [strip.svg] : []));
  return strip;
}
