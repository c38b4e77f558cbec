/**
 * Hostile input on the built site, in real Chromium: script, HTML, Markdown, Mermaid directives
 * and `click` callbacks, `javascript:` links, in every place a learner (or a lesson, or a file
 * someone sends them) can put text: message text, route keys, query strings, header values,
 * function and API names, lesson fragments, share links and imported progress files. Nothing may
 * run (no dialog, no window error, `window.__pwned` never set, no injected markup) and the text is
 * shown as text. Attacks and outcomes: docs/hostile-input.md.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
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

const client = (name: string) => page.getByTestId(`client-${name}`);
const current = () =>
  page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor({ timeout: 30_000 });

async function open(fragment = '') {
  await instrument(page, dialogs);
  await page.goto(server.url + fragment);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
}

/** Nothing ran, and the page reported no error. */
async function expectNothingRan() {
  expect(await evidence(page)).toEqual(CLEAN);
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
}

/** The definition as "Definition as JSON" shows it. */
async function definition(): Promise<Record<string, unknown>> {
  const section = page.getByTestId('definition-json');
  if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  return JSON.parse(await page.getByTestId('definition-json-editor').locator('textarea').inputValue()) as Record<
    string,
    unknown
  >;
}

/** Replaces the definition through "Definition as JSON" (api.json), as a learner pasting one would. */
async function editDefinition(edit: (d: Record<string, unknown>) => unknown) {
  const section = page.getByTestId('definition-json');
  if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  const text = page.getByTestId('definition-json-editor').locator('textarea');
  const next = edit(JSON.parse(await text.inputValue()) as Record<string, unknown>);
  await text.fill(typeof next === 'string' ? next : JSON.stringify(next, null, 2));
  await text.blur();
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 15_000 });
}

async function send(c: Locator, text: string) {
  await c.getByTestId('message-input').fill(text);
  await c.getByTestId('message-input').press('Enter');
}

const SEND = { integration: { type: 'AWS_PROXY', function: 'sendmessage' } };
/** Every payload that is a valid WebSocket route key (a custom key may not start with "$"). */
const KEYS: readonly string[] = XSS.filter((p) => !p.startsWith('$'));

/** The whole visible text of the page (form values excluded). */
const bodyText = () => page.locator('body').textContent();

