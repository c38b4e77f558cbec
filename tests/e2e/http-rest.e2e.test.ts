/**
 * The HTTP API and REST API playgrounds on the built site, served under a sub-path as on
 * S3/CloudFront, in real headless Chromium: switch the API type, deploy the example, send
 * requests from the request builder and read AWS's answers, the request log and the trace.
 * Needs `npm run build` first (the test command does it).
 */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

/** Set SCREENSHOTS=dir to keep a picture of each state (for looking at the UI). */
const shots = process.env.SCREENSHOTS;

async function shot(name: string) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const caller = (name: string) => page.getByTestId(`caller-${name}`);

/** Opens the site (the WebSocket example deploys on a first visit) and switches to `type`, which deploys that example. */
async function openAs(type: 'HTTP' | 'REST') {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
  await page.getByTestId(`api-type-${type}`).click();
  await page
    .locator(`[data-testid=deploy-status][data-status=deployed][data-api-type=${type}]`)
    .waitFor({ timeout: 30_000 });
}

async function request(c: Locator, method: string, path: string) {
  await c.getByTestId('method').selectOption(method);
  await c.getByTestId('path').fill(path);
  const before = await c.getByTestId('response').textContent();
  await c.getByTestId('send-request').click();
  // The response pane changes once the answer (or the failed fetch) is in.
  await expect.poll(() => c.getByTestId('response').textContent(), { timeout: 20_000 }).not.toBe(before);
  return {
    status: await c.getByTestId('response-status').getAttribute('data-status'),
    body: (await c.getByTestId('response-body').count()) ? await c.getByTestId('response-body').textContent() : '',
  };
}

