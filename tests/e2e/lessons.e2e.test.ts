/**
 * Lessons as a new learner meets them: the built site under a sub-path, in real headless
 * Chromium. Open a lesson by deep link, read it, edit the code in Monaco, run the checks, watch
 * them turn green, reload and find the progress kept. Needs `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1600, height: 1000 } }, (site) => ({ server, page, pageErrors } = site));

const check = (id: string) => page.getByTestId(`check-${id}`);

async function openLesson(slug: string, title: string) {
  await page.goto(`${server.url}#/lessons/${slug}`);
  await page.getByTestId('lesson-title').filter({ hasText: title }).waitFor({ timeout: 30_000 });
}

/**
 * Finds `find` in the open file with Monaco's find widget, closes it (the match stays
 * selected) and types `replacement` over it, key by key, as a learner would (Monaco closes
 * brackets and quotes as they are opened, so a replacement leaves out a final `}`).
 */
async function typeOver(file: string, find: string, replacement: string) {
  await page.getByTestId(`file-tab-${file}`).click();
  await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
  // Focus the editor itself: once Monaco has scrolled sideways, the centre of its lines can fall
  // outside the visible editor (on its overview ruler, or on the next column), so a click there misses.
  await page.locator('[data-testid=code-editor] .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+F');
  const input = page.locator('.monaco-editor .find-widget textarea').first();
  await input.waitFor();
  await input.fill(find);
  await page.keyboard.press('Escape');
  // Delete first: a quote or bracket typed over a selection would wrap it instead.
  await page.keyboard.press('Delete');
  await page.keyboard.type(replacement);
}

async function expectStatus(id: string, status: 'pass' | 'fail' | 'pending') {
  await page.waitForFunction(
    ([sel, st]) => document.querySelector(sel)?.getAttribute('data-status') === st,
    [`[data-testid=check-${id}]`, status] as const,
    { timeout: 60_000 },
  );
}

