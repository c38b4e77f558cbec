/**
 * No lost work: a tab that dies between keystrokes keeps the last one; two tabs on one workspace
 * never silently overwrite each other (the tab that is behind asks); storage that is full or
 * blocked is said out loud, once, and the work can still be downloaded; saved data the page
 * cannot read (lesson progress, preferences) is kept under a backup key and offered for download.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1280, height: 720 } }, (site) => ({ server, page, pageErrors } = site));

const ns = () => `apigw-playground:${new URL(server.url).pathname}`;
const workspaceKey = () => `${ns()}:workspace`;
const editorLines = (p: Page) => p.locator('[data-testid=code-editor] .monaco-editor .view-lines');

/** Opens the playground and waits for Monaco (it loads after the shell). */
async function openEditor(p: Page) {
  await p.goto(server.url);
  await editorLines(p).waitFor({ timeout: 60_000 });
}

/** Types at the end of the editor's first line (picked by its line number: typing scrolls the text sideways). */
async function typeInEditor(p: Page, text: string) {
  await p.locator('[data-testid=code-editor] .monaco-editor .line-numbers').first().click();
  await p.keyboard.press('End');
  await p.keyboard.type(text);
}

const stored = (p: Page, key: string) => p.evaluate((k) => localStorage.getItem(k), key);

/** The text of the file the learner downloads when clicking `testid`. */
async function downloadOf(p: Page, testid: string): Promise<string> {
  const [download] = await Promise.all([
    p.waitForEvent('download', { timeout: 15_000 }),
    p.getByTestId(testid).click(),
  ]);
  return readFile((await download.path())!, 'utf8');
}

describe('a tab that dies between keystrokes', () => {
  it('keeps the last keystroke when the renderer crashes right after it', async () => {
    await openEditor(page);
    // Taken before typing, so nothing but the crash follows the last keystroke.
    const cdp = await page.context().newCDPSession(page);
    await typeInEditor(page, ' // before the crash');
    const crashed = page.waitForEvent('crash', { timeout: 30_000 });
    void cdp.send('Page.crash').catch(() => {});
    await crashed;

    const again = await page.context().newPage();
    await again.goto(server.url);
    await expect(stored(again, workspaceKey())).resolves.toContain('// before the crash');
    await again.getByTestId('restored-banner').waitFor({ timeout: 30_000 });
  }, 120_000);

  it('keeps the last keystroke when the page closes without unload handlers', async () => {
    await openEditor(page);
    await typeInEditor(page, ' // before the close');
    const context = page.context();
    await page.close({ runBeforeUnload: false });
    const again = await context.newPage();
    await again.goto(server.url);
    await expect(stored(again, workspaceKey())).resolves.toContain('// before the close');
  }, 120_000);
});

