import { afterEach, describe, expect, it } from 'vitest';
import { traceToMermaid, type DiagramText } from '../../diagram';
import { buildTrace, chatTrace, longTrace, MALICIOUS, roomTrace } from '../../diagram/fixtures';
import { createLiveDiagram, decorateSteps, measureSvg, placeParticipantStrip, sizeSvg } from '.';

afterEach(() => {
  document.body.querySelectorAll('[data-test-target]').forEach((el) => el.remove());
});

/** Draws `diagram` into a fresh element in the page, as the live diagram does. */
async function draw(diagram: DiagramText): Promise<SVGSVGElement> {
  const el = document.createElement('div');
  el.dataset.testTarget = '';
  document.body.append(el);
  const live = createLiveDiagram(el, { theme: 'default' });
  live.update(diagram.text);
  await live.whenIdle();
  const svg = el.querySelector('svg');
  if (!svg) throw new Error(`nothing drawn: ${el.dataset.error}`);
  return svg;
}

const marks = (d: DiagramText) => d.items.map((i) => ({ title: i.full, newest: i.newest }));

describe('measureSvg and sizeSvg', () => {
  it('reads the natural size from the viewBox and the smallest label size', async () => {
    const svg = await draw(traceToMermaid(chatTrace()));
    const size = measureSvg(svg);
    expect(size.width).toBe(svg.viewBox.baseVal.width);
    expect(size.height).toBe(svg.viewBox.baseVal.height);
    // Mermaid sets every label of a sequence diagram in 16-unit type.
    expect(size.smallestFont).toBe(16);
    (svg.querySelector('.noteText') as SVGTextElement).style.fontSize = '10px';
    expect(measureSvg(svg).smallestFont).toBe(10);
  });

  it('draws the SVG at a scale of its natural size, so a 16-unit label is 16 × scale px on screen', async () => {
    const svg = await draw(traceToMermaid(chatTrace()));
    const size = measureSvg(svg);
    sizeSvg(svg, size, 0.75);
    expect(svg.getBoundingClientRect().width).toBeCloseTo(size.width * 0.75, 0);
    const label = svg.querySelector('.messageText')!;
    const ctm = (label as SVGGraphicsElement).getScreenCTM()!;
    expect(16 * ctm.a).toBeCloseTo(12, 1);
  });
});

describe('decorateSteps', () => {
  it('groups every message (its text and line) and note with a tooltip of its whole label, in order', async () => {
    const diagram = traceToMermaid(chatTrace(), { maxLabelLength: 12 });
    const svg = await draw(diagram);
    const groups = decorateSteps(svg, marks(diagram));
    expect(groups).toHaveLength(diagram.items.length);
    groups.forEach((g, i) => {
      expect(g.dataset.step).toBe(String(i));
      expect(g.querySelector(':scope > title')?.textContent).toBe(diagram.items[i]!.full);
      const kind = diagram.items[i]!.kind;
      if (kind === 'message') {
        expect(g.querySelector('.messageText')).not.toBeNull();
        expect(g.querySelector('[data-et="message"]')).not.toBeNull();
      } else expect(g.getAttribute('data-et')).toBe('note');
    });
    // The first arrow's label was cut; its tooltip has it whole.
    const upgrade = groups[0]!;
    expect(upgrade.querySelector('.messageText')!.textContent).toMatch(/…$/);
    expect(upgrade.querySelector('title')!.textContent).toBe('GET /dev?token=abc (Upgrade)');
    // Nothing is left outside a group: every message text sits with its line.
    expect(svg.querySelectorAll('.messageText').length).toBe(svg.querySelectorAll('.agp-step .messageText').length);
  });

  it('groups the lines of a wrapped (compact) label with their arrow', async () => {
    const diagram = traceToMermaid(chatTrace(), { compact: true });
    const svg = await draw(diagram);
    const groups = decorateSteps(svg, marks(diagram));
    const post = groups.find((g) => g.querySelector('title')!.textContent!.startsWith('POST @connections'))!;
    expect(post.querySelectorAll('.messageText').length).toBeGreaterThan(1);
  });

  it('marks only the newest step, and none when the window does not show it', async () => {
    const latest = traceToMermaid(longTrace(60), { window: { size: 40 } });
    const groups = decorateSteps(await draw(latest), marks(latest));
    expect(groups.filter((g) => g.classList.contains('agp-newest'))).toEqual([groups.at(-1)]);
    const older = traceToMermaid(longTrace(60), { window: { start: 0, size: 40 } });
    const olderGroups = decorateSteps(await draw(older), marks(older));
    expect(olderGroups.some((g) => g.classList.contains('agp-newest'))).toBe(false);
  });

  it('puts untrusted text in tooltips as text, never as markup', async () => {
    const trace = buildTrace(
      MALICIOUS.map((text) => ({
        kind: 'ws.frame.in' as const,
        from: 'client:a' as const,
        to: 'gateway' as const,
        opcode: 'text' as const,
        size: 1,
        text,
      })),
    );
    const diagram = traceToMermaid(trace);
    const svg = await draw(diagram);
    decorateSteps(svg, marks(diagram));
    expect(svg.querySelector('img, script, foreignObject')).toBeNull();
    expect([...svg.querySelectorAll('title')].map((t) => t.textContent)).toContain('<img src=x onerror=alert(1)>');
    expect([...svg.querySelectorAll('title')].every((t) => t.children.length === 0)).toBe(true);
  });
});

describe('placeParticipantStrip', () => {
  it('copies the participant row (boxes and stick figures) into an aria-hidden SVG without ids', async () => {
    const diagram = traceToMermaid(roomTrace(8), { maxClientLanes: 4 });
    const svg = await draw(diagram);
    const host = document.createElement('div');
    host.dataset.testTarget = '';
    document.body.append(host);
    const strip = placeParticipantStrip(host, svg)!;
    expect(host.firstElementChild).toBe(strip.svg);
    expect(strip.svg.getAttribute('aria-hidden')).toBe('true');
    expect(strip.svg.querySelectorAll('[id]')).toHaveLength(0);
    const names = [...strip.svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(names).toEqual(expect.arrayContaining(['Alice', 'Bob', 'Carol', 'clients 4–8', 'API Gateway']));
    // The row sits at the top of the diagram, about as tall as a participant box.
    expect(strip.top).toBeGreaterThanOrEqual(0);
    expect(strip.top).toBeLessThan(20);
    expect(strip.height).toBeGreaterThan(50);
    expect(strip.height).toBeLessThan(120);
    // Copied with their look: the stylesheet scoped to the diagram's id does not reach the copy.
    const box = strip.svg.querySelector('rect')!;
    expect(getComputedStyle(box).fill).toBe(getComputedStyle(svg.querySelector('[data-et="participant"] rect')!).fill);
  });

  it('places nothing for a diagram without participants (a flowchart)', async () => {
    const el = document.createElement('div');
    el.dataset.testTarget = '';
    document.body.append(el);
    const live = createLiveDiagram(el, { theme: 'default' });
    live.update('---\nconfig:\n  htmlLabels: false\n---\nflowchart LR\n  a --> b');
    await live.whenIdle();
    const host = document.createElement('div');
    host.append(document.createElement('span'));
    expect(placeParticipantStrip(host, el.querySelector('svg')!)).toBeNull();
    expect(host.childElementCount).toBe(0);
  });
});
