/**
 * Saved data that passes the schema check but that a form cannot show (a definition with only
 * `protocolType`, routes that are not a list, null entries) must never leave the page blank:
 * the learner gets a way out, and their saved text is kept under a backup key.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;

useBuiltSite({ viewport: { width: 1280, height: 720 } }, (site) => ({ server, page } = site));

const MALFORMED = [
  { protocolType: 'WEBSOCKET' },
  { protocolType: 'WEBSOCKET', routes: 'x', functions: 5 },
  { protocolType: 'REST', resources: [{ x: 1 }], functions: [null] },
  { protocolType: 'HTTP', routes: [null], integrations: { a: null } },
];

async function storeWorkspace(definition: unknown) {
  const key = `apigw-playground:${new URL(server.url).pathname}:workspace`;
  await page.evaluate(
    ([k, d]) =>
      localStorage.setItem(
        k as string,
        JSON.stringify({ schema: 2, savedAt: 1, exampleId: 'chat', definition: d, files: {}, activeFile: '' }),
      ),
    [key, definition],
  );
  return key;
}

/** The page is usable: the header and the Deploy button are there. */
const usable = () => page.getByTestId('deploy-button').waitFor({ timeout: 30_000 });

describe('a malformed saved workspace', () => {
  for (const definition of MALFORMED) {
    it(`never leaves the page blank and keeps the saved text: ${JSON.stringify(definition)}`, async () => {
      await page.goto(server.url);
      await usable();
      const key = await storeWorkspace(definition);
      const saved = await page.evaluate((k) => localStorage.getItem(k), key);
      await page.reload();
      // Either the page shows it (the forms coped) or it offers the way out; never a blank page.
      const crashed = page.getByTestId('app-crashed');
      await Promise.race([usable(), crashed.waitFor({ timeout: 30_000 })]);
      if (await crashed.isVisible()) {
        await page.getByTestId('crash-start-again').click();
        await usable();
        const notice = page.getByTestId('load-problem-banner');
        await notice.waitFor({ timeout: 15_000 });
        const backupKey = (await notice.locator('code').textContent())!;
        expect(backupKey).toContain('workspace.unreadable.');
        await expect(page.evaluate((k) => localStorage.getItem(k), backupKey)).resolves.toBe(saved);
      }
      await expect(page.locator('body').innerText()).resolves.toMatch(/Deploy/);
    });
  }
});
