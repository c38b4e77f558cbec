import { afterEach, describe, expect, it } from 'vitest';
import { READABLE_DIAGRAM, traceToMermaid, type PlainDiagram } from '../../diagram';
import { chatTrace, longTrace, MALICIOUS, roomTrace } from '../../diagram/fixtures';
import {
  createDiagramRenderer,
  createLiveDiagram,
  decorateSteps,
  measureSvg,
  placeParticipantStrip,
  setPageDiagramTheme,
} from '.';
import type { DiagramRenderer } from './renderer';
import { drawPlainDiagram } from './plain';

const targets: HTMLElement[] = [];
function target(): HTMLElement {
  const el = document.createElement('div');
  el.style.width = '800px';
  document.body.append(el);
  targets.push(el);
  return el;
}

afterEach(() => {
  for (const el of targets.splice(0)) el.remove();
});

/** A renderer that counts its calls, so a test can tell when Mermaid was asked. */
function countingRenderer(): DiagramRenderer & { calls: string[] } {
  const real = createDiagramRenderer({ theme: 'default' });
  const calls: string[] = [];
  return {
    calls,
    render(text) {
      calls.push(text);
      return real.render(text);
    },
  };
}

const empty = (observedFromClient = false) =>
  traceToMermaid([], { window: { size: 48 }, observedFromClient, ...READABLE_DIAGRAM });

/** Where a drawing puts its parts: lanes, message lines and labels, notes, and its viewBox (SVG units). */
function geometry(svg: SVGSVGElement) {
  const num = (el: Element, a: string) => Number(el.getAttribute(a));
  const order = (el: Element) => Number(el.getAttribute('data-id')!.slice(1));
  const steps = [...svg.querySelectorAll('[data-et="message"], [data-et="note"]')].sort((a, b) => order(a) - order(b));
  return {
    lanes: [...svg.querySelectorAll('[data-et="life-line"]')].map((l) => num(l, 'x1')).sort((a, b) => a - b),
    steps: steps.map((s) => {
      if (s.getAttribute('data-et') === 'note') {
        const r = s.querySelector('rect')!;
        return { note: s.textContent?.trim(), x: num(r, 'x'), y: num(r, 'y'), w: num(r, 'width'), h: num(r, 'height') };
      }
      const label = s.previousElementSibling!;
      return {
        message: label.textContent?.trim(),
        x1: num(s, 'x1'),
        x2: num(s, 'x2'),
        y: num(s, 'y1'),
        textX: num(label, 'x'),
        textY: num(label, 'y'),
        dashed: getComputedStyle(s).strokeDasharray !== 'none',
        head: /-(arrowhead|crosshead|filled-head)\)/.exec(s.getAttribute('marker-end') ?? '')?.[1],
      };
    }),
    viewBox: (({ x, y, width, height }) => ({ x, y, width, height }))(svg.viewBox.baseVal),
  };
}

/** Every number in `a` within `tolerance` of the same one in `b`, every other value equal. */
function expectClose(a: unknown, b: unknown, tolerance: number, path = 'drawing'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > tolerance) throw new Error(`${path}: ${a} (plain) vs ${b} (Mermaid)`);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) expectClose((a as never)[k], (b as never)[k], tolerance, `${path}.${k}`);
  } else expect(a, path).toEqual(b);
}

async function mermaidSvg(text: string): Promise<SVGSVGElement> {
  const el = target();
  const live = createLiveDiagram(el, { theme: 'default' });
  live.update(text);
  await live.whenIdle();
  return el.querySelector('svg')!;
}

function plainSvg(plain: PlainDiagram): SVGSVGElement {
  const svg = drawPlainDiagram(plain);
  target().append(svg);
  return svg;
}

