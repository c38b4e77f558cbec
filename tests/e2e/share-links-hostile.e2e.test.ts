/**
 * Hostile, damaged and oversized share links on the built site, in real Chromium: script and
 * markup in every field a link carries, a 1 MB payload, invalid base64, a wrong version or codec,
 * a zip bomb, a wrong JSON shape, a file name the workspace refuses. Each gives a clear, specific
 * error (or, for text that is allowed, shows it as text); nothing runs (no dialog, no window error,
 * `window.__pwned` never set, no injected markup), and the learner's own work (their saved
 * workspace and the editor's text) is exactly as it was.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodePayload } from '../../src/share/codec.ts';
import chatApi from '../../src/examples/chat/api.json';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';
import { CLEAN, evidence, instrument, markupIn, XSS } from '../support/hostile.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];
let dialogs: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => {
  ({ server, page, pageErrors } = site);
  dialogs = [];
});

const editorLines = () => page.locator('[data-testid=code-editor] .monaco-editor .view-lines');
const workspaceKey = () => `apigw-playground:${new URL(server.url).pathname}:workspace`;
const savedText = () => page.evaluate((k) => localStorage.getItem(k), workspaceKey());
/** The saved workspace without its time of saving (clicking a file tab saves again, unchanged). */
const savedWork = async () => {
  const { savedAt: _, ...rest } = JSON.parse((await savedText()) ?? '{}') as Record<string, unknown>;
  return rest;
};

const link = async (state: unknown) => {
  const { codec, payload } = await encodePayload(state);
  return `#/share/v1.${codec}.${payload}`;
};
const state = (over: Record<string, unknown>) => ({ v: 1, from: { example: 'chat' }, view: 'playground', ...over });
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** The learner's own work: the playground with an edit, saved. Returns what to compare against. */
async function ownWork(): Promise<Record<string, unknown>> {
  await instrument(page, dialogs);
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
  await editorLines().waitFor({ timeout: 60_000 });
  await page.getByTestId('file-tab-sendmessage.ts').click();
  await page.locator('[data-testid=code-editor] .monaco-editor .line-numbers').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(' // my own work');
  await expect.poll(savedText).toContain('// my own work');
  return savedWork();
}

/**
 * Back on the learner's playground: their saved workspace and the editor text as they were (and,
 * for a link that could not be opened, nothing of it stored).
 */
async function expectWorkIntact(saved: Record<string, unknown>, { opened = false } = {}) {
  await page.getByTestId('file-tab-sendmessage.ts').click();
  await editorLines().getByText('// my own work').waitFor({ timeout: 15_000 });
  expect(await savedWork()).toEqual(saved);
  const slots = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':share:')));
  expect(slots).toHaveLength(opened ? 1 : 0);
}

async function expectNothingRan() {
  expect(await evidence(page)).toEqual(CLEAN);
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
}

