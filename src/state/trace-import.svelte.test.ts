import { describe, expect, it } from 'vitest';
import { TraceLog, type TraceEvent } from '../gateway';
import { settle } from './test-environment';
import { TRACE_KEEP, TraceState } from './trace.svelte';

const log = () => new TraceLog({ now: () => 1_000, apiId: 'abc1234567', stage: 'dev' });

/** Frames out to `who`, as a broadcast leaves them in the trace. */
function frames(l: TraceLog, who: string, n: number, from = 0): TraceEvent[] {
  return Array.from({ length: n }, (_, i) =>
    l.append({
      kind: 'ws.frame.out',
      from: 'gateway',
      to: `client:${who}`,
      connectionId: who,
      size: 3,
      text: `m${from + i}`,
      cause: 'post-to-connection',
      summary: `${who} m${from + i}`,
    }),
  );
}

describe('TraceState showing an imported trace', () => {
  it('shows the imported events in the diagram and says so, until it goes back to the live trace as it was', async () => {
    const trace = new TraceState();
    const live = log();
    trace.reset(frames(live, 'Alice', 3));
    const before = { events: trace.events, diagram: trace.diagram.text, range: trace.range };

    trace.loadImported(frames(log(), 'Imogen', 5), 'class-trace.json');
    expect(trace.imported).toEqual({ name: 'class-trace.json', events: 5 });
    expect(trace.events.map((e) => e.to)).toEqual(Array(5).fill('client:Imogen'));
    expect(trace.diagram.text).toContain('Imogen');
    expect(trace.diagram.text).not.toContain('Alice');
    expect(trace.range).toEqual({ from: 0, to: 5, total: 5 });

    trace.backToLive();
    expect(trace.imported).toBeNull();
    expect(trace.events).toBe(before.events);
    expect(trace.diagram.text).toBe(before.diagram);
    expect(trace.range).toEqual(before.range);
  });

  it('records live events out of sight while the import is shown, and shows them after Back to live', async () => {
    const trace = new TraceState();
    const live = log();
    trace.reset(frames(live, 'Alice', 2));
    trace.loadImported(frames(log(), 'Imogen', 4), 'x.json');

    for (const e of frames(live, 'Alice', 3, 2)) trace.append(e);
    await settle();
    expect(trace.events.map((e) => e.to)).toEqual(Array(4).fill('client:Imogen'));
    // The lesson checks follow the learner's own trace, never an imported one.
    expect(trace.current.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);

    trace.backToLive();
    expect(trace.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(trace.events.every((e) => e.to === 'client:Alice')).toBe(true);
  });

  it('applies a redeploy that happens while the import is shown to the live trace only', () => {
    const trace = new TraceState();
    trace.reset(frames(log(), 'Alice', 2));
    trace.loadImported(frames(log(), 'Imogen', 4), 'x.json');

    trace.reset(frames(log(), 'Bob', 1), { observedFromClient: true });
    expect(trace.events.map((e) => e.to)).toEqual(Array(4).fill('client:Imogen'));
    expect(trace.observedFromClient).toBe(false);

    trace.backToLive();
    expect(trace.events.map((e) => e.to)).toEqual(['client:Bob']);
    expect(trace.observedFromClient).toBe(true);
  });

  it('keeps the live trace within its bound while an import is shown', async () => {
    const trace = new TraceState();
    const live = log();
    trace.reset([]);
    trace.loadImported(frames(log(), 'Imogen', 2), 'x.json');
    for (const e of frames(live, 'Alice', TRACE_KEEP + 3_000)) trace.append(e);
    await settle();
    expect(trace.events).toHaveLength(2);
    expect(trace.summary).toBeNull();

    trace.backToLive();
    expect(trace.summary).not.toBeNull();
    expect(trace.events.length).toBeLessThanOrEqual(TRACE_KEEP + 1_000);
    expect(trace.events.length + trace.dropped.events).toBe(TRACE_KEEP + 3_000);
  });

  it('replaces one import with the next, and goes back to the same live trace', () => {
    const trace = new TraceState();
    trace.reset(frames(log(), 'Alice', 1));
    trace.loadImported(frames(log(), 'Imogen', 2), 'a.json', { dropped: { events: 7, steps: 5 } });
    expect(trace.range).toEqual({ from: 5, to: 7, total: 7 });
    expect(trace.diagram.text).toContain('5 no longer kept');
    trace.loadImported(frames(log(), 'Ivan', 3), 'b.json');
    expect(trace.imported).toEqual({ name: 'b.json', events: 3 });
    expect(trace.diagram.text).toContain('Ivan');
    trace.backToLive();
    expect(trace.events.map((e) => e.to)).toEqual(['client:Alice']);
    expect(trace.dropped).toEqual({ events: 0, steps: 0 });
  });

  it('exports the diagram it shows: the same text, window and layout', () => {
    const trace = new TraceState();
    trace.reset(frames(log(), 'Alice', 60));
    trace.older();
    expect(trace.exportDiagram()).toEqual(trace.diagram);
  });
});
