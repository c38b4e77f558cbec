/**
 * The local gateway's admin page (`/_admin/`, src/host/admin) in headless Chromium: built here
 * as `npm run gateway` builds it, served by a gateway on loopback, it lists the connection, draws
 * the live trace with the playground's diagram module and shows the handlers' log, with the
 * learner's text (hostile here) shown as text, never markup.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import { chromium, type Browser } from 'playwright-core';
import { validateDefinition, type ApiDefinition } from '../../src/gateway';
import { createNodeInvoker } from '../../src/runtime/node';
import { startGateway, type GatewayServer } from '../../src/host/server';
import { connectClient } from '../../src/host/test-support';
import { chromiumArgs, chromiumPath } from '../support/chromium.ts';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let out: string;
let gateway: GatewayServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync('build', { recursive: true });
  // Absolute: Vite resolves a relative --outDir from the config's root (src/host/admin).
  out = mkdtempSync(join(process.cwd(), 'build', 'test-admin-'));
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [
    vite,
    'build',
    '--config',
    'src/host/admin/vite.config.ts',
    '--outDir',
    out,
  ]);
  const checked = validateDefinition({
    protocolType: 'WEBSOCKET',
    name: 'echo-log',
    routeSelectionExpression: '$request.body.action',
    routes: { $default: { integration: { type: 'AWS_PROXY', function: 'echo' } } },
    functions: { echo: { handler: 'echo.handler' } },
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  gateway = await startGateway({
    definition: checked.definition as ApiDefinition,
    files: {
      'echo.ts':
        'export const handler = async (event) => { console.log("got", event.body); return { statusCode: 200 }; };',
    },
    createInvoker: createNodeInvoker,
    adminDir: out,
  });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the admin page of the local gateway', () => {
  it('lists the connection, draws the trace and shows the log, hostile text as text', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(gateway.urls.admin);
    await page.getByTestId('admin-stream').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('admin-api').textContent()).toContain('echo-log (WEBSOCKET API');

    const alice = await connectClient(gateway.urls.client);
    const row = page.locator('[data-testid=admin-connections] tbody tr');
    await row.first().waitFor({ timeout: 10_000 });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('127.0.0.1');

    alice.ws.send(HOSTILE);
    const logLine = page.getByTestId('admin-log').locator('li', { hasText: 'got' });
    await logLine.waitFor({ timeout: 20_000 });
    expect(await logLine.textContent()).toContain(HOSTILE);
    await expect
      .poll(() => page.locator('[data-testid=admin-diagram] svg').textContent(), { timeout: 30_000 })
      .toMatch(/λ echo/);
    // Learner text never became markup: no img anywhere, nothing ran.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    alice.ws.close();
    await alice.closed;
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('has no critical, serious or moderate axe violations with a connection and a drawn trace', async () => {
    // axe is injected as a script, which the page's own CSP (scripts from itself only) forbids.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const alice = await connectClient(gateway.urls.client);
    try {
      await page.goto(gateway.urls.admin);
      await page.locator('[data-testid=admin-connections] tbody tr').first().waitFor({ timeout: 20_000 });
      alice.ws.send('hello');
      await page.locator('[data-testid=admin-diagram] svg').waitFor({ timeout: 30_000 });
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        const run = (
          window as unknown as {
            axe: {
              run(
                d: Document,
              ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        return (await run.run(document)).violations
          .filter((v) => v.impact !== 'minor')
          .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
    } finally {
      alice.ws.close();
      await alice.closed;
      await context.close();
    }
  }, 90_000);
});