describe('HTTP API and REST API playgrounds', () => {
  it('switches to an HTTP API, answers GET /orders/1 from the handler and an unknown route with 404 Not Found', async () => {
    await openAs('HTTP');
    await page.getByTestId('http-route-GET /orders/{id}').waitFor();
    const app = caller('Browser app');
    const ok = await request(app, 'GET', '/orders/1');
    expect(ok.status).toBe('200');
    expect(JSON.parse(ok.body ?? '')).toMatchObject({ orderId: '1', status: 'shipped' });

    const missing = await request(app, 'GET', '/customers');
    expect(missing.status).toBe('404');
    expect(JSON.parse(missing.body ?? '')).toEqual({ message: 'Not Found' });

    // The trace reached the diagram and the logs.
    await expect.poll(() => page.getByTestId('log-panel').textContent(), { timeout: 10_000 }).toContain('getOrder');
    await expect.poll(() => page.getByTestId('request-log').textContent()).toContain('/customers');
    await shot('http');
    expect(pageErrors).toEqual([]);
  });

  it('protects POST /orders with the JWT authorizer: 401 without a token, 201 with a minted token that has the scope', async () => {
    await openAs('HTTP');
    const app = caller('Browser app');
    await app.getByTestId('request-preset').selectOption({ label: 'POST /orders (needs a token)' });
    expect((await request(app, 'POST', '/orders')).status).toBe('401');
    await app.getByTestId('mint-token').locator('summary').click();
    await app.getByTestId('mint-sub').fill('ada');
    await app.getByTestId('mint-button').click();
    await expect.poll(() => app.locator('[data-testid=header-value]').last().inputValue()).toMatch(/^Bearer ey/);
    const created = await request(app, 'POST', '/orders');
    expect(created.status).toBe('201');
    expect(JSON.parse(created.body ?? '')).toMatchObject({ customer: 'ada', productId: 'p-2' });
    await shot('http-jwt');
  });

  it('switches to a REST API: 403 Forbidden without the API key, 200 with it, and the repeat comes from the stage cache', async () => {
    await openAs('REST');
    await expect(page.getByTestId('rest-resources-table').textContent()).resolves.toContain('/orders/{id}');
    const partner = caller('Partner system');
    const keyRow = partner.locator('[data-testid=header-row][data-header=x-api-key]');
    await keyRow.getByRole('checkbox').uncheck();
    const denied = await request(partner, 'GET', '/orders/1');
    expect(denied.status).toBe('403');
    expect(JSON.parse(denied.body ?? '')).toEqual({ message: 'Forbidden' });

    await keyRow.getByRole('checkbox').check();
    const ok = await request(partner, 'GET', '/orders/1');
    expect(ok.status).toBe('200');
    expect(JSON.parse(ok.body ?? '')).toMatchObject({ orderId: '1' });
    const again = await request(partner, 'GET', '/orders/1');
    expect(again.status).toBe('200');

    const log = page.getByTestId('request-log');
    await expect.poll(() => log.locator('[data-cache=HIT]').count(), { timeout: 10_000 }).toBe(1);
    await expect(log.locator('[data-cache=HIT]').textContent()).resolves.toMatch(/from stage cache/);
    // One invocation for two 200s: the second never reached Lambda.
    await expect.poll(() => page.getByTestId('log-panel').locator('[data-function=getOrder]').count()).toBe(1);
    await shot('rest');

    // The stage cache's 300 s TTL runs on the gateway's virtual clock: 5 minutes later, Lambda answers again.
    await page.getByTestId('clock-advance-5m').click();
    expect((await request(partner, 'GET', '/orders/1')).status).toBe('200');
    await expect.poll(() => log.locator('article.req').last().getAttribute('data-cache')).toBe('STORE');
    await expect.poll(() => page.getByTestId('log-panel').locator('[data-function=getOrder]').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('asks before replacing edits when switching type, and the switch can be undone', async () => {
    await page.goto(server.url);
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
    await page.getByTestId('rse-input').fill('$request.body.type');
    await page.getByTestId('api-type-HTTP').click();
    await page.getByTestId('switch-dialog').getByTestId('confirm-switch').click();
    await page.getByTestId('http-routes-table').waitFor();
    await page.getByTestId('undo-reset').click();
    await expect(page.getByTestId('rse-input').inputValue()).resolves.toBe('$request.body.type');
  });

  it('keeps an HTTP workspace across a reload', async () => {
    await openAs('HTTP');
    await page.getByTestId('http-stage-name').fill('dev');
    await page.getByTestId('http-stage-name').press('Tab');
    await page.reload();
    await page.getByTestId('restored-banner').waitFor();
    await expect(page.getByTestId('http-stage-name').inputValue()).resolves.toBe('dev');
  });

  it('sends the same request to a real endpoint in real mode, where the browser applies CORS for real', async () => {
    const seen: string[] = [];
    const real = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ from: 'the real endpoint', path: req.url }));
    });
    await new Promise<void>((ok) => real.listen(0, '127.0.0.1', ok));
    try {
      const { port } = real.address() as { port: number };
      await openAs('HTTP');
      await page.getByTestId('mode-toggle').selectOption('real');
      await page.getByTestId('real-url-input').fill(`http://127.0.0.1:${port}/prod`);
      const answer = await request(caller('Browser app'), 'GET', '/orders/1');
      expect(answer.status).toBe('200');
      expect(JSON.parse(answer.body ?? '')).toEqual({ from: 'the real endpoint', path: '/prod/orders/1' });
      // Besides the request, a plain-http endpoint is asked once whether it is a local gateway
      // (docs/local-gateway.md): this one is not, so the diagram stays the client's view.
      expect(seen.filter((r) => r !== 'GET /_admin/info')).toEqual(['GET /prod/orders/1']);
      await expect.poll(() => page.getByTestId('request-log').textContent()).toContain('/prod/orders/1');
      await expect
        .poll(() => page.locator('[data-testid=diagram] svg').textContent(), { timeout: 20_000 })
        .toMatch(/Real endpoint/);
    } finally {
      // The page may hold a keep-alive socket (or the local-gateway probe's): close() alone waits for it.
      real.closeAllConnections();
      await new Promise<void>((ok) => real.close(() => ok()));
    }
  }, 120_000);

  it('opens the comparison view from the header and from #/compare', async () => {
    await page.goto(server.url);
    await page.getByTestId('view-compare').click();
    await page.getByTestId('compare-view').waitFor();
    expect(page.url()).toContain('#/compare');
    await page.getByTestId('view-playground').click();
    await page.getByTestId('compare-view').waitFor({ state: 'detached' });
    await page.goto(`${server.url}#/compare`);
    await page.getByTestId('compare-view').waitFor();
  });
});
