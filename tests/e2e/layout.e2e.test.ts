/**
 * The layout, measured in real Chromium on the built site under a sub-path, at a phone, a small
 * laptop, a common laptop and a desktop screen: no sideways page scroll, a lesson's editor wide
 * enough to read, the request builder's path and Send usable, the API panel's controls reachable,
 * the comparison's three columns whole; splitters that move by mouse and keyboard and are
 * remembered; presenter mode's font scale and the `?` shortcuts list. Screenshots of every view
 * are kept in test-results/. Needs `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

/** Inputs and buttons narrower than this cannot be used (the path input was 13 px wide). */
const MIN_INPUT_PX = 120;
const MIN_BUTTON_PX = 40;
/** A busy 2-core runner: polls get ten seconds. */
const POLL = { timeout: 10_000 };

async function open(hash: string) {
  await page.goto(`${server.url}${hash}`);
  await page.locator('[data-testid=deploy-status]').waitFor({ timeout: 60_000 });
}

async function deployed() {
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
}

/** Asserts the page does not scroll sideways; a failure names the elements that stick out. */
async function expectNoOverflow() {
  const found = await page.evaluate(() => {
    const over = document.scrollingElement!.scrollWidth - window.innerWidth;
    if (over <= 0) return { over, culprits: [] as string[] };
    const culprits: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      const inner = el.closest('.monaco-editor') !== el && !!el.closest('.monaco-editor');
      if (!inner && r.width > 0 && r.right > window.innerWidth + 0.5 && culprits.length < 8)
        culprits.push(`${el.tagName}.${String(el.className)} (right ${Math.round(r.right)})`);
    }
    return { over, culprits };
  });
  expect(found.over, `the page scrolls sideways by ${found.over}px: ${found.culprits.join(', ')}`).toBeLessThanOrEqual(
    0,
  );
}

/**
 * Scrolls the element into view and says whether all of it can be seen: '' when it can, else
 * what hides it (the viewport, or an ancestor that clips its overflow).
 */
async function hiddenPart(target: Locator): Promise<string> {
  await target.waitFor({ timeout: 30_000 });
  return target.evaluate((el) => {
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return 'not rendered';
    const eps = 1;
    const outside = (b: { left: number; right: number; top: number; bottom: number }, x: boolean, y: boolean) =>
      (x && (r.left < b.left - eps || r.right > b.right + eps)) ||
      (y && (r.top < b.top - eps || r.bottom > b.bottom + eps));
    if (outside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight }, true, true))
      return `outside the viewport (${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)})`;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      const x = s.overflowX !== 'visible';
      const y = s.overflowY !== 'visible';
      if ((x || y) && outside(a.getBoundingClientRect(), x, y)) return `clipped by ${a.tagName}.${a.className}`;
    }
    return '';
  });
}

const width = (l: Locator) => l.evaluate((el) => el.getBoundingClientRect().width);

async function shot(name: string) {
  const { width: w, height: h } = page.viewportSize()!;
  await page.screenshot({ path: `test-results/layout-${name}-${w}x${h}.png` });
}

