import { describe, expect, it } from 'vitest';
import { KNOWN_DIFFERENCES, TraceLog, type KnownDifferenceId, type TraceEvent, type TraceInput } from '../gateway';
import type { InvocationLog } from './invocations';
import { settle } from './test-environment';
import {
  CHECK_HEAD,
  historyAfterRedeploy,
  lastOfSegments,
  redeployedText,
  segmentsOf,
  TRACE_KEEP,
  TraceState,
} from './trace.svelte';

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

describe('TraceState grouping the log as events arrive', () => {
  /** Invocations, logs, results and HTTP requests (with their steps), interleaved as a busy engine traces them. */
  function busyTrace(n: number): TraceEvent[] {
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    const out: TraceEvent[] = [];
    for (let i = 0; i < n; i++) {
      const inv = `inv-${i % 7}-${Math.floor(i / 7)}`;
      const req = `req-${i}`;
      const fn = `fn${i % 3}`;
      const steps: TraceInput[] = [
        {
          kind: 'http.request',
          from: 'client:Alice',
          to: 'gateway',
          requestId: req,
          method: 'GET',
          path: '/p',
          query: '',
          headers: {},
          bodySize: 0,
          bodyPreview: '',
          summary: 'GET /p',
        },
        {
          kind: 'lambda.invoke',
          from: 'gateway',
          to: `integration:${fn}`,
          requestId: req,
          invocationId: inv,
          functionName: fn,
          routeKey: 'GET /p',
          eventType: 'HTTP',
          event: {},
          summary: 'invoke',
        },
        {
          kind: 'lambda.log',
          from: `integration:${fn}`,
          to: `integration:${fn}`,
          invocationId: inv,
          functionName: fn,
          level: 'log',
          text: `line ${i}`,
          summary: 'log',
        },
        {
          kind: 'lambda.result',
          from: `integration:${fn}`,
          to: 'gateway',
          requestId: req,
          invocationId: inv,
          functionName: fn,
          outcome: i % 5 ? 'ok' : 'error',
          durationMs: i,
          summary: 'result',
        },
        {
          kind: 'http.response',
          from: 'gateway',
          to: 'client:Alice',
          requestId: req,
          status: 200,
          headers: {},
          bodySize: 0,
          bodyPreview: '',
          source: 'integration',
          summary: '200',
        },
      ];
      // An invocation id comes back later: its second log line lands on the first entry.
      if (i % 7 === 6)
        steps.push({
          kind: 'lambda.log',
          from: 'integration:fn0',
          to: 'integration:fn0',
          invocationId: `inv-0-${Math.floor(i / 7)}`,
          functionName: 'fn0',
          level: 'log',
          text: 'late',
          summary: 'log',
        });
      out.push(...steps.map((st) => log.append(st)));
    }
    return out;
  }

  it('gives the same log, batch after batch, as grouping the whole trace at once (redeploys included)', async () => {
    const trace = new TraceState();
    const first = busyTrace(20);
    const events = busyTrace(60);
    trace.reset([], { earlier: historyAfterRedeploy([], first, replaced) });
    // Batches of 1 to 13 events, read after every batch (as the log panel does).
    for (let i = 0, size = 1; i < events.length; i += size, size = (size % 13) + 1) {
      for (const e of events.slice(i, i + size)) trace.append(e);
      await settle();
      expect(trace.segments).toEqual(segmentsOf(trace.events));
    }
    expect(trace.invocations.length).toBeGreaterThan(40);
    expect(trace.requests).toHaveLength(80);
  });

  it('replaces the entries a batch changes and keeps the others as they were', async () => {
    const trace = new TraceState();
    const events = busyTrace(10);
    for (const e of events) trace.append(e);
    await settle();
    const before = trace.invocations;
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    trace.append({
      ...log.append({
        kind: 'lambda.log',
        from: 'integration:fn1',
        to: 'integration:fn1',
        invocationId: 'inv-1-0',
        functionName: 'fn1',
        level: 'log',
        text: 'later',
        summary: 'log',
      }),
      seq: 1_000,
    });
    await settle();
    const after = trace.invocations;
    const changed = after.findIndex((g) => g.invocationId === 'inv-1-0');
    expect(after[changed]).not.toBe(before[changed]);
    expect(after[changed]!.lines.map((l) => l.text)).toEqual(['line 1', 'later']);
    expect(before[changed]!.lines.map((l) => l.text)).toEqual(['line 1']);
    // Every other entry is the very object it was.
    expect(after.filter((g, i) => i !== changed && g !== before[i])).toEqual([]);
  });
});

