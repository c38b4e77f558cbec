/**
 * A memory bomb the meter does not see, for real, on the built site (issue 9): a handler grows
 * arrays of numbers with `push` until the sandbox frame's renderer dies. On main the page never
 * noticed: the invocation and every later one hung. Now the page hears the frame's heartbeat
 * fall silent, the invocation fails as a killed runtime with a line saying the sandbox was
 * restarted, and the next message runs in a new frame.
 *
 * V8's heap is capped at 512 MB for this browser (`--max-old-space-size`), so the frame dies in
 * seconds rather than after growing to about 4 GB (about 90 s and over 5 GB on this machine).
 */
import { describe, expect, it } from 'vitest';
import { chromium, type Page } from 'playwright-core';
import { encodePayload } from '../../src/share/codec.ts';
import chatApi from '../../src/examples/chat/api.json';
import type { StaticServer } from '../support/static-server.ts';
import { useBuiltSite } from '../support/e2e-site.ts';

let server: StaticServer;
let page: Page;
let pageErrors: string[];

/**
 * Playwright marks the whole page crashed when the frame's process dies (and refuses every call
 * on it after), although the page runs on. So the test reaches the page again through a second
 * connection to the same browser, over CDP, made after the crash.
 */
const PORT = 20_000 + Math.floor(Math.random() * 20_000);

useBuiltSite(
  {
    viewport: { width: 1440, height: 900 },
    args: ['--js-flags=--max-old-space-size=512', `--remote-debugging-port=${PORT}`],
  },
  (site) => ({ server, page, pageErrors } = site),
);

/** The chat example's sendmessage, with a bomb when the data says so. */
const SENDMESSAGE = `import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

export const handler = async (event) => {
  const data = String(JSON.parse(event.body ?? '{}').data ?? '');
  if (data === 'bomb') {
    // Nothing here is metered: plain arrays grown one number at a time, kept.
    const keep = [];
    for (;;) {
      const a = [];
      for (let i = 0; i < 1 << 22; i++) a.push(i + 0.5);
      keep.push(a);
    }
  }
  const { domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: \`https://\${domainName}/\${stage}\` });
  await api.send(new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: 'echo ' + data }));
  return { statusCode: 200 };
};
`;

async function link(): Promise<string> {
  const definition = structuredClone(chatApi) as typeof chatApi;
  // Within the WebSocket integration's 29 s, so the client hears the failure.
  definition.functions.sendmessage.timeout = 25;
  const { codec, payload } = await encodePayload({
    v: 1,
    from: { example: 'chat' },
    view: 'playground',
    definition,
    files: { 'sendmessage.ts': SENDMESSAGE },
  });
  return `#/share/v1.${codec}.${payload}`;
}

async function send(page: Page, data: string) {
  const input = page.getByTestId('client-Alice').getByTestId('message-input');
  await input.fill(JSON.stringify({ action: 'sendmessage', data }));
  await input.press('Enter');
}

const received = (page: Page) =>
  page.getByTestId('client-Alice').locator('[data-testid=frames] li[data-kind=received]').allTextContents();

describe('a sandbox frame killed by memory the meter does not see', () => {
  it('fails the invocation as a killed runtime, says the sandbox restarted, and runs the next message', async () => {
    await page.goto(server.url + (await link()));
    await page.getByTestId('share-deploy').click();
    await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 60_000 });
    const alice = page.getByTestId('client-Alice');
    await alice.getByTestId('connect').click();
    await alice.locator('[data-testid=frames] li[data-kind=open]').waitFor({ timeout: 30_000 });

    const crashed = page.waitForEvent('crash', { timeout: 120_000 });
    await send(page, 'bomb');
    await crashed;
    const crashedAt = Date.now();
    const url = page.url();

    const again = await chromium.connectOverCDP(`http://127.0.0.1:${PORT}`);
    try {
      const live = again
        .contexts()
        .flatMap((c) => c.pages())
        .find((p) => p.url() === url);
      if (!live) throw new Error(`the page at ${url} is gone: the crash took the page, not only the frame`);
      const log = live.getByTestId('log-panel');
      await log
        .getByText(/The playground restarted its sandbox/)
        .first()
        .waitFor({ timeout: 60_000 });
      const after = ((Date.now() - crashedAt) / 1000).toFixed(1);
      console.log(`sandbox-crash: the restart was in the log ${after} s after the crash`);
      await log
        .getByText(/Runtime exited with error: signal: killed/)
        .first()
        .waitFor({ timeout: 30_000 });
      // The client hears the failure as AWS answers a failed integration.
      await expect
        .poll(() => received(live), { timeout: 30_000 })
        .toContainEqual(expect.stringContaining('Internal server error'));

      await send(live, 'after');
      await expect
        .poll(() => received(live), { timeout: 60_000 })
        .toContainEqual(expect.stringContaining('echo after'));
      expect(pageErrors).toEqual([]);
    } finally {
      await again.close();
    }
  }, 300_000);
});