describe('a share link that cannot be opened', () => {
  it('says why, specifically, and leaves the learner’s work as it was', async () => {
    const saved = await ownWork();
    const bomb = b64url(deflateSync(new Uint8Array(64 * 1024 * 1024).fill(32), { level: 9 }));
    const good = await link(state({ files: { 'sendmessage.ts': '// shared' } }));
    const cases: [string, string, RegExp][] = [
      [
        '1 MB payload',
        `#/share/v1.z.${'A'.repeat(1024 * 1024)}`,
        /too long to open \(1024 K characters; at most 512 K\)/,
      ],
      ['invalid base64', '#/share/v1.z.not*base64!', /damaged: its data is not valid base64url/],
      ['cut off', good.slice(0, good.length - 40), /damaged: its data does not unpack|not JSON/],
      ['a newer link version', '#/share/v2.z.abc', /newer version of the playground \(link version v2/],
      [
        'a newer state version',
        await link({ ...state({}), v: 2 }),
        /newer version of the playground \(setup version 2/,
      ],
      ['an unknown codec', '#/share/v1.gz.abc', /codec the playground does not know \("gz"\)/],
      ['no version', '#/share/abc', /no version and codec/],
      ['a zip bomb', `#/share/v1.z.${bomb}`, /too large \(over 4 MB once unpacked\)/],
      ['plain JSON that is not an object', `#/share/v1.j.${b64url(Buffer.from('[1,2,3]'))}`, /not an object/],
      ['a wrong shape', await link(state({ clients: 'Alice' })), /clients must be a list/],
      ['a missing start', await link({ v: 1, view: 'playground' }), /from must name an example or a lesson/],
      ['a file name with markup', await link(state({ files: { [XSS[0]]: 'x' } })), /file name "<img src=x onerror/],
      ['a path out of the workspace', await link(state({ files: { '../../etc/passwd.js': 'x' } })), /file name/],
      ['a subprotocol with markup', await link(state({ clients: [{ name: 'A', protocols: [XSS[2]] }] })), /tokens/],
      ['a definition the gateway refuses', await link(state({ definition: { protocolType: XSS[1] } })), /protocolType/],
      ['an unknown example', await link(state({ from: { example: 'no-such-example' } })), /example "no-such-example"/],
    ];
    for (const [what, fragment, message] of cases) {
      await page.goto(server.url + fragment);
      const error = page.getByTestId('share-error');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent(), what).toMatch(message);
      expect(await error.textContent(), what).toContain('Nothing of yours was changed.');
      expect(await page.getByTestId('share-banner').count(), what).toBe(0);
      await page.getByTestId('share-error-back').click();
      await error.waitFor({ state: 'detached' });
      await expectWorkIntact(saved);
    }
    await expectNothingRan();
  }, 240_000);
});

describe('hostile text in every field of a link', () => {
  it('opens as text, runs nothing until Deploy, and the learner’s work stays', async () => {
    const saved = await ownWork();
    // Route keys and the API name: every payload that is a valid custom route key (not "$…").
    const routes: Record<string, unknown> = { ...chatApi.routes };
    for (const key of XSS.filter((p) => !p.startsWith('$'))) routes[key] = chatApi.routes.$default;
    const hostile = await link(
      state({
        definition: { ...chatApi, name: XSS[0], routes },
        files: {
          'default.ts': `// ${XSS.join('\n// ')}\nexport const handler = async () => { (globalThis as any).__pwned = 1; return { statusCode: 200 }; };\n`,
        },
        clients: XSS.filter((p) => p.length <= 64 && p.trim() === p).map((name, i) => ({
          name,
          query: `q=${XSS[(i + 1) % XSS.length]}`,
          script: [...XSS],
        })),
        cursor: 3,
      }),
    );
    await page.goto(server.url + hostile);
    const banner = page.getByTestId('share-banner');
    const problem = page.getByTestId('share-error');
    await Promise.race([banner.waitFor({ timeout: 30_000 }), problem.waitFor({ timeout: 30_000 })]);
    expect(await problem.count(), (await problem.count()) ? ((await problem.textContent()) ?? '') : '').toBe(0);
    // Shown as text: the route keys, the client names.
    const contents = (await banner.getByTestId('share-contents').textContent())!;
    expect(contents).toContain(XSS[0]);
    expect(
      await markupIn(
        page,
        '[data-testid=share-banner]',
        'img, script, iframe, a[href], svg, b, strong:not(:first-child), em',
      ),
    ).toEqual([]);
    // The consoles name the clients and hold their query strings as text.
    // More than eight clients: a roster lists them all, beside the selected client's console.
    expect(await page.locator('[data-testid^=roster-]').count()).toBeGreaterThan(3);
    expect(await markupIn(page, '[data-testid=client-roster]', 'img, script, iframe, a[href], svg')).toEqual([]);
    expect(await markupIn(page, 'section.client', 'img, script, iframe, a[href], svg')).toEqual([]);
    expect(await page.getByTestId('deploy-status').getAttribute('data-status')).toBe('idle');
    expect(await page.locator('[data-testid=log-panel] article.inv').count()).toBe(0);
    await editorLines().waitFor({ timeout: 60_000 });
    await expectNothingRan();

    await page.getByTestId('share-back').click();
    await banner.waitFor({ state: 'detached' });
    await expectWorkIntact(saved, { opened: true });
    await expectNothingRan();
  }, 180_000);
});
