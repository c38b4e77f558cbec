/**
 * Malformed and enormous input on the built site, in real Chromium: each gets its own specific
 * error in the place the learner looks, and the app keeps working afterwards. A 100 KB route
 * selection expression, a message nested 100,000 levels deep, binary and 10 MB frames, 1,000
 * messages in a burst, an invalid api.json, VTL loops and recursion, 11 MB and 100 MB bodies.
 * Attacks and outcomes: docs/hostile-input.md.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

const client = (name: string) => page.getByTestId(`client-${name}`);
const current = () =>
  page.locator('[data-testid=deploy-status][data-status=deployed][data-current=yes]').waitFor({ timeout: 30_000 });

async function open() {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 30_000 });
}

async function openAs(type: 'HTTP' | 'REST') {
  await open();
  await page.getByTestId(`api-type-${type}`).click();
  await page
    .locator(`[data-testid=deploy-status][data-status=deployed][data-api-type=${type}]`)
    .waitFor({ timeout: 30_000 });
}

const jsonText = () => page.getByTestId('definition-json-editor').locator('textarea');

async function definition(): Promise<Record<string, unknown>> {
  const section = page.getByTestId('definition-json');
  if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  return JSON.parse(await jsonText().inputValue()) as Record<string, unknown>;
}

/** Types `text` into "Definition as JSON" and leaves the field (which applies it). */
async function applyDefinitionText(text: string) {
  await definition();
  await jsonText().fill(text);
  await jsonText().blur();
}

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 15_000 });
}

async function send(c: Locator, text: string) {
  await c.getByTestId('message-input').fill(text);
  await c.getByTestId('message-input').press('Enter');
}

/**
 * The message went to $default: its function ran (checked in the log panel, not by its reply:
 * the chat example's $default calls GetConnection, which times out on today's main).
 */
const toDefault = () =>
  expect
    .poll(() => page.getByTestId('log-panel').textContent(), { timeout: 30_000 })
    .toContain('default $default (MESSAGE)');

/** The app still answers: a chat message goes out and comes back. */
async function chatStillWorks() {
  if ((await client('Alice').getAttribute('data-status')) !== 'open') await connect(client('Alice'));
  const text = `still here ${Date.now()}`;
  await send(client('Alice'), JSON.stringify({ action: 'sendmessage', data: text }));
  await client('Alice')
    .locator('[data-testid=frames] li[data-kind=received]', { hasText: text })
    .waitFor({ timeout: 30_000 });
}

/**
 * Opens a socket from the page itself (MSW intercepts it as it does the clients'), sends what
 * `payload` makes, and resolves with the close code and reason, or 'open' after `waitMs`.
 */
function pageSocket(url: string, payload: 'binary' | '10MB', waitMs = 20_000) {
  return page.evaluate(
    async ([u, p, ms]) => {
      // A handshake that fails under load (close 1006 before open: $connect is slow on a busy
      // machine, another part of issue 9) is not what this measures: try again, three times.
      for (let attempt = 0; attempt < 3; attempt++) {
        const outcome = await new Promise<string>((resolve) => {
          const ws = new WebSocket(u as string);
          let opened = false;
          ws.onopen = () => {
            opened = true;
            ws.send(p === 'binary' ? new Uint8Array([0, 1, 2, 255]).buffer : 'x'.repeat(10 * 1024 * 1024 + 1));
          };
          ws.onclose = (e) => resolve(opened ? `${e.code} ${e.reason}` : 'not-opened');
          setTimeout(() => resolve('open'), ms as number);
        });
        if (outcome !== 'not-opened') return outcome;
      }
      return 'never opened';
    },
    [url, payload, waitMs] as const,
  );
}

