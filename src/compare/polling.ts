/**
 * The polling approaches (REST API and HTTP API): each client asks "anything new?" every
 * poll interval (a fixed rate, like setInterval), and the chat's sender POSTs each message.
 * Every request goes through the engine instance; its real response is what the client
 * reads and what the bytes are counted from.
 *
 * Timing model (virtual ms from the start): a request on a new connection first spends
 * TCP + TLS round trips; it reaches the gateway half a round trip after it leaves, and the
 * response takes the other half back.
 */
import type { GatewayHttpResponse, HttpLikeApi } from '../gateway';
import { createInProcessInvoker } from '../gateway';
import { utf8Length } from '../gateway';
import { chatPollingApp, FeedStore, orderPollingApp } from './backend';
import { monthlyCost, type PollingRates } from './cost';
import type { HttpLikeFactory } from './engines';
import { EventQueue, latencyFigures, SimClock, phaseAveragedWait, round3, WireLog } from './sim';
import type { ApproachId, ApproachResult, ComparisonInputs, Delivery, Workload, WorkloadEvent } from './types';
import {
  connectionSetupRoundTrips,
  headerSetHeaders,
  httpMessageBytes,
  httpRequestText,
  httpResponseText,
  responseHeaderLines,
} from './wire';
import { workloadClients } from './workloads';

/** Every approach's clock starts here, so the three traces line up. */
export const RUN_START_EPOCH_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

/** HTTP APIs are metered in 512 KB increments (PRICING['http-requests']). */
const HTTP_METER_BYTES = 512 * 1024;

interface Conn {
  /** When it can take the next request (Infinity while a request is in flight). */
  freeAt: number;
}

interface PollClient {
  name: string;
  cursor: number;
  expected: number;
  received: Set<string>;
  doneAt?: number;
  conns: Conn[];
  pollSends: number[];
  pollArrivals: number[];
}

export interface PollingApproach {
  id: Extract<ApproachId, 'rest-polling' | 'http-polling'>;
  label: string;
  apiType: 'REST' | 'HTTP';
  factory: HttpLikeFactory;
}

