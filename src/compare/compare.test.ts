import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, normaliseInputs, runComparison } from './compare';
import { PRICING } from './pricing';
import type { ApproachResult, ComparisonInputs, ComparisonResult, OrderWorkload } from './types';
import { closeFrameBytes, frameBytes } from './wire';
import { CHAT_WORKLOAD, ORDER_WORKLOAD, WORKLOADS, workloadEvents } from './workloads';

const byId = (r: ComparisonResult, id: ApproachResult['id']) => r.approaches.find((a) => a.id === id)!;

describe('the workloads', () => {
  it('offers the order-status and chat presets with names and descriptions', () => {
    expect(Object.keys(WORKLOADS)).toEqual(['order-status', 'chat']);
    for (const w of Object.values(WORKLOADS)) {
      expect(w.name.length).toBeGreaterThan(0);
      expect(w.description.length).toBeGreaterThan(20);
    }
    expect(workloadEvents(ORDER_WORKLOAD, 99).map((e) => e.data)).toEqual(['packed', 'shipped', 'delivered']);
  });

  it('makes the chat alternate between the two users, as many messages as asked', () => {
    const events = workloadEvents(CHAT_WORKLOAD, 5);
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual([
      'Alice->Bob',
      'Bob->Alice',
      'Alice->Bob',
      'Bob->Alice',
      'Alice->Bob',
    ]);
    expect(events.every((e, i) => i === 0 || e.atMs > events[i - 1].atMs)).toBe(true);
  });
});

