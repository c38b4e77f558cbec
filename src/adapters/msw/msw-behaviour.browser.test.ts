/**
 * MSW 3's own WebSocket behaviour, the reason the adapter puts a wrapper in front of it.
 * If an MSW upgrade makes these fail, revisit the wrapper in ./socket.ts (it may become thinner).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ws } from 'msw';
import { setupWorker } from 'msw/browser';
import { deferred, recordSocket } from './test-support';

const base = inject('wsServerUrl');
const verdict = deferred<void>();
const entered = deferred<void>();

const worker = setupWorker(
  ws.link('wss://held.example.test/*').addEventListener('connection', async ({ client }) => {
    entered.resolve();
    await verdict.promise;
    client.close(1011, 'too late');
  }),
  ws.link(`${base}/refuse/*`).addEventListener('connection', ({ server }) => server.connect()),
);

beforeAll(async () => {
  await worker.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledFrame: 'bypass',
    quiet: true,
  });
});
afterAll(() => worker.stop());

describe('MSW WebSocket interception on its own', () => {
  it('opens an intercepted socket with the first offered protocol while the handler is still deciding', async () => {
    const socket = new WebSocket('wss://held.example.test/dev', ['chat', 'json']);
    const rec = recordSocket(socket);
    await entered.promise;
    await rec.opened;
    expect(socket.protocol).toBe('chat');
    verdict.resolve();
    await rec.closed;
    expect(rec.log).toEqual(['open', 'close 1011']);
  });

  it('opens a passthrough socket (server.connect) even when the real server refuses the upgrade', async () => {
    const rec = recordSocket(new WebSocket(`${base}/refuse/401`));
    await rec.closed;
    expect(rec.log[0]).toBe('open');
  });
});
