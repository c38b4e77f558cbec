/**
 * The diagrams stay readable on every screen from 1024 px up, measured in real headless Chromium
 * on the built site under a sub-path: the smallest label as drawn (its font size × the SVG's
 * scale on screen) is at least 12 CSS px for a WebSocket chat, eight clients, a REST lesson's
 * diagram and an HTTP API request; zoom changes the scale and reset restores it; focus mode fills
 * the viewport. Needs `npm run build` first.
 *
 * DIAGRAM_FIGURES=file appends each measurement as a JSON line (for the before/after note);
 * SCREENSHOTS=dir keeps a picture of each measured state.
 */
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

/** The smallest text the issue allows in a diagram, in CSS px. */
const MIN_LABEL_PX = 12;

/** Every label of the playground's sequence diagram (and its sticky participant row). */
const SEQUENCE_TEXT = '[data-testid=diagram] svg text, [data-testid=participants-of-diagram] svg text';

const client = (name: string) => page.getByTestId(`client-${name}`);

async function openPlayground() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
}

/** Connects a client and waits until its card says open (its frame list may be scrolled out of view). */
async function connect(name: string) {
  await client(name).getByTestId('connect').click();
  await page
    .locator(`[data-testid="client-${name}"][data-status=open]`)
    .waitFor({ state: 'attached', timeout: 30_000 });
}

async function send(c: Locator, text: string) {
  await c.getByTestId('message-input').fill(text);
  await c.getByTestId('message-input').press('Enter');
}

async function diagramShows(text: string) {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes(t),
    text,
    { timeout: 20_000 },
  );
}

/** Two animation frames: resize observers, Svelte's effects and layout have all run. */
async function settled() {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/**
 * The smallest rendered label among `selector`'s SVG text elements, in CSS px: the computed
 * font size (SVG units) times the scale from SVG units to the screen (getScreenCTM). Text that
 * is not laid out (display none, an empty label) does not count.
 */
async function smallestLabel(selector: string): Promise<{ px: number; labels: number }> {
  return page.evaluate((sel) => {
    let px = Infinity;
    let labels = 0;
    for (const t of document.querySelectorAll<SVGTextElement>(sel)) {
      if (!t.textContent?.trim()) continue;
      const box = t.getBoundingClientRect();
      const ctm = t.getScreenCTM();
      if (!ctm || !box.width || !box.height) continue;
      const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
      px = Math.min(px, size);
      labels++;
    }
    return { px: Math.round(px * 100) / 100, labels };
  }, selector);
}

/** Measures `selector` at every viewport, records the figures, and asserts the floor. */
async function measureAtEveryViewport(scenario: string, selector: string) {
  const figures: { viewport: string; px: number }[] = [];
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v);
    await settled();
    const { px, labels } = await smallestLabel(selector);
    expect(labels, `${scenario} at ${v.width}×${v.height}: labels drawn`).toBeGreaterThan(0);
    figures.push({ viewport: `${v.width}x${v.height}`, px });
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/${scenario}-${v.width}x${v.height}.png` });
    if (process.env.DIAGRAM_FIGURES)
      appendFileSync(process.env.DIAGRAM_FIGURES, `${JSON.stringify({ scenario, viewport: v, px })}\n`);
  }
  for (const f of figures) expect(f.px, `${scenario} at ${f.viewport}`).toBeGreaterThanOrEqual(MIN_LABEL_PX);
}

/** The screen scale of the sequence diagram (CSS px per SVG unit). */
async function sequenceScale(): Promise<number> {
  return page.evaluate(() => {
    const ctm = document.querySelector<SVGSVGElement>('[data-testid=diagram] svg')?.getScreenCTM();
    return ctm ? Math.round(Math.hypot(ctm.a, ctm.b) * 1000) / 1000 : 0;
  });
}

async function chatAfterOneBroadcast() {
  await openPlayground();
  await connect('Alice');
  await connect('Bob');
  await send(client('Alice'), '{"action":"sendmessage","data":"hello Bob"}');
  await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello Bob' }).waitFor();
  await diagramShows('hello Bob');
}

describe('diagram labels are at least 12 CSS px at 1024×768, 1280×720, 1440×900 and 1920×1080', () => {
  it('in the WebSocket chat after one broadcast between Alice and Bob', { timeout: 120_000 }, async () => {
    await chatAfterOneBroadcast();
    await measureAtEveryViewport('websocket-chat', SEQUENCE_TEXT);
    expect(pageErrors).toEqual([]);
  });

  it('with eight connected clients and a broadcast to all of them', { timeout: 180_000 }, async () => {
    await openPlayground();
    for (let i = 0; i < 6; i++) await page.getByTestId('add-client').click();
    for (const name of ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi']) await connect(name);
    await send(client('Alice'), '{"action":"sendmessage","data":"hello room"}');
    await client('Heidi').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'hello room' }).waitFor();
    await diagramShows('hello room');
    await measureAtEveryViewport('eight-clients', SEQUENCE_TEXT);
    expect(pageErrors).toEqual([]);
  });

  it("in a REST lesson's diagram", { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}#/lessons/rest-resources`);
    await page.getByTestId('lesson-title').filter({ hasText: 'REST resources' }).waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid=lesson-diagram] svg')?.textContent?.includes('/books'),
      null,
      { timeout: 30_000 },
    );
    await measureAtEveryViewport('rest-lesson', '[data-testid=lesson-diagram] svg text');
    expect(pageErrors).toEqual([]);
  });

  it('after an HTTP API request', { timeout: 120_000 }, async () => {
    await openPlayground();
    await page.getByTestId('api-type-HTTP').click();
    await page
      .locator('[data-testid=deploy-status][data-status=deployed][data-api-type=HTTP]')
      .waitFor({ timeout: 30_000 });
    const app = page.getByTestId('caller-Browser app');
    await app.getByTestId('method').selectOption('GET');
    await app.getByTestId('path').fill('/orders/1');
    await app.getByTestId('send-request').click();
    await diagramShows('/orders/1');
    await measureAtEveryViewport('http-request', SEQUENCE_TEXT);
    expect(pageErrors).toEqual([]);
  });
});

