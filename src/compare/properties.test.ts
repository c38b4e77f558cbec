/**
 * Property tests: for each figure, over inputs drawn by fast-check, the figure moves when (and the
 * way) its input moves. Where a property only holds on average in real life (polling latency
 * depends on where an event falls between two polls), the test states the condition under which
 * it holds exactly (keep-alive off, an interval that is a whole multiple of another: the longer
 * interval's polls are a subset of the shorter one's). Each property has a fixed seed, so every run
 * draws the same cases; a failure prints its seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, runComparison } from './compare';
import type { ApproachResult, ChatWorkload, ComparisonInputs, ComparisonResult, Workload } from './types';
import { frameHeaderBytes } from './wire';
import { WORKLOADS } from './workloads';

const POLLING = ['rest-polling', 'http-polling'] as const;
const get = (r: ComparisonResult, id: ApproachResult['id']) => r.approaches.find((a) => a.id === id)!;

type Arbitraries<T> = { [K in keyof T]: fc.Arbitrary<T[K]> };

/** Comparison inputs over the ranges the UI offers; `overrides` narrows some of them. */
function anyInputs(overrides: Partial<Arbitraries<ComparisonInputs>> = {}): fc.Arbitrary<ComparisonInputs> {
  return fc.record<ComparisonInputs>({
    rttMs: fc.integer({ min: 0, max: 400 }),
    pollIntervalS: fc.constantFrom(0.5, 1, 2, 3, 5, 7.5, 10, 20),
    messageCount: fc.integer({ min: 1, max: 30 }),
    headerSet: fc.constantFrom<ComparisonInputs['headerSet']>(
      { preset: 'browser-minimal' },
      { preset: 'browser-typical' },
    ),
    tlsVersion: fc.constantFrom('1.3', '1.2'),
    keepAlive: fc.record({ enabled: fc.boolean(), idleTimeoutS: fc.constantFrom(1, 5, 60, 300) }),
    scale: fc.record({
      clients: fc.integer({ min: 1, max: 100_000 }),
      eventsPerDay: fc.integer({ min: 1, max: 500 }),
      activeHoursPerDay: fc.integer({ min: 1, max: 24 }),
      daysPerMonth: fc.constant(30),
    }),
    ...overrides,
  });
}

const anyWorkload = fc.constantFrom<Workload>(WORKLOADS.chat, WORKLOADS['order-status']);
const noKeepAlive = fc.constant({ enabled: false, idleTimeoutS: 60 });

// Each property runs the whole comparison a dozen or two times (order-status at a 0.5 s interval is
// ~1 s of CPU a run on a loaded machine): 5-15 s of CPU under load, beyond vitest's default 5 s.
const PROPERTY_TIMEOUT_MS = 60_000;

/** One property test: `numRuns` cases drawn from `arbitrary` with a fixed `seed`, shrunk on failure. */
function property<T>(
  name: string,
  runs: { seed: number; numRuns: number },
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
): void {
  it(name, { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), runs);
  });
}

describe('connections and handshakes', () => {
  property(
    'spend TCP + TLS round trips per connection (+1 upgrade for WebSocket): 2 with TLS 1.3, 3 with TLS 1.2',
    { seed: 12, numRuns: 8 },
    fc.record({ workload: anyWorkload, inputs: anyInputs() }),
    async ({ workload, inputs }) => {
      const r13 = await runComparison(workload, { ...inputs, tlsVersion: '1.3' });
      const r12 = await runComparison(workload, { ...inputs, tlsVersion: '1.2' });
      for (const a13 of r13.approaches) {
        const a12 = get(r12, a13.id);
        const ws = a13.id === 'websocket-push' ? 1 : 0;
        expect(a13.connections.handshakeRoundTrips).toBe(a13.connections.opened * (2 + ws));
        expect(a12.connections.handshakeRoundTrips).toBe(a12.connections.opened * (3 + ws));
        expect(a13.connections.tlsHandshakes).toBe(a13.connections.opened);
        expect(a13.connections.tcpHandshakes).toBe(a13.connections.opened);
      }
      // The WebSocket clients connect once either way: TLS 1.2 costs exactly one more round trip each.
      const w13 = get(r13, 'websocket-push').connections;
      const w12 = get(r12, 'websocket-push').connections;
      expect(w12.opened).toBe(w13.opened);
      expect(w12.handshakeRoundTrips - w13.handshakeRoundTrips).toBe(w13.opened);
    },
  );

  property(
    'open a connection per request without keep-alive, and fewer with it when the idle timeout outlasts the poll interval',
    { seed: 21, numRuns: 8 },
    fc.record({
      workload: anyWorkload,
      inputs: anyInputs({ rttMs: fc.integer({ min: 0, max: 100 }), pollIntervalS: fc.constantFrom(1, 2, 5, 10) }),
    }),
    async ({ workload, inputs }) => {
      const off = await runComparison(workload, { ...inputs, keepAlive: { enabled: false, idleTimeoutS: 60 } });
      const on = await runComparison(workload, { ...inputs, keepAlive: { enabled: true, idleTimeoutS: 60 } });
      for (const id of POLLING) {
        expect(get(off, id).connections.opened).toBe(get(off, id).counts.requests);
        expect(get(off, id).connections.reusedRequests).toBe(0);
        expect(get(on, id).connections.opened).toBeLessThan(get(on, id).counts.requests);
        expect(get(on, id).connections.opened).toBeLessThan(get(off, id).connections.opened);
      }
    },
  );
});