describe('a sequence diagram drawn without Mermaid', () => {
  const cases = {
    'a chat with an authorizer, six lanes': chatTrace(),
    'eight clients sharing lanes, a broadcast': roomTrace(),
    'a window of a long trace, with the note on hidden steps': longTrace(80),
    'no traffic yet': [],
  };
  for (const [name, trace] of Object.entries(cases)) {
    it(`puts every lane, message and note where Mermaid does: ${name}`, async () => {
      for (const options of [READABLE_DIAGRAM, {}]) {
        const diagram = traceToMermaid(trace, { window: { size: 50 }, ...options });
        expect(diagram.plain).toBeDefined();
        const theirs = geometry(await mermaidSvg(diagram.text));
        const mine = geometry(plainSvg(diagram.plain!));
        // The same texts in the same order, and the same kinds of line and head.
        expect(mine.steps.map((s) => ('note' in s ? s.note : s.message))).toEqual(
          theirs.steps.map((s) => ('note' in s ? s.note : s.message)),
        );
        // Both measure text with SVG text in the same page; Mermaid rounds some sums differently.
        expectClose(mine, theirs, 2);
      }
    }, 60_000);
  }

  it('is read by the zoomable view as Mermaid’s is: steps, a participant row, a size', () => {
    const diagram = traceToMermaid(chatTrace(), { window: { size: 50 }, ...READABLE_DIAGRAM });
    const svg = plainSvg(diagram.plain!);
    expect(svg.getAttribute('aria-roledescription')).toBe('sequence');
    expect(svg.querySelector('title')?.textContent).toBe('API Gateway sequence diagram');
    const steps = decorateSteps(
      svg,
      diagram.items.map((i) => ({ title: i.full, newest: i.newest })),
    );
    expect(steps).toHaveLength(diagram.items.length);
    expect(steps.map((g) => g.querySelector('title')?.textContent)).toEqual(diagram.items.map((i) => i.full));
    const strip = placeParticipantStrip(document.createElement('div'), svg);
    expect([...strip!.svg.querySelectorAll('text')].map((t) => t.textContent)).toEqual(
      expect.arrayContaining(['alice', 'API Gateway', 'λ sendmessage']),
    );
    expect(measureSvg(svg).smallestFont).toBe(16);
  });

  it('draws hostile lane names, labels and notes as text, never as markup', () => {
    for (const input of MALICIOUS) {
      const svg = plainSvg({
        title: input,
        description: input,
        lanes: [
          { name: input, actor: true },
          { name: input, actor: false },
        ],
        steps: [
          { kind: 'message', from: 0, to: 1, arrow: '->>', text: input },
          { kind: 'note', from: 1, to: 1, text: input },
        ],
        spacing: { width: 110, margin: 30 },
        traffic: true,
      });
      expect(svg.querySelectorAll('script, img, iframe, a, foreignObject').length).toBe(0);
      expect([...svg.querySelectorAll('text')].map((t) => t.textContent)).toEqual([input, input, input, input]);
      expect(
        [...svg.querySelectorAll('*')].flatMap((n) => n.getAttributeNames()).filter((a) => a.startsWith('on')),
      ).toEqual([]);
    }
  });
});

