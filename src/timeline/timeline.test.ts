import { beforeAll, describe, expect, it } from 'vitest';
import { TRACE_VERSION, type TraceEvent, type TraceEventOf } from '../gateway';
import { chatTrace } from '../../tests/support/chat-trace';
import {
  detailsOf,
  eventsThrough,
  filterOptions,
  filterRows,
  framesByClient,
  lastAtOrBefore,
  playDelay,
  PLAY_MAX_MS,
  PLAY_MIN_MS,
  rowsOf,
  stepsOf,
  stepText,
  tablesAt,
} from '.';

let events: TraceEvent[];
let invocationsRun: () => number;
const first = <K extends TraceEvent['kind']>(kind: K, pred: (e: TraceEvent) => boolean = () => true) =>
  events.find((e) => e.kind === kind && pred(e))!;

beforeAll(async () => {
  ({ events, invocations: invocationsRun } = await chatTrace());
}, 60_000);

describe('steps and the cursor', () => {
  it('counts every event but log lines as a step, as the diagram draws them', () => {
    const steps = stepsOf(events);
    expect(steps.length).toBe(events.filter((e) => e.kind !== 'lambda.log').length);
    expect(steps.some((e) => e.kind === 'lambda.log')).toBe(false);
  });

  it('finds the last step at or before a seq, and -1 before the first', () => {
    const steps = stepsOf(events);
    const log = first('lambda.log');
    expect(steps[lastAtOrBefore(steps, log.seq)]!.seq).toBeLessThan(log.seq);
    expect(lastAtOrBefore(steps, 0)).toBe(-1);
    expect(lastAtOrBefore(steps, Number.MAX_SAFE_INTEGER)).toBe(steps.length - 1);
  });

  it('cuts the trace after the cursor, keeping the log lines logged before it', () => {
    const result = first('lambda.result');
    const upTo = eventsThrough(events, result.seq);
    expect(upTo.at(-1)).toBe(result);
    expect(upTo.filter((e) => e.kind === 'lambda.log').length).toBeGreaterThan(0);
    expect(eventsThrough(events, events.at(-1)!.seq)).toBe(events);
  });

  it('says where the cursor is as "step N of M"', () => {
    expect(stepText(12, 40)).toBe('step 12 of 40');
    expect(stepText(0, 0)).toBe('no steps yet');
  });

  it('paces playback by the virtual time between steps, with a floor, a cap and the speed', () => {
    expect(playDelay(0, 0, 1)).toBe(PLAY_MIN_MS);
    expect(playDelay(0, 100, 1)).toBe(PLAY_MIN_MS + 100);
    expect(playDelay(0, 100, 4)).toBe((PLAY_MIN_MS + 100) / 4);
    expect(playDelay(0, 100, 0.25)).toBe((PLAY_MIN_MS + 100) * 4);
    // A ten-minute idle timeout does not stall the replay.
    expect(playDelay(0, 600_000, 1)).toBe(PLAY_MAX_MS);
    expect(playDelay(5, 0, 1)).toBe(PLAY_MIN_MS);
    expect(playDelay(Number.NaN, 3, Number.NaN)).toBe(PLAY_MIN_MS);
  });
});

describe('the clients’ frames at a step', () => {
  it('shows Alice only her open and sent frames at the step her message reaches the gateway', () => {
    const sent = first('ws.frame.in');
    const frames = framesByClient(eventsThrough(events, sent.seq));
    expect(frames.get('Alice')!.map((f) => [f.kind, f.text])).toEqual([
      ['info', 'connecting…'],
      ['open', 'open'],
      ['sent', '{"action":"sendmessage","data":"hi"}'],
    ]);
    expect(frames.get('Bob')!.map((f) => f.kind)).toEqual(['info', 'open']);
  });

  it('adds the broadcast once it is on the wire, and the close at the end', () => {
    const frames = framesByClient(events);
    expect(
      frames
        .get('Alice')!
        .map((f) => [f.kind, f.text])
        .slice(-1),
    ).toEqual([['received', 'hi']]);
    expect(frames.get('Bob')!.map((f) => [f.kind, f.text])).toEqual([
      ['info', 'connecting…'],
      ['open', 'open'],
      ['received', 'hi'],
      ['close', 'close 1000 bye'],
    ]);
  });
});

