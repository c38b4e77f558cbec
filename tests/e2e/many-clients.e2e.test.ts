/**
 * A room of clients (issue 10, "Many clients"): fifty named clients added with one control,
 * connected with one click, each broadcasting through the chat example, while a probe in the
 * page records the longest main-thread task; and the things that happen to real clients without
 * anyone closing them: the network drops (1006, `$disconnect`, then 410 on @connections), the
 * connection sits idle for 10 minutes (1001), and a scripted client sends its list.
 *
 * The stall bounds are for a busy 2-core CI (see STALL_MARGIN_MS); `npm run bench -- clients50`
 * prints the figures. Heavy: generous explicit timeouts. Needs `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1280, height: 720 } }, (site) => ({ server, page, pageErrors } = site));

const STUDENTS = 50;
/** Alice and Bob are there from the start. */
const CLIENTS = STUDENTS + 2;
/**
 * The goal is no main-thread task over 200 ms while 52 clients connect and 50 broadcasts reach all
 * 52. Live drawings are now made without Mermaid (tens of ms); Mermaid draws the diagram once the
 * traffic has stopped for 2.5 s, and that one drawing (about 200–300 ms on a quiet machine, more
 * on a loaded one) can land in a lull of this test. What this test holds, reliably on a busy CI:
 * nothing else stalls the page longer than the slowest diagram render (plus STALL_MARGIN_MS, for a
 * render and a Svelte update landing in one task), and never longer than FREEZE_MS.
 * `npm run bench -- clients50` prints the figures.
 */
const STALL_MARGIN_MS = 1_000;
const FREEZE_MS = 20_000;

const client = (name: string) => page.getByTestId(`client-${name}`);

async function openPlayground() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
}

interface Probe {
  longest: number;
  over200: number[];
  rafGap: number;
  /** The slowest diagram render (the diagram's canvas says what each took). */
  slowestRender: number;
}