describe('two tabs on the same workspace', () => {
  it('the tab that is behind asks, and its edits never overwrite the other tab’s save until the learner says so', async () => {
    const first = page;
    const second = await page.context().newPage();
    await openEditor(first);
    await openEditor(second);

    await typeInEditor(first, ' // from the first tab');
    const banner = second.getByTestId('tab-conflict-banner');
    await banner.waitFor({ timeout: 30_000 });
    await expect(banner.innerText()).resolves.toMatch(/changed in another tab/);

    // Typing on in the tab that is behind does not replace the first tab's save...
    await typeInEditor(second, ' // from the second tab');
    const saved = await stored(second, workspaceKey());
    expect(saved).toContain('// from the first tab');
    expect(saved).not.toContain('// from the second tab');
    // ...its edits are kept apart, and can be downloaded.
    await expect(downloadOf(second, 'conflict-download')).resolves.toContain('// from the second tab');

    // "Keep mine" writes the second tab's version; now the first tab is the one behind.
    await second.getByTestId('conflict-keep-mine').click();
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await expect(stored(second, workspaceKey())).resolves.toContain('// from the second tab');
    await first.getByTestId('tab-conflict-banner').waitFor({ timeout: 30_000 });

    // "Load theirs" in the first tab brings the second tab's work into its editor.
    await first.getByTestId('conflict-load-theirs').click();
    await first.getByTestId('tab-conflict-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await editorLines(first).getByText('// from the second tab').waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

describe('a tab that closes before its learner chose', () => {
  it('its held edits are offered when the workspace opens again, and loading them keeps the other work apart', async () => {
    const first = page;
    const second = await page.context().newPage();
    await openEditor(first);
    await openEditor(second);
    await typeInEditor(first, ' // from the first tab');
    await second.getByTestId('tab-conflict-banner').waitFor({ timeout: 30_000 });
    await typeInEditor(second, ' // held in the second tab');
    await expect
      .poll(() => second.evaluate(() => Object.keys(localStorage).some((k) => k.includes('.unsaved.'))), {
        timeout: 15_000,
      })
      .toBe(true);
    await second.close();

    await first.reload();
    await editorLines(first).waitFor({ timeout: 60_000 });
    const held = first.getByTestId('held-edits-banner');
    await held.waitFor({ timeout: 30_000 });
    await expect(held.innerText()).resolves.toMatch(/Edits from another tab, saved .* were kept apart/);
    await expect(downloadOf(first, 'held-edits-download')).resolves.toContain('// held in the second tab');

    await first.getByTestId('held-edits-load').click();
    await editorLines(first).getByText('// held in the second tab').waitFor({ timeout: 15_000 });
    await expect(stored(first, workspaceKey())).resolves.toContain('// held in the second tab');
    // The first tab's own work is now the held copy, offered the same way.
    await expect(held.innerText()).resolves.toMatch(/Edits from another tab/);
    await expect(downloadOf(first, 'held-edits-download')).resolves.toContain('// from the first tab');
    await first.getByTestId('held-edits-discard').click();
    await first.getByTestId('held-edits-discard').click();
    await held.waitFor({ state: 'detached', timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

describe('storage that is full or blocked', () => {
  it('full: warns once what is at risk, and the work still downloads', async () => {
    await page.addInitScript(() => {
      if (window !== window.top) return;
      Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await openEditor(page);
    await typeInEditor(page, ' // not saved');
    const warning = page.getByTestId('storage-warning');
    await warning.waitFor({ timeout: 30_000 });
    await expect(warning.innerText()).resolves.toMatch(/full: your edits .*not being saved/);
    await expect(downloadOf(page, 'storage-download')).resolves.toContain('// not saved');

    await page.getByTestId('storage-dismiss').click();
    await warning.waitFor({ state: 'detached', timeout: 15_000 });
    // Once: more typing does not bring it back.
    await typeInEditor(page, ' // still not saved');
    await editorLines(page).getByText('// still not saved').waitFor({ timeout: 15_000 });
    await expect(warning.count()).resolves.toBe(0);

    // A theme that cannot be saved is news: the page's theme saves through the same watched store.
    await page.getByTestId('theme-switch').selectOption('dark');
    await warning.waitFor({ timeout: 15_000 });
    await expect(warning.innerText()).resolves.toMatch(/your layout and preferences/);
  }, 120_000);

  it('blocked: warns at once that nothing is saved, and the work still downloads', async () => {
    // The page's own window only: the sandbox frame has no storage of its own anyway.
    await page.addInitScript(() => {
      if (window !== window.top) return;
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await openEditor(page);
    const warning = page.getByTestId('storage-warning');
    await warning.waitFor({ timeout: 30_000 });
    await expect(warning.innerText()).resolves.toMatch(/blocks storage.*your edits, your lesson progress/);
    await typeInEditor(page, ' // kept in memory');
    await expect(downloadOf(page, 'storage-download')).resolves.toContain('// kept in memory');
    await page.getByTestId('storage-dismiss').click();
    await warning.waitFor({ state: 'detached', timeout: 15_000 });
  }, 120_000);
});

describe('saved data the page cannot read', () => {
  /** Stores `text` under `key` before the page's first script runs (once per tab). */
  async function seed(key: string, text: string) {
    await page.addInitScript(
      ([k, v]) => {
        if (window !== window.top || sessionStorage.getItem('seeded')) return;
        localStorage.setItem(k!, v!);
        sessionStorage.setItem('seeded', '1');
      },
      [key, text],
    );
  }

  it('lesson progress is kept under a backup key and offered for download, not replaced', async () => {
    const key = `${ns()}:lessons.progress`;
    const corrupt = '{"schema":1,"lessons":{"first-steps":{"passed":"all of them"}}}';
    await seed(key, corrupt);
    await page.goto(server.url);

    const notice = page.getByTestId('set-aside-banner');
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.innerText()).resolves.toMatch(/lesson progress could not be read/);
    const backupKey = (await notice.locator('code').textContent())!;
    expect(backupKey).toContain(`${key}.unreadable.`);
    await expect(stored(page, backupKey)).resolves.toBe(corrupt);
    await expect(downloadOf(page, 'set-aside-download')).resolves.toBe(corrupt);
  }, 120_000);

  it('preferences are kept under a backup key before anything is saved over them', async () => {
    const key = `${ns()}:prefs`;
    const corrupt = '{"schema":99,"theme":"from a newer site"}';
    await seed(key, corrupt);
    await page.goto(server.url);

    // Closing "Start here" saves a preference.
    await page.getByTestId('start-here-close').click({ timeout: 30_000 });
    const notice = page.getByTestId('set-aside-banner');
    await notice.waitFor({ timeout: 30_000 });
    const backupKey = (await notice.locator('code').textContent())!;
    expect(backupKey).toContain(`${key}.unreadable.`);
    await expect(stored(page, backupKey)).resolves.toBe(corrupt);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
