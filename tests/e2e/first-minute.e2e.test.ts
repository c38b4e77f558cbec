/**
 * The first minute and the state a learner can see, in the built site under a sub-path: "Start
 * here" on a first visit (and never in the way of a returning learner or a deep link), a redeploy
 * that keeps the history and says why connections closed, connection ids with Copy, and real
 * mode saying which controls do not apply.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const client = (name: string) => page.getByTestId(`client-${name}`);

async function openPlayground(hash = '') {
  await page.goto(server.url + hash);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 15_000 });
}

describe('the first minute', () => {
  it('opens Start here on a first visit, walks through connect and send, and stays closed once dismissed', async () => {
    await openPlayground();
    const start = page.getByTestId('start-here');
    await start.waitFor({ timeout: 15_000 });
    await expect(start.textContent()).resolves.toMatch(/What this is/);

    await start.getByRole('button', { name: 'Connect both' }).click();
    await start.locator('[data-testid=start-here-connect]', { hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await expect(client('Alice').getAttribute('data-status')).resolves.toBe('open');
    await expect(client('Bob').getAttribute('data-status')).resolves.toBe('open');

    await start.getByRole('button', { name: /^Send / }).click();
    await start.locator('[data-testid=start-here-send]', { hasText: 'Sent' }).waitFor({ timeout: 15_000 });
    // The message went through the gateway: the diagram now has more than the empty state.
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=diagram]')?.getAttribute('data-tag') ?? '0') !== '0',
      null,
      { timeout: 20_000 },
    );

    await start.getByTestId('start-here-close').click();
    await start.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('start-here').count()).resolves.toBe(0);

    // Reopenable from the header at any time.
    await page.getByTestId('start-here-button').click();
    await page.getByTestId('start-here').waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  });

  it('does not open Start here on a deep link to a lesson', async () => {
    await page.goto(`${server.url}#/lessons/routing-table`);
    await page.getByRole('heading', { level: 2 }).first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=lesson-checks]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('start-here').count()).resolves.toBe(0);
  });

  it('keeps the diagram and log across a redeploy, shows the redeployed step, and says why each client closed', async () => {
    await openPlayground();
    await connect(client('Alice'));
    await connect(client('Bob'));
    const ids = [
      await client('Alice').locator('[data-testid=connection-id] input').inputValue(),
      await client('Bob').locator('[data-testid=connection-id] input').inputValue(),
    ];
    expect(ids[0]).toMatch(/^[A-Za-z0-9_=-]{8,}$/);
    expect(ids[1]).not.toBe(ids[0]);

    // The live diagram paces its drawings: wait for the connects to be drawn.
    const drawnTag = async () => Number(await page.getByTestId('diagram').getAttribute('data-tag'));
    await expect.poll(drawnTag, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await drawnTag();

    await page.getByTestId('deploy-button').click();
    await page.getByTestId('redeployed-step').first().waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('redeployed-step').first().textContent()).resolves.toMatch(
      /redeployed — 2 connections closed \(1001\)/,
    );
    for (const name of ['Alice', 'Bob']) {
      await client(name).locator('[data-testid=client-state]', { hasText: /1001/ }).waitFor({ timeout: 15_000 });
      await expect(client(name).textContent()).resolves.toMatch(/redeployed/);
    }
    // The earlier steps are still drawn, followed by the redeploy.
    await page.waitForFunction(
      () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('redeployed'),
      null,
      { timeout: 20_000 },
    );
    expect(Number(await page.getByTestId('diagram').getAttribute('data-tag'))).toBeGreaterThan(before);
    // The $connect invocations of before the redeploy are still in the log.
    await expect(page.getByTestId('log-panel').textContent()).resolves.toMatch(/onconnect/);
    expect(pageErrors).toEqual([]);
  });

  it('makes the message chips follow the deployed route selection expression', async () => {
    await openPlayground();
    const chip = client('Alice').getByTestId('chips').getByRole('button', { name: 'sendmessage' });
    await chip.click();
    await expect(client('Alice').getByTestId('message-input').inputValue()).resolves.toMatch(/"action":"sendmessage"/);

    await page.getByTestId('rse-input').fill('$request.body.type');
    await page.getByTestId('deploy-button').click();
    await page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor();
    await chip.click();
    const draft = await client('Alice').getByTestId('message-input').inputValue();
    expect(draft).toMatch(/"type":"sendmessage"/);
    expect(draft).not.toMatch(/"action"/);
  });

  it('copies a connection id with the Copy button', async () => {
    await openPlayground();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await connect(client('Bob'));
    const id = await client('Bob').locator('[data-testid=connection-id] input').inputValue();
    await client('Bob').getByTestId('copy-connection-id').click();
    await client('Bob').getByTestId('copy-connection-id').filter({ hasText: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(id);
  });

  it('in real mode disables what cannot apply, with the reason, and explains the empty log', async () => {
    await openPlayground();
    await page.getByTestId('mode-toggle').selectOption('real');
    const deploy = page.getByTestId('deploy-button');
    await expect(deploy.isDisabled()).resolves.toBe(true);
    await expect(deploy.getAttribute('title')).resolves.toMatch(/real/i);
    const advance = page.getByTestId('clock-advance-10m');
    await expect(advance.isDisabled()).resolves.toBe(true);
    await expect(advance.getAttribute('title')).resolves.toMatch(/real/i);
    await page.getByTestId('clock-real').waitFor();
    await expect(page.getByTestId('log-empty-real').textContent()).resolves.toMatch(/CloudWatch/);
  });
});