describe('bytes on the wire', () => {
  property(
    'rise by exactly the added header line on every request, and once per WebSocket upgrade',
    { seed: 31, numRuns: 12 },
    fc.record({ workload: anyWorkload, inputs: anyInputs(), extra: fc.integer({ min: 0, max: 400 }) }),
    async ({ workload, inputs, extra }) => {
      const base: [string, string][] = [
        ['User-Agent', 'test'],
        ['Accept', '*/*'],
      ];
      const line: [string, string] = ['X-Extra', 'v'.repeat(extra)];
      const lineBytes = 'X-Extra: '.length + extra + 2;
      const small = await runComparison(workload, { ...inputs, headerSet: { preset: 'custom', headers: base } });
      const big = await runComparison(workload, {
        ...inputs,
        headerSet: { preset: 'custom', headers: [...base, line] },
      });
      for (const s of small.approaches) {
        const b = get(big, s.id);
        const perConnection = s.id === 'websocket-push' ? s.connections.upgrades : s.counts.requests;
        expect(b.bytes.clientToServer - s.bytes.clientToServer).toBe(perConnection * lineBytes);
        expect(b.bytes.serverToClient).toBe(s.bytes.serverToClient);
        expect(b.bytes.payload).toBe(s.bytes.payload);
      }
    },
  );

  property(
    'are higher with the typical browser header set (cookies, client hints) than with the minimal one',
    { seed: 32, numRuns: 8 },
    fc.record({ workload: anyWorkload, inputs: anyInputs() }),
    async ({ workload, inputs }) => {
      const minimal = await runComparison(workload, { ...inputs, headerSet: { preset: 'browser-minimal' } });
      const typical = await runComparison(workload, { ...inputs, headerSet: { preset: 'browser-typical' } });
      for (const m of minimal.approaches) expect(get(typical, m.id).bytes.total).toBeGreaterThan(m.bytes.total);
    },
  );

  property(
    'grow per WebSocket message by the frame header, plus the 4-byte mask on client frames, stepping at 126-byte payloads',
    { seed: 33, numRuns: 10 },
    fc.record({ textLength: fc.integer({ min: 1, max: 300 }), messageCount: fc.integer({ min: 1, max: 12 }) }),
    async ({ textLength, messageCount }) => {
      const workload: ChatWorkload = { ...WORKLOADS.chat, texts: ['x'.repeat(textLength)] };
      const ws = get(await runComparison(workload, { ...DEFAULT_INPUTS, messageCount }), 'websocket-push');
      const frames = ws.wire.filter((r) => r.kind === 'ws-frame');
      expect(frames).toHaveLength(2 * messageCount);
      for (const f of frames) {
        const payload = f.bytes - f.overheadBytes;
        expect(f.overheadBytes).toBe(frameHeaderBytes(payload) + (f.direction === 'client-to-server' ? 4 : 0));
      }
      const inbound = frames.find((f) => f.direction === 'client-to-server')!;
      // {"action":"sendmessage","to":"Bob","text":"…"} is 45 bytes around the text.
      expect(inbound.bytes - inbound.overheadBytes).toBe(45 + textLength);
      expect(inbound.overheadBytes).toBe(45 + textLength >= 126 ? 8 : 6);
    },
  );
});