describe('layout at four screen sizes', () => {
  for (const vp of VIEWPORTS) {
    const size = `${vp.width}×${vp.height}`;

    it(`${size}: the WebSocket playground fits, and "+ route", Functions and Network path can be reached`, async () => {
      await page.setViewportSize(vp);
      await open('#/');
      await deployed();
      await expectNoOverflow();
      for (const target of [
        page.getByRole('button', { name: '+ route' }),
        page.locator('summary', { hasText: 'Functions' }),
        page.locator('summary', { hasText: 'Network path' }),
      ])
        expect(await hiddenPart(target)).toBe('');
      const alice = page.getByTestId('client-Alice');
      expect(await hiddenPart(alice.getByTestId('connect'))).toBe('');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('playground');
      expect(pageErrors).toEqual([]);
    }, 120_000);

    it(`${size}: the request builder's path input and Send keep a usable width and are not clipped (HTTP and REST)`, async () => {
      await page.setViewportSize(vp);
      await open('#/');
      await deployed();
      for (const type of ['HTTP', 'REST'] as const) {
        await page.getByTestId(`api-type-${type}`).click();
        await expect.poll(() => page.getByTestId(`api-type-${type}`).getAttribute('aria-checked'), POLL).toBe('true');
        await deployed();
        const caller = page.getByTestId('caller-Browser app');
        const path = caller.getByTestId('path');
        const send = caller.getByTestId('send-request');
        expect(await hiddenPart(path)).toBe('');
        expect(await width(path)).toBeGreaterThanOrEqual(MIN_INPUT_PX);
        expect(await hiddenPart(send)).toBe('');
        expect(await width(send)).toBeGreaterThanOrEqual(MIN_BUTTON_PX);
        // What adds to the API: a route (HTTP) or a resource (REST).
        const add = page.getByRole('button', { name: type === 'REST' ? '+ resource' : '+ route' });
        expect(await hiddenPart(add)).toBe('');
        await expectNoOverflow();
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(`playground-${type.toLowerCase()}`);
      }
      expect(pageErrors).toEqual([]);
    }, 180_000);

    it(`${size}: a lesson fits${vp.width === 1440 ? ', with the editor at least 560 px wide' : ''}`, async () => {
      await page.setViewportSize(vp);
      await open('#/lessons/stale-connections');
      await page.getByTestId('lesson-title').waitFor({ timeout: 30_000 });
      const editor = page.getByTestId('code-editor');
      await editor.waitFor({ timeout: 30_000 });
      if (vp.width >= 1440) expect(await width(editor)).toBeGreaterThanOrEqual(560);
      await expectNoOverflow();
      // The API panel and the clients are tabs beside the editor.
      await page.getByTestId('work-tab-clients').click();
      expect(await hiddenPart(page.getByTestId('client-Alice'))).toBe('');
      await page.getByTestId('work-tab-api').click();
      expect(await hiddenPart(page.getByRole('button', { name: '+ route' }))).toBe('');
      await page.getByTestId('work-tab-code').click();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('lesson');
      expect(pageErrors).toEqual([]);
    }, 120_000);

    it(`${size}: the comparison fits and none of its three columns is cut off`, async () => {
      await page.setViewportSize(vp);
      await page.goto(`${server.url}#/compare`);
      const columns = page.locator('[data-testid=compare-root] .columns > *');
      await expect.poll(() => columns.count(), { timeout: 60_000 }).toBe(3);
      for (let i = 0; i < 3; i++) {
        const col = columns.nth(i);
        // Whole across: nothing of it is outside the page or its row (it may be taller than the screen).
        const cut = await col.evaluate((el) => {
          el.scrollIntoView({ block: 'start', inline: 'nearest' });
          const r = el.getBoundingClientRect();
          const row = el.parentElement!.getBoundingClientRect();
          return r.left < -1 || r.right > window.innerWidth + 1 || r.left < row.left - 1 || r.right > row.right + 1;
        });
        expect(cut, `column ${i + 1}`).toBe(false);
      }
      await expectNoOverflow();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('compare');
      expect(pageErrors).toEqual([]);
    }, 120_000);
  }
});

