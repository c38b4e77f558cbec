import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableStore } from './dynamodb/table-store';
import { chatFiles } from './fixtures/chat';
import { fakeManagement } from './fixtures/fake-management';
import { ENDPOINT, request, wsEvent } from './fixtures/requests';
import { createSandboxRuntime, type SandboxRuntime } from './sandbox/sandbox';
import { createRuntimeServices } from './services';

const files: Record<string, string> = {
  ...chatFiles,
  'loop-sync.js': `export const handler = async () => {\n  console.log('spinning');\n  while (true) {}\n};\n`,
  'loop-async.js': `export const handler = async () => {\n  for (;;) await Promise.resolve();\n};\n`,
  'clock.ts': `export const handler = async () => ({ now: Date.now(), iso: new Date().toISOString(), env: process.env.AWS_LAMBDA_FUNCTION_NAME });\n`,
  'counter.ts': `let n = 0;\nexport const handler = async () => ++n;\n`,
  'overlap.ts': `let n = 0;\nexport const handler = async () => {\n  n++;\n  await new Promise((r) => setTimeout(r, 50));\n  return n;\n};\n`,
  'probe.js': `export const handler = async (event) => {
  const out = {};
  const attempt = async (name, fn) => {
    try {
      out[name] = { ok: true, value: await fn() };
    } catch (e) {
      out[name] = { ok: false, error: String((e && e.name) || e) };
    }
  };
  await attempt('localStorage', () => localStorage.getItem('playground-secret'));
  await attempt('indexedDB', () => new Promise((resolve, reject) => {
    const r = indexedDB.open('probe');
    r.onsuccess = () => resolve('opened');
    r.onerror = () => reject(r.error);
  }));
  await attempt('caches', () => caches.open('probe').then(() => 'opened'));
  await attempt('fetch', () => fetch(event.appUrl).then((r) => r.text()));
  await attempt('parentDocument', () => self.parent.document.cookie);
  out.origin = self.origin;
  return out;
};
`,
};

const tables = new TableStore({ Connections: { partitionKey: 'connectionId' } });
const management = fakeManagement(['A=', 'B=']);
const services = createRuntimeServices({ tables, resolveManagement: (e) => (e === ENDPOINT ? management : undefined) });
let runtime: SandboxRuntime;
const environment = { TABLE_NAME: 'Connections' };

beforeAll(async () => {
  runtime = createSandboxRuntime({ getFiles: () => files, services });
  await runtime.ready;
});
afterAll(() => runtime.dispose());

