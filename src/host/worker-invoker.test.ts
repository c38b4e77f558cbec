import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionConfig, InvocationRequest } from '../gateway';
import type { RuntimeServices } from '../runtime/node';
import { buildHost, workerInvokers } from './test-support';
import type { WorkerInvoker } from './worker-invoker';

let out = '';
beforeAll(async () => {
  out = await buildHost();
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const services: RuntimeServices = {
  management: () => Promise.reject(new Error('no @connections in this test')),
  dynamodb: () => Promise.reject(new Error('no tables in this test')),
};

let seq = 0;
function request(config: FunctionConfig, event: unknown = {}): InvocationRequest {
  const id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  return {
    invocationId: id,
    functionName: 'fn',
    config,
    event,
    context: {
      functionName: 'fn',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
      memoryLimitInMB: String(config.memorySize),
      awsRequestId: id,
      logGroupName: '/aws/lambda/fn',
      logStreamName: '2026/12/07/[$LATEST]test',
      deadlineMs: Date.now() + config.timeout * 1000,
    },
    startedAt: Date.now(),
    region: 'us-east-1',
  };
}

describe('the worker-thread invoker', () => {
  it("keeps a warm thread's module state across invocations, with START, the handler's lines, END and REPORT in order", async () => {
    const files = {
      'count.js':
        "let n = 0; export const handler = async (event, context) => { console.log('call', ++n); return { n, id: context.awsRequestId, body: event.body }; };",
    };
    const invoker = workerInvokers(out)({ getFiles: () => files, services });
    const config = { handler: 'count.handler', timeout: 3, memorySize: 128, environment: {} };
    try {
      const first = await invoker.invoke(request(config, { body: 'one' }));
      const secondRequest = request(config, { body: 'two' });
      const second = await invoker.invoke(secondRequest);
      expect(first).toMatchObject({ status: 'ok', value: { n: 1, body: 'one' } });
      // The same environment, sent only what changed: its own event, request id and deadline.
      expect(second).toMatchObject({
        status: 'ok',
        value: { n: 2, id: secondRequest.invocationId, body: 'two' },
      });
      const texts = second.logs.map((l) => l.text);
      expect(texts).toHaveLength(4);
      expect(texts[0]).toMatch(new RegExp(`^START RequestId: ${secondRequest.invocationId}`));
      expect(texts[1]).toMatch(/\tcall 2$/);
      expect(texts[2]).toMatch(/^END RequestId/);
      expect(texts[3]).toMatch(/^REPORT RequestId/);
    } finally {
      invoker.dispose?.();
    }
  }, 60_000);

  it('keeps the line a handler wrote before a synchronous loop when the thread is killed at the timeout', async () => {
    const files = {
      'loop.js': "export const handler = async () => { console.log('entering the loop'); for (;;) {} };",
    };
    const invoker = workerInvokers(out)({ getFiles: () => files, services });
    try {
      const result = await invoker.invoke(
        request({ handler: 'loop.handler', timeout: 1, memorySize: 128, environment: {} }),
      );
      expect(result.status).toBe('timeout');
      const texts = result.logs.map((l) => l.text);
      expect(texts.findIndex((t) => t.startsWith('START'))).toBe(0);
      expect(texts.some((t) => /entering the loop/.test(t))).toBe(true);
      expect(texts.some((t) => /Task timed out after 1\.00 seconds/.test(t))).toBe(true);
    } finally {
      invoker.dispose?.();
    }
  }, 60_000);

  it("kills a warm thread at its later invocation's own timeout, after an earlier invocation ran on it", async () => {
    const files = {
      'maybe.js': 'export const handler = async (event) => { if (event.loop) for (;;) {} return event.n; };',
    };
    const invoker = workerInvokers(out)({ getFiles: () => files, services });
    const config = { handler: 'maybe.handler', timeout: 1, memorySize: 128, environment: {} };
    try {
      // The earlier invocations leave the thread's watchdog armed from their start.
      expect(await invoker.invoke(request(config, { n: 1 }))).toMatchObject({ status: 'ok', value: 1 });
      expect(await invoker.invoke(request(config, { n: 2 }))).toMatchObject({ status: 'ok', value: 2 });
      const started = performance.now();
      const result = await invoker.invoke(request(config, { loop: true }));
      expect(result.status).toBe('timeout');
      // Not before its own second has run (a watchdog left from the earlier ones re-arms).
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);
      expect(result.logs.some((l) => /Task timed out after 1\.00 seconds/.test(l.text))).toBe(true);
      expect((invoker as WorkerInvoker).stats().killed).toBe(1);
    } finally {
      invoker.dispose?.();
    }
  }, 60_000);
});