describe('TraceState under a long stream', () => {
  /** A frame out to Alice, as a stream of PostToConnection calls leaves in the trace. */
  const frame = (log: TraceLog, i: number) =>
    log.append({
      kind: 'ws.frame.out',
      from: 'gateway',
      to: 'client:Alice',
      connectionId: 'c1',
      size: 3,
      text: `m${i}`,
      cause: 'post-to-connection',
      summary: `m${i}`,
    });

  it('keeps the newest events within its bound, counts what it dropped, and says so in the diagram', async () => {
    const trace = new TraceState();
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    trace.reset(deploymentTrace(log));
    for (let i = 0; i < TRACE_KEEP + 3_000; i++) trace.append(frame(log, i));
    await settle();

    const all = TRACE_KEEP + 3_000 + 3;
    expect(trace.events.length).toBeLessThanOrEqual(TRACE_KEEP + 1_000);
    expect(trace.events.length + trace.dropped.events).toBe(all);
    expect(trace.events.at(-1)!.seq).toBe(all);
    // Every step is counted from the trace's start (the log line is not a step).
    expect(trace.range).toEqual({ from: all - 1 - 48, to: all - 1, total: all - 1 });
    // What was dropped is summarised, and the diagram's note says what it was.
    const { events, steps } = trace.dropped;
    expect(trace.summary).toMatchObject({
      events,
      steps,
      invocations: 1,
      framesOut: events - 3,
      from: 1_000,
      to: 1_000,
    });
    const note = trace.diagram.items.find((i) => i.kind === 'note');
    expect(note?.full).toContain(
      ` earlier steps hidden (${steps.toLocaleString('en-US')} steps no longer kept (00:00:01–00:00:01 UTC): ${(events - 3).toLocaleString('en-US')} frames out, 1 invocation)`,
    );
    trace.reset([]);
    expect(trace.summary).toBeNull();
  });

  it('keeps the running deployment’s first events for the lesson checks, then the newest', async () => {
    const trace = new TraceState();
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    trace.reset(deploymentTrace(log));
    for (let i = 0; i < TRACE_KEEP + 3_000; i++) trace.append(frame(log, i));
    await settle();

    const seqs = trace.current.map((e) => e.seq);
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3]);
    expect(trace.current[0]!.kind).toBe('ws.upgrade');
    expect(seqs.length).toBe(CHECK_HEAD + trace.events.length);
    expect(seqs.at(-1)).toBe(TRACE_KEEP + 3_003);
    // In order, each event once.
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
  });

  it('pages back through the kept steps only, and follows the newest again at the end', async () => {
    const trace = new TraceState();
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    trace.reset([]);
    for (let i = 0; i < TRACE_KEEP + 2_000; i++) trace.append(frame(log, i));
    await settle();
    while (trace.canPageOlder) trace.older();
    expect(trace.range.from).toBe(trace.dropped.steps);
    expect(trace.diagram.shown.from).toBe(0);
    while (trace.canPageNewer) trace.newer();
    expect(trace.following).toBe(true);
  });

  it('counts steps that follow an unconfirmed behaviour without reading the whole trace again', async () => {
    const trace = new TraceState();
    const log = new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });
    trace.reset([]);
    const e = frame(log, 1);
    e.unconfirmed = Object.keys(KNOWN_DIFFERENCES)[0] as KnownDifferenceId;
    trace.append(e);
    trace.append(frame(log, 2));
    trace.append({ ...e, seq: 3 });
    await settle();
    expect(trace.unconfirmed).toEqual({ [e.unconfirmed]: 2 });
  });
});

describe('lastOfSegments', () => {
  it('keeps the newest items across deployments and counts the earlier ones', () => {
    const seg = (n: number, from: number) => ({
      redeploy: null,
      requests: [],
      invocations: Array.from({ length: n }, (_, i) => ({ seq: from + i }) as unknown as InvocationLog),
    });
    const { segments, hidden } = lastOfSegments([seg(5, 0), seg(3, 100), seg(4, 200)], 'invocations', 6);
    expect(hidden).toBe(6);
    expect(segments.map((s) => s.invocations.map((i) => i.seq))).toEqual([
      [101, 102],
      [200, 201, 202, 203],
    ]);
  });
});
