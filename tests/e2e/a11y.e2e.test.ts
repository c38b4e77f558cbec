/**
 * Accessibility, measured: axe-core injected into the built site (served under a sub-path, in
 * real headless Chromium) on every view a learner meets, at 1440×900, 390×844, 1024×768 and
 * 1920×1080, and in the dark and high-contrast themes. The bar: no critical, serious or moderate
 * violations (the issue asks for none serious or critical; moderate ones are held too, so the
 * landmark fixes stay); a failure lists each one (rule, element, why). Counts per view are printed,
 * and a screenshot of each audited view is kept in test-results/a11y (SCREENSHOTS=dir elsewhere).
 * Needs `npm run build` first.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import axe from 'axe-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;
/** Screenshots of every audited view, kept as test artefacts (test-results/ is gitignored). */
const SHOTS = process.env.SCREENSHOTS ?? 'test-results/a11y';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string; known?: string }[];
}

/**
 * Violations in parts being rebuilt elsewhere, to be listed here only while that work is open:
 * each is one rule on the elements one selector matches, printed on every run and left out of the
 * assertion only. None at present (the diagram canvases' gaps closed when the diagram work merged).
 */
const KNOWN_GAPS: { rule: string; selector: string; note: string }[] = [];

/**
 * Runs axe on the whole page, prints the counts and every violation, and returns the serious and
 * critical ones that are not known gaps, one line each (rule, element, why).
 */
async function audit(view: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async (gaps) => {
    const { axe } = window as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> };
    };
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    for (const v of violations)
      for (const n of v.nodes) {
        const el = document.querySelector(n.target[0]);
        n.known = gaps.find((g) => g.rule === v.id && el?.matches(g.selector))?.note;
      }
    return violations;
  }, KNOWN_GAPS);
  const size = page.viewportSize();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  const label = `${view} @ ${size?.width}×${size?.height}, ${theme} theme`;
  const count = (impact: string) => {
    const rules = violations.filter((v) => v.impact === impact);
    const known = rules.reduce((n, v) => n + v.nodes.filter((x) => x.known).length, 0);
    return `${rules.length} ${impact} (${rules.reduce((n, v) => n + v.nodes.length, 0)} elements${known ? `, ${known} known gaps` : ''})`;
  };
  const lines = violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.impact} ${v.id} ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).split('\n')[1]?.trim()}` +
        (n.known ? ` [known gap: ${n.known}]` : ''),
    ),
  );
  console.log(
    [`axe ${label}: ${['critical', 'serious', 'moderate', 'minor'].map(count).join(', ')}`, ...lines].join('\n  '),
  );
  await page.screenshot({ path: `${SHOTS}/${view}-${theme}-${size?.width}.png`, fullPage: true });
  return lines.filter((l) => /^(moderate|serious|critical) /.test(l) && !l.includes('[known gap'));
}

/** Audits the page as it is at each viewport, after `settle` (which may wait for the layout). */
async function auditAtEachViewport(
  view: string,
  settle: () => Promise<void> = async () => {},
  sizes: readonly { width: number; height: number }[] = VIEWPORTS,
) {
  const found: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    await settle();
    found.push(...(await audit(view)).map((v) => `${size.width}: ${v}`));
  }
  return found;
}

async function openPlayground() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
}

async function openAs(type: 'HTTP' | 'REST') {
  await openPlayground();
  await page.getByTestId(`api-type-${type}`).click();
  await page
    .locator(`[data-testid=deploy-status][data-status=deployed][data-api-type=${type}]`)
    .waitFor({ timeout: 30_000 });
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 10_000 });
}

async function chat() {
  await connect(page.getByTestId('client-Alice'));
  await connect(page.getByTestId('client-Bob'));
  const input = page.getByTestId('client-Alice').getByTestId('message-input');
  await input.fill('{"action":"sendmessage","data":"hello Bob"}');
  await input.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('hello Bob'),
    null,
    { timeout: 20_000 },
  );
}

async function openLesson(slug: string) {
  await page.goto(`${server.url}#/lessons/${slug}`);
  await page.locator(`[data-testid=lesson-title]`).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
}

