import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, runComparison, WORKLOADS, type ComparisonInputs, type ComparisonResult } from '../compare';
import { APPROACH_IDS } from '../compare/format';
import { COMPARE_WINDOW, CompareState, type CompareEnv } from './compare.svelte';

/** Timers the test fires by hand: the debounce is observable without waiting. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const env: Pick<CompareEnv, 'setTimer' | 'clearTimer'> = {
    setTimer: (fn) => {
      pending.set(++next, fn);
      return next;
    },
    clearTimer: (h) => void pending.delete(h as number),
  };
  return {
    env,
    get count() {
      return pending.size;
    },
    fire() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
  };
}

/** A run function whose calls the test resolves in any order. */
function deferredRuns() {
  const calls: { inputs: ComparisonInputs; resolve: (r: ComparisonResult) => void; reject: (e: unknown) => void }[] =
    [];
  const run: CompareEnv['run'] = (_w, inputs) =>
    new Promise<ComparisonResult>((resolve, reject) => calls.push({ inputs, resolve, reject }));
  return { run, calls };
}

let chat: ComparisonResult;
let order: ComparisonResult;
beforeAll(async () => {
  chat = await runComparison(WORKLOADS.chat, DEFAULT_INPUTS);
  order = await runComparison(WORKLOADS['order-status'], DEFAULT_INPUTS);
});

describe('CompareState: running', () => {
  it('runs the chat at the default inputs and shows three approaches, each with its own diagram and network path', async () => {
    const s = new CompareState();
    expect(s.workload).toBe('chat');
    expect(s.inputs).toEqual(DEFAULT_INPUTS);
    await s.run();
    expect(s.status).toBe('done');
    expect(s.runs).toBe(1);
    expect(s.result!.approaches.map((a) => a.id)).toEqual(APPROACH_IDS);
    for (const id of APPROACH_IDS) {
      expect(s.diagrams[id]!.text).toMatch(/^---\nconfig:\n[^]*\n---\nsequenceDiagram\n/);
      expect(s.diagrams[id]!.total).toBeGreaterThan(0);
    }
    // Compact diagrams: labels broken into short lines.
    expect(s.diagrams['rest-polling']!.text).toContain('c1->>gw: GET<br/>/prod/messages?user=Al<br/>ice#38;after=0\n');
    expect(s.diagrams['websocket-push']!.text).toContain('c1->>gw: GET /prod?user=Alice<br/>(Upgrade)\n');
    expect(Object.keys(s.networkPaths)).toEqual(['REST', 'HTTP', 'WEBSOCKET']);
    expect(s.announcement).toMatch(/^Comparison updated for Chat between two users\. REST API polling: /);
  });

  it('re-runs once, after the inputs have been quiet, however many changes came before', async () => {
    const timers = manualTimers();
    const runs = deferredRuns();
    const s = new CompareState({ ...timers.env, run: runs.run });
    s.setInputs({ pollIntervalS: 3 });
    s.setInputs({ pollIntervalS: 2 });
    s.setWorkload('order-status');
    expect(s.status).toBe('pending');
    expect(s.stale).toBe(true);
    expect(timers.count).toBe(1);
    expect(runs.calls).toHaveLength(0);
    timers.fire();
    expect(runs.calls).toHaveLength(1);
    expect(runs.calls[0]!.inputs.pollIntervalS).toBe(2);
    runs.calls[0]!.resolve(order);
    await Promise.resolve();
    await Promise.resolve();
    expect(s.status).toBe('done');
    expect(s.result).toBe(order);
  });

  it('keeps the newest run when an older one finishes later', async () => {
    const runs = deferredRuns();
    const s = new CompareState({ ...manualTimers().env, run: runs.run });
    const first = s.run();
    s.setInputs({ rttMs: 300 });
    const second = s.run();
    runs.calls[1]!.resolve(order);
    await second;
    runs.calls[0]!.resolve(chat);
    await first;
    expect(s.result).toBe(order);
    expect(s.runs).toBe(1);
  });

  it('names the input that is out of range, keeps the last figures and marks them stale', async () => {
    const s = new CompareState({ ...manualTimers().env });
    await s.run();
    const before = s.result;
    s.setInputs({ pollIntervalS: 0 });
    await s.run();
    expect(s.status).toBe('error');
    expect(s.error).toEqual({
      input: 'pollIntervalS',
      message: expect.stringMatching(/^pollIntervalS must be a number from 0\.1/),
    });
    expect(s.result).toBe(before);
    expect(s.stale).toBe(true);
    expect(s.announcement).toMatch(/^Not run: pollIntervalS/);
    s.setInputs({ scale: { clients: Number.NaN } });
    s.setInputs({ pollIntervalS: 5 });
    await s.run();
    expect(s.error?.input).toBe('scale');
  });

  it('runs with custom headers and names the line of a header it cannot read', async () => {
    const s = new CompareState({ ...manualTimers().env });
    s.setInputs({ headerPreset: 'custom', customHeaders: 'X-Demo: 1\n\nAccept: */*' });
    expect(s.inputs.headerSet).toEqual({
      preset: 'custom',
      headers: [
        ['X-Demo', '1'],
        ['Accept', '*/*'],
      ],
    });
    await s.run();
    expect(s.status).toBe('done');
    s.setInputs({ customHeaders: 'X-Demo: 1\nnot a header' });
    await s.run();
    expect(s.error).toEqual({ input: 'headerSet', message: expect.stringContaining('line 2') });
    s.setInputs({ headerPreset: 'browser-minimal' });
    expect(s.inputs.headerSet).toEqual({ preset: 'browser-minimal' });
  });

  it('merges nested inputs and offers the workload’s suggested scale', () => {
    const s = new CompareState({ ...manualTimers().env });
    s.setInputs({ keepAlive: { enabled: false } });
    expect(s.inputs.keepAlive).toEqual({ enabled: false, idleTimeoutS: 60 });
    s.setWorkload('order-status');
    s.useSuggestedScale();
    expect(s.inputs.scale).toEqual(WORKLOADS['order-status'].suggestedScale);
    s.resetInputs();
    expect(s.inputs).toEqual(DEFAULT_INPUTS);
    s.dispose();
  });
});

