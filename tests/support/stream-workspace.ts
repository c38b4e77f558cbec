/**
 * A saved workspace for load tests and the benchmark: a WebSocket API whose `stream` route posts
 * `n` messages to the caller's connection, one every `every` ms (`{"action":"stream","n":200,
 * "every":20,"tag":"r0"}` sends `r0 0` … `r0 199`), and whose `echo` route answers the sender
 * once through @connections. Stored under the key the page reads (`storeStreamWorkspace`).
 */
import type { Page } from 'playwright-core';

const STREAM_HANDLER = `import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async (event) => {
  const { connectionId, domainName, stage } = event.requestContext;
  const { n = 100, every = 20, tag = '' } = JSON.parse(event.body ?? '{}');
  const api = new ApiGatewayManagementApiClient({ endpoint: 'https://' + domainName + '/' + stage });
  let next = Date.now();
  for (let i = 0; i < n; i++) {
    await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: tag + ' ' + i }));
    next += every;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return { statusCode: 200 };
};
`;

const ECHO_HANDLER = `import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async (event) => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: 'https://' + domainName + '/' + stage });
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'echo ' + (event.body ?? '') }));
  return { statusCode: 200 };
};
`;

const ALLOW = `export const handler = async () => ({ statusCode: 200 });\n`;

export function streamWorkspace() {
  const fn = (handler: string, timeout: number) => ({ handler, timeout });
  return {
    schema: 2,
    savedAt: 1,
    exampleId: 'chat',
    definition: {
      protocolType: 'WEBSOCKET',
      name: 'stream-load',
      stage: { name: 'dev' },
      routeSelectionExpression: '$request.body.action',
      routes: {
        $connect: { integration: { type: 'AWS_PROXY', function: 'onconnect' } },
        stream: { integration: { type: 'AWS_PROXY', function: 'stream' } },
        echo: { integration: { type: 'AWS_PROXY', function: 'echo' } },
      },
      functions: {
        onconnect: fn('onconnect.handler', 10),
        stream: fn('stream.handler', 20),
        echo: fn('echo.handler', 10),
      },
    },
    files: { 'onconnect.js': ALLOW, 'stream.js': STREAM_HANDLER, 'echo.js': ECHO_HANDLER },
    activeFile: 'stream.js',
  };
}

/**
 * Opens the site at `url` with the stream workspace saved, deployed and its first diagram drawn;
 * returns the API's wss:// URL (page-side `new WebSocket(url)` reaches it through MSW).
 */
export async function openStreamWorkspace(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByTestId('deploy-button').waitFor({ timeout: 60_000 });
  const key = `apigw-playground:${new URL(url).pathname}:workspace`;
  await page.evaluate(([k, w]) => localStorage.setItem(k, JSON.stringify(w)), [key, streamWorkspace()] as const);
  await page.reload();
  const deployed = page.locator('[data-testid=deploy-status][data-status=deployed]');
  await page.getByTestId('deploy-button').waitFor({ timeout: 60_000 });
  if (!(await deployed.isVisible())) await page.getByTestId('deploy-button').click();
  await deployed.waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=diagram] svg').waitFor({ timeout: 60_000 });
  const wss = await page.locator('[data-testid=url]').first().inputValue();
  if (!wss.startsWith('wss://')) throw new Error(`The deployed API has no wss:// URL (got ${JSON.stringify(wss)}).`);
  return wss;
}