/** What has focus, as `tag[data-testid]` (or the tag alone). */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`
      : '';
  });

async function sendRequest(path: string) {
  const c = page.locator('[data-testid^=caller-]').first();
  await c.getByTestId('path').fill(path);
  const before = await c.getByTestId('response').textContent();
  await c.getByTestId('send-request').click();
  await expect.poll(() => c.getByTestId('response').textContent(), { timeout: 20_000 }).not.toBe(before);
}

describe('axe-core finds no critical, serious or moderate violations', () => {
  it('on the WebSocket playground, idle and after traffic', async () => {
    await openPlayground();
    const idle = await auditAtEachViewport('websocket-idle');

    await page.setViewportSize(VIEWPORTS[0]);
    await chat();
    // Frames are announced by a polite region per console, a throttled summary; the frame lists
    // are not live regions (every frame of a burst was read out).
    await expect
      .poll(() => page.getByTestId('client-Bob').getByTestId('frames-announcement').textContent(), { timeout: 20_000 })
      .toMatch(/^(Message|\d+ messages) received on Bob\b.*hello Bob/);
    expect(await page.locator('[data-testid=frames][aria-live]').count()).toBe(0);
    const traffic = await auditAtEachViewport('websocket-traffic');
    expect([...idle, ...traffic]).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000); // Four viewports on a busy 2-core machine: 108 s seen for the WebSocket one.

  it('on the WebSocket playground replaying a step, with the timeline and the event table open', async () => {
    await openPlayground();
    await chat();
    await page.getByTestId('timeline-events-toggle').click();
    await page.getByTestId('event-row').first().waitFor({ timeout: 20_000 });
    await page.locator('#diagram-h').click();
    await page.keyboard.press('[');
    await page.keyboard.press('[');
    await page.locator('[data-testid=timeline][data-live=false]').waitFor({ timeout: 20_000 });
    const sizes = [VIEWPORTS[0], VIEWPORTS[1]];
    expect(await auditAtEachViewport('websocket-timeline', async () => {}, sizes)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('with many clients: the roster, the open "Add clients" form and a console with its script and network controls', async () => {
    await openPlayground();
    await page.getByTestId('add-clients').click();
    await page.getByTestId('batch-count').fill('10');
    await page.getByTestId('batch-add').click();
    await page.getByTestId('connect-all').click();
    await page.getByTestId('clients-summary').filter({ hasText: '12 of 12 open' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('add-clients').click();
    await page.getByTestId('script').locator('summary').click();
    expect(await auditAtEachViewport('websocket-many-clients')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('on the HTTP API playground after a request', async () => {
    await openAs('HTTP');
    await sendRequest('/orders/1');
    expect(await auditAtEachViewport('http')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('on the REST API playground after a request', async () => {
    await openAs('REST');
    await sendRequest('/orders/1');
    expect(await auditAtEachViewport('rest')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('on a lesson, with its checks run', async () => {
    await openLesson('stale-connections');
    await page.getByTestId('run-checks').click();
    await page.locator('[data-testid=check-stale-removed][data-status=fail]').waitFor({ timeout: 60_000 });
    expect(await auditAtEachViewport('lesson')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('on the comparison view', async () => {
    await page.goto(`${server.url}#/compare`);
    await page.locator('[data-testid=compare-status][data-status=done]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid^=compare-sequence-] svg').first().waitFor({ timeout: 30_000 });
    expect(await auditAtEachViewport('compare')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});

