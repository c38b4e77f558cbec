/**
 * The comparison view in real Chromium: the model runs on the page, Mermaid draws three
 * sequence diagrams and three network paths, and the figures follow the inputs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import { page, userEvent } from 'vitest/browser';
import { CompareState } from '../../state/compare.svelte';
import CompareView from './CompareView.svelte';
import '../global.css';

let view: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (view) unmount(view);
  view = undefined;
  document.body.replaceChildren();
});

/** Mounts the view with its own state (no debounce wait beyond a tick) and waits for the first run. */
async function open(debounceMs = 0) {
  await page.viewport(1600, 1000);
  const compare = new CompareState({ debounceMs });
  const target = document.createElement('div');
  document.body.append(target);
  view = mount(CompareView, { target, props: { compare } });
  await waitFor(() => compare.runs >= 1);
  return compare;
}

/** Polls a condition on animation frames (never a fixed sleep), failing after 20 s. */
async function waitFor(ok: () => boolean, what = 'condition'): Promise<void> {
  const until = performance.now() + 20_000;
  while (!ok()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

const q = (sel: string) => document.querySelector(sel) as HTMLElement | null;
const svgIn = (testid: string) => q(`[data-testid="${testid}"] svg`);
/** SVG text without whitespace: Mermaid wraps long labels into separate text spans. */
const svgText = (testid: string) => (svgIn(testid)?.textContent ?? '').replace(/\s+/g, '');

describe('CompareView', () => {
  it('runs the chat and draws three sequence diagrams and three network paths, all as inert SVG', async () => {
    const compare = await open();
    for (const id of ['rest-polling', 'http-polling', 'websocket-push'])
      await waitFor(() => svgIn(`compare-sequence-${id}`) !== null, `sequence ${id}`);
    for (const t of ['REST', 'HTTP', 'WEBSOCKET'])
      await waitFor(() => svgIn(`compare-network-${t}`) !== null, `network ${t}`);
    expect(svgText('compare-sequence-rest-polling')).toContain('GET/prod/messages?user=Alice');
    expect(svgText('compare-sequence-websocket-push')).toContain('101SwitchingProtocols');
    expect(svgText('compare-network-WEBSOCKET')).toContain('POST@connections');
    expect(svgText('compare-network-HTTP')).toContain('Parametermapping');
    expect(
      document.querySelectorAll('[data-testid^="compare-network-"] foreignObject, [data-testid^="compare-"] script'),
    ).toHaveLength(0);
    // SVG text labels: no entity code may show up literally.
    for (const t of ['REST', 'HTTP', 'WEBSOCKET']) {
      const labels = [...svgIn(`compare-network-${t}`)!.querySelectorAll('text')].map((el) => el.textContent).join(' ');
      expect(labels).toContain('API Gateway');
      expect(labels).not.toMatch(/&#|#\d+;/);
    }
    expect(q('[data-testid=compare-announcement]')!.textContent).toMatch(
      /^Comparison updated for Chat between two users/,
    );
    expect(q('[data-testid=figure-wastedPolls-rest-polling]')!.textContent).toContain('35 of 55');
    expect(q('[data-testid=figure-wastedPolls-websocket-push]')!.textContent).toContain('none (no polling)');
    expect(compare.status).toBe('done');
  });

  it('re-runs when the poll interval changes, and the wasted polls follow', async () => {
    const compare = await open();
    const input = page.getByTestId('compare-input-poll-interval');
    await userEvent.clear(input);
    await userEvent.type(input, '2');
    await waitFor(() => compare.runs >= 2 && compare.status === 'done', 'the second run');
    flushSync();
    expect(compare.inputs.pollIntervalS).toBe(2);
    const wasted = Number(q('[data-testid=figure-wastedPolls-rest-polling]')!.dataset.value);
    expect(wasted).toBeGreaterThan(35);
  });

  it('names an input out of range and marks it invalid, without running', async () => {
    const compare = await open();
    const input = page.getByTestId('compare-input-poll-interval');
    await userEvent.clear(input);
    await userEvent.type(input, '0');
    await waitFor(() => compare.status === 'error', 'the refusal');
    flushSync();
    expect(q('[data-testid=compare-error]')!.textContent).toMatch(/pollIntervalS must be a number from 0\.1/);
    expect(q('[data-testid=compare-input-poll-interval]')!.getAttribute('aria-invalid')).toBe('true');
    expect(compare.runs).toBe(1);
  });

  it('pages a sequence diagram with the keyboard and switches REST to an edge-optimized path', async () => {
    const compare = await open();
    await waitFor(() => svgIn('compare-sequence-rest-polling') !== null);
    const later = page.getByTestId('compare-newer-rest-polling');
    (later.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(q('[data-testid=compare-range-rest-polling]')!.textContent).toMatch(/^steps 41–80 of \d+$/);
    await userEvent.selectOptions(page.getByTestId('compare-rest-endpoint'), 'EDGE');
    expect(compare.restEndpoint).toBe('EDGE');
    await waitFor(() => svgText('compare-network-REST').includes('CloudFrontedgelocation'), 'edge path');
  });

  it('shows every figure in a table view, with the inputs each depends on', async () => {
    await open();
    await userEvent.click(page.getByTestId('compare-view-table'));
    const table = q('[data-testid=compare-table]')!;
    expect(table.querySelectorAll('tbody tr')).toHaveLength(11);
    expect(table.querySelector('thead')!.textContent).toMatch(
      /REST API polling.*HTTP API polling.*WebSocket API push/s,
    );
    expect(table.textContent).toContain(
      'depends on round-trip time, poll interval, message count, TLS version, keep-alive',
    );
    expect(q('[data-testid=table-cost-websocket-push]')!.className).toContain('best');
  });
});
