/**
 * The function's memory size as a cap (issue 9): a memory bomb in a handler crashed the whole
 * tab on main (4 GB in about 3 s). Now the invocation fails as Lambda's out-of-memory error,
 * the page lives on, and the next invocation runs in a new environment. Real Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TableStore } from './dynamodb/table-store';
import { request } from './fixtures/requests';
import { createSandboxRuntime, type SandboxRuntime } from './sandbox/sandbox';
import { createRuntimeServices } from './services';

const files: Record<string, string> = {
  'mem.js': `let n = 0;
export const handler = async (event) => {
  n++;
  const keep = [];
  switch (event.kind) {
    case 'arrays': for (;;) keep.push(new Array(1e6).fill(1.5));
    case 'typed': for (;;) keep.push(new Float64Array(1 << 20), new ArrayBuffer(1 << 22));
    case 'strings': for (;;) keep.push('x'.repeat(1 << 24) + keep.length);
    case 'doubling': { let s = 'x'; for (;;) s += s; }
    case 'awaiting': for (;;) { keep.push(new Float64Array(1 << 20).fill(1.5)); await new Promise((r) => setTimeout(r, 0)); }
    case 'caught': for (;;) try { keep.push(new Array(1e6).fill(1.5)); } catch { /* keeps going */ }
    case 'temp': {
      // 16 MB of garbage per invocation: reclaimed, never counted against the next.
      const t = new Float64Array(2e6);
      t[1] = n;
      return t[1];
    }
  }
  return n;
};
`,
};

const services = createRuntimeServices({ tables: new TableStore({}), resolveManagement: () => undefined });

let runtime: SandboxRuntime | undefined;
afterEach(() => runtime?.dispose());

const invoke = (kind: string) =>
  runtime!.invoke(request('mem', { handler: 'mem.handler', timeout: 60, memorySize: 128 }, { kind }));

describe('the sandbox holds a function to its memory size', () => {
  // 'awaiting' yields between allocations, so it is held to what is kept (512 MB here), not to one task's share.
  for (const kind of ['arrays', 'typed', 'strings', 'caught', 'awaiting'])
    it(`fails a memory bomb (${kind}) as Lambda's out-of-memory error, keeps the page alive, and runs the next invocation anew`, async () => {
      runtime = createSandboxRuntime({ getFiles: () => files, services });
      await runtime.ready;
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 20);
      const result = await invoke(kind);
      clearInterval(ticker);
      // On main the renderer grew to about 4 GB and died (the whole tab with it, or the frame's process).
      expect(result).toMatchObject({
        status: 'error',
        error: {
          errorType: 'Runtime.OutOfMemory',
          errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Runtime exited with error: signal: killed$/),
        },
      });
      const texts = result.logs.map((l) => l.text);
      expect(texts.find((t) => t.startsWith('REPORT'))).toMatch(
        /Memory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime\.OutOfMemory$/,
      );
      expect(texts.slice(-2)).toEqual([result.status === 'error' && result.error.errorMessage, 'Runtime.OutOfMemory']);
      // The page kept running throughout.
      expect(ticks).toBeGreaterThan(0);
      const next = await invoke('none');
      expect(next).toMatchObject({ status: 'ok', value: 1 });
      expect(next.logs.some((l) => l.text.startsWith('REPORT') && l.text.includes('Init Duration'))).toBe(true);
    }, 120_000);

  it('lets a string that doubles fail as Node does (Invalid string length), in the same environment', async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services });
    await runtime.ready;
    const result = await invoke('doubling');
    expect(result).toMatchObject({
      status: 'error',
      error: { errorType: 'RangeError', errorMessage: 'Invalid string length' },
    });
    expect(await invoke('none')).toMatchObject({ status: 'ok', value: 2 });
  }, 60_000);

  it('never counts garbage an earlier invocation left against a later one', async () => {
    runtime = createSandboxRuntime({ getFiles: () => files, services, poolSize: 1 });
    await runtime.ready;
    const values: unknown[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await invoke('temp');
      values.push(r.status === 'ok' ? r.value : r);
    }
    expect(values).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  }, 60_000);
});