describe('exporting and importing the diagram’s trace', () => {
  it('has no critical, serious or moderate violations with the Export list open, an import refused, and an imported trace shown', async () => {
    await openPlayground();
    await chat();
    const phoneAndDesktop = [VIEWPORTS[0], VIEWPORTS[1]];
    const open = async () => {
      if ((await page.getByTestId('export-toggle').getAttribute('aria-expanded')) !== 'true')
        await page.getByTestId('export-toggle').click();
      await page.getByTestId('export-menu').waitFor();
    };
    const found = await auditAtEachViewport('export-open', open, phoneAndDesktop);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trace').click()]);
    const text = await readFile((await download.path())!, 'utf8');
    const file = (name: string, body: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.getByTestId('import-file').setInputFiles(file('broken.json', text.replace('"v": 1', '"v": 7')));
    await page.getByTestId('export-message').getByRole('alert').waitFor();
    found.push(...(await auditAtEachViewport('import-refused', async () => {}, phoneAndDesktop)));

    await page.getByTestId('import-file').setInputFiles(file('class-trace.json', text));
    await page.getByTestId('imported-banner').waitFor();
    found.push(...(await auditAtEachViewport('imported-trace', async () => {}, phoneAndDesktop)));
    // Dark: the list, the banner and the message on their own backgrounds.
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByTestId('theme-switch').selectOption('dark');
    await open();
    found.push(...(await audit('export-open-imported')));
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});

describe("a trainer's deck", () => {
  it('has no critical, serious or moderate violations on its bar and notes, its error and its link dialog with the QR code', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-deck').waitFor({ timeout: 30_000 });
    const deck = readFileSync('public/decks/websocket-workshop.json');
    await page
      .getByTestId('open-deck-file')
      .setInputFiles({ name: 'deck.json', mimeType: 'application/json', buffer: deck });
    await page.getByTestId('deck-notes').waitFor({ timeout: 30_000 });
    await page.getByTestId('lesson-title').waitFor({ timeout: 30_000 });
    await page
      .getByTestId('open-deck-file')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"v":1}') });
    await page.getByTestId('deck-error').waitFor({ timeout: 30_000 });
    const sizes = [VIEWPORTS[0], VIEWPORTS[1]];
    const found = await auditAtEachViewport('deck-bar', async () => {}, sizes);
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByTestId('deck-link-button').click();
    await page.getByTestId('deck-qr').waitFor({ timeout: 30_000 });
    found.push(...(await auditAtEachViewport('deck-link-dialog', async () => {}, sizes)));
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});

describe('share links', () => {
  it('has no critical, serious or moderate violations on a shared setup’s banner, the Share dialog and a refused link', async () => {
    const fixture = readFileSync(new URL('../../src/share/fixtures/v1-chat.link.txt', import.meta.url), 'utf8').trim();
    const two = [VIEWPORTS[0], VIEWPORTS[1]];
    await page.goto(server.url + fixture);
    await page.getByTestId('share-banner').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
    const banner = await auditAtEachViewport('share-banner', async () => {}, two);
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByTestId('share-button').click();
    await page.getByTestId('share-dialog').getByTestId('share-link').waitFor({ timeout: 30_000 });
    const dialog = await auditAtEachViewport('share-dialog', async () => {}, two);
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}#/share/v1.z.not-a-link!`);
    await page.getByTestId('share-error').waitFor({ timeout: 30_000 });
    const refused = await auditAtEachViewport('share-error', async () => {}, [VIEWPORTS[0]]);
    expect([...banner, ...dialog, ...refused]).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});

describe('presenter mode', () => {
  it('has no critical, serious or moderate violations at 2× on the playground after traffic and on a lesson', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openPlayground();
    await chat();
    await page.locator('body').press('Alt+Shift+KeyP');
    await page.locator('html[data-presenter=on]').waitFor();
    await page.getByTestId('presenter-scale').selectOption('2');
    const sizes = [{ width: 1280, height: 720 }, ...VIEWPORTS];
    const found = await auditAtEachViewport('presenter-playground', async () => {}, sizes);
    await openLesson('stale-connections');
    found.push(...(await auditAtEachViewport('presenter-lesson', async () => {}, sizes)));
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});

describe('themes', () => {
  it('dark and high contrast: chosen in the header, remembered across a reload, followed by the editor and the diagrams, and axe-clean on the playground, a lesson and the comparison', async () => {
    const found: string[] = [];
    for (const theme of ['dark', 'contrast'] as const) {
      await openPlayground();
      await page.getByTestId('theme-switch').selectOption(theme);
      await page.reload();
      await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      expect(await page.getByTestId('theme-switch').inputValue()).toBe(theme);
      // Monaco's own themes: vs-dark, and hc-light for high contrast.
      const editorClass = theme === 'dark' ? 'vs-dark' : 'hc-light';
      await page.locator(`[data-testid=code-editor] .monaco-editor.${editorClass}`).waitFor();
      await chat();
      const phoneAndDesktop = [VIEWPORTS[0], VIEWPORTS[1]];
      found.push(...(await auditAtEachViewport('websocket-traffic', async () => {}, phoneAndDesktop)));

      await page.setViewportSize(VIEWPORTS[0]);
      await openLesson('stale-connections');
      await page.locator('[data-testid=lesson-diagram] svg').first().waitFor({ timeout: 30_000 });
      found.push(...(await auditAtEachViewport('lesson', async () => {}, phoneAndDesktop)));
      await page.setViewportSize(VIEWPORTS[0]);

      await page.goto(`${server.url}#/compare`);
      await page.locator('[data-testid=compare-status][data-status=done]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid^=compare-sequence-] svg').first().waitFor({ timeout: 30_000 });
      found.push(...(await audit('compare')));
    }
    await page.getByTestId('theme-switch').selectOption('system');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});

describe('the keyboard', () => {
  it('leaves the code editor with Tab by default, leaving the handler as it was; Ctrl+M, shown beside it, makes Tab indent', async () => {
    await openPlayground();
    await page.getByText('Ctrl+M: toggle Tab moves focus').waitFor();
    await page.locator('[data-testid=code-editor] .monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input[tab-indents]');
    expect(await page.getByTestId('tab-indents').isChecked()).toBe(false);
    expect(await page.getByTestId('deploy-status').getAttribute('data-current')).toBe('yes');

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Control+M');
    await expect.poll(() => page.getByTestId('tab-indents').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused()).not.toBe('input[tab-indents]');
    await expect.poll(() => page.getByTestId('deploy-status').getAttribute('data-current')).toBe('no');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('indents with Tab once the visible “Tab key indents” switch is on, and leaves the editor again once it is off', async () => {
    await openPlayground();
    const editorHas = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid=code-editor]'));
    await page.getByTestId('tab-indents').check();
    await page.locator('[data-testid=code-editor] .monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
    await page.keyboard.press('Tab');
    expect(await editorHas()).toBe(true);
    await expect.poll(() => page.getByTestId('deploy-status').getAttribute('data-current')).toBe('no');

    await page.getByTestId('tab-indents').uncheck();
    await page.locator('[data-testid=code-editor] .monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input[tab-indents]');
  }, 120_000);

  it('scrolls the lesson text and a wide code snippet from the keyboard: each takes focus and moves on PageDown or →', async () => {
    await openLesson('stale-connections');
    const regions = [
      { region: page.locator('#lesson-body'), key: 'PageDown', offset: (el: Element) => el.scrollTop },
      {
        region: page.locator('#lesson-body pre.code').filter({ hasText: /.{60}/ }).first(),
        key: 'ArrowRight',
        offset: (el: Element) => el.scrollLeft,
      },
    ];
    for (const { region, key, offset } of regions) {
      expect(await region.evaluate((el) => el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth)).toBe(
        true,
      );
      await region.focus();
      expect(await region.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press(key);
      await expect.poll(() => region.evaluate(offset), { timeout: 5_000 }).toBeGreaterThan(0);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('puts focus on the next lesson’s title when the learner moves on', async () => {
    await openLesson('stale-connections');
    const next = page.getByTestId('lesson-next');
    await next.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('lesson-title').filter({ hasText: 'One-way and two-way routes' }).waitFor();
    expect(await focused()).toBe('h2[lesson-title]');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('moves focus into a dialog and back to the button that opened it, after Esc or Cancel', async () => {
    await openPlayground();
    const opener = page.getByTestId('reset-button');
    for (const close of [
      () => page.keyboard.press('Escape'),
      () => page.getByRole('button', { name: 'Cancel' }).click(),
    ]) {
      await opener.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('reset-dialog').waitFor();
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=reset-dialog]'))).toBe(true);
      await close();
      await page.getByTestId('reset-dialog').waitFor({ state: 'hidden' });
      expect(await focused()).toBe('button[reset-button]');
    }
  }, 120_000);

  it('respects reduced motion: nothing animates or transitions, and the editor cursor does not blink', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openPlayground();
    await page.locator('[data-testid=code-editor] .monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
    await page.locator('[data-testid=code-editor] .cursors-layer.cursor-solid').waitFor({ state: 'attached' });
    await page.getByTestId('deploy-button').hover();
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
    expect(await page.getByTestId('deploy-button').evaluate((b) => getComputedStyle(b).transitionDuration)).toBe('0s');
  }, 120_000);
});