describe('browser sandbox runtime', () => {
  it('runs the chat handlers in sandbox workers against the page tables and @connections', async () => {
    const a = await runtime.invoke(
      request('onconnect', { handler: 'onconnect.handler', environment }, wsEvent('$connect', 'A=')),
    );
    const b = await runtime.invoke(
      request('onconnect', { handler: 'onconnect.handler', environment }, wsEvent('$connect', 'B=')),
    );
    expect([a.status, b.status]).toEqual(['ok', 'ok']);
    management.connected.delete('B=');
    const sent = await runtime.invoke(
      request(
        'sendmessage',
        { handler: 'sendmessage.handler', environment },
        wsEvent('sendmessage', 'A=', JSON.stringify({ data: 'hi' })),
      ),
    );
    expect(sent).toMatchObject({ status: 'ok', value: { statusCode: 200 } });
    expect(management.posts.map((p) => p.connectionId)).toEqual(['A=']);
    expect(tables.items('Connections')).toEqual([{ connectionId: { S: 'A=' } }]);
  });

  it('ties console.log lines to the invocation, between START and END/REPORT lines in Lambda format', async () => {
    const req = request('onconnect', { handler: 'onconnect.handler', environment }, wsEvent('$connect', 'C='));
    const result = await runtime.invoke(req);
    const texts = result.logs.map((l) => l.text);
    const id = req.invocationId;
    expect(texts[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(texts).toContainEqual(
      expect.stringMatching(new RegExp(`^2026-01-15T12:00:00\\.\\d{3}Z\\t${id}\\tINFO\\tconnected C=$`)),
    );
    expect(texts.at(-2)).toBe(`END RequestId: ${id}`);
    expect(texts.at(-1)).toMatch(
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`,
      ),
    );
  });

  it('gives the handler virtual time: Date.now() counts from the invocation startedAt', async () => {
    const startedAt = Date.UTC(2030, 5, 1, 8, 0, 0);
    const result = await runtime.invoke(request('clock', { handler: 'clock.handler' }, {}, startedAt));
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    const value = result.value as { now: number; iso: string; env: string };
    expect(value.now).toBeGreaterThanOrEqual(startedAt);
    expect(value.now).toBeLessThanOrEqual(startedAt + Math.ceil(result.durationMs) + 1);
    expect(value.iso.startsWith('2030-06-01T08:00:')).toBe(true);
    expect(value.env).toBe('clock');
  });

  it('keeps module state across warm invocations and starts cold after a code change', async () => {
    const invoke = () => runtime.invoke(request('counter', { handler: 'counter.handler' }));
    const first = await invoke();
    const second = await invoke();
    expect([first, second].map((r) => (r.status === 'ok' ? r.value : r.status))).toEqual([1, 2]);
    expect(first.logs.at(-1)?.text).toContain('Init Duration:');
    expect(second.logs.at(-1)?.text).not.toContain('Init Duration:');
    files['counter.ts'] = `let n = 100;\nexport const handler = async () => ++n;\n`;
    const redeployed = await invoke();
    expect(redeployed).toMatchObject({ status: 'ok', value: 101 });
  });

  it('gives overlapping invocations separate execution environments, as Lambda scales out', async () => {
    const invoke = () => runtime.invoke(request('overlap', { handler: 'overlap.handler' }));
    const both = await Promise.all([invoke(), invoke()]);
    expect(both.map((r) => (r.status === 'ok' ? r.value : r.status))).toEqual([1, 1]);
    expect(runtime.stats().workers.overlap).toBe(2);
    expect(await invoke()).toMatchObject({ status: 'ok', value: 2 });
  });

  for (const [name, handler] of [
    ['a synchronous infinite loop', 'loop-sync.handler'],
    ['an asynchronous (microtask) infinite loop', 'loop-async.handler'],
  ] as const) {
    it(`kills ${name} at the function timeout while the page keeps ticking; tables and other functions survive`, async () => {
      tables.putItem({ TableName: 'Connections', Item: { connectionId: { S: 'keep=' } } });
      const before = runtime.stats().killed;
      let ticks = 0;
      const interval = setInterval(() => ticks++, 20);
      const req = request(handler.split('.')[0], { handler, timeout: 1 });
      const result = await runtime.invoke(req);
      clearInterval(interval);
      expect(result.status).toBe('timeout');
      expect(result.durationMs).toBe(1000);
      expect(result.logs.at(-1)?.text).toMatch(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${req.invocationId} Task timed out after 1\\.00 seconds$`),
      );
      expect(result.logs.map((l) => l.text)).toContain(`END RequestId: ${req.invocationId}`);
      if (handler === 'loop-sync.handler')
        expect(result.logs.some((l) => l.text.endsWith('\tINFO\tspinning'))).toBe(true);
      // The page's event loop ran while the worker spun: a loop on the page's own thread would
      // have let no timer fire before the result. How often it fired is the machine's business
      // (on a busy 2-core CI runner the 20 ms timer ran only once in that second), so any tick counts.
      expect(ticks).toBeGreaterThan(0);
      expect(runtime.stats().killed).toBe(before + 1);
      expect(tables.items('Connections')).toContainEqual({ connectionId: { S: 'keep=' } });
      const after = await runtime.invoke(request('counter', { handler: 'counter.handler' }));
      expect(after.status).toBe('ok');
    });
  }

  it('runs learner code at an opaque origin: no app storage, caches, IndexedDB, page or same-origin fetch', async () => {
    localStorage.setItem('playground-secret', 's3cr3t');
    const appUrl = new URL('/index.html', location.href).href;
    const result = await runtime.invoke(request('probe', { handler: 'probe.handler' }, { appUrl }));
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    const out = result.value as Record<string, { ok: boolean; error?: string; value?: unknown }> & { origin: string };
    expect(out.origin).toBe('null');
    expect(out.localStorage).toEqual({ ok: false, error: 'ReferenceError' });
    expect(out.indexedDB).toEqual({ ok: false, error: 'SecurityError' });
    expect(out.caches).toEqual({ ok: false, error: 'SecurityError' });
    expect(out.fetch).toEqual({ ok: false, error: 'TypeError' });
    expect(out.parentDocument).toEqual({ ok: false, error: 'TypeError' });
    expect(JSON.stringify(out)).not.toContain('s3cr3t');
    localStorage.removeItem('playground-secret');
  });
});
