import { afterEach, describe, expect, it, vi } from 'vitest';
import { traceToMermaid } from '../../diagram';
import { buildTrace, chatTrace, longTrace, MALICIOUS } from '../../diagram/fixtures';
import { createDiagramRenderer, createLiveDiagram, type RenderResult } from '.';

/** Parses an SVG string the way nothing can run: an inert document from DOMParser. */
function inert(svg: string): Document {
  return new DOMParser().parseFromString(svg, 'text/html');
}

function svgOf(result: RenderResult): string {
  if ('error' in result) throw new Error(`render failed: ${result.error}`);
  return result.svg;
}

/** Every attribute name in a subtree. */
function attributeNames(root: ParentNode): string[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name.toLowerCase()));
}

/** A trace that puts every malicious string in a client name, a frame, a route value and a table op. */
function maliciousTrace() {
  return buildTrace(
    MALICIOUS.flatMap((input, i) => [
      {
        kind: 'ws.frame.in' as const,
        from: `client:${input}` as const,
        to: 'gateway' as const,
        opcode: 'text' as const,
        size: 1,
        text: input,
      },
      {
        kind: 'ws.route' as const,
        from: 'gateway' as const,
        to: 'gateway' as const,
        expression: '$request.body.action',
        value: input,
        routeKey: null,
        match: 'none' as const,
      },
      {
        kind: 'table.op' as const,
        from: `integration:fn${i}` as const,
        to: `table:${input}` as const,
        table: input,
        operation: input,
        ok: false,
        error: input,
      },
    ]),
  );
}

const bodyIds = () => [...document.body.children].map((el) => el.id || el.tagName);

afterEach(() => {
  vi.restoreAllMocks();
  document.body.querySelectorAll('[data-test-target]').forEach((el) => el.remove());
});

function mount(): HTMLElement {
  const el = document.createElement('div');
  el.dataset.testTarget = '';
  document.body.append(el);
  return el;
}