describe('latency', () => {
  property(
    'of polling never falls, and on average rises, when the poll interval is multiplied',
    { seed: 41, numRuns: 12 },
    fc.record({
      workload: anyWorkload,
      inputs: anyInputs({ keepAlive: noKeepAlive, pollIntervalS: fc.constantFrom(0.5, 1, 2, 3, 5) }),
      m: fc.integer({ min: 2, max: 4 }),
    }),
    async ({ workload, inputs, m }) => {
      const fast = await runComparison(workload, inputs);
      const slow = await runComparison(workload, { ...inputs, pollIntervalS: inputs.pollIntervalS * m });
      for (const id of POLLING) {
        const f = new Map(get(fast, id).deliveries.map((d) => [d.eventId, d.latencyMs]));
        for (const d of get(slow, id).deliveries) expect(d.latencyMs).toBeGreaterThanOrEqual(f.get(d.eventId)!);
        expect(get(slow, id).latency.expectedMs).toBeGreaterThan(get(fast, id).latency.expectedMs);
        expect(get(slow, id).latency.meanMs).toBeGreaterThanOrEqual(get(fast, id).latency.meanMs);
      }
      // Push does not depend on the poll interval at all.
      expect(get(slow, 'websocket-push').latency).toEqual(get(fast, 'websocket-push').latency);
    },
  );

  property(
    'rises with the round-trip time: polling expects more, push is exactly one RTT (chat) or half of one (order)',
    { seed: 42, numRuns: 12 },
    fc.record({
      workload: anyWorkload,
      inputs: anyInputs({ keepAlive: noKeepAlive, rttMs: fc.integer({ min: 0, max: 300 }) }),
      more: fc.integer({ min: 2, max: 300 }),
    }),
    async ({ workload, inputs, more }) => {
      const near = await runComparison(workload, inputs);
      const far = await runComparison(workload, { ...inputs, rttMs: inputs.rttMs + more });
      for (const id of POLLING)
        expect(get(far, id).latency.expectedMs).toBeGreaterThan(get(near, id).latency.expectedMs);
      for (const [r, rtt] of [
        [near, inputs.rttMs],
        [far, inputs.rttMs + more],
      ] as const) {
        const push = get(r, 'websocket-push').latency;
        const exact = workload.id === 'chat' ? rtt : rtt - Math.floor(rtt / 2);
        expect(push).toEqual({ minMs: exact, meanMs: exact, maxMs: exact, expectedMs: exact });
      }
    },
  );

  property(
    'of polling stays within one interval plus the request’s own handshakes and round trips',
    { seed: 43, numRuns: 12 },
    fc.record({ workload: anyWorkload, inputs: anyInputs() }),
    async ({ workload, inputs }) => {
      const r = await runComparison(workload, inputs);
      const setup = (inputs.tlsVersion === '1.3' ? 2 : 3) * inputs.rttMs;
      // The event may wait for a whole interval, then for a poll on a new connection (setup +
      // a round trip); a chat message first travels to the store the same way.
      const bound = inputs.pollIntervalS * 1000 + (workload.id === 'chat' ? 2 : 1) * (setup + inputs.rttMs);
      for (const id of POLLING) {
        expect(get(r, id).latency.maxMs).toBeLessThanOrEqual(bound);
        expect(get(r, id).latency.minMs).toBeGreaterThanOrEqual(inputs.rttMs - Math.floor(inputs.rttMs / 2));
      }
    },
  );
});

describe('polls and wasted polls', () => {
  property(
    'fall as the poll interval grows',
    { seed: 51, numRuns: 12 },
    fc.record({
      workload: anyWorkload,
      inputs: anyInputs({ keepAlive: noKeepAlive, pollIntervalS: fc.constantFrom(0.5, 1, 2, 3) }),
      m: fc.integer({ min: 2, max: 4 }),
    }),
    async ({ workload, inputs, m }) => {
      const fast = await runComparison(workload, inputs);
      const slow = await runComparison(workload, { ...inputs, pollIntervalS: inputs.pollIntervalS * m });
      for (const id of POLLING) {
        expect(get(slow, id).polls.wasted).toBeLessThanOrEqual(get(fast, id).polls.wasted);
        expect(get(slow, id).polls.total).toBeLessThanOrEqual(get(fast, id).polls.total);
        if (workload.id === 'order-status') expect(get(slow, id).polls.wasted).toBeLessThan(get(fast, id).polls.wasted);
        const p = get(slow, id).polls;
        expect(p.total).toBe(p.useful + p.wasted);
      }
    },
  );
});

