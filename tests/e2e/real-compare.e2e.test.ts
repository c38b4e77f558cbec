/**
 * Real mode's "Compare with the simulator" end to end: the built site in headless Chromium, real
 * mode pointed at the local gateway (`npm run gateway`'s server, started here on a loopback port
 * with the chat example), the learner's clients used as a learner would, then the comparison run
 * from the header. Needs `npm run build` first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';
import { startGateway, type GatewayServer } from '../../src/host/server';
import { exampleProject } from '../../src/host/project';
import { validateDefinition } from '../../src/gateway';
import { createNodeInvoker } from '../../src/runtime/node-invoker';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const shots = process.env.SCREENSHOTS;
const client = (name: string) => page.getByTestId(`client-${name}`);
let gateway: GatewayServer | undefined;

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** An example on a real local gateway (the chat by default); `edit` changes its handler files first. */
async function localGateway(
  edit: (files: Record<string, string>) => Record<string, string> = (f) => f,
  example = 'chat',
) {
  const project = await exampleProject(example);
  const v = validateDefinition(project.definition);
  if (!v.ok) throw new Error('the chat example does not validate');
  gateway = await startGateway({
    definition: v.definition,
    files: edit({ ...project.files }),
    createInvoker: createNodeInvoker,
    onError: () => undefined,
  });
  return gateway;
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 10_000 });
}

async function send(c: Locator, text: string) {
  await c.getByTestId('message-input').fill(text);
  await c.getByTestId('message-input').press('Enter');
}

/** Opens the playground, switches to real mode on `url`, and has Alice and Bob chat there. */
async function chatInRealMode(url: string, expectReceived: string) {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
  await page.getByTestId('mode-toggle').selectOption('real');
  await page.getByTestId('real-url-input').fill(url);
  await connect(client('Alice'));
  await connect(client('Bob'));
  await send(client('Alice'), '{"action":"sendmessage","data":"hello room"}');
  await client('Bob')
    .locator('[data-testid=frames] li[data-kind=received]', { hasText: expectReceived })
    .waitFor({ timeout: 20_000 });
  await client('Alice')
    .locator('[data-testid=frames] li[data-kind=received]', { hasText: expectReceived })
    .waitFor({ timeout: 20_000 });
}

async function runComparison() {
  await page.getByTestId('real-compare-button').click();
  const summary = page.getByTestId('real-compare-summary');
  await page
    .locator(
      '[data-testid=real-compare-summary][data-status=done], [data-testid=real-compare-summary][data-status=failed]',
    )
    .waitFor({ timeout: 60_000 });
  expect(await summary.getAttribute('data-status'), (await summary.textContent()) ?? '').toBe('done');
  return summary;
}

/**
 * axe's serious and critical violations inside the comparison panel (the bar the a11y suite holds
 * the page to; the shared Dialog's header and footer draw two moderate landmark notes).
 */
async function audit(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: {
        run(
          ctx: unknown,
          opts: unknown,
        ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
      };
    };
    const { violations } = await axe.run(
      { include: ['[data-testid=real-compare-dialog]'] },
      { resultTypes: ['violations'] },
    );
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} ${n.target.join(' ')}`));
  });
}

describe('Compare with the simulator, against the local gateway', () => {
  it('finds no difference on the chat example: the same steps give the same frames and closes', async () => {
    const gw = await localGateway();
    await chatInRealMode(gw.urls.client, 'hello room');
    // Bob leaves, so a client close is among the steps too.
    await client('Bob').getByTestId('disconnect').click();
    await client('Bob').locator('[data-testid=frames] li[data-kind=close]').waitFor({ timeout: 10_000 });

    const summary = await runComparison();
    await page.getByTestId('real-compare-dialog').locator('details.steps summary').click();
    expect(await page.getByTestId('real-compare-steps').textContent()).toMatch(
      /Alice connects[\s\S]*Bob connects[\s\S]*Alice sends[\s\S]*Bob disconnects/,
    );
    expect(await summary.getAttribute('data-differences')).toBe('0');
    expect(await summary.textContent()).toMatch(/No difference: \d+ answers compared over 4 steps/);
    if (shots) await page.screenshot({ path: `${shots}/real-compare-match.png` });
    expect(await audit()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('highlights a real endpoint whose handler differs, both sides side by side, as text, keyboard navigable', async () => {
    // The local gateway runs a sendmessage that shouts and adds markup; the page's simulator runs the example's.
    const gw = await localGateway((files) => ({
      ...files,
      'sendmessage.ts': files['sendmessage.ts'].replace(
        'Data: data }',
        'Data: "<img src=x onerror=alert(1)>" + String(data).toUpperCase() }',
      ),
    }));
    await chatInRealMode(gw.urls.client, 'HELLO ROOM');
    const summary = await runComparison();
    expect(await summary.getAttribute('data-differences')).toBe('2');
    const items = page.getByTestId('real-compare-differences').locator(':scope > li');
    await expect.poll(() => items.count()).toBe(2);
    for (const li of await items.all()) {
      expect(await li.getAttribute('data-aspect')).toBe('frame');
      expect(await li.locator('[data-side=simulator]').textContent()).toBe('hello room');
      expect(await li.locator('[data-side=real]').textContent()).toBe('<img src=x onerror=alert(1)>HELLO ROOM');
    }
    // Escaped: the endpoint's markup is text, never an element.
    expect(await page.getByTestId('real-compare-dialog').locator('img').count()).toBe(0);
    // Keyboard: the differences are one list, Down and Up move between them.
    await items.first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await items.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Home');
    expect(await items.nth(0).evaluate((el) => el === document.activeElement)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/real-compare-differences.png` });
    expect(await audit()).toEqual([]);
    // Esc closes the panel and focus goes back to the button.
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('real-compare-button').evaluate((el) => el === document.activeElement))
      .toBe(true);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('finds no difference on the HTTP API example: statuses, the headers a page can read and the bodies match', async () => {
    const gw = await localGateway((f) => f, 'http-orders');
    await page.goto(server.url);
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
    await page.getByTestId('api-type-HTTP').click();
    await page
      .locator('[data-testid=deploy-status][data-status=deployed][data-api-type=HTTP]')
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('mode-toggle').selectOption('real');
    await page.getByTestId('real-url-input').fill(gw.urls.client);
    const app = page.getByTestId('caller-Browser app');
    for (const path of ['/orders/1', '/customers']) {
      await app.getByTestId('method').selectOption('GET');
      await app.getByTestId('path').fill(path);
      const before = await app.getByTestId('response').textContent();
      await app.getByTestId('send-request').click();
      await expect.poll(() => app.getByTestId('response').textContent(), { timeout: 20_000 }).not.toBe(before);
    }
    expect(await app.getByTestId('response-status').getAttribute('data-status')).toBe('404');
    const summary = await runComparison();
    const diffs = await page.getByTestId('real-compare-dialog').textContent();
    expect(await summary.getAttribute('data-differences'), diffs ?? '').toBe('0');
    expect(await summary.textContent()).toMatch(/No difference: \d+ answers compared over 2 steps/);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