describe('lessons on a static host under a sub-path', () => {
  it('walks a WebSocket lesson: deep link, nothing runs, fix in Monaco, checks go green, progress survives a reload', async () => {
    await openLesson('stale-connections', 'stale');
    // Read: the prose is on the page, as text.
    await expect.poll(() => page.getByTestId('lesson-prose').textContent()).toContain('GoneException');
    // Nothing ran on opening: no deployment, every check pending.
    expect(await page.getByTestId('deploy-status').getAttribute('data-status')).not.toBe('deployed');
    expect(await check('stale-removed').getAttribute('data-status')).toBe('pending');
    await expect.poll(() => page.getByTestId('api-type-WEBSOCKET').getAttribute('aria-checked')).toBe('true');

    // The start's cleanup is the published-sample bug: the checks say what is wrong.
    await page.getByTestId('run-checks').click();
    await expectStatus('stale-removed', 'fail');
    const message = await check('stale-removed').getByTestId('check-message').textContent();
    expect(message?.length).toBeGreaterThan(10);
    // Hints come one at a time.
    await check('stale-removed').getByTestId('show-hint').click();
    expect(await check('stale-removed').locator('.hints li').count()).toBe(1);

    // The fix, typed in Monaco: SDK v3 errors carry a name, not a statusCode.
    await typeOver('sendmessage.ts', 'e.statusCode === 410', "e.name === 'GoneException'");
    await page.getByTestId('local-edits-banner').waitFor();
    // Edits re-run the checks (the learner has acted): all four turn green.
    for (const id of ['stale-removed', 'sender-sees-no-error', 'everyone-else-served', 'second-message-clean']) {
      await expectStatus(id, 'pass');
    }
    await expect.poll(() => page.getByTestId('checks-announcement').textContent()).toContain('All 4 checks pass');
    await page.screenshot({ path: 'test-results/lesson-websocket.png' });

    // Reload: the edit and the progress are kept (✓ in the table of contents).
    await page.reload();
    await page.getByTestId('lesson-title').filter({ hasText: 'stale' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('lesson-toc-toggle').click();
    await expect.poll(() => page.getByTestId('toc-stale-connections').textContent()).toContain('✓');
    await page.getByTestId('file-tab-sendmessage.ts').click();
    await expect
      .poll(() => page.locator('.monaco-editor .view-lines').textContent(), { timeout: 60_000 })
      .toContain('GoneException');
    expect(pageErrors).toEqual([]);
  });

  it('walks a REST API lesson: fix the 502 in Monaco, reveal the solution and go back, progress kept', async () => {
    await openLesson('rest-resources', 'REST resources');
    await expect.poll(() => page.getByTestId('api-type-REST').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('deploy-button').click();
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
    // Deploy counts as acting: the checks run.
    await expectStatus('get-book', 'fail');
    await expect.poll(() => check('get-book').getByTestId('check-message').textContent()).toMatch(/502|status/);

    await typeOver('books.ts', '`${book.title} (${book.genre})`', '{ statusCode: 200, body: JSON.stringify(book) ');
    await expectStatus('get-book', 'pass');
    await page.screenshot({ path: 'test-results/lesson-rest.png' });

    // Reveal the solution (confirmed): every check passes; then back to the learner's version.
    await page.getByTestId('reveal-solution').click();
    await page.getByTestId('confirm-reveal').click();
    await page.getByTestId('solution-banner').waitFor();
    await page.getByTestId('run-checks').click();
    await expect
      .poll(() => page.getByTestId('checks-announcement').textContent(), { timeout: 60_000 })
      .toMatch(/All \d+ checks pass/);
    await page.getByTestId('back-to-mine').click();
    await page.getByTestId('local-edits-banner').waitFor();
    // The learner's own books.ts is back (and saved in the lesson's own workspace).
    const savedBooks = () =>
      page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.endsWith(':lesson:rest-resources:workspace'));
        return key ? (JSON.parse(localStorage.getItem(key)!).files['books.ts'] as string) : '';
      });
    await expect.poll(savedBooks).toContain('return { statusCode: 200, body: JSON.stringify(book) };');
    expect(await savedBooks()).toContain('event.queryStringParameters?.genre');

    await page.reload();
    await page.getByTestId('lesson-title').filter({ hasText: 'REST resources' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('lesson-toc-toggle').click();
    await expect.poll(() => page.getByTestId('toc-rest-resources').textContent()).toContain('✓');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('walks an HTTP API lesson: payload 2.0 headers and cookies fixed in Monaco, the pass kept across a reload', async () => {
    await openLesson('http-routes-payload-v2', 'HTTP API routes');
    await expect.poll(() => page.getByTestId('api-type-HTTP').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('run-checks').click();
    await expectStatus('payload-v2-headers-cookies', 'fail');

    // Payload 2.0 lowercases header names and moves cookies into event.cookies.
    await typeOver('cart.ts', "'X-Currency'", "'x-currency'");
    await typeOver('cart.ts', "event.headers['Cookie'] ?? ''", "(event.cookies ?? []).join('; ')");
    await expectStatus('payload-v2-headers-cookies', 'pass');
    await page.screenshot({ path: 'test-results/lesson-http.png' });

    await page.reload();
    await page.getByTestId('lesson-title').filter({ hasText: 'HTTP API routes' }).waitFor({ timeout: 30_000 });
    // Nothing re-runs on a reload; the check shows it passed before.
    expect(await check('payload-v2-headers-cookies').getAttribute('data-status')).toBe('pending');
    await check('payload-v2-headers-cookies').getByTestId('passed-before').waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('leaves a lesson for the playground with its own workspace untouched, and says a share link it cannot read is not supported', async () => {
    await page.goto(`${server.url}#/share/v1.gz.abc`);
    await page.getByTestId('share-error').getByText('codec the playground does not know').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
    await page.getByTestId('view-lessons').click();
    await page.getByTestId('lesson-title').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('#/lessons/');
    await page.getByTestId('view-playground').click();
    await page.getByTestId('file-tab-sendmessage.ts').waitFor();
    await page.goto(`${server.url}#/lessons/no-such-lesson`);
    await page.getByTestId('lesson-not-found').waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  });
});