describe('CompareState: diagrams and network paths', () => {
  it('pages each approach’s sequence diagram on its own, from the first step', async () => {
    const s = new CompareState({ ...manualTimers().env });
    await s.run();
    const rest = () => s.diagrams['rest-polling']!;
    expect(rest().shown).toEqual({ from: 0, to: COMPARE_WINDOW });
    expect(s.canPageOlder('rest-polling')).toBe(false);
    expect(s.canPageNewer('rest-polling')).toBe(true);
    s.pageNewer('rest-polling');
    expect(rest().shown).toEqual({ from: COMPARE_WINDOW, to: 2 * COMPARE_WINDOW });
    expect(s.diagrams['http-polling']!.shown.from).toBe(0);
    s.pageOlder('rest-polling');
    expect(rest().shown.from).toBe(0);
    s.pageTo('rest-polling', 'last');
    expect(rest().shown.to).toBe(rest().total);
    expect(s.canPageNewer('rest-polling')).toBe(false);
    await s.run();
    expect(rest().shown.from).toBe(0);
  });

  it('draws REST with the chosen endpoint type (Regional, as the run’s API, by default) and a VPC link for all three on request', () => {
    const s = new CompareState({ ...manualTimers().env });
    expect(s.restEndpoint).toBe('REGIONAL');
    expect(s.networkPaths.REST).not.toContain('CloudFront');
    s.setRestEndpoint('EDGE');
    expect(s.networkPaths.REST).toContain('CloudFront edge location');
    s.setRestEndpoint('PRIVATE');
    expect(s.networkPaths.REST).toContain('Interface VPC endpoint');
    expect(s.networkPaths.HTTP).not.toContain('VPC link');
    s.setVpcLink(true);
    for (const t of ['REST', 'HTTP', 'WEBSOCKET'] as const) expect(s.networkPaths[t]).toContain('VPC link');
  });
});