describe('runComparison on the chat at the default inputs', () => {
  let result: ComparisonResult;
  let rest: ApproachResult;
  let http: ApproachResult;
  let ws: ApproachResult;
  beforeAll(async () => {
    result = await runComparison(WORKLOADS.chat, DEFAULT_INPUTS);
    rest = byId(result, 'rest-polling');
    http = byId(result, 'http-polling');
    ws = byId(result, 'websocket-push');
  });

  it('runs REST polling, HTTP polling and WebSocket push and delivers every message to its recipient', () => {
    expect(result.approaches.map((a) => a.id)).toEqual(['rest-polling', 'http-polling', 'websocket-push']);
    for (const a of result.approaches) {
      expect(a.counts.eventsDelivered, a.id).toBe(20);
      expect(new Set(a.deliveries.map((d) => d.eventId)).size, a.id).toBe(20);
      for (const d of a.deliveries) expect(d.client).toBe(result.events.find((e) => e.id === d.eventId)!.to);
    }
  });

  it('runs each approach on its own engine instance with its own trace', () => {
    expect(new Set(result.approaches.map((a) => a.url)).size).toBe(3);
    expect(new Set(result.approaches.map((a) => a.trace[0].apiId)).size).toBe(3);
    expect(rest.trace.filter((e) => e.kind === 'http.request')).toHaveLength(rest.counts.requests);
    expect(http.trace.filter((e) => e.kind === 'http.response')).toHaveLength(http.counts.requests);
    expect(ws.trace.filter((e) => e.kind === 'ws.upgrade')).toHaveLength(2);
    expect(ws.trace.filter((e) => e.kind === 'ws.frame.in')).toHaveLength(20);
    expect(ws.trace.filter((e) => e.kind === 'ws.frame.out')).toHaveLength(20);
    expect(ws.trace.filter((e) => e.kind === 'mgmt.request')).toHaveLength(20);
  });

  it('names every input it used, the message count included', () => {
    expect(result.inputs).toEqual(DEFAULT_INPUTS);
    expect(result.inputsUsed).toEqual([
      'rttMs',
      'pollIntervalS',
      'messageCount',
      'headerSet',
      'tlsVersion',
      'keepAlive',
      'scale',
    ]);
  });

  it('sends the chat as one POST per message plus polls, and as one frame in and one frame out per message', () => {
    for (const a of [rest, http]) {
      expect(a.counts.requests).toBe(a.polls.total + 20);
      expect(a.polls.total).toBe(a.polls.useful + a.polls.wasted);
      expect(a.polls.wasted).toBeGreaterThan(0);
    }
    expect(ws.counts).toMatchObject({ requests: 0, messagesIn: 20, messagesOut: 20, billedUnits: 40 });
    expect(ws.polls).toEqual({ total: 0, wasted: 0, useful: 0 });
  });

  it('pays the upgrade once per connection and then only frame headers: 6 bytes in, 2 bytes out per short message', () => {
    const frames = ws.wire.filter((r) => r.kind === 'ws-frame');
    for (const f of frames) expect(f.overheadBytes).toBe(f.direction === 'client-to-server' ? 6 : 2);
    const upgrades = ws.wire.filter((r) => r.kind === 'ws-upgrade-request' || r.kind === 'ws-upgrade-response');
    expect(upgrades).toHaveLength(4);
    expect(ws.bytes.upgrade).toBe(upgrades.reduce((s, r) => s + r.bytes, 0));
    const closes = ws.wire.filter((r) => r.kind === 'ws-close-frame');
    expect(closes.reduce((s, r) => s + r.bytes, 0)).toBe(
      2 * (closeFrameBytes('client-to-server') + closeFrameBytes('server-to-client')),
    );
    expect(ws.bytes.total).toBe(ws.bytes.clientToServer + ws.bytes.serverToClient);
    expect(ws.bytes.total).toBe(ws.wire.reduce((s, r) => s + r.bytes, 0));
  });

  it('counts every HTTP request and response byte, headers included, and the headers dominate', () => {
    for (const a of [rest, http]) {
      expect(a.bytes.total).toBe(a.wire.reduce((s, r) => s + r.bytes, 0));
      expect(a.bytes.overhead).toBeGreaterThan(10 * a.bytes.payload);
      const poll = a.samples.find((s) => s.label === 'poll request')!;
      expect(poll.text).toMatch(/^GET \S+ HTTP\/1\.1\r\n/);
      expect(poll.text).toContain('\r\nCookie: ');
      expect(poll.bytes).toBeGreaterThan(500);
    }
    expect(ws.bytes.total).toBeLessThan(http.bytes.total / 5);
  });

  it('shows API Gateway’s own response headers in the bytes it counts (REST: x-amzn-RequestId, x-amz-apigw-id)', () => {
    const res = rest.samples.find((s) => s.label === 'poll response')!.text;
    expect(res).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(res.toLowerCase()).toContain('x-amzn-requestid: ');
    expect(res.toLowerCase()).toContain('x-amz-apigw-id: ');
    expect(res.toLowerCase()).toContain('content-length: ');
    expect(res.toLowerCase()).toContain('date: ');
  });

  it('delivers a pushed chat message one round trip after it was sent; polling waits for the next poll', () => {
    expect(ws.latency).toEqual({ minMs: 100, meanMs: 100, maxMs: 100, expectedMs: 100 });
    for (const a of [rest, http]) {
      expect(a.latency.minMs).toBeGreaterThanOrEqual(100);
      expect(a.latency.maxMs).toBeLessThanOrEqual(5_000 + 4 * 100);
      expect(a.latency.meanMs).toBeGreaterThan(1_000);
      expect(a.latency.expectedMs).toBeGreaterThan(2_000);
    }
  });

  it('opens one WebSocket per user at 3 round trips each (TCP, TLS 1.3, upgrade); polling reuses kept-alive connections', () => {
    expect(ws.connections).toMatchObject({ opened: 2, upgrades: 2, handshakeRoundTrips: 6 });
    for (const a of [rest, http]) {
      expect(a.connections.opened + a.connections.reusedRequests).toBe(a.counts.requests);
      expect(a.connections.handshakeRoundTrips).toBe(2 * a.connections.opened);
      expect(a.connections.reusedRequests).toBeGreaterThan(a.connections.opened);
    }
    expect(ws.counts.connectionMinutes).toBeGreaterThan(0);
  });

  it('prices each approach from the PRICING rows, REST above HTTP above WebSocket for this chat', () => {
    for (const a of result.approaches) {
      for (const line of a.cost.lines) {
        expect(PRICING[line.pricingId as keyof typeof PRICING]).toBeDefined();
        expect(line.usd).toBeCloseTo(
          (line.quantity / PRICING[line.pricingId as keyof typeof PRICING].unitSize) * line.price,
          9,
        );
      }
      expect(a.cost.totalUsd).toBeCloseTo(
        a.cost.lines.reduce((s, l) => s + l.usd, 0),
        9,
      );
    }
    expect(rest.cost.totalUsd).toBeGreaterThan(http.cost.totalUsd);
    expect(http.cost.totalUsd).toBeGreaterThan(ws.cost.totalUsd);
    expect(ws.cost.lines.map((l) => l.pricingId)).toEqual([
      'websocket-messages',
      'websocket-connection-minutes',
      'data-transfer-out',
    ]);
  });

  it('gives the same result, traces included, when run twice with the same inputs', async () => {
    const again = await runComparison(WORKLOADS.chat, DEFAULT_INPUTS);
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  });
});

