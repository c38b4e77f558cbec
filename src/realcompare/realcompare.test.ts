import { afterEach, describe, expect, it } from 'vitest';
import { validateDefinition, type WebSocketApi } from '../gateway';
import { chatExample } from '../examples/chat';
import { deploy } from '../runtime/deployment';
import { createNodeInvoker } from '../runtime/node-invoker';
import { ObservedTrace } from '../state/observed-trace';
import { compareRuns, type RunRecord } from './align';
import { Normaliser } from './normalise';
import { engineTarget, pageVisibleHeaders, replay } from './replay';
import { relativePath, stepsFromTrace, type Step } from './steps';

const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout };

function chatDeployment(files: Record<string, string> = chatExample.files) {
  const v = validateDefinition(chatExample.definition);
  if (!v.ok) throw new Error('the chat example does not validate');
  return deploy({ definition: v.definition, files, seed: 'realcompare', createInvoker: createNodeInvoker });
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

/** Alice and Bob join, Alice broadcasts, Alice sends an unknown action, Bob leaves. */
const chatSteps: Step[] = [
  { kind: 'connect', client: 'Alice', query: '', protocols: [] },
  { kind: 'connect', client: 'Bob', query: 'room=1', protocols: [] },
  { kind: 'send', client: 'Alice', data: '{"action":"sendmessage","data":"hello room"}', cut: false },
  { kind: 'send', client: 'Alice', data: '{"action":"dance"}', cut: false },
  { kind: 'disconnect', client: 'Bob', code: 1000, reason: 'bye' },
];

describe('reading the client steps off a real-mode trace', () => {
  it('keeps connects with their query and subprotocols, text sends, client closes and requests, in order', () => {
    const trace = new ObservedTrace({ clock: { now: () => 0 } });
    trace.record({ client: 'Alice', type: 'connecting', url: 'wss://x.example/dev?token=1', protocols: ['chat'] });
    trace.record({ client: 'Alice', type: 'open', protocol: 'chat' });
    trace.record({ client: 'Alice', type: 'message', direction: 'sent', data: 'hi', binary: false, size: 2 });
    trace.record({ client: 'Alice', type: 'message', direction: 'received', data: 'hi', binary: false, size: 2 });
    trace.record({ client: 'Alice', type: 'close', code: 1000, reason: 'done', byClient: true });
    trace.record({ client: 'Bob', type: 'close', code: 1001, reason: 'Going away', byClient: false });
    trace.record({
      client: 'App',
      type: 'http-request',
      method: 'POST',
      url: 'https://x.example/dev/orders?x=1',
      headers: [['content-type', 'application/json']],
      body: '{"a":1}',
    });
    expect(stepsFromTrace(trace.log.events, '/dev')).toEqual([
      { kind: 'connect', client: 'Alice', query: 'token=1', protocols: ['chat'] },
      { kind: 'send', client: 'Alice', data: 'hi', cut: false },
      { kind: 'disconnect', client: 'Alice', code: 1000, reason: 'done' },
      {
        kind: 'http',
        client: 'App',
        method: 'POST',
        path: '/orders',
        query: 'x=1',
        headers: [['content-type', 'application/json']],
        body: '{"a":1}',
        cut: false,
      },
    ]);
  });

  it('marks a message the trace kept only the start of, and takes the base path off request paths only when it is a prefix', () => {
    const trace = new ObservedTrace({ clock: { now: () => 0 } });
    const long = 'x'.repeat(5000);
    trace.record({ client: 'Alice', type: 'message', direction: 'sent', data: long, binary: false, size: 5000 });
    const [send] = stepsFromTrace(trace.log.events);
    expect(send).toMatchObject({ kind: 'send', cut: true });
    expect(relativePath('/dev/a', '/dev/')).toBe('/a');
    expect(relativePath('/development', '/dev')).toBe('/development');
  });
});

describe('normalising ids, times and hosts', () => {
  it('numbers ids in the order they first appear and replaces them in plain text too', () => {
    const n = new Normaliser({ host: 'abc.execute-api.us-east-1.amazonaws.com' });
    expect(n.text('{"connectionId":"R1kmxc2VNjMCFIA=","requestTime":"07/Dec/2026:17:52:32 +0000"}')).toBe(
      '{"connectionId":"<id 1>","requestTime":"<time>"}',
    );
    expect(
      n.text('R1kmxc2VNjMCFIA= left at 2026-12-07T17:52:32.000Z via abc.execute-api.us-east-1.amazonaws.com'),
    ).toBe('<id 1> left at <time> via <host>');
    expect(n.text('{"connectionId":"Zz9xc2VNjMCFIA0="}')).toBe('{"connectionId":"<id 2>"}');
  });

  it('drops transport headers, blanks request-id headers and sorts the rest by name', () => {
    const n = new Normaliser();
    expect(
      n.headers([
        ['Date', 'Mon, 07 Dec 2026 17:52:32 GMT'],
        ['Content-Type', 'application/json'],
        ['apigw-requestid', 'abc'],
        ['Content-Length', '12'],
      ]),
    ).toEqual([
      ['apigw-requestid', '<id>'],
      ['content-type', 'application/json'],
    ]);
  });

  it('keeps only the headers a cross-origin page can read from the simulator', () => {
    expect(
      pageVisibleHeaders({
        headers: {
          'Content-Type': 'text/plain',
          'X-Secret': '1',
          'X-Shown': '2',
          'Access-Control-Expose-Headers': 'x-shown',
        },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      }),
    ).toEqual([
      ['content-type', 'text/plain'],
      ['x-shown', '2'],
    ]);
  });
});

describe('comparing two runs', () => {
  it('finds no difference between two fresh simulators of the chat example', async () => {
    const a = chatDeployment();
    const b = chatDeployment();
    cleanup.push(
      () => a.dispose(),
      () => b.dispose(),
    );
    const sim = await replay(chatSteps, engineTarget(a.api as WebSocketApi, 'http://page.test'), { timers });
    const other = await replay(chatSteps, engineTarget(b.api as WebSocketApi, 'http://page.test'), { timers });
    // Both clients got the broadcast, Alice the $default reply (with a time in it), Bob his close.
    expect(sim.clients.Bob.map((s) => s.type)).toEqual(['frame', 'close']);
    expect(sim.clients.Alice).toHaveLength(2);
    const result = compareRuns(chatSteps, sim, other);
    expect(result.differences).toEqual([]);
    expect(result.compared).toBe(2 + 2 + 2);
  }, 30_000);

  it('highlights a frame that differs, with both sides, at the step that caused it', async () => {
    const a = chatDeployment();
    const shout = chatExample.files['sendmessage.ts'].replace('Data: data }', 'Data: String(data).toUpperCase() }');
    expect(shout).not.toBe(chatExample.files['sendmessage.ts']);
    const b = chatDeployment({ ...chatExample.files, 'sendmessage.ts': shout });
    cleanup.push(
      () => a.dispose(),
      () => b.dispose(),
    );
    const sim = await replay(chatSteps, engineTarget(a.api as WebSocketApi, 'http://page.test'), { timers });
    const other = await replay(chatSteps, engineTarget(b.api as WebSocketApi, 'http://page.test'), { timers });
    const { differences } = compareRuns(chatSteps, sim, other);
    expect(differences).toContainEqual({
      step: 2,
      client: 'Alice',
      aspect: 'frame',
      what: 'frame 1 received',
      simulator: 'hello room',
      real: 'HELLO ROOM',
    });
    expect(differences.filter((d) => d.aspect === 'frame')).toHaveLength(2);
  }, 30_000);

  it('labels a close that differs as a known difference when the code is a documented choice, and a body as a plain difference', () => {
    const steps: Step[] = [
      { kind: 'connect', client: 'Alice', query: '', protocols: [] },
      { kind: 'send', client: 'Alice', data: 'x', cut: false },
      { kind: 'http', client: 'App', method: 'GET', path: '/', query: '', headers: [], body: '', cut: false },
    ];
    const base = (close: { code: number; reason: string }, body: string): RunRecord => ({
      outcomes: [
        { kind: 'connect', handshake: { accepted: true, protocol: '' } },
        { kind: 'done' },
        { kind: 'http', http: { status: 200, headers: [['content-type', 'application/json']], body } },
      ],
      clients: { Alice: [{ type: 'close', step: 1, ...close }] },
    });
    const { differences } = compareRuns(
      steps,
      base({ code: 1009, reason: 'Message Too Big' }, '{"ok":true,"requestId":"a"}'),
      base({ code: 1009, reason: 'Frame too large' }, '{"ok":false,"requestId":"b"}'),
    );
    expect(differences).toEqual([
      expect.objectContaining({
        aspect: 'close',
        simulator: 'close 1009 "Message Too Big"',
        real: 'close 1009 "Frame too large"',
        known: expect.objectContaining({ id: 'ws-limit-close-reason' }),
      }),
      {
        step: 2,
        client: 'App',
        aspect: 'body',
        what: 'body',
        simulator: '{"ok":true,"requestId":"<id 1>"}',
        real: '{"ok":false,"requestId":"<id 1>"}',
      },
    ]);
  });

  it('says a refused handshake differs from an open one, with the status only the simulator knows', () => {
    const steps: Step[] = [{ kind: 'connect', client: 'Alice', query: '', protocols: [] }];
    const run = (accepted: boolean): RunRecord => ({
      outcomes: [
        { kind: 'connect', handshake: accepted ? { accepted: true, protocol: '' } : { accepted: false, status: 403 } },
      ],
      clients: {},
      unconfirmed: [['ws-handshake-reject-body']],
    });
    const [d] = compareRuns(steps, run(false), run(true)).differences;
    expect(d).toMatchObject({
      aspect: 'handshake',
      simulator: 'failed (the page sees error, then close 1006) (the simulator answered 403)',
      real: 'open',
      known: { id: 'ws-handshake-reject-body' },
    });
  });
});
