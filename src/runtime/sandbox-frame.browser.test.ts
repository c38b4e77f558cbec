/**
 * A sandbox frame that dies is rebuilt (issue 9). Memory grown by means the meter does not see
 * (`push` of numbers in a loop) kills the frame's renderer process; on main the page never
 * noticed, and every later invocation hung. Now the frame's heartbeat falls silent, the running
 * invocation fails as Lambda reports a killed runtime, and the next one runs, cold. Real Chromium.
 *
 * The frame's death is simulated here by replacing its document: its workers and its heartbeat
 * port go with it, as when its process dies. vitest's Playwright provider fails the whole run on
 * any crash in the page's targets (the frame's included), so the real bomb runs on the built site
 * instead (tests/e2e/sandbox-crash.e2e.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationRequest, InvocationResult } from '../gateway';
import { TableStore } from './dynamodb/table-store';
import { request } from './fixtures/requests';
import { createSandboxRuntime, type SandboxRuntime } from './sandbox/sandbox';
import { createRuntimeServices } from './services';

const files: Record<string, string> = {
  'app.js': `let n = 0;
export const handler = async (event) => {
  n++;
  switch (event.kind) {
    case 'wait': await new Promise((r) => setTimeout(r, 60_000)); break;
    case 'spin': { const t = performance.now(); while (performance.now() - t < event.ms) {} break; }
  }
  return n;
};
`,
};

const services = createRuntimeServices({ tables: new TableStore({}), resolveManagement: () => undefined });

let runtime: SandboxRuntime | undefined;
let container: HTMLElement | undefined;
afterEach(() => {
  runtime?.dispose();
  container?.remove();
});

function start(heartbeat?: { intervalMs: number; deadAfterMs: number }, poolSize?: number): SandboxRuntime {
  container = document.createElement('div');
  document.body.append(container);
  runtime = createSandboxRuntime({ getFiles: () => files, services, container, heartbeat, poolSize });
  return runtime;
}

const req = (event: unknown, timeout = 60, memorySize = 128) =>
  request('app', { handler: 'app.handler', timeout, memorySize }, event);

/** Invokes and resolves `started` once the handler is about to run. */
function invokeStarted(rt: SandboxRuntime, r: InvocationRequest) {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const result = rt.invoke(r, {
    start: () => {
      started();
      return r;
    },
  });
  return { running, result };
}

const texts = (r: InvocationResult) => r.logs.map((l) => l.text);
const isCold = (r: InvocationResult) => texts(r).some((t) => t.startsWith('REPORT') && t.includes('Init Duration'));

function expectKilled(result: InvocationResult): void {
  expect(result).toMatchObject({
    status: 'error',
    error: {
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Runtime exited with error: signal: killed$/),
    },
  });
  const t = texts(result);
  expect(
    t.some((l) => /^The playground restarted its sandbox: the frame this invocation ran in stopped answering/.test(l)),
  ).toBe(true);
  expect(t.find((l) => l.startsWith('REPORT'))).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError$/);
  expect(t.slice(-2)).toEqual([result.status === 'error' && result.error.errorMessage, 'Runtime.ExitError']);
}

describe('the sandbox frame is rebuilt when it dies', () => {
  it('fails a running invocation and rebuilds the frame when the frame stops answering (its document replaced)', async () => {
    const rt = start({ intervalMs: 100, deadAfterMs: 1000 }, 1);
    await rt.ready;
    // Warm up, so the next invocation runs in an environment that has state to lose.
    expect(await rt.invoke(req({ kind: 'none' }))).toMatchObject({ status: 'ok', value: 1 });
    const { running, result } = invokeStarted(rt, req({ kind: 'wait' }));
    const frameBefore = container!.querySelector('iframe')!;
    // Another waits for a worker meanwhile (pool of one): it must run once the frame is back.
    const queued = rt.invoke(req({ kind: 'none' }));
    await running;
    // The frame's document is replaced: its workers and its heartbeat port go with it, as they
    // do when its process dies, without the cost of a 4 GB bomb.
    frameBefore.srcdoc = '<!doctype html><title>gone</title>';
    expectKilled(await result);
    expect(frameBefore.isConnected).toBe(false);
    const after = await queued;
    expect(after).toMatchObject({ status: 'ok', value: 1 });
    expect(isCold(after)).toBe(true);
    expect(texts(after).some((t) => /^The playground restarted its sandbox: .* \(a cold start\)\.$/.test(t))).toBe(
      true,
    );
    expect(rt.stats().restarts).toBe(1);
    // The dead frame is gone, a new one stands in its place.
    expect(container!.querySelectorAll('iframe').length).toBe(1);
    expect(await rt.invoke(req({ kind: 'none' }))).toMatchObject({ status: 'ok', value: 2 });
  }, 120_000);

  it('never takes a worker that is busy for longer than the heartbeat bound for a dead frame', async () => {
    const rt = start({ intervalMs: 100, deadAfterMs: 500 });
    await rt.ready;
    const result = await rt.invoke(req({ kind: 'spin', ms: 3000 }, 30));
    expect(result).toMatchObject({ status: 'ok', value: 1 });
    expect(rt.stats().restarts).toBe(0);
  }, 120_000);

  it('still ends a handler that runs past its timeout by the watchdog, not as a dead frame', async () => {
    const rt = start({ intervalMs: 100, deadAfterMs: 500 });
    await rt.ready;
    const result = await rt.invoke(req({ kind: 'spin', ms: 60_000 }, 2));
    expect(result.status).toBe('timeout');
    expect(texts(result).at(-1)).toMatch(/Task timed out after 2\.00 seconds$/);
    expect(rt.stats()).toMatchObject({ restarts: 0, killed: 1 });
    expect(await rt.invoke(req({ kind: 'none' }))).toMatchObject({ status: 'ok', value: 1 });
  }, 120_000);
});
