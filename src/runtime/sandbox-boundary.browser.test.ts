/**
 * The sandbox as a security boundary (issue 9), tried as an attacker would from a handler, in
 * real Chromium: forged runtime messages, network access, floods of output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableStore } from './dynamodb/table-store';
import { fakeManagement } from './fixtures/fake-management';
import { ENDPOINT, request } from './fixtures/requests';
import { MAX_LINE_BYTES, MAX_LOG_BYTES, MAX_POSTS_PER_INVOCATION } from './lambda/limits';
import { IGNORED_NOTICE, createSandboxRuntime, type SandboxRuntime } from './sandbox/sandbox';
import { createRuntimeServices } from './services';

/** Sends forged runtime messages through whatever it captured, else through `self` (to the frame). */
const FORGE = `
const forge = async (target, id) => {
  target.postMessage({ type: 'log', invocationId: id, line: { level: 'log', text: 'FORGED', at: 1 } });
  target.postMessage({ type: 'result', invocationId: id, result: { status: 'ok', value: 'forged', durationMs: 1 } });
  target.postMessage({ type: 'result', invocationId: id, result: { status: 'ok', value: 'forged', durationMs: 'soon' } });
  // Round trips through the page, so the frame's report of what reached it arrives first.
  const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
  const db = new DynamoDBClient({});
  for (let i = 0; i < 3; i++) await db.send(new GetItemCommand({ TableName: 'T', Key: { id: { S: 'x' } } }));
};
`;

const files: Record<string, string> = {
  // Wraps the port's postMessage: main handed the wrapper the runtime's port on the next console.log.
  'wrap-port.js': `${FORGE}
export const handler = async (event, context) => {
  const original = MessagePort.prototype.postMessage;
  let captured;
  MessagePort.prototype.postMessage = function (...args) { captured = this; return original.apply(this, args); };
  console.log('bait');
  await db0();
  MessagePort.prototype.postMessage = original;
  await forge(captured ?? self, context.awsRequestId);
  return { captured: captured !== undefined };
};
const db0 = () => new Promise((r) => setTimeout(r, 0));
`,
  // Wraps call/apply and the MessageEvent data getter, the other ways a runtime might hand over its port.
  'wrap-intrinsics.js': `${FORGE}
export const handler = async (event, context) => {
  let captured;
  const grab = (x) => { if (x instanceof MessagePort) captured = x; };
  const { call, apply } = Function.prototype;
  const rp = Reflect.apply;
  Function.prototype.call = function (self, ...args) { grab(self); return rp(this, self, args); };
  Function.prototype.apply = function (self, args) { grab(self); return rp(this, self, args ?? []); };
  const data = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get;
  Object.defineProperty(MessageEvent.prototype, 'data', { configurable: true, get() { grab(this.target); grab(this.currentTarget); return data.bind(this)(); } });
  Reflect.apply = (f, self, args) => { grab(self); return rp(f, self, args); };
  console.log('bait');
  const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
  await new DynamoDBClient({}).send(new GetItemCommand({ TableName: 'T', Key: { id: { S: 'x' } } }));
  Function.prototype.call = call;
  Function.prototype.apply = apply;
  await forge(captured ?? self, context.awsRequestId);
  return { captured: captured !== undefined };
};
`,
  'network.js': `export const handler = async () => {
  const out = {};
  const attempt = async (name, fn) => {
    try {
      await fn();
      out[name] = 'reached';
    } catch (e) {
      out[name] = String((e && e.message) || e);
    }
  };
  await attempt('fetch', () => fetch('https://example.com/'));
  await attempt('WebSocket', () => new WebSocket('wss://example.com/'));
  await attempt('XMLHttpRequest', () => new XMLHttpRequest());
  await attempt('EventSource', () => new EventSource('https://example.com/'));
  await attempt('importScripts', () => importScripts('https://example.com/x.js'));
  await attempt('Worker', () => new Worker('data:text/javascript,postMessage(1)'));
  await attempt('protoFetch', () => Object.getPrototypeOf(self).fetch('https://example.com/'));
  await attempt('importHttp', () => (0, eval)("import('https://example.com/x.js')"));
  await attempt('importData', () => (0, eval)("import('data:text/javascript,export default 1')"));
  await attempt('functionImport', () => new Function("return import('data:text/javascript,export default 2')")());
  await attempt('sourceImport', () => import('data:text/javascript,export default 3'));
  return out;
};
`,
  'huge-log.js': `export const handler = async () => {
  const big = 'x'.repeat(${MAX_LINE_BYTES + 40_000});
  for (let i = 0; i < 1000; i++) console.log(big);
  return 'done';
};
`,
  'fan-out.js': `import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async () => {
  const api = new ApiGatewayManagementApiClient({ endpoint: '${ENDPOINT}' });
  let sent = 0;
  try {
    for (let i = 0; i < ${MAX_POSTS_PER_INVOCATION + 50}; i++) {
      await api.send(new PostToConnectionCommand({ ConnectionId: 'A=', Data: String(i) }));
      sent++;
    }
  } catch (e) {
    return { sent, error: e.message };
  }
  return { sent };
};
`,
};

