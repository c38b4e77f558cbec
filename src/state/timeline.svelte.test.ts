import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../gateway';
import { chatTrace } from '../../tests/support/chat-trace';
import { manualTimers, settle } from './test-environment';
import { TimelineState } from './timeline.svelte';
import { TraceState } from './trace.svelte';

let events: TraceEvent[];
let invocationsRun: () => number;

beforeAll(async () => {
  ({ events, invocations: invocationsRun } = await chatTrace());
}, 60_000);

async function setup(upTo = events.length) {
  const trace = new TraceState();
  const timers = manualTimers();
  const timeline = new TimelineState(trace, timers);
  for (const e of events.slice(0, upTo)) trace.append(e);
  await settle();
  return { trace, timers, timeline };
}

const stepsIn = (list: readonly TraceEvent[]) => list.filter((e) => e.kind !== 'lambda.log').length;
const sentSeq = () => events.find((e) => e.kind === 'ws.frame.in')!.seq;

describe('the timeline cursor', () => {
  it('is live at first, at the last step, with no cursor', async () => {
    const { timeline } = await setup();
    expect(timeline.live).toBe(true);
    expect(timeline.cursor).toBeNull();
    expect(timeline.position).toBe(stepsIn(events));
    expect(timeline.total).toBe(stepsIn(events));
  });

  it('steps back from live, forward again, and is live once it reaches the last step', async () => {
    const { timeline } = await setup();
    const total = timeline.total;
    timeline.back();
    expect(timeline.live).toBe(false);
    expect(timeline.cursor).toBe(total - 1);
    timeline.back();
    expect(timeline.cursor).toBe(total - 2);
    timeline.forward();
    timeline.forward();
    expect(timeline.live).toBe(true);
  });

  it('seeks to a step number, clamps below the first, goes live at or beyond the last, and Home is step 1', async () => {
    const { timeline } = await setup();
    timeline.seek(3);
    expect(timeline.cursor).toBe(3);
    timeline.seek(-5);
    expect(timeline.cursor).toBe(1);
    timeline.seek(timeline.total);
    expect(timeline.live).toBe(true);
    timeline.home();
    expect(timeline.cursor).toBe(1);
    timeline.goLive();
    expect(timeline.cursor).toBeNull();
  });

  it('stays at its step while new events arrive, counting them as new steps', async () => {
    const half = Math.floor(events.length / 2);
    const { trace, timeline } = await setup(half);
    timeline.seek(2);
    for (const e of events.slice(half)) trace.append(e);
    await settle();
    expect(timeline.cursor).toBe(2);
    expect(timeline.newSteps).toBe(stepsIn(events) - stepsIn(events.slice(0, half)));
  });

  it('returns to live when the trace is replaced (a deploy, a cleared session)', async () => {
    const { trace, timeline } = await setup();
    timeline.seek(2);
    trace.reset(events);
    expect(timeline.live).toBe(true);
  });

  it('plays to the end at the chosen speed, one step per timer, then is live', async () => {
    const { timers, timeline } = await setup();
    timeline.setSpeed(4);
    timeline.play();
    expect(timeline.cursor).toBe(1);
    expect(timeline.playing).toBe(true);
    let ticks = 0;
    while (timers.pending.size && ticks < 1000) {
      timers.runAll();
      ticks++;
    }
    expect(ticks).toBe(timeline.total - 1);
    expect(timeline.live).toBe(true);
    expect(timeline.playing).toBe(false);
  });

  it('pauses where it is', async () => {
    const { timers, timeline } = await setup();
    timeline.play();
    timers.runAll();
    timeline.pause();
    expect(timers.pending.size).toBe(0);
    expect(timeline.cursor).toBe(2);
  });

  it('selects a row by its seq, and the last row is live', async () => {
    const { timeline } = await setup();
    timeline.select(sentSeq());
    expect(timeline.seq).toBe(sentSeq());
    expect(timeline.details?.frame?.text).toBe('{"action":"sendmessage","data":"hi"}');
    timeline.select(timeline.rows.at(-1)!.seq);
    expect(timeline.live).toBe(true);
  });
});

describe('the page at the cursor', () => {
  it('shows the frames, the log and the tables as they were, and draws the diagram up to the cursor’s step', async () => {
    const { timeline } = await setup();
    const before = invocationsRun();
    expect(timeline.framesOf('Alice')).toBeUndefined();
    timeline.select(sentSeq());
    expect(timeline.framesOf('Alice')!.map((f) => f.kind)).toEqual(['info', 'open', 'sent']);
    expect(timeline.framesOf('Carol')).toEqual([]);
    expect(timeline.log.invocations.map((i) => i.routeKey)).toEqual(['$connect', '$connect']);
    const { tables } = timeline.tablesAt([{ name: 'connections', partitionKey: 'connectionId', items: [] }]);
    expect(tables[0]!.items).toHaveLength(2);
    const items = timeline.diagram.items.filter((i) => i.seq !== undefined);
    expect(items.at(-1)).toMatchObject({ seq: sentSeq(), newest: true });
    // Replaying read the trace and ran nothing.
    expect(invocationsRun()).toBe(before);
  });

  it('filters the event table by connection', async () => {
    const { timeline } = await setup();
    const bob = timeline.filterOptions.connections.find((c) => c.client === 'Bob')!;
    timeline.setFilter({ connection: bob.id });
    expect(timeline.shownRows.length).toBeLessThan(timeline.rows.length);
    expect(timeline.shownRows.every((r) => r.connection === bob.id)).toBe(true);
    timeline.setFilter({ connection: '' });
    expect(timeline.shownRows).toEqual(timeline.rows);
  });
});