describe('createDiagramRenderer', () => {
  it('renders malicious labels as text only: no <img>, no event-handler attribute, no extra participant', async () => {
    const { text } = traceToMermaid(maliciousTrace(), { title: '<img src=x onerror=alert(1)>' });
    const svg = svgOf(await createDiagramRenderer({ theme: 'default' }).render(text));
    const doc = inert(svg);
    expect(doc.querySelector('svg')).not.toBeNull();
    expect(doc.querySelector('img, script, iframe, foreignObject')).toBeNull();
    expect(attributeNames(doc).filter((n) => n.startsWith('on'))).toEqual([]);
    // The text is there for the learner to read, character for character.
    const shown = doc.body.textContent ?? '';
    expect(shown).toContain('<img src=x onerror=alert(1)>');
    expect(shown).toContain('"; participant evil');
    expect(shown).toContain('%%{init: {"securityLevel": "loose"}}%%');
    // No lane named "evil" or "Evil" was created by a label breaking out of its line.
    const lanes = [...doc.querySelectorAll('[data-et="participant"]')].map((g) => g.getAttribute('data-id'));
    expect(lanes.length).toBeGreaterThan(0);
    expect(lanes.every((id) => /^(c|au|fn|tb|p)\d+$|^gw$/.test(id ?? ''))).toBe(true);
  });

  it('keeps malicious labels inert once the SVG is in the page', async () => {
    const target = mount();
    const live = createLiveDiagram(target, { theme: 'default' });
    live.update(traceToMermaid(maliciousTrace()).text);
    await live.whenIdle();
    expect(target.querySelector('svg')).not.toBeNull();
    expect(target.querySelector('img')).toBeNull();
    expect(attributeNames(target).filter((n) => n.startsWith('on'))).toEqual([]);
    expect(target.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('renders 200 events with a window of at least 40 message arrows', async () => {
    const diagram = traceToMermaid(longTrace(200));
    expect(diagram.shown.to - diagram.shown.from).toBeGreaterThanOrEqual(40);
    const doc = inert(svgOf(await createDiagramRenderer({ theme: 'default' }).render(diagram.text)));
    const messages = doc.querySelectorAll('.messageText');
    expect(messages.length).toBe(diagram.shown.to - diagram.shown.from);
    expect(doc.body.textContent).toContain('earlier steps hidden');
    expect(messages[messages.length - 1]!.textContent).toContain('Forbidden');
  });

  it('initialises Mermaid with securityLevel strict', async () => {
    await createDiagramRenderer({ theme: 'default' }).render(traceToMermaid(chatTrace()).text);
    const { default: mermaid } = await import('mermaid');
    expect(mermaid.mermaidAPI.getConfig().securityLevel).toBe('strict');
  });

  it('carries the accessible title and description into the SVG', async () => {
    const text = traceToMermaid(chatTrace(), { title: 'Chat' }).text;
    const doc = inert(svgOf(await createDiagramRenderer({ theme: 'default' }).render(text)));
    expect(doc.querySelector('svg > title')?.textContent).toBe('Chat');
    expect(doc.querySelector('svg > desc')?.textContent).toContain('16 steps between alice, API Gateway');
  });

  it('reports a diagram that does not parse, leaving nothing in <body>', async () => {
    const before = bodyIds();
    const broken = 'sequenceDiagram\n  deactivate nobody\n  a->>: ';
    const result = await createDiagramRenderer({ theme: 'default' }).render(broken);
    expect(result).toHaveProperty('error');
    expect(bodyIds()).toEqual(before);
  });

  it('removes the #d<id> element Mermaid leaves in <body> when a render fails after parsing', async () => {
    const { default: mermaid } = await import('mermaid');
    const renderer = createDiagramRenderer({ theme: 'default' });
    await renderer.render(traceToMermaid(chatTrace()).text); // loads and initialises Mermaid
    const before = bodyIds();
    vi.spyOn(mermaid, 'render').mockImplementation(async (id: string) => {
      const scratch = document.createElement('div');
      scratch.id = `d${id}`;
      document.body.append(scratch);
      throw new Error('draw failed');
    });
    const result = await renderer.render(traceToMermaid(chatTrace()).text);
    expect(result).toEqual({ error: 'draw failed' });
    expect(bodyIds()).toEqual(before);
  });

  it('gives every render its own SVG id', async () => {
    const renderer = createDiagramRenderer({ theme: 'default' });
    const text = traceToMermaid(chatTrace()).text;
    const [a, b] = await Promise.all([renderer.render(text), renderer.render(text)]);
    const idA = inert(svgOf(a)).querySelector('svg')!.id;
    const idB = inert(svgOf(b)).querySelector('svg')!.id;
    expect(idA).not.toBe('');
    expect(idA).not.toBe(idB);
  });
});

describe('createLiveDiagram', () => {
  it('coalesces a burst of updates into far fewer renders and shows the last text', async () => {
    const target = mount();
    const live = createLiveDiagram(target, { theme: 'default' });
    const versions: string[] = [];
    const observer = new MutationObserver(() => {
      const v = target.dataset.version;
      if (v && versions.at(-1) !== v) versions.push(v);
    });
    observer.observe(target, { attributes: true, attributeFilter: ['data-version'] });
    for (let i = 1; i <= 10; i++) live.update(traceToMermaid(longTrace(2 + i)).text, `seq-${2 + i}`);
    await live.whenIdle();
    observer.disconnect();

    expect(live.renders).toBeLessThanOrEqual(3);
    expect(target.dataset.version).toBe('10');
    expect(target.dataset.tag).toBe('seq-12');
    expect(target.dataset.state).toBe('idle');
    // longTrace(12): upgrade, handshake, then 10 frames; the last is the Forbidden frame after "msg 8".
    expect(target.querySelectorAll('.messageText')).toHaveLength(12);
    expect(target.textContent).toContain('msg 8');
    // Never an older text after a newer one.
    const numbers = versions.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(target.querySelectorAll('svg')).toHaveLength(1);
  });

  it('keeps the last good SVG and reports the error when a text fails', async () => {
    const target = mount();
    const errors: string[] = [];
    const live = createLiveDiagram(target, { theme: 'default', onError: (e) => errors.push(e) });
    live.update(traceToMermaid(chatTrace()).text);
    await live.whenIdle();
    const good = target.querySelector('svg');
    live.update('sequenceDiagram\n  deactivate nobody');
    await live.whenIdle();
    expect(errors).toHaveLength(1);
    expect(target.dataset.state).toBe('error');
    expect(target.dataset.error).toBeTruthy();
    expect(target.dataset.version).toBe('1');
    expect(target.querySelector('svg')).toBe(good);
  });

  it('does not render text identical to what is shown', async () => {
    const target = mount();
    const live = createLiveDiagram(target, { theme: 'default' });
    const text = traceToMermaid(chatTrace()).text;
    live.update(text);
    await live.whenIdle();
    live.update(text);
    await live.whenIdle();
    expect(live.renders).toBe(1);
    expect(target.dataset.version).toBe('2');
  });

  it('renders nothing after dispose', async () => {
    const target = mount();
    const live = createLiveDiagram(target, { theme: 'default' });
    live.update(traceToMermaid(chatTrace()).text);
    live.dispose();
    live.update(traceToMermaid(longTrace(5)).text);
    await live.whenIdle();
    // A drawing starts in a task of its own, so the first had not begun when dispose came.
    expect(live.renders).toBe(0);
    expect(target.querySelector('svg')).toBeNull();
  });

  it('waits for its pace before the next render, drawing only the newest text asked for meanwhile', async () => {
    const target = mount();
    const costs: number[] = [];
    let notBefore = 0;
    const pace = {
      nextStart: () => notBefore,
      rendered: (ms: number, end: number) => {
        costs.push(ms);
        notBefore = end + 300;
      },
    };
    const live = createLiveDiagram(target, { theme: 'default', pace });
    live.update(traceToMermaid(longTrace(3)).text, 'first');
    await live.whenIdle();
    expect(live.renders).toBe(1);
    expect(Number(target.dataset.renderMs)).toBeGreaterThan(0);

    let asked = 0;
    for (let i = 4; i <= 9; i++) {
      const text = traceToMermaid(longTrace(i)).text;
      live.request(() => {
        asked++;
        return { text, tag: `seq-${i}` };
      });
    }
    expect(target.dataset.state).toBe('waiting');
    await live.whenIdle();
    // One more render, of the newest text, whose text was asked for once; it started after the gap.
    expect(live.renders).toBe(2);
    expect(asked).toBe(1);
    expect(target.dataset.tag).toBe('seq-9');
    expect(target.dataset.version).toBe('7');
    expect(costs).toHaveLength(2);
  });

  it('draws without animation (reduced motion)', async () => {
    const target = mount();
    const live = createLiveDiagram(target, { theme: 'default' });
    live.update(traceToMermaid(chatTrace()).text);
    await live.whenIdle();
    const animated = [...target.querySelectorAll('*')].filter((el) => getComputedStyle(el).animationName !== 'none');
    expect(animated).toEqual([]);
  });
});
