/**
 * Freeze after return (issue 9): Lambda freezes the execution environment once the response is
 * sent, and what the handler left pending resumes only in the next invocation. Work a handler
 * leaves behind must never be charged to the next invocation, in real Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationResult } from '../gateway';
import { TableStore } from './dynamodb/table-store';
import { request } from './fixtures/requests';
import { createSandboxRuntime, type SandboxRuntime } from './sandbox/sandbox';
import { createRuntimeServices } from './services';

const files: Record<string, string> = {
  // Starts a chain of timers that each spin the CPU for 1.5 s, longer than the function's timeout.
  'spin.js': `let n = 0;
const spin = () => { const t = performance.now(); while (performance.now() - t < 1500) {} setTimeout(spin, 0); };
export const handler = async () => { if (n++ === 0) setTimeout(spin, 0); return n; };
`,
  // Starts a promise chain that never yields to a task: no runtime can hold it.
  'chain.js': `let n = 0;
const loop = () => Promise.resolve().then(loop);
export const handler = async () => { if (n++ === 0) loop(); return n; };
`,
  // Leaves a timer and an interval pending; the next invocation reports what ran while it was frozen.
  'resume.js': `let first = true;
let fired = false;
let ticks = 0;
export const handler = async () => {
  if (first) {
    first = false;
    setTimeout(() => { fired = true; console.log('timer set by the first invocation'); }, 0);
    setInterval(() => ticks++, 5);
    return 'armed';
  }
  const atStart = { fired, ticks };
  await new Promise((r) => setTimeout(r, 30));
  return { atStart, after: { fired, ticks: ticks > 0 } };
};
`,
};

const services = createRuntimeServices({ tables: new TableStore({}), resolveManagement: () => undefined });

let runtime: SandboxRuntime | undefined;
afterEach(() => runtime?.dispose());

/** The Duration the REPORT line states, in ms. */
function reported(result: InvocationResult): number {
  const line = result.logs.find((l) => l.text.startsWith('REPORT'));
  const m = line && /\tDuration: ([\d.]+) ms/.exec(line.text);
  if (!m) throw new Error(`no REPORT Duration in ${JSON.stringify(result.logs.map((l) => l.text))}`);
  return Number(m[1]);
}

/** Invokes `name` one after another, each right after the one before returned. */
async function invokeInTurn(rt: SandboxRuntime, name: string, times: number): Promise<InvocationResult[]> {
  const out: InvocationResult[] = [];
  for (let i = 0; i < times; i++) out.push(await rt.invoke(request(name, { handler: `${name}.handler`, timeout: 1 })));
  return out;
}

describe('the sandbox freezes an environment after its response', () => {
  it('never charges a CPU-spinning timer chain a handler left to its later invocations', async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services });
    await runtime.ready;
    const results = await invokeInTurn(runtime, 'spin', 5);
    // On main the second invocation waited behind a 1.5 s spin: "Task timed out after 1.00 seconds".
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    // The same environment, warm every time: frozen, not replaced.
    expect(results.map((r) => (r.status === 'ok' ? r.value : undefined))).toEqual([1, 2, 3, 4, 5]);
    for (const r of results.slice(1)) {
      expect(r.durationMs).toBeLessThan(250);
      expect(reported(r)).toBeLessThan(250);
    }
    expect(runtime.stats().killed).toBe(0);
  }, 60_000);

  it('replaces an environment an endless promise chain keeps busy, and says so in the next log', async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services });
    await runtime.ready;
    const results = await invokeInTurn(runtime, 'chain', 4);
    // On main the second invocation never got the worker: "Task timed out after 1.00 seconds".
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const r of results.slice(1)) {
      expect(r.durationMs).toBeLessThan(250);
      expect(reported(r)).toBeLessThan(250);
      // Each started a chain of its own in a new environment (a cold start), which the next one escaped.
      expect(r.status === 'ok' && r.value).toBe(1);
      expect(r.logs[0].text).toMatch(
        /^The playground replaced this function's execution environment: work its last invocation left running .* kept it busy \d+\.\d s after the response, where Lambda would have frozen it\./,
      );
      expect(r.logs.some((l) => l.text.startsWith('REPORT') && l.text.includes('Init Duration'))).toBe(true);
    }
  }, 60_000);

  it('resumes a pending timer in the next invocation, as Lambda does, and holds it in between', async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services });
    await runtime.ready;
    const [first] = await invokeInTurn(runtime, 'resume', 1);
    expect(first).toMatchObject({ status: 'ok', value: 'armed' });
    // Time passes while the environment is frozen: neither the timer nor the interval runs.
    await new Promise((r) => setTimeout(r, 200));
    const [second] = await invokeInTurn(runtime, 'resume', 1);
    // On main both ran between the invocations (atStart: fired true, ticks about 40).
    expect(second).toMatchObject({
      status: 'ok',
      value: { atStart: { fired: false, ticks: 0 }, after: { fired: true, ticks: true } },
    });
    // The timer's line is written during, and so logged under, the invocation that resumed it.
    const line = second.logs.find((l) => l.text.includes('timer set by the first invocation'));
    expect(line?.text.split('\t')[1]).toBe(
      second.logs.find((l) => l.text.startsWith('START'))?.text.match(/RequestId: (\S+)/)?.[1],
    );
  }, 60_000);
});