describe('presenter mode', () => {
  it(
    'draws diagram labels at least 16 CSS px at 1280×720, and back to the 12 px floor when it ends',
    { timeout: 120_000 },
    async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await chatAfterOneBroadcast();
      await page.locator('body').press('Alt+Shift+KeyP');
      await page.locator('html[data-presenter=on]').waitFor();
      await expect
        .poll(async () => (await smallestLabel(SEQUENCE_TEXT)).px, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(16);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/presenter-1280x720.png` });
      // The floor is the presenter's, not a zoom the learner kept: leaving it gives the 12 px floor back.
      await page.getByTestId('presenter-toggle').click();
      await page.locator('html[data-presenter=off]').waitFor();
      await expect.poll(async () => (await smallestLabel(SEQUENCE_TEXT)).px, { timeout: 20_000 }).toBeLessThan(16);
      expect((await smallestLabel(SEQUENCE_TEXT)).px).toBeGreaterThanOrEqual(MIN_LABEL_PX);
      expect(pageErrors).toEqual([]);
    },
  );
});

describe('zooming and focusing the diagram', () => {
  it(
    'zooms in and out with the buttons, the keys and Ctrl+wheel, and reset restores the scale',
    { timeout: 120_000 },
    async () => {
      await chatAfterOneBroadcast();
      await settled();
      const initial = await sequenceScale();
      expect(initial).toBeGreaterThan(0);

      await page.getByTestId('diagram-zoom-in').first().click();
      await expect.poll(sequenceScale).toBeGreaterThan(initial);
      await page.getByTestId('diagram-zoom-reset').first().click();
      await expect.poll(sequenceScale).toBe(initial);

      // Keyboard: + and 0 when the diagram has focus.
      const area = page.getByRole('group', { name: 'Sequence diagram, scrollable' });
      await area.focus();
      await page.keyboard.press('+');
      await expect.poll(sequenceScale).toBeGreaterThan(initial);
      await page.keyboard.press('0');
      await expect.poll(sequenceScale).toBe(initial);

      // Ctrl+wheel over the diagram zooms it (and not the page).
      const box = (await area.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -200);
      await page.keyboard.up('Control');
      await expect.poll(sequenceScale).toBeGreaterThan(initial);

      // Zoom out stops at the floor: labels never go below 12 px.
      for (let i = 0; i < 12; i++) {
        const out = page.getByTestId('diagram-zoom-out').first();
        if (await out.isDisabled()) break;
        await out.click();
      }
      await settled();
      expect((await smallestLabel(SEQUENCE_TEXT)).px).toBeGreaterThanOrEqual(MIN_LABEL_PX - 0.01);

      // The overview is an explicit, temporary choice; reset leaves it.
      await page.getByTestId('diagram-overview').first().click();
      await expect.poll(() => page.getByTestId('diagram-overview').first().getAttribute('aria-pressed')).toBe('true');
      await page.getByTestId('diagram-zoom-reset').first().click();
      await expect.poll(sequenceScale).toBe(initial);
      expect(pageErrors).toEqual([]);
    },
  );

  it('marks the newest arrow and keeps the whole label of every step in a tooltip', { timeout: 120_000 }, async () => {
    await chatAfterOneBroadcast();
    const newest = page.locator('[data-testid=diagram] svg .agp-newest');
    await expect.poll(() => newest.count()).toBe(1);
    const titles = await page.locator('[data-testid=diagram] svg .agp-step > title').allTextContents();
    expect(titles.some((t) => t.includes('"action":"sendmessage","data":"hello Bob"'))).toBe(true);
  });

  it('fills the viewport in focus mode and leaves it with Esc', { timeout: 120_000 }, async () => {
    await chatAfterOneBroadcast();
    const panel = page.getByTestId('diagram-panel');
    await page.getByTestId('diagram-focus').first().click();
    await expect.poll(async () => (await panel.boundingBox())?.width).toBe(1440);
    expect((await panel.boundingBox())?.height).toBe(900);
    expect((await smallestLabel(SEQUENCE_TEXT)).px).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await panel.boundingBox())?.width).toBeLessThan(1440);
  });

  it('keeps the participant row in view while the diagram scrolls down', { timeout: 180_000 }, async () => {
    await chatAfterOneBroadcast();
    const area = page.getByRole('group', { name: 'Sequence diagram, scrollable' });
    await area.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await settled();
    const [areaTop, stripTop, scrolled] = await area.evaluate((el) => [
      el.getBoundingClientRect().top,
      el.querySelector('[data-testid=participants-of-diagram]')!.getBoundingClientRect().top,
      el.scrollTop,
    ]);
    expect(scrolled).toBeGreaterThan(0);
    expect(Math.abs(stripTop - areaTop)).toBeLessThanOrEqual(1);
  });
});
