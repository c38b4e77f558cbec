/**
 * The simulator's own slowness is never the gateway's: invocations that wait for a sandbox
 * worker, or for a busy page, are not charged to the integration timeout (29 s) or the function
 * timeout. AWS would accept a storm of 200 simultaneous connections to the chat example and
 * answer 1,000 rapid messages without one "Endpoint request timed out"; so must the playground.
 *
 * The sockets are the page's own `new WebSocket(url)`, as a learner's script would open them;
 * MSW hands them to the fake gateway. Heavy: generous explicit timeouts (CI has 2 busy cores).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

useBuiltSite({ viewport: { width: 1440, height: 900 } }, (site) => ({ server, page, pageErrors } = site));

/** The deployed chat example's wss URL, as the client consoles show it. */
async function deployedUrl(): Promise<string> {
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
  return page.getByTestId('client-Alice').getByTestId('url').inputValue();
}

interface StormOutcome {
  opened: number;
  /** Close codes and reasons of sockets that never opened, e.g. `1006` or `1011 onconnect:integration-timeout`. */
  failed: string[];
}

describe('a connect storm and a message burst in one page', () => {
  it('accepts 200 clients connecting at once: no 504, no 1006', { timeout: 600_000 }, async () => {
    const url = await deployedUrl();
    const outcome = await page.evaluate(
      (u) =>
        new Promise<StormOutcome>((resolve) => {
          const result: StormOutcome = { opened: 0, failed: [] };
          let settled = 0;
          const done = () => {
            if (++settled === 200) resolve(result);
          };
          for (let i = 0; i < 200; i++) {
            const ws = new WebSocket(`${u}?name=storm${i}`);
            let open = false;
            ws.onopen = () => {
              open = true;
              result.opened++;
              done();
            };
            ws.onclose = (e) => {
              if (open) return;
              result.failed.push(`${e.code} ${e.reason}`.trim());
              done();
            };
          }
        }),
      url,
    );
    expect(outcome.failed).toEqual([]);
    expect(outcome.opened).toBe(200);
    expect(pageErrors).toEqual([]);
  });

  it('answers 1,000 rapid messages to one function without an integration timeout', { timeout: 600_000 }, async () => {
    const url = await deployedUrl();
    // Every reply that arrives within three minutes (on main the first "Endpoint request timed
    // out" came 29 s after the burst and 999 of 1,000 replies were that). How fast all 1,000
    // are answered is the diagram's business (issue 9, item 7; bench), not this test's.
    const replies = await page.evaluate(
      (u) =>
        new Promise<string[]>((resolve, reject) => {
          const ws = new WebSocket(`${u}?name=burst`);
          const got: string[] = [];
          ws.onmessage = (e) => {
            got.push(String(e.data));
            if (got.length === 1000) resolve(got);
          };
          ws.onclose = (e) => reject(new Error(`closed ${e.code} ${e.reason} after ${got.length} replies`));
          // Not JSON: every message goes to $default, whose handler answers the sender once.
          ws.onopen = () => {
            for (let i = 0; i < 1000; i++) ws.send(`burst ${i}`);
            setTimeout(() => resolve(got), 180_000);
          };
        }),
      url,
    );
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.includes('Endpoint request timed out'))).toEqual([]);
    // Every reply is the $default handler's own answer (its GetConnection call was refused by the
    // page's message check, so about 33 replies were "Internal server error" after 3 s).
    expect(replies.filter((r) => !r.includes('Unrecognised action'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