describe('hostile text never runs', () => {
  it('in message text, query strings, route keys, function and API names of a WebSocket API', async () => {
    await open();
    const original = await definition();
    // A function name the validator refuses: the problem names it, as text.
    await editDefinition(() => ({
      ...original,
      functions: { ...(original.functions as object), [XSS[0]]: { handler: 'default.handler' } },
    }));
    await expect.poll(bodyText, { timeout: 10_000 }).toContain('function names are 1–64 letters');
    expect(await bodyText()).toContain(XSS[0]);
    await expectNothingRan();

    // A route key may not start with "$": the problem quotes it, as text.
    await editDefinition(() => ({ ...original, routes: { ...(original.routes as object), [XSS[11]]: SEND } }));
    await expect.poll(bodyText, { timeout: 10_000 }).toContain(`routes["${XSS[11]}"]`);

    // Route keys and the API name: any other text is a valid route key (docs/aws-behaviour.md §1.2).
    await editDefinition(() => {
      const routes = { ...(original.routes as Record<string, unknown>) };
      for (const p of KEYS) routes[p] = SEND;
      return { ...original, name: XSS[1], routes };
    });
    const routeKeys = () =>
      page.getByTestId('routes-table').evaluate((t) => Array.from(t.querySelectorAll('input'), (i) => i.value));
    await expect.poll(routeKeys, { timeout: 10_000 }).toEqual(expect.arrayContaining([...KEYS]));
    await page.getByTestId('deploy-button').click();
    await current();

    await client('Alice').getByTestId('query').fill(`name=${XSS[0]}&x=${XSS[4]}`);
    await connect(client('Alice'));
    await connect(client('Bob'));
    for (const p of XSS) {
      // Routed by a hostile route key, carrying hostile data: broadcast to both clients.
      await send(client('Alice'), JSON.stringify({ action: KEYS.includes(p) ? p : 'sendmessage', data: p }));
      await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: p }).waitFor();
    }
    const frames = await client('Bob').locator('[data-testid=frames] li[data-kind=received] .text').allTextContents();
    for (const p of XSS) expect(frames).toContain(p);
    expect(await markupIn(page, '[data-testid=frames]')).toEqual([]);
    // The diagram draws them as text, in Mermaid's strict mode (no links, no HTML).
    await expect
      .poll(() => page.locator('[data-testid=diagram] svg').textContent(), { timeout: 20_000 })
      .toContain('{{constructor.constructor');
    // The last payload's entity code and HTML entity are shown as typed, not decoded.
    await expect
      .poll(() => page.locator('[data-testid=diagram] svg').textContent(), { timeout: 20_000 })
      .toContain('#60; &lt;b&gt;');
    expect(await markupIn(page, '[data-testid=diagram]', 'img, script, iframe, a, foreignObject *')).toEqual([]);
    await expect(page.getByTestId('log-panel').textContent()).resolves.toContain('sendmessage');
    await expectNothingRan();
  }, 180_000);

  it('in an HTTP request path, query string and header values, and in what the handler sends back', async () => {
    await open();
    await page.getByTestId('api-type-HTTP').click();
    await page
      .locator('[data-testid=deploy-status][data-status=deployed][data-api-type=HTTP]')
      .waitFor({ timeout: 30_000 });
    const app = page.getByTestId('caller-Browser app');
    await app.getByTestId('method').selectOption('GET');
    await app.getByTestId('path').fill(`/orders/${encodeURIComponent(XSS[0])}`);
    await app.getByTestId('query').fill(`q=${XSS[1]}&m=${XSS[4]}`);
    // A header the example's CORS allows, so the modelled preflight lets the request through.
    await app.getByTestId('add-header').click();
    await app.getByTestId('header-name').last().fill('authorization');
    await app.getByTestId('header-value').last().fill(XSS[2]);
    await app.getByTestId('send-request').click();
    // getOrder echoes the id it was asked for: the response carries the payload back.
    await expect
      .poll(() => app.getByTestId('response-status').getAttribute('data-status'), { timeout: 20_000 })
      .toBeTruthy();
    await expect.poll(() => page.getByTestId('request-log').textContent(), { timeout: 10_000 }).toContain('/orders/');
    await expect
      .poll(() => page.locator('[data-testid=diagram] svg').textContent(), { timeout: 20_000 })
      .toContain('GET /orders/');
    // The log bolds each request line itself (<strong>); nothing else.
    expect(await markupIn(page, '[data-testid=request-log]', 'img, script, iframe, a[href], svg, b, em')).toEqual([]);
    // The status is bold (<strong>); the body and headers are text.
    expect(await markupIn(page, '[data-testid=response]', 'img, script, iframe, a[href], svg, b, em')).toEqual([]);
    expect(await markupIn(page, '[data-testid=diagram]', 'img, script, iframe, a, foreignObject *')).toEqual([]);
    await expectNothingRan();
  });

  it('in a lesson fragment or a share link: the playground opens and nothing from the URL runs', async () => {
    await instrument(page, dialogs);
    for (const fragment of [
      `#/lessons/${encodeURIComponent(XSS[0])}`,
      `#/lessons/${XSS[1]}`,
      '#/lessons/javascript:window.__pwned=1',
      '#/lessons/%3Csvg%2Fonload%3Dwindow.__pwned%3D1%3E',
      '#/lessons/%E0%A4%A',
      `#/share/v1.x.${encodeURIComponent(XSS[0])}`,
      '#/share/v1.<img src=x onerror=window.__pwned=1>.payload',
      `#/compare/${XSS[0]}`,
    ]) {
      await page.goto(server.url + fragment);
      await page.getByTestId('view-playground').waitFor({ timeout: 30_000 });
      expect(await page.locator('img[src=x], svg[onload], script:not([src]):not([type])').count()).toBe(0);
    }
    // A lesson slug of the right shape that does not exist: said so, by name.
    await page.goto(`${server.url}#/lessons/no-such-lesson`);
    await page.getByTestId('lesson-not-found').waitFor({ timeout: 30_000 });
    await expectNothingRan();
  });

  it('in an imported progress file: refused or merged, shown as text', async () => {
    await instrument(page, dialogs);
    await page.goto(`${server.url}#/lessons/first-websocket-api`);
    await page.getByTestId('lesson-title').waitFor({ timeout: 30_000 });
    await page.getByTestId('lesson-toc-toggle').click();
    const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    const input = page.getByTestId('import-progress-file');
    const message = page.getByTestId('import-message');
    const read = async () => ((await message.count()) ? await message.textContent() : '');
    for (const f of [
      file(`${XSS[0]}.json`, '{ not json'),
      file('p.json', JSON.stringify({ schema: 1, lessons: { [XSS[0]]: { passedAt: XSS[1] } } })),
      file('q.json', JSON.stringify({ [XSS[2]]: XSS[3], lessons: XSS[4] })),
      file('r.json', JSON.stringify({ schema: 1, lessons: { 'first-websocket-api': { passed: XSS[5] } } })),
    ]) {
      const before = await read();
      await input.setInputFiles(f);
      await expect.poll(read, { timeout: 10_000 }).not.toBe(before);
    }
    expect(await markupIn(page, '[data-testid=import-message]')).toEqual([]);
    expect(await markupIn(page, '[data-testid=lesson-toc]', 'img, script, iframe, svg, b, em, strong')).toEqual([]);
    const links = await page
      .getByTestId('lesson-toc')
      .locator('a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of links) expect(href).toMatch(/^#\/lessons\/[a-z0-9-]+$/);
    await expectNothingRan();
  });
});
