/**
 * Real mode against the local gateway (`npm run gateway`, docs/local-gateway.md): the built site
 * in headless Chromium points its real-mode toggle at a gateway started here on loopback, and
 * the diagram shows the backend's hops too (the page follows the gateway's /_admin/trace
 * stream), not only what the client saw. Needs `npm run build` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isHttpLike } from '../../src/gateway';
import { createNodeInvoker } from '../../src/runtime/node';
import { exampleProject } from '../../src/host/project';
import { startGateway, type GatewayServer } from '../../src/host/server';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let site: StaticServer;
let page: Page;
let pageErrors: string[];
let gateway: GatewayServer;

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (s) => ({ server: site, page, pageErrors } = s));

beforeAll(async () => {
  // Handlers in the gateway's thread: this test is about the trace, not the worker threads.
  gateway = await startGateway({ ...(await exampleProject('chat')), createInvoker: createNodeInvoker });
}, 60_000);
afterAll(() => gateway?.close());

const client = (name: string) => page.getByTestId(`client-${name}`);
const diagramText = () => page.locator('[data-testid=diagram] svg').textContent();

describe('real mode pointed at the local gateway', () => {
  it("draws the gateway's Lambda invocations for the chat example, between the client's own steps", async () => {
    await page.goto(site.url);
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
    await page.getByTestId('mode-toggle').selectOption('real');
    await page.getByTestId('real-url-input').fill(gateway.urls.client);
    await page.getByTestId('real-url-input').press('Enter');

    await client('Alice').getByTestId('connect').click();
    await client('Alice').locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 10_000 });
    // $connect ran on the gateway (onconnect stored the connection): the diagram says so.
    await expect.poll(diagramText, { timeout: 20_000 }).toMatch(/λ onconnect/);

    await client('Alice').getByTestId('message-input').fill('{"action":"sendmessage","data":"hello gateway"}');
    await client('Alice').getByTestId('message-input').press('Enter');
    await client('Alice')
      .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello gateway' })
      .waitFor({ timeout: 10_000 });
    await expect.poll(diagramText, { timeout: 20_000 }).toMatch(/λ sendmessage/);
    const text = (await diagramText()) ?? '';
    // The whole path: the client's lane, the gateway, the functions and the table they use.
    expect(text).toMatch(/Alice/);
    expect(text).toMatch(/Table connections/);
    expect(text).not.toMatch(/backend is not observable/);
    // Merged by time: $connect ran while the upgrade was pending, before the client saw its 101.
    expect(text.indexOf('invoke (CONNECT)')).toBeGreaterThan(-1);
    expect(text.indexOf('invoke (CONNECT)')).toBeLessThan(text.indexOf('101 Switching Protocols'));
    // The page's client really reached the gateway: it is its one live connection.
    expect(isHttpLike(gateway.api) ? [] : gateway.api.connections()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('draws the backend of an HTTP API too: the route, the Lambda invocation and its result', async () => {
    const shop = await startGateway({ ...(await exampleProject('http-orders')), createInvoker: createNodeInvoker });
    try {
      await page.goto(site.url);
      await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
      await page.getByTestId('api-type-HTTP').click();
      await page
        .locator('[data-testid=deploy-status][data-status=deployed][data-api-type=HTTP]')
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('mode-toggle').selectOption('real');
      await page.getByTestId('real-url-input').fill(shop.urls.client);
      const app = page.getByTestId('caller-Browser app');
      await app.getByTestId('method').selectOption('GET');
      await app.getByTestId('path').fill('/orders/1');
      await app.getByTestId('send-request').click();
      await expect.poll(() => app.getByTestId('response-status').getAttribute('data-status')).toBe('200');
      await expect.poll(diagramText, { timeout: 20_000 }).toMatch(/λ getOrder/);
      expect(await diagramText()).toMatch(/GET \/orders\/1/);
      expect(pageErrors).toEqual([]);
    } finally {
      await shop.close();
    }
  }, 90_000);
});
