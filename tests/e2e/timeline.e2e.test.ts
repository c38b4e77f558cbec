/**
 * Timeline replay on the built site under a sub-path, in real Chromium: after a broadcast in the
 * chat, the learner steps back with `[` to the step where Alice's message reaches the gateway and
 * sees the clients' frames and the log as they were then, steps with `]`, jumps with Home and End,
 * plays at 4× to the end, filters the event table by connection and reads a step's Lambda event.
 * Replaying only reads the trace: the number of invocations never changes. Needs `npm run build`.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const POLL = { timeout: 20_000 };
const MESSAGE = '{"action":"sendmessage","data":"hello Bob"}';
const client = (name: string) => page.getByTestId(`client-${name}`);
const timeline = () => page.getByTestId('timeline');

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 45_000 });
}

/** The frames a console shows: kind and text. */
async function frames(name: string): Promise<string[]> {
  return client(name)
    .locator('[data-testid=frames] li[data-kind]')
    .evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-kind')} ${li.querySelector('.text')?.textContent}`));
}

const position = async () => Number(await timeline().getAttribute('data-position'));
const total = async () => Number(await timeline().getAttribute('data-total'));
const invocations = async () => Number(await timeline().getAttribute('data-invocations'));
const live = async () => (await timeline().getAttribute('data-live')) === 'true';

/** The chat on a first visit, Alice and Bob connected, Alice's broadcast received by both. */
async function broadcast() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
  await connect(client('Alice'));
  await connect(client('Bob'));
  await client('Alice').getByTestId('message-input').fill(MESSAGE);
  await client('Alice').getByTestId('message-input').press('Enter');
  for (const name of ['Alice', 'Bob'])
    await client(name).locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello Bob' }).waitFor();
  await timeline().waitFor(POLL);
  // Every step of the broadcast is in: sendmessage returned (its result is the last step).
  await page
    .locator('[data-testid=log-panel] article.inv.ok[data-function=sendmessage]')
    .waitFor({ state: 'attached', ...POLL });
}

