/**
 * The site works under the headers it is hosted with (deploy/headers.ts, which deploy/site.yaml's
 * CloudFront response headers policy serves): the chat example (the Lambda sandbox's frame and
 * data: workers, MSW's service worker, Monaco's workers, Mermaid's SVG), a lesson and the comparison
 * run with no Content-Security-Policy violation, in the page, its frames or its workers.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { SECURITY_HEADERS } from '../../deploy/headers.ts';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite(
  { viewport: { width: 1440, height: 900 }, headers: SECURITY_HEADERS },
  (site) => ({ server, page, pageErrors } = site),
);

/** Every CSP complaint Chromium makes: violation events in every frame, and console reports (workers too). */
async function watchViolations(p: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  p.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) console.push(m.text());
  });
  await p.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return async () => {
    const events = await p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    return [...events, ...console];
  };
}

const client = (name: string) => page.getByTestId(`client-${name}`);

async function connect(c: Locator) {
  await c.getByTestId('connect').click();
  await c.locator('[data-testid=frames] li[data-kind=open]').last().waitFor({ timeout: 20_000 });
}

describe('the site under its hosting headers (deploy/headers.ts)', () => {
  it('serves every file with the security headers', async () => {
    const response = await page.goto(server.url);
    const headers = response!.headers();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name]).toBe(value);
  });

  it('runs the chat example end to end with no CSP violation: sandbox, service worker, editor, diagram', async () => {
    const violations = await watchViolations(page);
    await page.goto(server.url);
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=code-editor][data-ready=true]').waitFor({ timeout: 60_000 });
    await connect(client('Alice'));
    await connect(client('Bob'));
    await client('Alice').getByTestId('message-input').fill('{"action":"sendmessage","data":"under CSP"}');
    await client('Alice').getByTestId('message-input').press('Enter');
    // The broadcast went through the handlers in the sandbox's data: workers.
    await client('Bob').locator('[data-testid=frames] li[data-kind=received]', { hasText: 'under CSP' }).waitFor({
      timeout: 30_000,
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid=diagram] svg')?.textContent?.includes('under CSP'),
      null,
      { timeout: 30_000 },
    );
    // MSW's service worker registered under the policy.
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length))
      .toBe(1);
    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('opens a lesson and runs its checks with no CSP violation', async () => {
    const violations = await watchViolations(page);
    await page.goto(`${server.url}#/lessons/stale-connections`);
    await page.getByTestId('lesson-title').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-checks').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=check-stale-removed]')?.getAttribute('data-status') === 'fail',
      null,
      { timeout: 150_000 },
    );
    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('runs the comparison with no CSP violation', async () => {
    const violations = await watchViolations(page);
    await page.goto(`${server.url}#/compare`);
    await page.getByTestId('compare-root').waitFor({ timeout: 60_000 });
    await page.getByTestId('compare-run').click();
    await page.locator('[data-testid=compare-status][data-status=done]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid^=compare-sequence-] svg').first().waitFor({ timeout: 30_000 });
    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
