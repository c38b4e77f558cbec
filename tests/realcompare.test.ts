/**
 * "Compare with the simulator" against the local gateway (`npm run gateway`'s server) over real
 * sockets: the replay's real side is a WebSocket client (here `ws`, in the page the browser's),
 * and on the chat example nothing differs from a fresh simulator. Kept out of src/realcompare
 * because only src/host may import src/host (the page must never bundle it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { validateDefinition, type WebSocketApi } from '../src/gateway';
import { chatExample } from '../src/examples/chat';
import { deploy } from '../src/runtime/deployment';
import { createNodeInvoker } from '../src/runtime/node-invoker';
import { startGateway, type GatewayServer } from '../src/host/server';
import { compareRuns } from '../src/realcompare/align';
import { browserTarget, engineTarget, replay } from '../src/realcompare/replay';
import type { Step } from '../src/realcompare/steps';

const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout };
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

function chatDeployment(files: Record<string, string> = chatExample.files) {
  const v = validateDefinition(chatExample.definition);
  if (!v.ok) throw new Error('the chat example does not validate');
  return deploy({
    definition: v.definition,
    files,
    seed: 'realcompare',
    createInvoker: createNodeInvoker,
  });
}

const chatSteps: Step[] = [
  { kind: 'connect', client: 'Alice', query: '', protocols: [] },
  { kind: 'connect', client: 'Bob', query: 'room=1', protocols: [] },
  { kind: 'send', client: 'Alice', data: '{"action":"sendmessage","data":"hello room"}', cut: false },
  { kind: 'send', client: 'Alice', data: '{"action":"dance"}', cut: false },
  { kind: 'disconnect', client: 'Bob', code: 1005, reason: '' },
];

describe('against the local gateway over real sockets', () => {
  let server: GatewayServer;

  it('replays the chat steps on `npm run gateway`’s server and finds no difference from the simulator', async () => {
    const project = { definition: chatExample.definition, files: chatExample.files };
    const v = validateDefinition(project.definition);
    if (!v.ok) throw new Error('invalid');
    server = await startGateway({
      definition: v.definition,
      files: project.files,
      createInvoker: createNodeInvoker,
      onError: () => {},
    });
    cleanup.push(() => server.close());
    const a = chatDeployment();
    cleanup.push(() => a.dispose());
    const sim = await replay(chatSteps, engineTarget(a.api as WebSocketApi, 'http://page.test'), { timers });
    const real = await replay(
      chatSteps,
      browserTarget({
        baseUrl: server.urls.client,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
        fetch,
      }),
      { timers, expected: sim.counts, quietMs: 100 },
    );
    expect(real.clients.Bob?.map((s) => s.type)).toEqual(['frame', 'close']);
    const result = compareRuns(
      chatSteps,
      { ...sim, normalise: { host: (a.api as WebSocketApi).domainName } },
      {
        ...real,
        normalise: { host: new URL(server.origin).host },
      },
    );
    expect(result.differences).toEqual([]);
  }, 60_000);

  it('matches a handshake both sides refuse (a browser sees only "failed"), and shows one only the simulator refuses', async () => {
    // $connect refuses ?deny=1 with 403 on the simulator; the gateway runs it too, or the example's.
    const denying = {
      ...chatExample.files,
      'onconnect.ts': chatExample.files['onconnect.ts'].replace(
        'const { connectionId } = event.requestContext;',
        "if (event.queryStringParameters?.deny) return { statusCode: 403, body: 'denied' };\n  const { connectionId } = event.requestContext;",
      ),
    };
    expect(denying['onconnect.ts']).toContain('deny');
    const steps: Step[] = [
      { kind: 'connect', client: 'Alice', query: 'deny=1', protocols: [] },
      { kind: 'send', client: 'Alice', data: '{"action":"sendmessage","data":"anyone?"}', cut: false },
      { kind: 'connect', client: 'Bob', query: '', protocols: [] },
    ];
    const v = validateDefinition(chatExample.definition);
    if (!v.ok) throw new Error('invalid');
    const a = chatDeployment(denying);
    cleanup.push(() => a.dispose());
    const sim = await replay(steps, engineTarget(a.api as WebSocketApi, 'http://page.test'), { timers });
    expect(sim.outcomes[0]).toEqual({ kind: 'connect', handshake: { accepted: false, status: 403 } });
    expect(sim.outcomes[1]).toEqual({ kind: 'skipped', reason: 'Alice is not connected here' });

    for (const [files, expected] of [
      [denying, 0],
      [chatExample.files, 3],
    ] as const) {
      const gw = await startGateway({
        definition: v.definition,
        files,
        createInvoker: createNodeInvoker,
        onError: () => {},
      });
      cleanup.push(() => gw.close());
      const real = await replay(
        steps,
        browserTarget({
          baseUrl: gw.urls.client,
          WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
          fetch,
        }),
        { timers, expected: sim.counts, quietMs: 100 },
      );
      const { differences } = compareRuns(steps, sim, real);
      expect(differences).toHaveLength(expected);
      if (expected)
        expect(differences).toEqual([
          expect.objectContaining({
            aspect: 'handshake',
            simulator: 'failed (the page sees error, then close 1006) (the simulator answered 403)',
            real: 'open',
          }),
          expect.objectContaining({
            aspect: 'request',
            simulator: 'skipped: Alice is not connected here',
            real: 'replayed',
          }),
          // …so on the real endpoint Alice's message went out, and came back to her.
          expect.objectContaining({ aspect: 'frame', client: 'Alice', simulator: '—', real: 'anyone?' }),
        ]);
    }
  }, 60_000);
});
