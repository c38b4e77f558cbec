/**
 * Offline for the room: after one visit the whole built site (shell, Monaco and its workers,
 * Mermaid, the lessons, the Lambda sandbox) is served by MSW's own service worker from its cache,
 * with the network off and the host gone; a new deployment is offered by a banner and taken only
 * when the learner reloads into it. Served under a sub-path with the hosting headers (the CSP
 * holds for pages served from the cache). Needs `npm run build` first.
 *
 * One browser context for the whole story (the cache is the point), on a copy of dist/ that the
 * last step "deploys" a new build into, as `npm run deploy` would.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import axe from 'axe-core';
import { SECURITY_HEADERS } from '../../deploy/headers.ts';
import { manifestOf, refreshOfflineWorker, WORKER_FILE } from '../../vite-plugins/offline-site.ts';
import { chromiumArgs, chromiumPath } from '../support/chromium.ts';
import { serveDist, type StaticServer } from '../support/static-server.ts';

const dist = process.env.E2E_DIST_DIR ?? 'dist';
const PREFIX = '/some/prefix/';
let site: string;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/**
 * Errors that are the network being off, not the site failing: MSW asks the registration to
 * check for a new worker on every start and does not catch the failure when there is no network.
 */
const OFFLINE_NOISE = /Failed to update a ServiceWorker/;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`${dist}/ is missing: run \`npm run build\` before the e2e tests`);
  site = mkdtempSync(join(tmpdir(), 'agp-offline-site-'));
  cpSync(dist, site, { recursive: true });
  server = await serveDist({ root: site, prefix: PREFIX, headers: SECURITY_HEADERS });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => {
    if (!OFFLINE_NOISE.test(e.message)) pageErrors.push(e.message);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

const client = (name: string) => page.getByTestId(`client-${name}`);

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 30_000 });
}

async function shellReady() {
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 90_000 });
  await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 90_000 });
}

/** Asks the worker to cache the whole build (what the page does once idle) and returns its answer. */
function fill(): Promise<unknown> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(e.data);
      registration.active!.postMessage({ type: 'offline:fill' }, [channel.port2]);
    });
  });
}

describe('the site offline after one visit, and its updates', () => {
  it('caches every file of the build on the first visit, then loads from the cache alone', async () => {
    await page.goto(server.url);
    await shellReady();
    const { version, files } = manifestOf(site);
    const total = Object.keys(files).length;
    // The page asks the worker to cache the build once it has been idle a while (src/offline/page.ts).
    await expect
      .poll(
        () =>
          page.evaluate(
            async (name) => ((await caches.has(name)) ? (await (await caches.open(name)).keys()).length : 0),
            `agp-offline:${version}`,
          ),
        { timeout: 120_000, interval: 1000 },
      )
      .toBe(total);
    // Filled: asking again downloads nothing.
    const logged = server.log.length;
    expect(await fill()).toEqual({ ok: true, version, cached: total, total });
    expect(server.log.length).toBe(logged);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${server.url}${WORKER_FILE}`,
    );

    // A return visit asks the host for nothing but the worker script (the browser's update check).
    const seen = server.log.length;
    await page.reload();
    await shellReady();
    expect(new Set(server.log.slice(seen).map((r) => r.path))).toEqual(new Set([WORKER_FILE]));
    // One registration: MSW's, which the offline cache shares.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(1);
  }, 240_000);

  it('runs the chat example and a lesson with the network off and the host gone', async () => {
    await context.setOffline(true);
    await server.close();
    await page.reload();
    await shellReady();
    // Nothing answers on the host any more: a file that is not the site's fails.
    expect(
      await page.evaluate(
        (u) =>
          fetch(`${u}not-a-site-file.txt`).then(
            () => 'answered',
            () => 'failed',
          ),
        server.url,
      ),
    ).toBe('failed');

    await connect(client('Alice'));
    await connect(client('Bob'));
    await client('Alice').getByTestId('message-input').fill('{"action":"sendmessage","data":"no wifi"}');
    await client('Alice').getByTestId('message-input').press('Enter');
    // The broadcast went through the handlers in the sandbox's workers, all from the cache.
    await client('Bob')
      .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'no wifi' })
      .waitFor({ timeout: 30_000 });
    // Drawn live at once, then by Mermaid (loaded from the cache) once the traffic stopped.
    await page.waitForFunction(
      () => {
        const canvas = document.querySelector<HTMLElement>('[data-testid=diagram]');
        return canvas?.dataset.drawnBy === 'mermaid' && canvas.querySelector('svg')?.textContent?.includes('no wifi');
      },
      null,
      { timeout: 60_000 },
    );

    await page.goto(`${server.url}#/lessons/stale-connections`);
    await page.getByTestId('lesson-title').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-checks').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=check-stale-removed]')?.getAttribute('data-status') === 'fail',
      null,
      { timeout: 150_000 },
    );
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('offers a new deployment with a banner, and switches to it only when the learner reloads into it', async () => {
    // "Deploy" a new build: index.html changes, and so does the worker's manifest.
    const index = join(site, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head><meta name="agp-build" content="next">'));
    const next = refreshOfflineWorker(site);
    server = await serveDist({ root: site, prefix: PREFIX, port: server.port, headers: SECURITY_HEADERS });
    await context.setOffline(false);

    // The reload finds the new worker, which caches the new build and waits: this page and its
    // reloads stay on the build they have.
    await page.goto(server.url);
    await page.getByTestId('update-banner').waitFor({ timeout: 90_000 });
    await shellReady();
    expect(await page.locator('meta[name=agp-build]').count()).toBe(0);
    expect(
      await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('agp-offline:'))),
    ).toContain(`agp-offline:${next.version}`);

    // Accessible, and reachable from the keyboard: it is the first stop of the Tab order.
    // Evaluated, not added as a script tag: the hosting CSP refuses inline scripts.
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const run = (window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string }[] }> } }).axe;
      return (await run.run({ include: [['[data-testid=update-banner]']] })).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('update-reload');

    await page.keyboard.press('Enter');
    await page.locator('meta[name=agp-build]').waitFor({ state: 'attached', timeout: 60_000 });
    await shellReady();
    expect(await page.getByTestId('update-banner').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