/** The list a poll returned (`updates` or `messages`); nothing when the body is not that JSON (an error response). */
function readItems(body: string, key: 'updates' | 'messages'): { id?: unknown; version?: unknown }[] {
  try {
    const list = JSON.parse(body)?.[key];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export async function runPolling(
  approach: PollingApproach,
  workload: Workload,
  events: WorkloadEvent[],
  inputs: ComparisonInputs,
): Promise<ApproachResult> {
  const clock = new SimClock(RUN_START_EPOCH_MS);
  const store = new FeedStore();
  const pending = { eventId: '' };
  const order = workload.id === 'order-status';
  const app = order ? orderPollingApp(store, workload.client) : chatPollingApp(store, pending);
  const api: HttpLikeApi = approach.factory({
    routes: app.routes,
    invoker: createInProcessInvoker(app.handlers),
    clock,
    seed: `compare-${approach.id}`,
  });
  const queue = new EventQueue();
  const wire = new WireLog();
  const rtt = inputs.rttMs;
  const up = Math.floor(rtt / 2);
  const down = rtt - up;
  const setup = connectionSetupRoundTrips(inputs.tlsVersion);
  const intervalMs = Math.round(inputs.pollIntervalS * 1000);
  const idleMs = inputs.keepAlive.idleTimeoutS * 1000;
  const headerSet = headerSetHeaders(inputs.headerSet);
  const host = api.url.replace(/^https:\/\//, '').split('/')[0];
  const basePath = api.url.replace(/^https:\/\/[^/]+/, '');
  const eventById = new Map(events.map((e) => [e.id, e]));
  const availableAt = new Map<string, number>();

  const clients = new Map<string, PollClient>();
  for (const name of workloadClients(workload))
    clients.set(name, {
      name,
      cursor: 0,
      expected: events.filter((e) => e.to === name).length,
      received: new Set(),
      conns: [],
      pollSends: [],
      pollArrivals: [],
    });

  const deliveries: Delivery[] = [];
  const connections: ApproachResult['connections'] = {
    opened: 0,
    handshakeRoundTrips: 0,
    tcpHandshakes: 0,
    tlsHandshakes: 0,
    upgrades: 0,
    reusedRequests: 0,
  };
  const polls = { total: 0, wasted: 0, useful: 0 };
  const perKind = {
    poll: { n: 0, billed: 0, bytesOut: 0 },
    send: { n: 0, billed: 0, bytesOut: 0 },
  };

  /** One HTTP exchange from `c`, leaving at `t`; `onReceipt` runs when the response is back. */
  function request(
    c: PollClient,
    t: number,
    kind: 'poll' | 'send',
    method: 'GET' | 'POST',
    target: string,
    body: string,
    onArrival: (at: number) => void,
    onReceipt: (res: GatewayHttpResponse, at: number) => void,
  ): void {
    let conn = inputs.keepAlive.enabled ? c.conns.find((k) => k.freeAt <= t && t - k.freeAt <= idleMs) : undefined;
    let departAt = t;
    if (conn) {
      connections.reusedRequests++;
    } else {
      conn = { freeAt: Infinity };
      if (inputs.keepAlive.enabled) c.conns.push(conn);
      connections.opened++;
      connections.tcpHandshakes++;
      connections.tlsHandshakes++;
      connections.handshakeRoundTrips += setup.tcp + setup.tls;
      wire.handshakes(c.name, t, rtt, setup.tcp, setup.tls, inputs.tlsVersion);
      departAt = t + (setup.tcp + setup.tls) * rtt;
    }
    conn.freeAt = Infinity;
    const used = conn;
    const headers: [string, string][] = [['Host', host], ...headerSet];
    if (body) headers.push(['Content-Type', 'application/json'], ['Content-Length', String(utf8Length(body))]);
    const connection: [string, string] = ['Connection', inputs.keepAlive.enabled ? 'keep-alive' : 'close'];
    const text = httpRequestText(method, basePath + target, [...headers, connection], body);
    const reqBytes = httpMessageBytes(text, body);
    const note = `${method} ${basePath}${target}`;
    const client = c.name;
    wire.add({ atMs: departAt, client, direction: 'client-to-server', kind: 'http-request', ...reqBytes, note });
    wire.sample(kind === 'poll' ? 'poll request' : 'send request', 'client-to-server', text, reqBytes.bytes);
    const arrival = departAt + up;
    queue.schedule(arrival, async () => {
      onArrival(arrival);
      const url = api.url + target;
      const res = await api.handle({ method, url, headers, body: body || undefined, clientName: c.name });
      const leave = clock.now() - RUN_START_EPOCH_MS;
      const resHeaders = responseHeaderLines(res, { nowMs: clock.now(), keepAlive: inputs.keepAlive.enabled });
      const resText = httpResponseText(res.status, resHeaders, res.body);
      const resBytes = httpMessageBytes(resText, res.body);
      const status = `${res.status}`;
      wire.add({
        atMs: leave,
        client,
        direction: 'server-to-client',
        kind: 'http-response',
        ...resBytes,
        note: status,
      });
      wire.sample(kind === 'poll' ? 'poll response' : 'send response', 'server-to-client', resText, resBytes.bytes);
      const k = perKind[kind];
      k.n++;
      k.bytesOut += resBytes.bytes;
      // HTTP APIs meter in 512 KB increments (of the larger side, our choice); REST counts each request once.
      const larger = Math.max(reqBytes.bytes, resBytes.bytes);
      k.billed += approach.apiType === 'HTTP' ? Math.max(1, Math.ceil(larger / HTTP_METER_BYTES)) : 1;
      const receipt = leave + down;
      used.freeAt = inputs.keepAlive.enabled ? receipt : -Infinity;
      queue.schedule(receipt, () => onReceipt(res, receipt));
    });
  }

  function deliver(c: PollClient, eventId: string | undefined, at: number): boolean {
    if (!eventId || c.received.has(eventId)) return false;
    c.received.add(eventId);
    const e = eventById.get(eventId)!;
    deliveries.push({ eventId, client: c.name, eventAtMs: e.atMs, receivedAtMs: at, latencyMs: at - e.atMs });
    if (c.received.size >= c.expected) c.doneAt = at;
    return true;
  }

  function schedulePoll(c: PollClient, t: number): void {
    queue.schedule(t, () => {
      if (c.doneAt !== undefined || c.expected === 0) return;
      polls.total++;
      c.pollSends.push(t);
      const target = order
        ? `/orders/${workload.orderId}/updates?after=${c.cursor}`
        : `/messages?user=${encodeURIComponent(c.name)}&after=${c.cursor}`;
      request(
        c,
        t,
        'poll',
        'GET',
        target,
        '',
        (at) => c.pollArrivals.push(at),
        (res, at) => {
          const items = readItems(res.body, order ? 'updates' : 'messages');
          let fresh = false;
          for (const item of items) {
            const id = Number(order ? item.version : item.id);
            if (!(id > c.cursor)) continue;
            if (deliver(c, store.eventFor(c.name, id), at)) fresh = true;
            c.cursor = Math.max(c.cursor, id);
          }
          if (fresh) polls.useful++;
          else polls.wasted++;
        },
      );
      schedulePoll(c, t + intervalMs);
    });
  }

  for (const c of clients.values()) schedulePoll(c, 0);
  for (const e of events) {
    if (order) {
      queue.schedule(e.atMs, () => {
        const version = store.after(workload.client, 0).length + 1;
        store.append(workload.client, e.id, { version, status: e.data, at: new Date(clock.now()).toISOString() });
        availableAt.set(e.id, e.atMs);
      });
    } else {
      const sender = clients.get(e.from!)!;
      queue.schedule(e.atMs, () => {
        const body = JSON.stringify({ from: e.from, to: e.to, text: e.data });
        request(
          sender,
          e.atMs,
          'send',
          'POST',
          '/messages',
          body,
          (at) => {
            pending.eventId = e.id;
            availableAt.set(e.id, at);
          },
          () => {},
        );
      });
    }
  }

  await queue.run(clock, RUN_START_EPOCH_MS, async () => {});
  api.dispose();

  // Expected latency: the way to the store, the phase-averaged wait for the next poll, the way back.
  let waitSum = 0;
  let waitWeight = 0;
  for (const c of clients.values()) {
    const w = phaseAveragedWait(c.pollArrivals) ?? intervalMs / 2;
    waitSum += w * c.expected;
    waitWeight += c.expected;
  }
  let upstream = 0;
  for (const e of events) upstream += (availableAt.get(e.id) ?? e.atMs) - e.atMs;
  const expectedMs = events.length ? upstream / events.length + waitSum / Math.max(1, waitWeight) + down : 0;

  // Polls per hour the app is open, from the gaps between each client's polls.
  let gapSum = 0;
  let gaps = 0;
  for (const c of clients.values())
    for (let i = 1; i < c.pollSends.length; i++) {
      gapSum += c.pollSends[i] - c.pollSends[i - 1];
      gaps++;
    }
  const pollGapMs = gaps ? gapSum / gaps : intervalMs;
  const delivered = deliveries.length;
  const rates: PollingRates = {
    kind: 'polling',
    apiType: approach.apiType,
    pollsPerActiveHour: 3_600_000 / pollGapMs,
    requestsPerEvent: delivered ? perKind.send.n / delivered : 0,
    billedPerPoll: perKind.poll.n ? perKind.poll.billed / perKind.poll.n : 1,
    billedPerEventRequest: perKind.send.n ? perKind.send.billed / perKind.send.n : 1,
    bytesOutPerPoll: perKind.poll.n ? perKind.poll.bytesOut / perKind.poll.n : 0,
    bytesOutPerEventRequest: perKind.send.n ? perKind.send.bytesOut / perKind.send.n : 0,
  };

  deliveries.sort((a, b) => a.receivedAtMs - b.receivedAtMs || a.eventId.localeCompare(b.eventId));
  return {
    id: approach.id,
    label: approach.label,
    apiType: approach.apiType,
    url: api.url,
    connections,
    bytes: wire.totals(delivered),
    latency: latencyFigures(deliveries, round3(expectedMs)),
    polls,
    counts: {
      requests: perKind.poll.n + perKind.send.n,
      messagesIn: 0,
      messagesOut: 0,
      billedUnits: perKind.poll.billed + perKind.send.billed,
      connectionMinutes: 0,
      eventsDelivered: delivered,
    },
    deliveries,
    cost: monthlyCost(rates, inputs.scale),
    wire: wire.records,
    samples: wire.samples,
    trace: api.trace.events,
  };
}