const tables = new TableStore({ T: { partitionKey: 'id' } });
const management = fakeManagement(['A=']);
const services = createRuntimeServices({ tables, resolveManagement: (e) => (e === ENDPOINT ? management : undefined) });
let runtime: SandboxRuntime;

beforeAll(async () => {
  runtime = createSandboxRuntime({ getFiles: () => files, services });
  await runtime.ready;
}, 60_000);
afterAll(() => runtime.dispose());

describe('the sandbox boundary', () => {
  for (const name of ['wrap-port', 'wrap-intrinsics']) {
    it(`keeps the runtime's port from a handler that wraps built-ins (${name}): forgeries are ignored, counted and said once`, async () => {
      const before = runtime.stats().ignored;
      const result = await runtime.invoke(request(name, { handler: `${name}.handler`, timeout: 10 }));
      expect(result).toMatchObject({ status: 'ok', value: { captured: false } });
      const texts = result.logs.map((l) => l.text);
      expect(texts.some((t) => t.includes('FORGED'))).toBe(false);
      expect(texts.filter((t) => t.endsWith('\tINFO\tbait'))).toHaveLength(1);
      // Three forgeries posted to the frame-side Worker object: ignored there, counted here.
      await expect.poll(() => runtime.stats().ignored - before, { timeout: 10_000 }).toBe(3);
      expect(texts.filter((t) => t === IGNORED_NOTICE).length).toBeLessThanOrEqual(1);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    }, 30_000);
  }

  it('gives a handler no network: every way out fails with a clear line in its log', async () => {
    const result = await runtime.invoke(request('network', { handler: 'network.handler', timeout: 10 }));
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    const out = result.value as Record<string, string>;
    const log = result.logs.map((l) => l.text).join('\n');
    for (const name of ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource', 'importScripts', 'Worker']) {
      expect(out[name]).toContain(`${name}(`);
      expect(out[name]).toContain('no network access');
      expect(log).toContain(`${name}(`);
    }
    expect(out.protoFetch).not.toBe('reached');
    // No global can stop import(): the frame's CSP does, and the runtime reports the violation.
    for (const name of ['importHttp', 'importData', 'functionImport']) expect(out[name]).not.toBe('reached');
    expect(log).toMatch(/The playground blocked https:\/\/example\.com\/x\.js \(script-src(-elem)?\)/);
    expect(log).toMatch(/The playground blocked data\S* \(script-src(-elem)?\)/);
    // In the learner's own source, import() is the loader's: only the playground's modules exist.
    expect(out.sourceImport).toContain("Cannot find module 'data:text/javascript,export default 3'");
  }, 30_000);

  it('cuts lines at 256 KB and the invocation at 1 MB of output, saying so, and the page keeps only that', async () => {
    const result = await runtime.invoke(request('huge-log', { handler: 'huge-log.handler', timeout: 20 }));
    expect(result).toMatchObject({ status: 'ok', value: 'done' });
    const user = result.logs.filter((l) => l.level === 'log');
    expect(user.length).toBeGreaterThan(0);
    expect(user[0].text).toContain(`; CloudWatch Logs keeps at most ${MAX_LINE_BYTES} bytes per event]`);
    expect(result.logs.map((l) => l.text)).toContain(
      'The playground keeps 1 MB of log output per invocation (one CloudWatch Logs batch); later lines are dropped.',
    );
    const chars = result.logs.reduce((n, l) => n + l.text.length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_LOG_BYTES + 64 * 1024);
  }, 60_000);

  it(`stops a handler at ${MAX_POSTS_PER_INVOCATION} PostToConnection calls in one invocation with a clear error`, async () => {
    const before = management.posts.length;
    const result = await runtime.invoke(request('fan-out', { handler: 'fan-out.handler', timeout: 30 }));
    expect(result).toMatchObject({
      status: 'ok',
      value: {
        sent: MAX_POSTS_PER_INVOCATION,
        error: expect.stringContaining(`at most ${MAX_POSTS_PER_INVOCATION} PostToConnection calls per invocation`),
      },
    });
    expect(management.posts.length - before).toBe(MAX_POSTS_PER_INVOCATION);
    // The next invocation has its own allowance.
    const again = await runtime.invoke(request('fan-out', { handler: 'fan-out.handler', timeout: 30 }));
    expect(again).toMatchObject({ status: 'ok', value: { sent: MAX_POSTS_PER_INVOCATION } });
  }, 240_000);
});

