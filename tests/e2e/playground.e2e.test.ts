/**
 * The built site, served under a sub-path as on S3/CloudFront, driven in real headless
 * Chromium as a learner would use it. Needs `npm run build` first (the test command does it).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const client = (name: string) => page.getByTestId(`client-${name}`);

async function openPlayground() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 10_000 });
}

async function send(c: Locator, text: string) {
  await c.getByTestId('message-input').fill(text);
  await c.getByTestId('message-input').press('Enter');
}

/** Replaces the whole text of the open editor tab as a learner would (select all, type). */
async function replaceEditorText(file: string, text: string) {
  await page.getByTestId(`file-tab-${file}`).click();
  await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
  // Near the top-left: the centre of the whole view can fall outside the visible editor.
  await page.locator('[data-testid=code-editor] .monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Typed key by key, as a person would; one line so Monaco's auto-indent has nothing to do
  // (its auto-closed brackets are typed over).
  await page.keyboard.type(text);
}

describe('the playground on a static host under a sub-path', () => {
  it('deploys the chat example on a first visit, and a message from Alice is broadcast to Bob and drawn in the diagram', async () => {
    await openPlayground();
    await connect(client('Alice'));
    await connect(client('Bob'));
    await send(client('Alice'), '{"action":"sendmessage","data":"hello Bob"}');
    await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello Bob' }).waitFor();
    await client('Alice').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello Bob' }).waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('hello Bob'),
      null,
      { timeout: 20_000 },
    );
    const svgText = await page.locator('[data-testid=diagram] svg').textContent();
    expect(svgText).toContain('sendmessage');
    expect(pageErrors).toEqual([]);
  });

  it('routes by an edited route selection expression after Deploy, and underlines an invalid one', async () => {
    await openPlayground();
    const rse = page.getByTestId('rse-input');
    await rse.fill('$request.body.action[?(@.x)]');
    await expect.poll(() => page.getByTestId('rse-error').textContent()).toMatch(/filter|script/i);
    await expect(page.getByTestId('rse-error-span').count()).resolves.toBeGreaterThan(0);

    await rse.fill('$request.body.type');
    await expect(page.getByTestId('rse-error-span').count()).resolves.toBe(0);
    await page.getByTestId('deploy-button').click();
    // The status must be for the new deployment, not the one already running.
    await page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor();

    await connect(client('Alice'));
    await connect(client('Bob'));
    await send(client('Alice'), '{"type":"sendmessage","data":"routed by type"}');
    await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'routed by type' }).waitFor();
    const svgHas = () => page.locator('[data-testid=diagram] svg').textContent();
    await expect.poll(svgHas, { timeout: 20_000 }).toContain('$request.body.type');
  });

  it("ends an infinite loop at the function timeout with Lambda's log, keeps the page responsive, and keeps the connection open", async () => {
    await openPlayground();
    await replaceEditorText('default.ts', 'export const handler = async () => { while (true) {} };');
    await page.keyboard.press('Control+Enter');
    // The status must be for the new deployment, not the one already running.
    await page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor();
    await connect(client('Alice'));

    // A page timer must keep ticking while the handler spins in its worker.
    await page.evaluate(() => {
      const w = window as unknown as { ticks: number };
      w.ticks = 0;
      setInterval(() => w.ticks++, 50);
    });
    await send(client('Alice'), 'this is not JSON, so it goes to $default');
    await client('Alice')
      .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'Internal server error' })
      .waitFor({ timeout: 20_000 });
    const ticks = await page.evaluate(() => (window as unknown as { ticks: number }).ticks);
    // 3 s of function timeout at one tick per 50 ms; a frozen tab would manage one or two.
    expect(ticks).toBeGreaterThan(20);
    await expect.poll(() => page.getByTestId('log-panel').textContent()).toMatch(/Task timed out after 3\.00 seconds/);
    expect(await client('Alice').getAttribute('data-status')).toBe('open');
  });

  it('draws the network path of the open API type beside the API panel, with the persistent connection for WebSocket', async () => {
    await openPlayground();
    await page.getByTestId('network-path').locator('summary').click();
    await expect
      .poll(() => page.locator('[data-testid=network-path-diagram] svg').textContent(), { timeout: 20_000 })
      .toMatch(/Regional endpoint[\s\S]*persistent wss connection/);
  });

  it('keeps edits across a reload without running them until the learner deploys', async () => {
    await openPlayground();
    await page.getByTestId('rse-input').fill('$request.body.kind');
    // No wait for the debounced save: leaving the page (pagehide) flushes it.
    await page.reload();
    await page.getByTestId('restored-banner').waitFor();
    expect(await page.getByTestId('rse-input').inputValue()).toBe('$request.body.kind');
    await expect(client('Alice').getByTestId('connect-blocked').count()).resolves.toBeGreaterThan(0);
    await page.getByTestId('deploy-button').click();
    // The status must be for the new deployment, not the one already running.
    await page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor();
    await connect(client('Alice'));
  });

  it('sends the same client to a real endpoint when the toggle says so', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((ok) => wss.once('listening', () => ok()));
    wss.on('connection', (s) => s.on('message', (d) => s.send(`real echo: ${d}`)));
    try {
      const { port } = wss.address() as { port: number };
      await openPlayground();
      await page.getByTestId('mode-toggle').selectOption('real');
      await page.getByTestId('real-url-input').fill(`ws://127.0.0.1:${port}/dev`);
      await page.getByTestId('real-url-input').press('Enter');
      await connect(client('Alice'));
      await send(client('Alice'), 'ping');
      await client('Alice')
        .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'real echo: ping' })
        .waitFor();
      expect(wss.clients.size).toBe(1);
      // The diagram shows what the client saw, and says the backend is not observable.
      await expect
        .poll(() => page.locator('[data-testid=diagram] svg').textContent(), { timeout: 20_000 })
        .toMatch(/Real endpoint[\s\S]*real echo: ping/);
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((ok) => wss.close(() => ok()));
    }
  });
});
