import { describe, expect, it } from 'vitest';
import { TraceLog, type TraceEvent, type TraceInput } from '../gateway';
import { settle } from './test-environment';
import { historyAfterRedeploy, redeployedText, TraceState } from './trace.svelte';

/** One engine's trace: a connect that runs $connect, with the ids a seeded engine would give every time. */
function deploymentTrace(log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' })): TraceEvent[] {
  const steps: TraceInput[] = [
    {
      kind: 'ws.upgrade',
      from: 'client:Alice',
      to: 'gateway',
      query: '',
      headers: {},
      subprotocols: [],
      summary: 'up',
    },
    {
      kind: 'lambda.invoke',
      from: 'gateway',
      to: 'integration:onconnect',
      invocationId: 'same-id',
      functionName: 'onconnect',
      routeKey: '$connect',
      eventType: 'CONNECT',
      event: {},
      summary: 'invoke',
    },
    {
      kind: 'lambda.log',
      from: 'integration:onconnect',
      to: 'integration:onconnect',
      invocationId: 'same-id',
      functionName: 'onconnect',
      level: 'log',
      text: 'hello',
      causeSeq: 2,
      summary: 'log',
    },
  ];
  return steps.map((s) => log.append(s));
}

const replaced = { apiId: 'abc1234567', stage: 'dev', t: 2_000, closedConnections: 2, code: 1001 };

describe('TraceState across redeploys', () => {
  it('keeps the earlier deployment, then a redeployed step, then the new one, numbering every step once', async () => {
    const trace = new TraceState();
    const first = deploymentTrace();
    trace.reset(first);
    const earlier = historyAfterRedeploy([], first, replaced);
    const log = new TraceLog({ now: () => 3_000, apiId: 'abc1234567', stage: 'dev' });
    const second = deploymentTrace(log);
    trace.reset(second, { earlier });
    trace.append(
      log.append({
        kind: 'clock.advance',
        from: 'gateway',
        to: 'gateway',
        ms: 60_000,
        summary: 'clock',
      }),
    );
    await settle();

    expect(trace.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(trace.events.map((e) => e.kind)).toEqual([
      'ws.upgrade',
      'lambda.invoke',
      'lambda.log',
      'deployment.replaced',
      'ws.upgrade',
      'lambda.invoke',
      'lambda.log',
      'clock.advance',
    ]);
    expect(trace.events[3]).toMatchObject({ summary: 'redeployed — 2 connections closed (1001)', t: 2_000 });
    // A cause points at its own deployment's step.
    expect(trace.events[6]!.causeSeq).toBe(6);
    // The engine's own events are left as they were.
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    // The lesson checks read the running deployment only.
    expect(trace.current.map((e) => e.seq)).toEqual([5, 6, 7, 8]);
  });

  it('groups the log per deployment, so an invocation id the next deployment reuses is not merged', () => {
    const trace = new TraceState();
    const first = deploymentTrace();
    trace.reset(deploymentTrace(), { earlier: historyAfterRedeploy([], first, replaced) });
    expect(trace.segments.map((s) => [s.redeploy?.summary ?? null, s.invocations.length])).toEqual([
      [null, 1],
      ['redeployed — 2 connections closed (1001)', 1],
    ]);
    expect(trace.invocations.map((i) => [i.invocationId, i.seq, i.lines.length])).toEqual([
      ['same-id', 2, 1],
      ['same-id', 6, 1],
    ]);
  });

  it('draws the redeploy as a note across the diagram, with the earlier steps still in it', () => {
    const trace = new TraceState();
    const first = deploymentTrace();
    trace.reset(deploymentTrace(), { earlier: historyAfterRedeploy([], first, replaced) });
    const text = trace.diagram.text;
    expect(text).toMatch(/Note over .*: ⟳ redeployed — 2 connections closed \(1001\)/);
    expect(text.split('redeployed')[0]).toContain('CONNECT');
  });

  it('says "redeployed" alone when no connection was open, and keeps at most the newest history', () => {
    expect(redeployedText(0, 1001)).toBe('redeployed');
    expect(redeployedText(1, 1001)).toBe('redeployed — 1 connection closed (1001)');
    let earlier: TraceEvent[] = [];
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    const many = Array.from({ length: 500 }, () => deploymentTrace(log)).flat();
    earlier = historyAfterRedeploy(earlier, many, replaced);
    earlier = historyAfterRedeploy(earlier, many, replaced);
    expect(earlier).toHaveLength(2000);
    expect(earlier.at(-1)).toMatchObject({ kind: 'deployment.replaced', seq: 3002 });
  });
});