/**
 * A worker that speaks the protocol but lies: what learner code could send if it ever held the
 * port (or corrupted the runtime's own path by replacing Math.round, JSON or Promise.prototype.then).
 */
const LYING_WORKER = `
onmessage = (e) => {
  const port = e.data.port;
  port.onmessage = (ev) => {
    const m = ev.data;
    if (m.type !== 'invoke') return;
    const id = m.request.invocationId;
    const result = (r) => port.postMessage({ type: 'result', invocationId: id, result: r });
    port.postMessage({ type: 'log', invocationId: id, line: { level: 'log', text: 'bad time', at: NaN } });
    port.postMessage({ type: 'log', invocationId: id, line: { level: 'log', text: 'too late', at: 1e9 } });
    port.postMessage({ type: 'log', invocationId: id, line: { level: 'log', text: 'real', at: 1 } });
    for (let i = 0; i < 3000; i++) port.postMessage({ type: 'log', invocationId: id, line: { level: 'log', text: 'flood ' + i, at: 2 } });
    result({ status: 'ok', value: 'forged', durationMs: 'soon' });
    result({ status: 'ok', value: 'forged', durationMs: Infinity });
    result({ status: 'ok', value: 'forged', durationMs: -1 });
    result({ status: 'ok', value: 'forged', durationMs: 1e12 });
    result({ status: 'error', error: { errorType: 'X', errorMessage: 'y', stack: new Array(100000).fill('at x') }, durationMs: 3 });
    result({ status: 'ok', value: new Map(), durationMs: 3 });
    result({ status: 'ok', value: 'real', durationMs: 5, logs: new Array(200000).fill({ level: 'log', text: 'forged array', at: 1 }) });
    result({ status: 'ok', value: 'second', durationMs: 5 });
  };
  port.postMessage({ type: 'ready' });
};
`;

describe('the page side of the boundary', () => {
  it('checks every message against the schema: a result with a string, infinite or negative duration never lands', async () => {
    const lying = createSandboxRuntime({ getFiles: () => ({}), services, workerSource: async () => LYING_WORKER });
    try {
      await lying.ready;
      const result = await lying.invoke(request('liar', { handler: 'liar.handler', timeout: 3 }));
      expect(result.status).toBe('ok');
      expect(result).toMatchObject({ value: 'real', durationMs: 5 });
      const texts = result.logs.map((l) => l.text);
      expect(texts).toContain('real');
      expect(texts.filter((t) => t === IGNORED_NOTICE)).toHaveLength(1);
      expect(texts).not.toContain('bad time');
      expect(texts).not.toContain('too late');
      expect(texts).not.toContain('forged array');
      expect(result.logs.length).toBeLessThanOrEqual(1000 + 8 + 1);
      // NaN and late lines, 6 malformed results, the 2,000 lines over the cap, then the second result.
      expect(lying.stats().ignored).toBeGreaterThanOrEqual(2 + 6 + 1900 + 1);
    } finally {
      lying.dispose();
    }
  }, 30_000);
});
