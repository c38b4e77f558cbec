/**
 * The comparison view (REST polling vs HTTP API polling vs WebSocket push) on the built site,
 * served under a sub-path, in real headless Chromium. Needs `npm run build` first.
 * `E2E_DIST_DIR` points at another build (default `dist/`).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1600, height: 1000 } }, (site) => ({ server, page, pageErrors } = site));

const APPROACHES = ['rest-polling', 'http-polling', 'websocket-push'] as const;

/** How many runs the view has completed (-1 while one is in progress). */
async function completedRuns(): Promise<number> {
  const status = page.getByTestId('compare-status');
  if ((await status.getAttribute('data-status')) !== 'done') return -1;
  return Number(await status.getAttribute('data-runs'));
}

/**
 * Waits until at least `runs` runs are done and none is in progress. "At least": an input change
 * re-runs by itself (debounced), so a click can land on a run already scheduled.
 */
async function waitForRun(runs: number) {
  await expect.poll(completedRuns, { timeout: 30_000 }).toBeGreaterThanOrEqual(runs);
}

/** Clicks Run and waits for a run that started after the click. */
async function runAgain() {
  const before = Math.max(0, await completedRuns());
  await page.getByTestId('compare-run').click();
  await waitForRun(before + 1);
}

async function wasted(approach: (typeof APPROACHES)[number]): Promise<number> {
  return Number(await page.getByTestId(`figure-wastedPolls-${approach}`).getAttribute('data-value'));
}

describe('the comparison view on a static host under a sub-path', () => {
  it('opens from the header switch, runs the chat, draws three sequence diagrams, and the wasted polls follow the poll interval', async () => {
    await page.goto(server.url);
    await page.getByTestId('view-compare').click();
    await page.getByTestId('compare-root').waitFor();
    expect(new URL(page.url()).hash).toBe('#/compare');

    // The first run starts by itself; pick the chat and run it explicitly as a learner would.
    await waitForRun(1);
    await page.getByTestId('compare-workload-order-status').check();
    await runAgain();
    await page.getByTestId('compare-workload-chat').check();
    await runAgain();
    await expect.poll(() => page.getByTestId('compare-announcement').textContent()).toMatch(/Chat between two users/);

    for (const id of APPROACHES)
      await page.locator(`[data-testid=compare-sequence-${id}] svg`).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid^=compare-sequence-] svg').count()).toBe(3);
    // The order-status run's drawings stay until the chat's are drawn (each in a task of its own, paced).
    const svgText = async (id: string) =>
      ((await page.locator(`[data-testid=compare-sequence-${id}] svg`).textContent()) ?? '').replace(/\s+/g, '');
    await expect.poll(() => svgText('rest-polling'), { timeout: 30_000 }).toContain('GET/prod/messages?user=Al');
    await expect.poll(() => svgText('websocket-push'), { timeout: 30_000 }).toContain('101SwitchingProtocols');

    // The figures: wasted polls for the two polling approaches, none for push; cost lines cite their price rows.
    expect(await page.getByTestId('figure-wastedPolls-rest-polling').textContent()).toMatch(/\d+ of \d+/);
    expect(await page.getByTestId('figure-wastedPolls-websocket-push').textContent()).toContain('none (no polling)');
    expect(await page.getByTestId('figure-bytes-websocket-push').textContent()).toMatch(/\d/);
    expect(await page.getByTestId('compare-cost-rest-polling').textContent()).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(
      await page
        .getByTestId('compare-column-rest-polling')
        .locator('a', { hasText: 'Source' })
        .first()
        .getAttribute('href'),
    ).toBe('https://aws.amazon.com/api-gateway/pricing/');
    for (const t of ['REST', 'HTTP', 'WEBSOCKET'])
      await page.locator(`[data-testid=compare-network-${t}] svg`).waitFor();

    const before = await wasted('rest-polling');
    expect(before).toBeGreaterThan(0);
    await page.getByTestId('compare-input-poll-interval').fill('2');
    // The change re-runs by itself; the figure follows once that run is in.
    await expect.poll(() => wasted('rest-polling'), { timeout: 30_000 }).toBeGreaterThan(before);
    await waitForRun(1);
    const after = await wasted('rest-polling');
    expect(await wasted('http-polling')).toBe(after);
    expect(await wasted('websocket-push')).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('opens straight from the #/compare fragment and shows the figures as a table', async () => {
    await page.goto(`${server.url}#/compare`);
    await waitForRun(1);
    await page.getByTestId('compare-view-table').click();
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(11);
    expect(await table.locator('thead').textContent()).toMatch(
      /REST API polling.*HTTP API polling.*WebSocket API push/s,
    );
    expect(pageErrors).toEqual([]);
  });
});