describe('timeline replay', () => {
  it(
    'steps back with [ to where Alice’s message reaches the gateway and shows the frames and log of that step, then ] Home End and play at 4×',
    { timeout: 180_000 },
    async () => {
      await broadcast();
      await expect.poll(live, POLL).toBe(true);
      const count = await invocations();
      expect(count).toBe(3); // $connect twice, sendmessage once
      const steps = await total();
      const liveAlice = await frames('Alice');
      expect(liveAlice.some((f) => f.startsWith('received'))).toBe(true);

      // Open the event table to find the step where Alice's frame reaches the gateway.
      await page.getByTestId('timeline-events-toggle').click();
      const frameIn = page.locator('[data-testid=event-row][data-kind="ws.frame.in"]');
      await frameIn.waitFor(POLL);
      const target = Number(await frameIn.locator('.n').textContent());
      expect(target).toBeLessThan(steps);

      // `[` from outside any text field, step by step back to it.
      await page.locator('#diagram-h').click();
      for (let i = steps; i > target; i--) await page.keyboard.press('[');
      await expect.poll(position, POLL).toBe(target);
      expect(await live()).toBe(false);
      await expect
        .poll(() => page.getByTestId('timeline-slider').getAttribute('aria-valuetext'))
        .toBe(`step ${target} of ${steps}`);

      // Alice's console: connecting, open, her message sent; nothing received yet. Bob: only open.
      await expect.poll(() => frames('Alice'), POLL).toEqual(['info connecting…', 'open open', `sent ${MESSAGE}`]);
      expect(await frames('Bob')).toEqual(['info connecting…', 'open open']);
      expect(await client('Alice').getByTestId('frames').getAttribute('data-replay')).toBe('true');
      // The log as of that step: the two $connect invocations, not sendmessage.
      await page.getByTestId('tab-logs').click();
      await expect.poll(() => page.getByTestId('tab-logs').textContent()).toBe('Logs (2)');
      expect(await page.locator('[data-testid=log-panel] article[data-function=sendmessage]').count()).toBe(0);
      expect(await page.getByTestId('log-at-step').textContent()).toContain(`as of step ${target}`);
      // The diagram draws up to the step, the message arrow as the newest.
      await expect
        .poll(() => page.getByTestId('diagram').getAttribute('data-tag'), POLL)
        .toBe(await frameIn.getAttribute('data-seq'));
      const newest = page.locator('[data-testid=diagram] .agp-newest');
      await expect.poll(() => newest.textContent(), POLL).toContain('sendmessage');
      // The selected row is the step; its details hold the Lambda event it caused.
      expect(await page.locator('[data-testid=event-row][aria-selected=true]').getAttribute('data-kind')).toBe(
        'ws.frame.in',
      );
      const lambdaEvent = JSON.parse((await page.getByTestId('details-lambda-event').textContent()) ?? '');
      expect(lambdaEvent).toMatchObject({ body: MESSAGE, requestContext: { routeKey: 'sendmessage' } });

      // `]` steps forward one.
      await page.keyboard.press(']');
      await expect.poll(position, POLL).toBe(target + 1);

      // Home: the first step; the consoles are empty but for Alice's upgrade.
      await page.getByTestId('timeline-slider').focus();
      await page.keyboard.press('Home');
      await expect.poll(position, POLL).toBe(1);
      await expect.poll(() => frames('Alice'), POLL).toEqual(['info connecting…']);
      // End: the last step, and live again (the consoles show their own frames).
      await page.keyboard.press('End');
      await expect.poll(live, POLL).toBe(true);
      expect(await frames('Alice')).toEqual(liveAlice);

      // Play at 4× from the start reaches the end and goes live.
      await page.getByTestId('timeline-first').click();
      await expect.poll(position, POLL).toBe(1);
      await page.getByTestId('timeline-speed').selectOption('4');
      await page.getByTestId('timeline-play').click();
      await expect.poll(position, POLL).toBeGreaterThan(1);
      await expect.poll(live, { timeout: 60_000 }).toBe(true);
      expect(await page.getByTestId('timeline-play').textContent()).toContain('Play');

      // Nothing ran again, and no step was added by replaying.
      expect(await invocations()).toBe(count);
      expect(await total()).toBe(steps);
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'filters the event table by connection, and a selected row shows its event JSON; new steps while replaying are counted, not shown',
    { timeout: 180_000 },
    async () => {
      await broadcast();
      const count = await invocations();
      // `[` in a text field is text, not a step back.
      const input = client('Alice').getByTestId('message-input');
      await input.fill('');
      await input.press('[');
      expect(await input.inputValue()).toBe('[');
      expect(await live()).toBe(true);
      await page.getByTestId('timeline-events-toggle').click();
      const rows = page.getByTestId('event-row');
      await rows.first().waitFor(POLL);
      const all = await rows.count();

      // Bob's connection: only his steps (his upgrade, $connect, handshake, the frame to him).
      const filter = page.getByTestId('event-filter-connection');
      const bob = await filter.locator('option', { hasText: 'Bob' }).getAttribute('value');
      await filter.selectOption(bob!);
      await expect.poll(() => rows.count(), POLL).toBeLessThan(all);
      const kinds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      expect(kinds).toContain('ws.upgrade');
      expect(kinds).toContain('ws.frame.out');
      expect(kinds).not.toContain('ws.frame.in');

      // Keyboard: focus the list's row, ↑ to the first, Enter moves the timeline there.
      await rows.last().click();
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      const first = rows.first();
      await expect.poll(() => first.getAttribute('aria-selected'), POLL).toBe('true');
      await expect.poll(async () => String(await position()), POLL).toBe(await first.locator('.n').textContent());
      await page.getByText('The step as recorded').click();
      const json = JSON.parse((await page.getByTestId('details-event-json').textContent()) ?? '');
      expect(json).toMatchObject({ kind: 'ws.upgrade', from: 'client:Bob', to: 'gateway' });

      // A new message while replaying: recorded, counted, the view stays at the step.
      const at = await position();
      await client('Bob').getByTestId('message-input').fill('{"action":"sendmessage","data":"later"}');
      await client('Bob').getByTestId('message-input').press('Enter');
      await page.getByTestId('timeline-new-steps').waitFor(POLL);
      expect(await position()).toBe(at);
      await expect.poll(invocations, POLL).toBe(count + 1);
      await page.getByTestId('timeline-live').click();
      await expect.poll(live, POLL).toBe(true);
      await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'later' }).waitFor();
      expect(pageErrors).toEqual([]);
    },
  );
});
