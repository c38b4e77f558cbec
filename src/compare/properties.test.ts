/**
 * Property tests: for each figure, over inputs drawn by a seeded generator, the figure moves
 * when (and the way) its input moves. Where a property only holds on average in real life
 * (polling latency depends on where an event falls between two polls), the test states the
 * condition under which it holds exactly (keep-alive off, an interval that is a whole
 * multiple of another: the longer interval's polls are a subset of the shorter one's).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS, runComparison } from './compare';
import { forAll, type Gen } from './test-gen';
import type { ApproachResult, ChatWorkload, ComparisonInputs, ComparisonResult, Workload } from './types';
import { frameHeaderBytes } from './wire';
import { WORKLOADS } from './workloads';

const POLLING = ['rest-polling', 'http-polling'] as const;
const get = (r: ComparisonResult, id: ApproachResult['id']) => r.approaches.find((a) => a.id === id)!;

function drawInputs(g: Gen): ComparisonInputs {
  return {
    rttMs: g.int(0, 400),
    pollIntervalS: g.pick([0.5, 1, 2, 3, 5, 7.5, 10, 20]),
    messageCount: g.int(1, 30),
    headerSet: g.pick([{ preset: 'browser-minimal' }, { preset: 'browser-typical' }] as const),
    tlsVersion: g.pick(['1.3', '1.2'] as const),
    keepAlive: { enabled: g.bool(), idleTimeoutS: g.pick([1, 5, 60, 300]) },
    scale: {
      clients: g.int(1, 100_000),
      eventsPerDay: g.int(1, 500),
      activeHoursPerDay: g.int(1, 24),
      daysPerMonth: 30,
    },
  };
}

const drawWorkload = (g: Gen): Workload => g.pick([WORKLOADS.chat, WORKLOADS['order-status']] as Workload[]);

describe('connections and handshakes', () => {
  it('spend TCP + TLS round trips per connection (+1 upgrade for WebSocket): 2 with TLS 1.3, 3 with TLS 1.2', async () => {
    await forAll(
      12,
      8,
      (g) => ({ workload: drawWorkload(g), inputs: drawInputs(g) }),
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
  });

  it('open a connection per request without keep-alive, and fewer with it when the idle timeout outlasts the poll interval', async () => {
    await forAll(
      21,
      8,
      (g) => ({
        workload: drawWorkload(g),
        inputs: { ...drawInputs(g), rttMs: g.int(0, 100), pollIntervalS: g.pick([1, 2, 5, 10]) },
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
});

describe('bytes on the wire', () => {
  it('rise by exactly the added header line on every request, and once per WebSocket upgrade', async () => {
    await forAll(
      31,
      12,
      (g) => ({ workload: drawWorkload(g), inputs: drawInputs(g), extra: g.int(0, 400) }),
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
  });

  it('are higher with the typical browser header set (cookies, client hints) than with the minimal one', async () => {
    await forAll(
      32,
      8,
      (g) => ({ workload: drawWorkload(g), inputs: drawInputs(g) }),
      async ({ workload, inputs }) => {
        const minimal = await runComparison(workload, { ...inputs, headerSet: { preset: 'browser-minimal' } });
        const typical = await runComparison(workload, { ...inputs, headerSet: { preset: 'browser-typical' } });
        for (const m of minimal.approaches) expect(get(typical, m.id).bytes.total).toBeGreaterThan(m.bytes.total);
      },
    );
  });

  it('grow per WebSocket message by the frame header, plus the 4-byte mask on client frames, stepping at 126-byte payloads', async () => {
    await forAll(
      33,
      10,
      (g) => ({ textLength: g.int(1, 300), messageCount: g.int(1, 12) }),
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
});

describe('latency', () => {
  it('of polling never falls, and on average rises, when the poll interval is multiplied', async () => {
    await forAll(
      41,
      12,
      (g) => ({
        workload: drawWorkload(g),
        inputs: {
          ...drawInputs(g),
          keepAlive: { enabled: false, idleTimeoutS: 60 },
          pollIntervalS: g.pick([0.5, 1, 2, 3, 5]),
        },
        m: g.int(2, 4),
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
  });

  it('rises with the round-trip time: polling expects more, push is exactly one RTT (chat) or half of one (order)', async () => {
    await forAll(
      42,
      12,
      (g) => ({
        workload: drawWorkload(g),
        inputs: { ...drawInputs(g), keepAlive: { enabled: false, idleTimeoutS: 60 }, rttMs: g.int(0, 300) },
        more: g.int(2, 300),
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
  });

  it('of polling stays within one interval plus the request’s own handshakes and round trips', async () => {
    await forAll(
      43,
      12,
      (g) => ({ workload: drawWorkload(g), inputs: drawInputs(g) }),
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
});

describe('polls and wasted polls', () => {
  it('fall as the poll interval grows', async () => {
    await forAll(
      51,
      12,
      (g) => ({
        workload: drawWorkload(g),
        inputs: {
          ...drawInputs(g),
          keepAlive: { enabled: false, idleTimeoutS: 60 },
          pollIntervalS: g.pick([0.5, 1, 2, 3]),
        },
        m: g.int(2, 4),
      }),
      async ({ workload, inputs, m }) => {
        const fast = await runComparison(workload, inputs);
        const slow = await runComparison(workload, { ...inputs, pollIntervalS: inputs.pollIntervalS * m });
        for (const id of POLLING) {
          expect(get(slow, id).polls.wasted).toBeLessThanOrEqual(get(fast, id).polls.wasted);
          expect(get(slow, id).polls.total).toBeLessThanOrEqual(get(fast, id).polls.total);
          if (workload.id === 'order-status')
            expect(get(slow, id).polls.wasted).toBeLessThan(get(fast, id).polls.wasted);
          const p = get(slow, id).polls;
          expect(p.total).toBe(p.useful + p.wasted);
        }
      },
    );
  });
});

describe('request and message counts', () => {
  it('follow the message count: one POST per chat message, one frame in and one out', async () => {
    await forAll(
      61,
      10,
      (g) => ({ inputs: drawInputs(g) }),
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
});

describe('monthly cost', () => {
  it('scales linearly with the number of clients', async () => {
    await forAll(
      71,
      8,
      (g) => ({ workload: drawWorkload(g), inputs: drawInputs(g), k: g.int(2, 50) }),
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
  });

  it('rises with the hours the app is open and with the events per day, and polling’s falls as the interval grows', async () => {
    await forAll(
      72,
      8,
      (g) => ({
        workload: drawWorkload(g),
        inputs: { ...drawInputs(g), pollIntervalS: g.pick([1, 2, 5]) },
        more: g.int(1, 10),
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
});

describe('determinism', () => {
  it('gives identical results, traces included, for the same inputs', async () => {
    await forAll(
      81,
      6,
      (g) => ({ workload: drawWorkload(g), inputs: drawInputs(g) }),
      async ({ workload, inputs }) => {
        const a = await runComparison(workload, inputs);
        const b = await runComparison(workload, inputs);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      },
    );
  });
});
