/**
 * A trainer's deck in the built site under a sub-path, in real headless Chromium: opened from a
 * file and from a `#/deck/…` link, stepped with the buttons and the keys (the lesson follows),
 * each step's QR code decoded back to its link, "Reveal solution" hidden for the class (from the
 * deck and from its link in a fresh page, across a reload), and malformed or hostile decks
 * refused with a clear message while nothing runs and the open deck stays. Needs `npm run build`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import jsQR from 'jsqr';
import { deckLink, parseDeck, type Deck } from '../../src/deck';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';
import { CLEAN, evidence, instrument, markupIn, XSS } from '../support/hostile.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const EXAMPLE = readFileSync('public/decks/websocket-workshop.json', 'utf8');
const example = (parseDeck(JSON.parse(EXAMPLE)) as { ok: true; deck: Deck }).deck;
const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

const title = () => page.getByTestId('lesson-title').textContent();
const stepIndex = () => page.getByTestId('deck-step').getAttribute('data-index');

async function openDeckFile(name: string, text: string) {
  await page.getByTestId('open-deck-file').setInputFiles(file(name, text));
}

/** The QR code on screen, drawn to a canvas in the page and read with jsQR here. */
async function readQr(): Promise<string | undefined> {
  const { data, width, height } = await page.evaluate(async () => {
    const svg = document.querySelector('[data-testid=deck-qr]') as SVGSVGElement;
    // Four pixels a module, as a phone's camera would see it from a few metres.
    const side = svg.viewBox.baseVal.width * 4;
    const img = new Image(side, side);
    const xml = new XMLSerializer().serializeToString(svg);
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, side, side);
    return { data: Array.from(ctx.getImageData(0, 0, side, side).data), width: side, height: side };
  });
  return jsQR(Uint8ClampedArray.from(data), width, height)?.data;
}

