/**
 * The sandbox's worker pool (issue 9): invocations beyond the pool wait for a worker without
 * that wait counting against any timeout (the gateway starts its clock at `hooks.start()`), and
 * a simulator that truly cannot keep up says so instead of inventing a gateway timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationRequest, InvocationResult } from '../gateway';
import { TableStore } from './dynamodb/table-store';
import { request } from './fixtures/requests';
import { POOL_SIZE, createSandboxRuntime, type SandboxRuntime } from './sandbox/sandbox';
import { createRuntimeServices } from './services';

const files: Record<string, string> = {
  'ddb.js': `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async () => {
  const t0 = Date.now();
  await db.send(new ScanCommand({ TableName: 'T' }));
  return Date.now() - t0;
};
`,
  'slow.js': `let n = 0;\nexport const handler = async () => {\n  n++;\n  await new Promise((r) => setTimeout(r, 400));\n  return n;\n};\n`,
};
const real = createRuntimeServices({
  tables: new TableStore({ T: { partitionKey: 'id' } }),
  resolveManagement: () => undefined,
});
/** How long the page stays busy when it serves the next DynamoDB call (a diagram render, say). */
let busyMs = 0;
const services: typeof real = {
  management: (req) => real.management(req),
  dynamodb: (req) => {
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      // the page's main thread, busy
    }
    return real.dynamodb(req);
  },
};

let runtime: SandboxRuntime | undefined;
afterEach(() => runtime?.dispose());

/** Invokes with the gateway's hooks, recording when each handler was let start (page ms). */
function invokeRecording(rt: SandboxRuntime, req: InvocationRequest, starts: number[]): Promise<InvocationResult> {
  return rt.invoke(req, {
    start() {
      starts.push(performance.now());
      return req;
    },
  });
}

describe('the sandbox worker pool', () => {
  it('defers the start of invocations beyond the pool until a worker is free, each within its own timeout', async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services, poolSize: 1, maxWorkers: 1 });
    await runtime.ready;
    expect(runtime.defersStart).toBe(true);
    const starts: number[] = [];
    const t0 = performance.now();
    // Five 400 ms invocations, one worker, a 1 s function timeout: two seconds of work in all.
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        invokeRecording(runtime!, request('slow', { handler: 'slow.handler', timeout: 1 }), starts),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results.map((r) => (r.status === 'ok' ? r.value : undefined))).toEqual([1, 2, 3, 4, 5]);
    // Each started only once the one before it had run its 400 ms.
    for (let i = 1; i < 5; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(390);
    expect(performance.now() - t0).toBeGreaterThan(1000);
    expect(runtime.stats().maxQueuedSeen).toBe(4);
    // The last one waited over a second, and its log says whose wait it was.
    expect(results[4].logs[0].text).toMatch(/^The playground held this invocation \d+\.\d s for a free sandbox worker/);
    expect(results[4].logs[0].text).toContain('not counted against the function or integration timeout');
  }, 60_000);

  it("fails an invocation beyond the queue's bound with the simulator's own error, never a timeout", async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services, poolSize: 1, maxWorkers: 1, maxQueued: 1 });
    await runtime.ready;
    const results = await Promise.all(
      Array.from({ length: 3 }, () => runtime!.invoke(request('slow', { handler: 'slow.handler', timeout: 2 }))),
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'error']);
    expect(results[2]).toMatchObject({
      status: 'error',
      error: { errorType: 'Playground.SimulatorOverloaded' },
      durationMs: 0,
    });
    expect(results[2].logs[0].text).toMatch(
      /1 invocations are already waiting for a sandbox worker.*simulator's limit, not AWS's/,
    );
    expect(runtime.stats().overloaded).toBe(1);
  }, 60_000);

  it(`runs ${POOL_SIZE} invocations of one function at once by default, as separate environments`, async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services });
    await runtime.ready;
    const results = await Promise.all(
      Array.from({ length: POOL_SIZE }, () =>
        runtime!.invoke(request('slow', { handler: 'slow.handler', timeout: 3 })),
      ),
    );
    expect(results.map((r) => (r.status === 'ok' ? r.value : r.status))).toEqual(Array(POOL_SIZE).fill(1));
    expect(runtime.stats().workers.slow).toBe(POOL_SIZE);
    expect(runtime.stats().maxQueuedSeen).toBe(0);
  }, 60_000);

  it("does not charge a handler for the time the page took to serve its SDK call, and says the handler's own Duration", async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services });
    await runtime.ready;
    // Warm the worker first: the busy page must meet the handler mid-run.
    expect((await runtime.invoke(request('ddb', { handler: 'ddb.handler', timeout: 1 }))).status).toBe('ok');
    busyMs = 1_500;
    const starts: number[] = [];
    const result = await invokeRecording(runtime, request('ddb', { handler: 'ddb.handler', timeout: 1 }), starts);
    busyMs = 0;
    // On main the watchdog, due at 1 s, ran before the worker's answer: "Task timed out after 1.00 seconds".
    expect(result.status).toBe('ok');
    expect(result.durationMs).toBeLessThan(1_000);
    // The handler's own clock stood still while it waited: Date.now() moved less than the page's 1.5 s.
    expect(result.status === 'ok' && (result.value as number)).toBeLessThan(1_000);
  }, 60_000);
});
