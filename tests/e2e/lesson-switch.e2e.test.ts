/**
 * Opening a lesson clears everything of the previous one, as a learner moving through the
 * course sees it: the built site under a sub-path, in real headless Chromium. A WebSocket lesson
 * is used (deploy, connect, send), then a REST lesson opens from the table of contents: no trace,
 * no client consoles or wss:// URL, no shop requests, no stale banner, and the lesson's own
 * requests; then the same from the REST lesson to an HTTP lesson. Needs `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

async function openFromToc(slug: string, title: string) {
  await page.getByTestId('lesson-toc-toggle').click();
  await page.getByTestId(`toc-${slug}`).click();
  await page.getByTestId('lesson-title').filter({ hasText: title }).waitFor({ timeout: 30_000 });
}

async function deploy() {
  await page.getByTestId('deploy-button').click();
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
}

/** The example requests the first caller offers (the labels of its "Example requests…" list). */
async function offeredRequests(): Promise<string[]> {
  const select = page.getByTestId('request-preset').first();
  await select.waitFor({ timeout: 10_000 });
  return (await select.locator('option').allTextContents()).filter((t) => t !== 'Example requests…');
}

/** Nothing of a previous lesson on the page: no trace, logs, requests, clients, wss URL or stale banner. */
async function expectNothingLeftOver(previous: RegExp) {
  await expect.poll(() => page.getByTestId('tab-logs').textContent(), { timeout: 10_000 }).toContain('(0)');
  expect(await page.getByTestId('tab-requests').textContent()).toContain('(0)');
  // The live diagram paces its drawings: the cleared trace is drawn on the next one.
  await expect.poll(() => page.getByTestId('diagram').textContent(), { timeout: 20_000 }).not.toMatch(previous);
  expect(await page.getByTestId('deploy-status').getAttribute('data-status')).not.toBe('deployed');
  expect(await page.locator('[data-testid^=client-]').count()).toBe(0);
  const wss = await page.evaluate(() =>
    [...document.querySelectorAll('input, textarea')].some((i) => (i as HTMLInputElement).value.includes('wss://')),
  );
  expect(wss).toBe(false);
  expect(await page.getByTestId('unconfirmed-notes').count()).toBe(0);
  expect(await page.getByTestId('restored-banner').count()).toBe(0);
}

describe('opening another lesson', () => {
  it('clears a WebSocket lesson for a REST lesson, and a REST lesson for an HTTP lesson, each showing its own requests', async () => {
    await page.goto(`${server.url}#/lessons/routing-table`);
    await page.getByTestId('lesson-title').filter({ hasText: 'routing table' }).waitFor({ timeout: 30_000 });
    await deploy();
    // In a lesson the clients are a tab beside the code.
    await page.getByTestId('work-tab-clients').click();
    const alice = page.getByTestId('client-Alice');
    expect(await alice.getByTestId('url').inputValue()).toMatch(/^wss:\/\//);
    await alice.getByTestId('connect').click();
    await alice.locator('[data-testid=frames] li[data-kind=open]').waitFor({ timeout: 10_000 });
    await alice.getByTestId('message-input').fill('{"action":"joinRoom","data":{"roomId":"1234"}}');
    await alice.getByTestId('message-input').press('Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('Alice'),
      null,
      { timeout: 20_000 },
    );

    // A REST lesson: nothing of the chat, and the requests its checks send.
    await openFromToc('rest-resources', 'REST resources');
    await page.getByTestId('request-builder').waitFor({ timeout: 10_000 });
    await expectNothingLeftOver(/Alice|joinRoom/);
    const rest = await offeredRequests();
    expect(rest).toContain('GET /authors');
    expect(rest.some((l) => /^[A-Z]+ \/orders/.test(l))).toBe(false);
    expect(await page.getByTestId('path').first().getAttribute('placeholder')).toBe('/authors');
    await page.screenshot({ path: 'test-results/lesson-switch-rest.png' });

    // Use it: deploy and send one of its requests, so there is something to leave behind.
    await deploy();
    await page.getByTestId('request-preset').first().selectOption({ label: 'GET /authors' });
    await page.getByTestId('send-request').first().click();
    await expect.poll(() => page.getByTestId('request-log').textContent(), { timeout: 20_000 }).toContain('/authors');

    // An HTTP lesson: nothing of the REST lesson, and its own requests.
    await openFromToc('http-routes-payload-v2', 'HTTP API routes');
    await page.getByTestId('request-builder').waitFor({ timeout: 10_000 });
    await expectNothingLeftOver(/authors/);
    expect(await page.getByTestId('request-builder').textContent()).not.toContain('/authors');
    const http = await offeredRequests();
    expect(http).toContain('GET /products/p-2');
    expect(http.some((l) => /^[A-Z]+ \/orders/.test(l) || l.includes('/authors'))).toBe(false);
    await page.screenshot({ path: 'test-results/lesson-switch-http.png' });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