describe('runComparison on the order status', () => {
  let result: ComparisonResult;
  let ws: ApproachResult;
  beforeAll(async () => {
    result = await runComparison(WORKLOADS['order-status'], DEFAULT_INPUTS);
    ws = byId(result, 'websocket-push');
  });

  it('pushes each status change half a round trip after it happens, over one connection', () => {
    expect(ws.deliveries.map((d) => d.latencyMs)).toEqual([50, 50, 50]);
    expect(ws.counts).toMatchObject({ messagesIn: 0, messagesOut: 3, eventsDelivered: 3 });
    expect(ws.connections.opened).toBe(1);
    expect(ws.trace.filter((e) => e.kind === 'mgmt.request').map((e) => e.from)).toEqual(
      Array(3).fill('integration:notifyOrder'),
    );
  });

  it('polls about every 5 seconds for 9 minutes, and nearly every poll comes back empty', () => {
    for (const id of ['rest-polling', 'http-polling'] as const) {
      const a = byId(result, id);
      expect(a.polls.useful).toBe(3);
      expect(a.polls.total).toBeGreaterThan(100);
      expect(a.polls.wasted).toBe(a.polls.total - 3);
      expect(a.deliveries.map((d) => d.eventId)).toEqual(['e1', 'e2', 'e3']);
    }
  });

  it('does not list the message count among the inputs it used', () => {
    expect(result.inputsUsed).not.toContain('messageCount');
  });

  it('gives the same result when run twice', async () => {
    expect(JSON.stringify(await runComparison(WORKLOADS['order-status'], DEFAULT_INPUTS))).toBe(JSON.stringify(result));
  });
});

describe('input checks', () => {
  const bad: [string, Partial<ComparisonInputs>][] = [
    ['rttMs', { rttMs: -1 }],
    ['rttMs', { rttMs: 1.5 }],
    ['pollIntervalS', { pollIntervalS: 0 }],
    ['messageCount', { messageCount: 0 }],
    ['tlsVersion', { tlsVersion: '1.1' as '1.2' }],
    ['headerSet', { headerSet: { preset: 'custom', headers: [['Bad Name', 'x']] } }],
    ['scale.clients', { scale: { ...DEFAULT_INPUTS.scale, clients: Number.NaN } }],
    ['keepAlive.idleTimeoutS', { keepAlive: { enabled: true, idleTimeoutS: -5 } }],
  ];
  it.each(bad)('rejects a bad %s, naming it', (name, patch) => {
    expect(() => normaliseInputs({ ...DEFAULT_INPUTS, ...patch })).toThrow(name);
  });

  it('accepts a custom header list and copies it', () => {
    const headers: [string, string][] = [['X-Trace', 'abc']];
    const out = normaliseInputs({ ...DEFAULT_INPUTS, headerSet: { preset: 'custom', headers } });
    expect(out.headerSet).toEqual({ preset: 'custom', headers: [['X-Trace', 'abc']] });
    headers[0][1] = 'changed';
    expect(out.headerSet).toEqual({ preset: 'custom', headers: [['X-Trace', 'abc']] });
  });

  it('sizes each pushed frame from its real payload', async () => {
    const r = await runComparison(WORKLOADS.chat, { ...DEFAULT_INPUTS, messageCount: 2 });
    const ws = byId(r, 'websocket-push');
    const pushed = ws.samples.find((s) => s.label === 'pushed frame')!;
    expect(pushed.bytes).toBe(frameBytes(pushed.text.length, 'server-to-client'));
  });
});

describe('WebSocket limits during a run', () => {
  it('reconnects after the 10-minute idle timeout closes the connection, paying the handshake again (DG limits)', async () => {
    const workload: OrderWorkload = {
      ...ORDER_WORKLOAD,
      changes: [
        { atS: 60, status: 'packed' },
        { atS: 900, status: 'shipped' },
      ],
    };
    const ws = byId(await runComparison(workload, DEFAULT_INPUTS), 'websocket-push');
    const closes = ws.trace.filter((e) => e.kind === 'ws.close');
    expect(closes[0]).toMatchObject({ initiator: 'idle-timeout', code: 1001 });
    expect(ws.connections).toMatchObject({ opened: 2, upgrades: 2, handshakeRoundTrips: 6 });
    expect(ws.deliveries.map((d) => [d.eventId, d.latencyMs])).toEqual([
      ['e1', 50],
      ['e2', 50],
    ]);
  });
});

describe('what push cannot do', () => {
  it('loses a status change pushed before the connection is open (PostToConnection finds no subscriber), and still ends the run', async () => {
    const workload: OrderWorkload = {
      ...ORDER_WORKLOAD,
      changes: [
        { atS: 0.1, status: 'packed' },
        { atS: 30, status: 'shipped' },
      ],
    };
    const r = await runComparison(workload, DEFAULT_INPUTS);
    const ws = byId(r, 'websocket-push');
    expect(ws.deliveries.map((d) => d.eventId)).toEqual(['e2']);
    expect(ws.counts.eventsDelivered).toBe(1);
    // Polling reads the stored updates, so it sees both.
    expect(byId(r, 'http-polling').deliveries.map((d) => d.eventId)).toEqual(['e1', 'e2']);
  });
});
