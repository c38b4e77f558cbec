import { afterEach, describe, expect, it } from 'vitest';
import { READABLE_DIAGRAM, traceToMermaid } from '../../diagram';
import { chatTrace, MALICIOUS } from '../../diagram/fixtures';
import { createDiagramRenderer, createLiveDiagram, decorateSteps, measureSvg, placeParticipantStrip } from '.';
import type { DiagramRenderer } from './renderer';

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

/** A renderer that counts its calls, so a test can tell Mermaid was never asked. */
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

/** Text, box and lane of a drawn sequence diagram, for comparing two drawings of the same text. */
function shape(svg: SVGSVGElement) {
  const box = (sel: string) => {
    const r = svg.querySelector(sel) as SVGGraphicsElement | null;
    if (!r) throw new Error(`no ${sel}`);
    const b = r.getBBox();
    return { width: b.width, height: b.height };
  };
  return {
    texts: [...svg.querySelectorAll('text')].map((t) => t.textContent?.trim()),
    actor: box('rect.actor'),
    notes: [...svg.querySelectorAll('[data-et="note"] rect')].length,
    viewBox: svg.viewBox.baseVal,
  };
}

describe('the diagram before any traffic, drawn without Mermaid', () => {
  it('is drawn at once from the plain parts, and Mermaid is never asked', async () => {
    const diagram = empty();
    expect(diagram.plain).toEqual({
      title: 'API Gateway sequence diagram',
      description: 'No steps yet. Lanes: API Gateway.',
      lane: 'API Gateway',
      notes: ['No traffic yet'],
    });
    const renderer = countingRenderer();
    const el = target();
    const live = createLiveDiagram(el, { renderer });
    live.update(diagram.text, '0', undefined, diagram.plain);
    await live.whenIdle();
    expect(renderer.calls).toEqual([]);
    expect(el.dataset.version).toBe('1');
    expect(el.dataset.tag).toBe('0');
    const svg = el.querySelector('svg')!;
    expect(svg.getAttribute('aria-roledescription')).toBe('sequence');
    expect(svg.querySelector('title')?.textContent).toBe('API Gateway sequence diagram');
    expect(shape(svg).texts).toEqual(['API Gateway', 'No traffic yet']);
    // The zoomable view reads it as it reads Mermaid's: a step per note, a participant row, a size.
    expect(decorateSteps(svg, [{ title: 'Note over API Gateway: No traffic yet', newest: false }])).toHaveLength(1);
    expect(placeParticipantStrip(document.createElement('div'), svg)?.svg.querySelector('text')?.textContent).toBe(
      'API Gateway',
    );
    expect(measureSvg(svg).smallestFont).toBe(16);
  });

  it('looks like what Mermaid draws for the same text: the same labels, boxes and size', async () => {
    for (const observed of [false, true]) {
      const diagram = empty(observed);
      const mine = target();
      const theirs = target();
      const plainLive = createLiveDiagram(mine, { renderer: countingRenderer() });
      plainLive.update(diagram.text, undefined, undefined, diagram.plain);
      const mermaidLive = createLiveDiagram(theirs, { theme: 'default' });
      mermaidLive.update(diagram.text);
      await Promise.all([plainLive.whenIdle(), mermaidLive.whenIdle()]);
      const a = shape(mine.querySelector('svg')!);
      const b = shape(theirs.querySelector('svg')!);
      expect(a.texts).toEqual(b.texts);
      expect(a.notes).toBe(b.notes);
      // A canvas measures text a little wider or narrower than Mermaid's SVG text: within a few px.
      expect(Math.abs(a.actor.width - b.actor.width)).toBeLessThan(12);
      expect(Math.abs(a.actor.height - b.actor.height)).toBeLessThan(2);
      expect(Math.abs(a.viewBox.width - b.viewBox.width)).toBeLessThan(12);
      expect(Math.abs(a.viewBox.height - b.viewBox.height)).toBeLessThan(12);
    }
  }, 60_000);

  it('draws hostile lane names and notes as text, never as markup', async () => {
    for (const input of MALICIOUS) {
      const el = target();
      const live = createLiveDiagram(el, { renderer: countingRenderer() });
      live.update('sequenceDiagram\n', undefined, undefined, {
        title: input,
        description: input,
        lane: input,
        notes: [input],
      });
      await live.whenIdle();
      const svg = el.querySelector('svg')!;
      expect(svg.querySelectorAll('script, img, iframe, a, foreignObject').length).toBe(0);
      expect([...svg.querySelectorAll('tspan')].map((t) => t.textContent)).toEqual([input, input]);
      expect(
        [...svg.querySelectorAll('*')].flatMap((n) => n.getAttributeNames()).filter((a) => a.startsWith('on')),
      ).toEqual([]);
    }
  });

  it('is given only for a diagram without steps, in the plain layout', () => {
    expect(empty().plain).toBeDefined();
    expect(traceToMermaid(chatTrace(), { window: { size: 48 }, ...READABLE_DIAGRAM }).plain).toBeUndefined();
    expect(traceToMermaid([], { window: { size: 48 }, title: 'Lesson 1', ...READABLE_DIAGRAM }).plain).toBeUndefined();
  });
});