describe("a trainer's deck", () => {
  it('opens from a file at step 1, steps with the buttons and the keys (the lesson follows), and folds its notes away', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-deck').waitFor({ timeout: 30_000 });
    await openDeckFile('websocket-workshop.json', EXAMPLE);
    await page.getByTestId('deck-bar').waitFor({ timeout: 30_000 });
    await expect.poll(title, { timeout: 30_000 }).toBe('A first WebSocket API');
    expect(await page.getByTestId('deck-step').textContent()).toContain('Step 1 of 5:');
    expect(new URL(page.url()).hash).toBe('#/lessons/first-websocket-api?class');
    // The notes: the lessons' Markdown subset, as text.
    await expect
      .poll(() => page.getByTestId('deck-notes').textContent(), { timeout: 20_000 })
      .toContain('Ask the room how a chat app');
    expect(await page.locator('[data-testid=deck-notes] strong').textContent()).toBe('REST');

    await page.getByTestId('deck-next').click();
    await expect.poll(title, { timeout: 30_000 }).toBe('Route selection expressions');
    expect(await stepIndex()).toBe('1');
    await expect
      .poll(() => page.getByTestId('deck-notes').textContent(), { timeout: 20_000 })
      .toContain('reads the message');

    // Alt+Shift+B from anywhere, even the code editor; ← and → while focus is in the bar.
    await page.locator('body').press('Alt+Shift+KeyB');
    await expect.poll(title, { timeout: 30_000 }).toBe('A first WebSocket API');
    await page.getByTestId('deck-notes-toggle').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(stepIndex, { timeout: 20_000 }).toBe('1');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(stepIndex, { timeout: 20_000 }).toBe('0');
    await page.locator('body').press('Alt+Shift+KeyN');
    await expect.poll(title, { timeout: 30_000 }).toBe('Route selection expressions');

    // Notes fold away before projecting, and stay folded (and the deck at its step) after a reload.
    await page.getByTestId('deck-notes-toggle').click();
    expect(await page.getByTestId('deck-notes').count()).toBe(0);
    expect(await page.getByTestId('deck-notes-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await page.getByTestId('deck-bar').waitFor({ timeout: 30_000 });
    expect(await stepIndex()).toBe('1');
    expect(await page.getByTestId('deck-notes').count()).toBe(0);
    await expect.poll(title, { timeout: 30_000 }).toBe('Route selection expressions');

    // The solution step: the trainer's own browser shows the solution, "Reveal solution" stays hidden.
    for (let i = 0; i < 3; i++) await page.getByTestId('deck-next').click();
    await page.getByTestId('solution-banner').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('deck-next').isDisabled()).toBe(true);
    expect(await page.getByTestId('reveal-solution').count()).toBe(0);

    await page.getByTestId('deck-close').click();
    expect(await page.getByTestId('deck-bar').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/lessons/serverless-chat');
    expect(pageErrors).toEqual([]);
  }, 240_000); // Several lessons open (Monaco, the course) on a busy 2-core machine.

  it("opens from a #/deck/ link at the step it names, and each step's QR code reads back as its link", async () => {
    const withShare = {
      ...example,
      steps: [
        ...example.steps,
        {
          title: 'A prepared setup',
          notes: '',
          target: { kind: 'share' as const, fragment: '#/share/v1.z.' + 'A'.repeat(900) },
        },
      ],
    };
    await page.goto(server.url + (await deckLink(withShare, 2)));
    await page.getByTestId('deck-bar').waitFor({ timeout: 30_000 });
    await expect.poll(title, { timeout: 30_000 }).toBe('Route selection expressions');
    expect(await stepIndex()).toBe('1');
    // The deck link handed over to the step: "back" does not reopen it.
    expect(new URL(page.url()).hash).toBe('#/lessons/route-selection?class');

    await page.getByTestId('deck-link-button').click();
    const dialog = page.getByTestId('deck-link-dialog');
    await dialog.getByTestId('deck-qr').waitFor({ timeout: 30_000 });
    const link = `${server.url}#/lessons/route-selection?class`;
    expect(await dialog.getByTestId('deck-link-text').inputValue()).toBe(link);
    expect(await dialog.getByTestId('deck-qr').getAttribute('aria-label')).toBe('QR code of the link to step 2');
    expect(await readQr()).toBe(link);
    // The link follows the step while the dialog is open (the keys still work).
    await page.keyboard.press('Alt+Shift+KeyN');
    await expect
      .poll(() => dialog.getByTestId('deck-link-text').inputValue())
      .toBe(`${server.url}#/lessons/server-push?class`);
    expect(await readQr()).toBe(`${server.url}#/lessons/server-push?class`);
    await page.keyboard.press('Escape');

    // A share step's link is as long as its setup; the dialog says so, with the length.
    await page.getByTestId('deck-next').click();
    await page.getByTestId('deck-next').click();
    await page.getByTestId('deck-next').click();
    await expect.poll(stepIndex, { timeout: 20_000 }).toBe('5');
    await page.getByTestId('deck-link-button').click();
    await dialog.getByTestId('deck-qr').waitFor();
    const shareLink = `${server.url}#/share/v1.z.${'A'.repeat(900)}`;
    expect(await dialog.getByTestId('deck-link-text').inputValue()).toBe(shareLink);
    expect(await dialog.getByTestId('deck-link-length').textContent()).toContain(
      `${shareLink.length.toLocaleString('en')} characters long`,
    );
    expect(await readQr()).toBe(shareLink);
    expect(pageErrors).toEqual([]);
  }, 240_000); // Several lessons open (Monaco, the course) on a busy 2-core machine.

  it('hides "Reveal solution" on the class link in a fresh page and after a reload, and says why', async () => {
    await page.goto(`${server.url}#/lessons/route-selection`);
    await page.getByTestId('reveal-solution').waitFor({ timeout: 30_000 });
    const fresh = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const student = await fresh.newPage();
      await student.goto(`${server.url}#/lessons/route-selection?class`);
      await student.getByTestId('solutions-hidden').waitFor({ timeout: 30_000 });
      expect(await student.getByTestId('reveal-solution').count()).toBe(0);
      expect(await student.getByTestId('solutions-hidden').textContent()).toContain('link for a class');
      // The course's own links keep the flag: the next lesson hides it too.
      await student.getByTestId('lesson-next').click();
      await student.getByTestId('lesson-title').filter({ hasText: 'No $default route' }).waitFor({ timeout: 30_000 });
      expect(await student.getByTestId('reveal-solution').count()).toBe(0);
      await student.reload();
      await student.getByTestId('solutions-hidden').waitFor({ timeout: 30_000 });
      expect(await student.getByTestId('reveal-solution').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 240_000); // Several lessons open (Monaco, the course) on a busy 2-core machine.

  it('refuses a malformed deck with the step and field, keeps the open deck, and runs nothing from a deck', async () => {
    const dialogs: string[] = [];
    await instrument(page, dialogs);
    // Hostile titles and notes in a valid deck: shown as the text they are.
    const hostile = {
      v: 1,
      title: XSS[0],
      steps: XSS.map((x, i) => ({
        title: x,
        notes: XSS.join('\n\n'),
        target: { lesson: i % 2 ? 'routing-table' : 'first-websocket-api' },
      })),
    };
    await page.goto(server.url);
    await page.getByTestId('open-deck').waitFor({ timeout: 30_000 });
    await openDeckFile(`${XSS[2]}.json`, JSON.stringify(hostile));
    await page.getByTestId('deck-bar').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('deck-step-title').textContent()).toBe(XSS[0]);
    await page.getByTestId('deck-next').click();
    expect(await page.getByTestId('deck-step-title').textContent()).toBe(XSS[1]);
    expect(await markupIn(page, '[data-testid=deck-bar] .row')).toEqual([]);
    // The notes' Markdown may make bold and code; never an image, a script, a frame or a script link.
    expect(await markupIn(page, '[data-testid=deck-notes]', 'img, script, iframe, svg, a[href^=javascript]')).toEqual(
      [],
    );

    // A malformed deck: which step and which field, and the open deck stays.
    const broken = {
      v: 1,
      title: 'Broken',
      steps: [
        { title: 'ok', target: { lesson: 'routing-table' } },
        { title: XSS[0], target: { lesson: XSS[1] } },
        { target: { share: XSS[3] } },
      ],
    };
    await openDeckFile(`${XSS[0]}.json`, JSON.stringify(broken));
    const error = page.getByTestId('deck-error');
    await error.waitFor({ timeout: 30_000 });
    const text = await error.textContent();
    expect(text).toContain(`The deck file “${XSS[0]}.json” was not opened.`);
    expect(text).toContain('The deck that was open stays open');
    expect(text).toContain('step 2, target.lesson');
    expect(text).toContain('step 3, title');
    expect(text).toContain('step 3, target.share');
    expect(await markupIn(page, '[data-testid=deck-error]', 'img, script, iframe, svg, a[href], b, em')).toEqual([]);
    expect(await page.getByTestId('deck-step-title').textContent()).toBe(XSS[1]);
    await openDeckFile('not-a-deck.json', '<img src=x onerror="window.__pwned=1">');
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toContain('file: is not JSON');
    await openDeckFile('newer.json', JSON.stringify({ v: 2, title: 'x', steps: [] }));
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toContain('this playground reads version 1');

    // Damaged and hostile deck links: a clear error, the page (and the open deck) unchanged.
    const hostileJson = Buffer.from(
      JSON.stringify({ v: 1, title: XSS[0], steps: [{ title: XSS[1], target: { share: `#/share/v1.z.${XSS[0]}` } }] }),
    ).toString('base64url');
    for (const [fragment, message] of [
      ['#/deck/v1.z.!!!', 'not valid base64url'],
      ['#/deck/v1.z.AAAA', 'does not unpack'],
      [`#/deck/v1.${encodeURIComponent(XSS[0])}.x`, 'not a deck link'],
      [`#/deck/v1.j.${hostileJson}`, 'step 1, target.share'],
    ] as const) {
      await page.goto(server.url + fragment);
      await expect.poll(() => page.getByTestId('deck-error').textContent(), { timeout: 30_000 }).toContain(message);
      expect(await page.getByTestId('deck-step-title').textContent()).toBe(XSS[1]);
    }
    await page.getByTestId('deck-error-dismiss').click();
    expect(await page.getByTestId('deck-error').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('');
    expect(await evidence(page)).toEqual(CLEAN);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000); // Several lessons open (Monaco, the course) on a busy 2-core machine.
});