describe('malformed and enormous input: a specific error, and the app keeps working', () => {
  it('a 100 KB route selection expression is compiled once, deployed and routes', async () => {
    await open();
    const rse = page.getByTestId('rse-input');
    // 100 KB that ends in an error: underlined at its place, the page still answers.
    await rse.fill('x'.repeat(100_000) + '$request.body[');
    await expect.poll(() => page.getByTestId('rse-error').textContent(), { timeout: 20_000 }).toMatch(/unclosed '\['/);
    // 100 KB that is valid: deployed, and a message routes by it (to $default: no such route key).
    await rse.fill('$request.body.action' + '-'.repeat(100_000));
    await expect.poll(() => page.getByTestId('rse-error-span').count(), { timeout: 20_000 }).toBe(0);
    await page.getByTestId('deploy-button').click();
    await current();
    await connect(client('Alice'));
    await send(client('Alice'), '{"action":"sendmessage"}');
    await toDefault();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a message nested 16,000 levels deep, a binary frame and a 10 MB frame each get their own answer', async () => {
    await open();
    await connect(client('Alice'));
    // Too deep to evaluate the route selection expression on: $default, like a message that is not JSON.
    // 16,000 levels: the deepest a 32 KB frame holds (100,000 levels is in rse.property.test.ts).
    await send(client('Alice'), '['.repeat(16_000) + ']'.repeat(16_000));
    await toDefault();
    const url = await client('Bob').getByTestId('url').inputValue();
    // Binary data: close 1003; over the 32 KB frame quota: close 1009 (docs/aws-behaviour.md §1.6).
    expect(await pageSocket(url, 'binary')).toBe('1003 Unsupported Data');
    expect(await pageSocket(url, '10MB')).toBe('1009 Message Too Big');
    await chatStillWorks();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('1,000 messages in a burst: no page error, and the app still answers', async () => {
    await open();
    // Without $default an unmatched message gets the gateway's Forbidden frame and runs no
    // function, so the burst measures the page, not the Lambda pool (another part of issue 9).
    const original = await definition();
    const routes = { ...(original.routes as Record<string, unknown>) };
    delete routes.$default;
    await applyDefinitionText(JSON.stringify({ ...original, routes }));
    await page.getByTestId('deploy-button').click();
    await current();
    await connect(client('Alice'));
    await client('Alice').getByTestId('client-state').waitFor();
    const url = await client('Bob').getByTestId('url').inputValue();
    const forbidden = await page.evaluate(
      (u) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(u);
          let n = 0;
          ws.onopen = () => {
            for (let i = 0; i < 1000; i++) ws.send(`{"action":"nothing","i":${i}}`);
          };
          ws.onmessage = (e) => {
            if (String(e.data).includes('Forbidden') && ++n === 1000) resolve(n);
          };
          setTimeout(() => resolve(n), 90_000);
        }),
      url,
    );
    expect(forbidden).toBe(1000);
    // Light on purpose (the render rate is another part of issue 9): the page answers and the
    // other client's connection is still open.
    await expect(page.evaluate(() => document.readyState)).resolves.toBe('complete');
    expect(await client('Alice').getAttribute('data-status')).toBe('open');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('an invalid api.json in "Definition as JSON" is refused with its reason, and the last good one still deploys', async () => {
    await open();
    const original = await definition();
    const error = page.getByTestId('definition-json-editor').locator('.err');
    await applyDefinitionText('{ "protocolType": "WEBSOCKET", ');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/JSON/);
    await applyDefinitionText('[1, 2, 3]');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toContain('The definition is a JSON object');
    await applyDefinitionText('{"protocolType": "HTTP"}');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toContain('protocolType stays "WEBSOCKET"');
    // A collection of another kind: refused (on main the forms threw and the page showed its
    // recovery screen, "Cannot read properties of undefined (reading 'length')").
    await applyDefinitionText(JSON.stringify({ ...original, routes: 5, functions: [] }));
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toContain('"routes" must be an object');
    // Valid JSON, invalid definition: the problems name the fields.
    await applyDefinitionText(JSON.stringify({ ...original, routeSelectionExpression: '$request.body[' }));
    await expect.poll(() => page.getByTestId('rse-error').textContent(), { timeout: 10_000 }).toMatch(/unclosed/);
    expect(await page.getByTestId('app-crashed').count()).toBe(0);
    await applyDefinitionText(JSON.stringify(original, null, 2));
    await page.getByTestId('deploy-button').click();
    await current();
    await chatStillWorks();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a mapping template that loops 100,000 times or references itself fails with its reason, and the next request is answered', async () => {
    await openAs('REST');
    const original = await definition();
    const withTemplate = (template: string) => {
      const def = structuredClone(original) as {
        resources: Record<
          string,
          {
            methods: Record<
              string,
              { integration: { integrationResponses: { responseTemplates?: Record<string, string> }[] } }
            >;
          }
        >;
      };
      def.resources['/products'].methods.GET.integration.integrationResponses[0].responseTemplates = {
        'application/json': template,
      };
      return JSON.stringify(def);
    };
    // A server-side caller: the browser's CORS does not hide a 500 without CORS headers.
    const caller = page.getByTestId('caller-Partner system');
    for (const [template, reason] of [
      ['#foreach($i in [1..100000])$i#end', /1000 iterations/],
      ['#define($d)x$d#end$d', /referenced itself/],
    ] as const) {
      await applyDefinitionText(withTemplate(template));
      await page.getByTestId('deploy-button').click();
      await current();
      await caller.getByTestId('method').selectOption('GET');
      await caller.getByTestId('path').fill('/products');
      await caller.getByTestId('send-request').click();
      await expect
        .poll(() => caller.getByTestId('response-status').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('500');
      // A MOCK integration runs no function: the reason is in the request's steps.
      await expect.poll(() => page.getByTestId('request-log').textContent(), { timeout: 10_000 }).toMatch(reason);
    }
    await applyDefinitionText(JSON.stringify(original));
    await page.getByTestId('deploy-button').click();
    await current();
    await caller.getByTestId('send-request').click();
    await expect
      .poll(() => caller.getByTestId('response-status').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('200');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('an HTTP API refuses an 11 MB body with 413 before any function runs (docs/aws-behaviour.md §4)', async () => {
    await openAs('HTTP');
    const base = (await page.getByTestId('caller-Browser app').getByTestId('request-url').textContent())!.replace(
      /\/orders.*$|\/$/,
      '',
    );
    const post = (mb: number) =>
      page.evaluate(
        async ([u, size]) => {
          // Same origin as far as CORS goes would need the API's own page; from this page the
          // refusal has no CORS headers, so the browser hides it (as it would against AWS).
          const r = await fetch(u, {
            method: 'POST',
            body: new Uint8Array(size),
            headers: { 'content-type': 'application/octet-stream' },
          }).then(
            (res) => `${res.status}`,
            (e: unknown) => `failed: ${String(e)}`,
          );
          return r;
        },
        [`${base}/orders`, mb * 1024 * 1024] as const,
      );
    // 11 MB here; 100 MB is in the engine's unit test (payload-limit.test.ts): through the page's
    // fetch and MSW it only measures the copy.
    await post(11);
    await expect
      .poll(() => page.getByTestId('request-log').textContent(), { timeout: 60_000 })
      .toContain('HTTP content length exceeded 10485760 bytes.');
    expect(await page.getByTestId('request-log').locator('article[data-status="413"]').count()).toBe(1);
    // No function ran for it, and the API answers the next request (a route that does not exist:
    // the gateway's own 404, whatever the functions do).
    await expect(page.getByTestId('log-panel').textContent()).resolves.not.toContain('createOrder');
    const app = page.getByTestId('caller-Browser app');
    await app.getByTestId('method').selectOption('GET');
    await app.getByTestId('path').fill('/customers');
    await app.getByTestId('send-request').click();
    await expect
      .poll(() => app.getByTestId('response-status').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('404');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