describe('the tables at a step', () => {
  const schemas = [{ name: 'connections', partitionKey: 'connectionId' }];
  const ids = (t: ReturnType<typeof tablesAt>) => t.tables[0]!.items.map((i) => (i.connectionId as { S: string }).S);

  it('records each write with its change, so the table can be rebuilt without running a handler', () => {
    const put = first('table.op', (e) => e.kind === 'table.op' && e.operation === 'PutItem');
    expect(put).toMatchObject({
      v: TRACE_VERSION,
      change: { type: 'put', key: { connectionId: { S: expect.any(String) } } },
    });
  });

  it('holds Alice after her $connect, both while they chat, and Alice alone after Bob’s $disconnect', () => {
    const before = invocationsRun();
    const puts = events.filter((e) => e.kind === 'table.op' && e.operation === 'PutItem');
    const alice = ((puts[0] as TraceEventOf<'table.op'>).change!.key.connectionId as { S: string }).S;
    expect(ids(tablesAt(eventsThrough(events, 0), schemas))).toEqual([]);
    expect(ids(tablesAt(eventsThrough(events, puts[0]!.seq), schemas))).toEqual([alice]);
    const chatting = tablesAt(eventsThrough(events, first('ws.frame.in').seq), schemas);
    expect(ids(chatting)).toHaveLength(2);
    expect(chatting.partial).toBe(false);
    expect(ids(tablesAt(events, schemas))).toEqual([alice]);
    // Rebuilding read the trace only.
    expect(invocationsRun()).toBe(before);
  });

  it('starts each deployment with empty tables, and says when it cannot know every write', () => {
    const put = first('table.op', (e) => e.kind === 'table.op' && e.operation === 'PutItem');
    const redeploy = {
      ...events.at(-1)!,
      seq: 10_000,
      kind: 'deployment.replaced',
      closedConnections: 0,
      code: 1001,
    } as TraceEvent;
    expect(tablesAt([...events, redeploy], schemas).tables[0]!.items).toEqual([]);
    const old = { ...put, change: undefined } as TraceEvent;
    expect(tablesAt([old], schemas).partial).toBe(true);
    expect(tablesAt([put], schemas, false).partial).toBe(true);
    const cut = { ...put, change: { type: 'put', key: { connectionId: { S: 'x' } }, cut: true } } as TraceEvent;
    expect(tablesAt([cut], schemas)).toEqual({
      tables: [{ name: 'connections', partitionKey: 'connectionId', items: [{ connectionId: { S: 'x' } }] }],
      partial: true,
    });
  });

  it('orders items by partition, then by sort key, as a Scan does', () => {
    const op = (seq: number, pk: string, sk: number): TraceEvent =>
      ({
        ...first('table.op'),
        seq,
        table: 'msgs',
        operation: 'PutItem',
        ok: true,
        change: {
          type: 'put',
          key: { room: { S: pk }, at: { N: String(sk) } },
          item: { room: { S: pk }, at: { N: String(sk) } },
        },
      }) as TraceEvent;
    const t = tablesAt(
      [op(1, 'b', 2), op(2, 'a', 9), op(3, 'b', 1)],
      [{ name: 'msgs', partitionKey: 'room', sortKey: 'at' }],
    ).tables[0]!;
    expect(t.items.map((i) => `${(i.room as { S: string }).S}${(i.at as { N: string }).N}`)).toEqual([
      'b1',
      'b2',
      'a9',
    ]);
  });
});

describe('the event table', () => {
  it('gives each step its connection, route and function, also where the step names only one of them', () => {
    const rows = rowsOf(events, 5);
    expect(rows[0]!.step).toBe(6);
    const upgrade = rows.find((r) => r.kind === 'ws.upgrade')!;
    expect(upgrade.route).toBe('$connect');
    expect(upgrade.connection).not.toBe('');
    const frameIn = rows.find((r) => r.kind === 'ws.frame.in')!;
    expect(frameIn.route).toBe('sendmessage');
    const scan = rows.find((r) => r.kind === 'table.op' && r.summary.startsWith('Scan'))!;
    expect(scan).toMatchObject({ fn: 'sendmessage', route: 'sendmessage', connection: frameIn.connection });
  });

  it('filters by connection, route and function, offering the values the rows hold', () => {
    const rows = rowsOf(events);
    const options = filterOptions(rows);
    expect(options.connections.map((c) => c.client)).toEqual(['Alice', 'Bob']);
    expect(options.routes).toEqual(expect.arrayContaining(['$connect', 'sendmessage', '$disconnect']));
    expect(options.functions).toEqual(expect.arrayContaining(['onconnect', 'sendmessage', 'ondisconnect']));
    const bob = options.connections[1]!.id;
    const bobs = filterRows(rows, { connection: bob });
    expect(bobs.length).toBeGreaterThan(0);
    expect(bobs.every((r) => r.connection === bob)).toBe(true);
    expect(filterRows(rows, { route: 'sendmessage', fn: 'sendmessage' }).every((r) => r.route === 'sendmessage')).toBe(
      true,
    );
    expect(filterRows(rows, {})).toBe(rows);
  });
});

describe('a step’s details', () => {
  it('for the frame arriving at the gateway: the Lambda event it caused, the frame, the result, the logs and the table read', () => {
    const sent = first('ws.frame.in');
    const d = detailsOf(events, sent.seq)!;
    expect(d.event).toBe(sent);
    expect(d.invocation).toMatchObject({ functionName: 'sendmessage', routeKey: 'sendmessage' });
    expect(d.invocation!.event).toMatchObject({
      body: '{"action":"sendmessage","data":"hi"}',
      requestContext: { routeKey: 'sendmessage', eventType: 'MESSAGE' },
    });
    expect(d.frame).toMatchObject({ direction: 'in', client: 'Alice', text: '{"action":"sendmessage","data":"hi"}' });
    expect(d.response).toMatchObject({ label: 'sendmessage returned', value: { statusCode: 200 } });
    expect(d.logs.map((l) => l.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^START /), expect.stringMatching(/^REPORT /)]),
    );
    expect(d.tableChanges.map((c) => c.operation)).toEqual(['Scan']);
  });

  it('for a broadcast frame: the @connections call’s frame, and for a table write: its change', () => {
    const out = first('ws.frame.out');
    expect(detailsOf(events, out.seq)!.frame).toMatchObject({ direction: 'out', text: 'hi' });
    const post = first('mgmt.request');
    expect(detailsOf(events, post.seq)!.response).toMatchObject({
      label: '@connections PostToConnection',
      value: { status: 200 },
    });
    const put = first('table.op');
    expect(detailsOf(events, put.seq)!.tableChanges).toEqual([
      expect.objectContaining({ operation: 'PutItem', change: expect.objectContaining({ type: 'put' }) }),
    ]);
    expect(detailsOf(events, -1)).toBeNull();
  });
});