describe('the live diagram with plain parts', () => {
  it('draws the diagram before any traffic without ever asking Mermaid', async () => {
    const diagram = empty();
    const renderer = countingRenderer();
    const el = target();
    const live = createLiveDiagram(el, { renderer, settleMs: 0 });
    live.update(diagram.text, '0', undefined, diagram.plain);
    await live.whenSettled();
    expect(renderer.calls).toEqual([]);
    expect(el.dataset.version).toBe('1');
    expect(el.dataset.tag).toBe('0');
    expect(el.dataset.drawnBy).toBe('plain');
    expect([...el.querySelectorAll('svg text')].map((t) => t.textContent)).toEqual(['API Gateway', 'No traffic yet']);
  });

  it('draws each step at once while they stream in, and Mermaid draws the last once they stop', async () => {
    const renderer = countingRenderer();
    const el = target();
    const live = createLiveDiagram(el, { renderer, settleMs: 200 });
    const drawnBy: string[] = [];
    for (let n = 3; n <= 12; n++) {
      const diagram = traceToMermaid(longTrace(n), { window: { size: 50 }, ...READABLE_DIAGRAM });
      live.update(diagram.text, String(n), undefined, diagram.plain);
      await live.whenIdle();
      // Each step is on screen as soon as it is drawn, before the next one comes.
      expect(el.dataset.tag).toBe(String(n));
      expect(el.querySelectorAll('[data-et="message"]').length).toBe(n);
      drawnBy.push(el.dataset.drawnBy!);
    }
    expect(drawnBy.every((by) => by === 'plain')).toBe(true);
    expect(renderer.calls).toEqual([]);
    const lanesBefore = [...el.querySelectorAll('[data-et="life-line"]')].map((l) => l.getAttribute('x1'));
    await live.whenSettled();
    expect(renderer.calls).toHaveLength(1);
    expect(el.dataset.drawnBy).toBe('mermaid');
    expect(el.dataset.tag).toBe('12');
    expect(el.querySelectorAll('[data-et="message"]').length).toBe(12);
    // Nothing moved when Mermaid's drawing replaced the plain one.
    const lanesAfter = [...el.querySelectorAll('[data-et="life-line"]')].map((l) => l.getAttribute('x1'));
    expect(lanesAfter.map(Number)).toEqual(lanesBefore.map(Number));
  }, 60_000);

  it('keeps the newer plain drawing when a step comes while Mermaid is drawing an older one', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = createDiagramRenderer({ theme: 'default' });
    const calls: string[] = [];
    const slow: DiagramRenderer = {
      async render(text) {
        calls.push(text);
        await gate;
        return real.render(text);
      },
    };
    const el = target();
    const live = createLiveDiagram(el, { renderer: slow, settleMs: 0 });
    const first = traceToMermaid(longTrace(4), { window: { size: 50 }, ...READABLE_DIAGRAM });
    live.update(first.text, '4', undefined, first.plain);
    await new Promise<void>((resolve) => {
      const check = () => (calls.length ? resolve() : requestAnimationFrame(check));
      check();
    });
    const second = traceToMermaid(longTrace(6), { window: { size: 50 }, ...READABLE_DIAGRAM });
    live.update(second.text, '6', undefined, second.plain);
    release();
    await live.whenIdle();
    expect(el.dataset.tag).toBe('6');
    expect(el.querySelectorAll('[data-et="message"]').length).toBe(6);
    await live.whenSettled();
    expect(el.dataset.drawnBy).toBe('mermaid');
    expect(el.dataset.tag).toBe('6');
    expect(calls.at(-1)).toBe(second.text);
  }, 60_000);

  it('leaves the plain drawing alone while live drawing is paused, and lets Mermaid draw it once the pause ends', async () => {
    const renderer = countingRenderer();
    const el = target();
    const pace = { paused: false, nextStart: () => 0, rendered: () => {} };
    const live = createLiveDiagram(el, { renderer, settleMs: 0, pace });
    const diagram = traceToMermaid(longTrace(6), { window: { size: 50 }, ...READABLE_DIAGRAM });
    live.update(diagram.text, '6', undefined, diagram.plain);
    await live.whenIdle();
    // Steps now come faster than drawings: the traffic goes on although nothing new is drawn.
    pace.paused = true;
    const settled = live.whenSettled();
    // Several settle rounds pass (each a timer and an idle callback) without Mermaid.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => requestIdleCallback(() => resolve()));
    expect(renderer.calls).toEqual([]);
    expect(el.dataset.drawnBy).toBe('plain');
    pace.paused = false;
    await settled;
    expect(renderer.calls).toEqual([diagram.text]);
    expect(el.dataset.drawnBy).toBe('mermaid');
  }, 60_000);

  it('draws the same text again in the page’s new colours once told the colours changed', async () => {
    const el = target();
    const live = createLiveDiagram(el, { renderer: countingRenderer(), settleMs: 60_000 });
    const diagram = traceToMermaid(chatTrace(), { window: { size: 50 }, ...READABLE_DIAGRAM });
    const fill = () => (el.querySelector('rect.actor') as SVGRectElement).style.fill;
    try {
      setPageDiagramTheme('default');
      live.update(diagram.text, '1', undefined, diagram.plain);
      await live.whenIdle();
      const before = fill();
      setPageDiagramTheme('base', { actorBkg: 'rgb(1, 2, 3)' });
      live.update(diagram.text, '1', undefined, diagram.plain);
      await live.whenIdle();
      expect(fill()).toBe(before); // the same text is not drawn twice
      live.forgetShown();
      live.update(diagram.text, '1', undefined, diagram.plain);
      await live.whenIdle();
      expect(fill()).toBe('rgb(1, 2, 3)');
    } finally {
      setPageDiagramTheme('default');
      live.dispose();
    }
  });

  it('leaves the plain drawing on screen when Mermaid cannot draw the text', async () => {
    const failing: DiagramRenderer = { render: async () => ({ error: 'Could not load the diagram library: offline' }) };
    const errors: string[] = [];
    const el = target();
    const live = createLiveDiagram(el, { renderer: failing, settleMs: 0, onError: (e) => errors.push(e) });
    const diagram = traceToMermaid(chatTrace(), { window: { size: 50 }, ...READABLE_DIAGRAM });
    live.update(diagram.text, '1', undefined, diagram.plain);
    await live.whenSettled();
    expect(el.dataset.drawnBy).toBe('plain');
    expect(el.dataset.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(el.querySelectorAll('[data-et="message"]').length).toBeGreaterThan(10);
  });
});
