/**
 * A workshop LAN: the built site on plain http under a host name that is not localhost. Such a
 * page is not a secure context, so there is no service worker (MSW falls back to patching the
 * page's fetch) and no `crypto.subtle`. The playground must still work end to end: WebSocket
 * chat, the request builder through MSW's fallback mode, and minting JWTs for the authorizer.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

const HOST = 'workshop.test';
let server: StaticServer;
let page: Page;
let pageErrors: string[];

// One argv element: the rule sends workshop.test to this machine's static server.
useBuiltSite(
  { viewport: { width: 1440, height: 900 }, args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] },
  (site) => ({ server, page, pageErrors } = site),
);

async function request(c: Locator, method: string, path: string) {
  await c.getByTestId('method').selectOption(method);
  await c.getByTestId('path').fill(path);
  const before = await c.getByTestId('response').textContent();
  await c.getByTestId('send-request').click();
  await expect.poll(() => c.getByTestId('response').textContent(), { timeout: 20_000 }).not.toBe(before);
  return {
    status: await c.getByTestId('response-status').getAttribute('data-status'),
    body: (await c.getByTestId('response-body').count()) ? await c.getByTestId('response-body').textContent() : '',
  };
}

describe('the playground on a plain-http workshop host (no service worker, no crypto.subtle)', () => {
  it('runs the chat, serves fetch through MSW fallback mode, and mints JWTs without WebCrypto', async () => {
    await page.goto(`http://${HOST}:${server.port}/some/prefix/`);
    const context = await page.evaluate(() => ({
      secure: window.isSecureContext,
      serviceWorker: 'serviceWorker' in navigator,
      subtle: typeof crypto.subtle,
    }));
    expect(context).toEqual({ secure: false, serviceWorker: false, subtle: 'undefined' });
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });

    // WebSocket interception never needed the service worker.
    for (const name of ['Alice', 'Bob']) {
      const c = page.getByTestId(`client-${name}`);
      await c.getByTestId('connect').click();
      await c.locator('[data-testid=frames] li[data-kind=open]').waitFor();
    }
    await page
      .getByTestId('client-Alice')
      .getByTestId('message-input')
      .fill('{"action":"sendmessage","data":"from the LAN"}');
    await page.getByTestId('client-Alice').getByTestId('message-input').press('Enter');
    await page
      .getByTestId('client-Bob')
      .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'from the LAN' })
      .waitFor();

    // HTTP API: the page's real fetch, patched in the page by MSW's fallback mode.
    await page.getByTestId('api-type-HTTP').click();
    await page
      .locator('[data-testid=deploy-status][data-status=deployed][data-api-type=HTTP]')
      .waitFor({ timeout: 30_000 });
    const app = page.getByTestId('caller-Browser app');
    const ok = await request(app, 'GET', '/orders/1');
    expect(ok.status).toBe('200');

    // The JWT authorizer with a token minted in pure TypeScript (RS256 without crypto.subtle).
    await app.getByTestId('request-preset').selectOption({ label: 'POST /orders (needs a token)' });
    expect((await request(app, 'POST', '/orders')).status).toBe('401');
    await app.getByTestId('mint-token').locator('summary').click();
    await app.getByTestId('mint-sub').fill('lan-user');
    await app.getByTestId('mint-button').click();
    const created = await request(app, 'POST', '/orders');
    expect(created.status).toBe('201');
    expect(JSON.parse(created.body ?? '')).toMatchObject({ customer: 'lan-user' });
    expect(pageErrors).toEqual([]);
  });
});