describe('splitters and strips', () => {
  it('resizes columns by keyboard and by mouse, and remembers them and a collapsed panel across a reload', async () => {
    await open('#/');
    await deployed();
    const left = page.getByTestId('splitter-left');
    const middle = page.getByTestId('splitter-middle');
    const value = async (l: Locator) => Number(await l.getAttribute('aria-valuenow'));
    const column = page.getByTestId('api-column');
    const before = await width(column);
    const start = await value(left);

    await left.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await value(left)).toBe(start + 4);
    await expect.poll(() => width(column), POLL).toBeGreaterThan(before + 40);
    await page.keyboard.press('Home');
    expect(await value(left)).toBe(Number(await left.getAttribute('aria-valuemin')));
    await page.keyboard.press('End');
    const end = await value(left);
    expect(end).toBeGreaterThan(start);

    // Drag the clients column's splitter 10 % of the row to the left.
    const box = (await middle.boundingBox())!;
    const row = (await page.getByTestId('workbench').boundingBox())!;
    const m0 = await value(middle);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - row.width / 10, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(Math.abs((await value(middle)) - (m0 - 10))).toBeLessThanOrEqual(1);
    const m1 = await value(middle);

    await page.getByTestId('collapse-bottom').click();
    await page.getByTestId('strip-bottom').waitFor();
    expect(await page.getByTestId('strip-bottom').textContent()).toContain('Logs and tables');

    await page.reload();
    await page.getByTestId('splitter-left').waitFor({ timeout: 30_000 });
    expect(await value(page.getByTestId('splitter-left'))).toBe(end);
    expect(await value(page.getByTestId('splitter-middle'))).toBe(m1);
    await page.getByTestId('strip-bottom').click();
    await page.getByTestId('tab-logs').waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

describe('presenter mode', () => {
  it('scales the root font by the chosen factor, keeps the page within the screen, and is remembered', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await open('#/');
    await deployed();
    const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const base = await rootPx();
    await page.locator('body').press('Alt+Shift+KeyP');
    await page.locator('html[data-presenter=on]').waitFor();
    await expect.poll(rootPx, POLL).toBe(base * 1.5);
    await page.getByTestId('presenter-scale').selectOption('2');
    await expect.poll(rootPx, POLL).toBe(base * 2);
    await expectNoOverflow();
    // The API and code column and the logs make room for the diagram, as labelled strips.
    await page.getByTestId('strip-left').waitFor();
    await page.getByTestId('strip-bottom').waitFor();
    await shot('presenter');

    await page.reload();
    await page.locator('html[data-presenter=on]').waitFor({ timeout: 30_000 });
    await expect.poll(rootPx, POLL).toBe(base * 2);
    await page.goto(`${server.url}#/lessons/stale-connections`);
    await page.getByTestId('lesson-title').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 30_000 });
    await shot('presenter-lesson');
    await expectNoOverflow();
    // The code scales with the page (Monaco measures its own text: 13 px × 2), the header keeps
    // to three rows (under 200 px of the 720; it took 300 before), and the editor's file actions wrap rather than cover a file tab.
    const codePx = () =>
      page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.monaco-editor .view-line')!).fontSize));
    await expect.poll(codePx, POLL).toBe(26);
    expect(await page.locator('header.bar').evaluate((h) => h.getBoundingClientRect().height)).toBeLessThan(200);
    const overlaps = await page.evaluate(() => {
      const boxes = (sel: string) => [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect());
      const actions = boxes('.editor .actions button');
      return boxes('.editor [role=tab]').some((t) =>
        actions.some((a) => a.left < t.right && t.left < a.right && a.top < t.bottom && t.top < a.bottom),
      );
    });
    expect(overlaps).toBe(false);

    await page.getByTestId('presenter-toggle').click();
    await page.locator('html[data-presenter=off]').waitFor();
    await expect.poll(rootPx, POLL).toBe(base);
    await expect.poll(codePx, POLL).toBe(13);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('opens the list of keyboard shortcuts on ?, but not while typing in an input or in Monaco', async () => {
    await open('#/');
    await deployed();
    const dialog = page.getByTestId('shortcuts-dialog');
    await page.locator('body').press('?');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), POLL).toBe(true);
    expect(await dialog.textContent()).toContain('Presenter mode');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), POLL).toBe(false);

    const query = page.getByTestId('client-Alice').getByTestId('query');
    await query.click();
    await page.keyboard.press('?');
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await query.inputValue()).toContain('?');

    await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
    const lines = page.locator('.monaco-editor .view-lines');
    const marks = async () => ((await lines.textContent()) ?? '').split('?').length;
    const n = await marks();
    // Near its top-left corner: the lines are as wide as the longest line, wider than the column.
    await lines.click({ position: { x: 30, y: 8 } });
    await page.keyboard.press('?');
    await expect.poll(marks, POLL).toBe(n + 1);
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