/** The longest main-thread task (Long Tasks API) and the longest gap between animation frames. */
function installProbe() {
  const p: Probe = ((globalThis as unknown as { __probe: Probe }).__probe = {
    longest: 0,
    over200: [],
    rafGap: 0,
    slowestRender: 0,
  });
  const canvas = document.querySelector<HTMLElement>('[data-testid=diagram]')!;
  new MutationObserver(() => {
    p.slowestRender = Math.max(p.slowestRender, Number(canvas.dataset.renderMs) || 0);
  }).observe(canvas, { attributes: true, attributeFilter: ['data-render-ms'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      p.longest = Math.max(p.longest, e.duration);
      if (e.duration > 200) p.over200.push(Math.round(e.duration));
    }
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const tick = (t: number) => {
    p.rafGap = Math.max(p.rafGap, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Text frames received by every client together (the roster's counts). */
function receivedByAll(): number {
  let n = 0;
  for (const b of document.querySelectorAll<HTMLElement>('[data-testid^=roster-]')) n += Number(b.dataset.received);
  return n;
}

function allReceived(expected: number): boolean {
  let n = 0;
  for (const b of document.querySelectorAll<HTMLElement>('[data-testid^=roster-]')) n += Number(b.dataset.received);
  return n >= expected;
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 30_000 });
}

/** Replaces the whole text of an editor tab as a learner would (select all, type one line). */
async function replaceEditorText(file: string, text: string) {
  await page.getByTestId(`file-tab-${file}`).click();
  await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=code-editor] .monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

describe('fifty clients in one page', () => {
  it(
    'adds 50 named clients at once, connects all, each broadcasts through the chat, and the page never stalls',
    { timeout: 600_000 },
    async () => {
      await openPlayground();
      await page.evaluate(installProbe);

      await page.getByTestId('add-clients').click();
      await page.getByTestId('batch-count').fill(String(STUDENTS));
      await expect(page.getByTestId('batch-pattern').inputValue()).resolves.toBe('student-{n}');
      await page.getByTestId('batch-script').fill('{"action":"sendmessage","data":"hi from {name}"}');
      await page.getByTestId('batch-add').click();
      // The roster loads on first use (over eight clients): wait for it before counting.
      await page.getByTestId('roster-student-50').waitFor({ timeout: 30_000 });
      await expect(page.locator('[data-testid^=roster-]').count()).resolves.toBe(CLIENTS);

      await page.getByTestId('connect-all').click();
      await page
        .getByTestId('clients-summary')
        .filter({ hasText: `${CLIENTS} of ${CLIENTS} open` })
        .waitFor({ timeout: 180_000 });

      // Each student's script sends one broadcast; the chat posts it to all 52 connections.
      await page.getByTestId('run-scripts').click();
      const expected = STUDENTS * CLIENTS;
      await page.waitForFunction(allReceived, expected, { timeout: 300_000, polling: 500 }).catch(() => undefined);
      const received = await page.evaluate(receivedByAll);
      expect(expected - received).toBe(0);
      await expect(page.getByTestId('roster-student-50').getAttribute('data-sent')).resolves.toBe('1');

      // The list is keyboard-navigable: End selects the last client, whose console then shows.
      await page.getByTestId('roster-Alice').focus();
      await page.keyboard.press('End');
      await client('student-50')
        .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hi from student-50' })
        .waitFor();
      await expect(page.getByTestId('roster-student-50').getAttribute('aria-current')).resolves.toBe('true');
      // Nothing spills sideways at 1280×720.
      const width = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(width).toBe(0);

      const probe = await page.evaluate(() => (globalThis as unknown as { __probe: Probe }).__probe);
      console.log(
        `50 clients: longest main-thread task ${Math.round(probe.longest)} ms, tasks over 200 ms: ${probe.over200.length}` +
          `${probe.over200.length ? ` (${probe.over200.slice(0, 8).join(', ')} ms)` : ''}, longest frame gap ${Math.round(probe.rafGap)} ms, ` +
          `slowest diagram render ${Math.round(probe.slowestRender)} ms`,
      );
      expect(probe.longest).toBeLessThan(Math.max(200, probe.slowestRender) + STALL_MARGIN_MS);
      expect(probe.longest).toBeLessThan(FREEZE_MS);
      expect(pageErrors).toEqual([]);
    },
  );
});

describe('what happens to a client without anyone closing it', () => {
  it(
    'drops the network (1006, $disconnect with 1006, then 410 on @connections), goes idle (1001), and runs a script',
    { timeout: 300_000 },
    async () => {
      await openPlayground();
      // $disconnect logs what it received and keeps the id in the table, so the next broadcast
      // posts to the dropped connection and meets @connections' answer.
      await replaceEditorText(
        'ondisconnect.ts',
        'export const handler = async (event) => { console.log("disconnect", event.requestContext.disconnectStatusCode, JSON.stringify(event.requestContext.disconnectReason)); return { statusCode: 200 }; };',
      );
      await page.getByTestId('deploy-button').click();
      await page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor({
        timeout: 60_000,
      });
      await page.getByTestId('add-client').click();
      for (const name of ['Alice', 'Bob', 'Carol']) await connect(client(name));
      const bobId = await client('Bob').getByTestId('connection-id').locator('input').inputValue();

      // Drop network: the page sees 1006 (not clean), and $disconnect receives 1006.
      await client('Bob').getByTestId('drop-network').click();
      await client('Bob')
        .getByTestId('client-state')
        .filter({ hasText: 'closed 1006: the network dropped' })
        .waitFor({ timeout: 30_000 });
      await client('Bob')
        .locator('[data-testid=frames] li[data-kind=close]', { hasText: '1006 (not clean)' })
        .waitFor();
      const logs = page.getByTestId('log-panel');
      await logs.getByText('disconnect 1006 ""').waitFor({ timeout: 30_000 });

      // The next post to Bob's connection answers 410 GoneException: the chat's handler says so.
      await client('Alice').getByTestId('message-input').fill('{"action":"sendmessage","data":"still there?"}');
      await client('Alice').getByTestId('message-input').press('Enter');
      await client('Carol')
        .locator('[data-testid=frames] li[data-kind=received]', { hasText: 'still there?' })
        .waitFor();
      await logs.getByText(`Removing stale connection ${bobId}`).waitFor({ timeout: 30_000 });
      await page.waitForFunction(
        () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('410'),
        null,
        { timeout: 30_000 },
      );

      // Go idle: Carol's 10-minute idle timeout fires now; Alice stays open.
      await client('Carol').getByTestId('go-idle').click();
      await client('Carol')
        .getByTestId('client-state')
        .filter({ hasText: 'closed 1001: idle for 10 minutes' })
        .waitFor({ timeout: 30_000 });
      await logs.getByText('disconnect 1001 "Going away"').waitFor({ timeout: 30_000 });
      await expect(client('Alice').getAttribute('data-status')).resolves.toBe('open');

      // A scripted client sends its list, at its rate.
      const script = client('Alice').getByTestId('script');
      await script.locator('summary').click();
      await script
        .getByTestId('script-messages')
        .fill(['one', 'two', 'three'].map((d) => `{"action":"sendmessage","data":"${d} from {name}"}`).join('\n'));
      await script.getByTestId('script-rate').fill('10');
      await script.getByTestId('script-start').click();
      await script.getByTestId('script-progress').filter({ hasText: 'done: 3 sent' }).waitFor({ timeout: 30_000 });
      for (const d of ['one', 'two', 'three'])
        await client('Alice')
          .locator('[data-testid=frames] li[data-kind=received]', { hasText: `${d} from Alice` })
          .waitFor({ timeout: 30_000 });
      expect(pageErrors).toEqual([]);
    },
  );
});