describe('request and message counts', () => {
  property(
    'follow the message count: one POST per chat message, one frame in and one out',
    { seed: 61, numRuns: 10 },
    fc.record({ inputs: anyInputs() }),
    async ({ inputs }) => {
      const r = await runComparison(WORKLOADS.chat, inputs);
      const n = inputs.messageCount;
      for (const id of POLLING) {
        const a = get(r, id);
        expect(a.counts.requests).toBe(a.polls.total + n);
        expect(a.trace.filter((e) => e.kind === 'http.request' && e.method === 'POST')).toHaveLength(n);
        expect(a.counts.eventsDelivered).toBe(n);
      }
      expect(get(r, 'rest-polling').counts.billedUnits).toBe(get(r, 'rest-polling').counts.requests);
      expect(get(r, 'websocket-push').counts).toMatchObject({
        messagesIn: n,
        messagesOut: n,
        billedUnits: 2 * n,
        eventsDelivered: n,
      });
    },
  );
});

describe('monthly cost', () => {
  property(
    'scales linearly with the number of clients',
    { seed: 71, numRuns: 8 },
    fc.record({ workload: anyWorkload, inputs: anyInputs(), k: fc.integer({ min: 2, max: 50 }) }),
    async ({ workload, inputs, k }) => {
      const one = await runComparison(workload, inputs);
      const many = await runComparison(workload, {
        ...inputs,
        scale: { ...inputs.scale, clients: inputs.scale.clients * k },
      });
      for (const a of one.approaches) {
        const b = get(many, a.id);
        expect(b.cost.totalUsd / a.cost.totalUsd).toBeCloseTo(k, 9);
        b.cost.lines.forEach((l, i) => expect(l.quantity / a.cost.lines[i].quantity).toBeCloseTo(k, 9));
      }
    },
  );

  property(
    'rises with the hours the app is open and with the events per day, and polling’s falls as the interval grows',
    { seed: 72, numRuns: 8 },
    fc.record({
      workload: anyWorkload,
      inputs: anyInputs({ pollIntervalS: fc.constantFrom(1, 2, 5) }),
      more: fc.integer({ min: 1, max: 10 }),
    }),
    async ({ workload, inputs, more }) => {
      const base = await runComparison(workload, { ...inputs, scale: { ...inputs.scale, activeHoursPerDay: 8 } });
      const longer = await runComparison(workload, {
        ...inputs,
        scale: { ...inputs.scale, activeHoursPerDay: 8 + more },
      });
      const busier = await runComparison(workload, {
        ...inputs,
        scale: { ...inputs.scale, activeHoursPerDay: 8, eventsPerDay: inputs.scale.eventsPerDay + more },
      });
      const slower = await runComparison(workload, {
        ...inputs,
        pollIntervalS: inputs.pollIntervalS * 4,
        scale: { ...inputs.scale, activeHoursPerDay: 8 },
      });
      for (const a of base.approaches) {
        expect(get(longer, a.id).cost.totalUsd).toBeGreaterThan(a.cost.totalUsd);
        if (a.id === 'websocket-push' || workload.id === 'chat')
          expect(get(busier, a.id).cost.totalUsd).toBeGreaterThan(a.cost.totalUsd);
        // Order-status polling costs the same however many changes there are: it pays for the polls.
        else expect(get(busier, a.id).cost.totalUsd).toBeCloseTo(a.cost.totalUsd, 6);
      }
      for (const id of POLLING) expect(get(slower, id).cost.totalUsd).toBeLessThan(get(base, id).cost.totalUsd);
    },
  );
});

describe('determinism', () => {
  property(
    'gives identical results, traces included, for the same inputs',
    { seed: 81, numRuns: 6 },
    fc.record({ workload: anyWorkload, inputs: anyInputs() }),
    async ({ workload, inputs }) => {
      const a = await runComparison(workload, inputs);
      const b = await runComparison(workload, inputs);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    },
  );
});
