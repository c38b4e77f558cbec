/**
 * The WebSocket approach: each client opens one connection (TCP + TLS + the HTTP upgrade)
 * and the backend pushes every event through `@connections` the moment it happens. Frames go
 * through the engine instance; the bytes are RFC 6455 frames around the real payloads.
 */
import { createInProcessInvoker } from '../gateway';
import type { ClientConnection, WebSocketApi } from '../gateway';
import type { WebSocketApiDefinition } from '../gateway';
import { createWebSocketApi } from '../gateway';
import { utf8Length } from '../gateway';
import { chatPushApp, FeedStore, notifyOrder, orderPushApp } from './backend';
import { monthlyCost, type PushRates } from './cost';
import { RUN_START_EPOCH_MS } from './polling';
import { EventQueue, latencyFigures, SimClock, round3, WireLog } from './sim';
import type { ApproachResult, ComparisonInputs, Delivery, Workload, WorkloadEvent } from './types';
import {
  closeFrameBytes,
  connectionSetupRoundTrips,
  frameBytes,
  headerSetHeaders,
  httpMessageBytes,
  httpRequestText,
  httpResponseText,
  UPGRADE_ROUND_TRIPS,
} from './wire';
import { workloadClients } from './workloads';

/** A close frame carries the 2-byte status code and no reason (RFC 6455 §5.5.1). */
const CLOSE_PAYLOAD_BYTES = 2;

/** WebSocket messages are metered in 32 KB increments (PRICING['websocket-messages']). */
const WS_METER_BYTES = 32 * 1024;

interface PushClient {
  name: string;
  query: string;
  conn?: ClientConnection;
  open: boolean;
  connecting: boolean;
  /** Gateway time the current connection was accepted. */
  openedAt: number;
  outbox: (() => void)[];
  expected: number;
  received: Set<string>;
  sendsLeft: number;
  closing: boolean;
}

export async function runPush(
  workload: Workload,
  events: WorkloadEvent[],
  inputs: ComparisonInputs,
): Promise<ApproachResult> {
  const clock = new SimClock(RUN_START_EPOCH_MS);
  const store = new FeedStore();
  const pending = { eventId: '' };
  const order = workload.id === 'order-status';
  // The chat's function posts through the API it belongs to, which exists only after the app.
  const holder = {} as { api: WebSocketApi };
  const app = order ? orderPushApp(store, workload.client) : chatPushApp(store, pending, () => holder.api);
  const definition: WebSocketApiDefinition = {
    protocolType: 'WEBSOCKET',
    name: order ? 'order-updates' : 'chat',
    region: 'us-east-1',
    stage: { name: 'prod' },
    routeSelectionExpression: '$request.body.action',
    routes: Object.fromEntries(
      Object.entries(app.routes).map(([key, r]) => [
        key,
        { integration: { type: 'AWS_PROXY' as const, function: r.fn } },
      ]),
    ),
    functions: Object.fromEntries(Object.values(app.routes).map((r) => [r.fn, { handler: `${r.fn}.handler` }])),
  };
  const api = createWebSocketApi({
    definition,
    invoker: createInProcessInvoker(app.handlers),
    clock,
    seed: 'compare-websocket-push',
  });
  holder.api = api;
  let finished = false;

  const queue = new EventQueue();
  const wire = new WireLog();
  const rtt = inputs.rttMs;
  const up = Math.floor(rtt / 2);
  const down = rtt - up;
  const setup = connectionSetupRoundTrips(inputs.tlsVersion);
  const headerSet = headerSetHeaders(inputs.headerSet);
  const stagePath = `/${api.stage}`;
  const eventById = new Map(events.map((e) => [e.id, e]));
  const now = () => clock.now() - RUN_START_EPOCH_MS;
  const lastEventAtMs = Math.max(0, ...events.map((e) => e.atMs));

  const deliveries: Delivery[] = [];
  const connections: ApproachResult['connections'] = {
    opened: 0,
    handshakeRoundTrips: 0,
    tcpHandshakes: 0,
    tlsHandshakes: 0,
    upgrades: 0,
    reusedRequests: 0,
  };
  const counts = { messagesIn: 0, messagesOut: 0, billedUnits: 0, connectionMs: 0 };
  let bytesOutPerConnection = 0;

  const clients = new Map<string, PushClient>();
  for (const name of workloadClients(workload))
    clients.set(name, {
      name,
      query: order ? `orderId=${workload.orderId}` : `user=${encodeURIComponent(name)}`,
      open: false,
      connecting: false,
      openedAt: 0,
      outbox: [],
      expected: events.filter((e) => e.to === name).length,
      received: new Set(),
      sendsLeft: events.filter((e) => e.from === name).length,
      closing: false,
    });

  const bill = (payloadBytes: number) => (counts.billedUnits += Math.max(1, Math.ceil(payloadBytes / WS_METER_BYTES)));

  function connect(c: PushClient, t: number): void {
    c.connecting = true;
    connections.opened++;
    connections.tcpHandshakes++;
    connections.tlsHandshakes++;
    connections.upgrades++;
    connections.handshakeRoundTrips += setup.tcp + setup.tls + UPGRADE_ROUND_TRIPS;
    wire.handshakes(c.name, t, rtt, setup.tcp, setup.tls, inputs.tlsVersion);
    const departAt = t + (setup.tcp + setup.tls) * rtt;
    queue.schedule(departAt + up, async () => {
      const result = await api.connect({ query: c.query, headers: Object.fromEntries(headerSet), clientName: c.name });
      if (!result.accepted)
        throw new Error(`the comparison's $connect rejected ${c.name}: ${result.status} ${result.reason}`);
      const accepted = now();
      // The browser's upgrade request: the key the engine saw, the upgrade headers, then the header set.
      const connectEvent = api.trace
        .ofKind('lambda.invoke')
        .filter((e) => e.eventType === 'CONNECT' && e.connectionId === result.connection.connectionId)
        .at(-1)?.event as { headers?: Record<string, string> } | undefined;
      const key = connectEvent?.headers?.['Sec-WebSocket-Key'] ?? 'dGhlIHNhbXBsZSBub25jZQ==';
      const upgradeText = httpRequestText('GET', `${stagePath}?${c.query}`, [
        ['Host', api.domainName],
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
        ['Sec-WebSocket-Version', '13'],
        ['Sec-WebSocket-Key', key],
        ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
        ...headerSet,
      ]);
      const upgradeBytes = httpMessageBytes(upgradeText, '');
      wire.add({
        atMs: departAt,
        client: c.name,
        direction: 'client-to-server',
        kind: 'ws-upgrade-request',
        ...upgradeBytes,
        note: `GET ${stagePath}?${c.query} (Upgrade: websocket)`,
      });
      wire.sample('upgrade request', 'client-to-server', upgradeText, upgradeBytes.bytes);
      const switchText = httpResponseText(101, Object.entries(result.headers));
      const switchBytes = httpMessageBytes(switchText, '');
      wire.add({
        atMs: accepted,
        client: c.name,
        direction: 'server-to-client',
        kind: 'ws-upgrade-response',
        ...switchBytes,
        note: '101 Switching Protocols',
      });
      wire.sample('upgrade response', 'server-to-client', switchText, switchBytes.bytes);
      bytesOutPerConnection = switchBytes.bytes + closeFrameBytes('server-to-client');
      const conn = result.connection;
      c.conn = conn;
      c.openedAt = accepted;
      conn.onMessage((text) => {
        const payload = utf8Length(text);
        const leave = now();
        counts.messagesOut++;
        bill(payload);
        wire.frame(c.name, leave, 'server-to-client', payload);
        wire.sample('pushed frame', 'server-to-client', text, frameBytes(payload, 'server-to-client'));
        queue.schedule(leave + down, () => receive(c, text, leave + down));
      });
      conn.onClose((info) => {
        if (finished) return;
        counts.connectionMs += now() - c.openedAt;
        c.open = false;
        c.conn = undefined;
        if (info.byClient) return;
        // The gateway closed it (idle timeout, 2-hour limit): the close frame travels back, the client reconnects.
        const heardAt = now() + down;
        wire.frame(c.name, now(), 'server-to-client', CLOSE_PAYLOAD_BYTES, true);
        wire.frame(c.name, heardAt, 'client-to-server', CLOSE_PAYLOAD_BYTES, true);
        // Reconnect while events may still come; after the last one there is nothing left to wait for.
        if (!done(c) && now() <= lastEventAtMs) queue.schedule(heardAt, () => connect(c, heardAt));
      });
      queue.schedule(accepted + down, () => {
        c.connecting = false;
        c.open = true;
        for (const send of c.outbox.splice(0)) send();
      });
    });
  }

  const done = (c: PushClient) => c.received.size >= c.expected && c.sendsLeft === 0;

  function closeIfDone(c: PushClient, t: number): void {
    if (!done(c) || c.closing || !c.open) return;
    c.closing = true;
    const conn = c.conn!;
    wire.frame(c.name, t, 'client-to-server', CLOSE_PAYLOAD_BYTES, true);
    queue.schedule(t + up, async () => {
      await conn.close(1000);
      wire.frame(c.name, now(), 'server-to-client', CLOSE_PAYLOAD_BYTES, true);
    });
  }

  function receive(c: PushClient, text: string, at: number): void {
    let id: number;
    try {
      const parsed = JSON.parse(text);
      id = Number(order ? parsed.version : parsed.id);
    } catch {
      return;
    }
    const eventId = store.eventFor(c.name, id);
    if (!eventId || c.received.has(eventId)) return;
    c.received.add(eventId);
    const e = eventById.get(eventId)!;
    deliveries.push({ eventId, client: c.name, eventAtMs: e.atMs, receivedAtMs: at, latencyMs: at - e.atMs });
    closeIfDone(c, at);
  }

  function sendFrame(c: PushClient, e: WorkloadEvent, t: number): void {
    const text = JSON.stringify({ action: 'sendmessage', to: e.to, text: e.data });
    const payload = utf8Length(text);
    const conn = c.conn!;
    counts.messagesIn++;
    bill(payload);
    wire.frame(c.name, t, 'client-to-server', payload);
    wire.sample('sent frame', 'client-to-server', text, frameBytes(payload, 'client-to-server'));
    c.sendsLeft--;
    queue.schedule(t + up, async () => {
      pending.eventId = e.id;
      await conn.send(text);
    });
    // The close frame, if this was the client's last business, follows the data frame on the same connection.
    closeIfDone(c, t);
  }

  for (const c of clients.values()) queue.schedule(0, () => connect(c, 0));
  for (const e of events) {
    queue.schedule(e.atMs, async () => {
      if (order) {
        const version = store.after(workload.client, 0).length + 1;
        const at = new Date(clock.now()).toISOString();
        const item = store.append(workload.client, e.id, { orderId: workload.orderId, version, status: e.data, at });
        await notifyOrder(api, store, workload.client, item);
        return;
      }
      const sender = clients.get(e.from!)!;
      if (sender.open) sendFrame(sender, e, e.atMs);
      else sender.outbox.push(() => sendFrame(sender, e, queue.now));
    });
  }

  await queue.run(clock, RUN_START_EPOCH_MS, () => api.whenIdle());
  await api.whenIdle();
  for (const c of clients.values()) if (c.conn) counts.connectionMs += now() - c.openedAt;
  finished = true;
  api.dispose();

  const delivered = deliveries.length;
  const latency = latencyFigures(deliveries, 0);
  latency.expectedMs = round3(latency.meanMs);
  const bytes = wire.totals(delivered);
  let pushedBytes = 0;
  for (const r of wire.records) if (r.kind === 'ws-frame' && r.direction === 'server-to-client') pushedBytes += r.bytes;
  const messages = counts.messagesIn + counts.messagesOut;
  const rates: PushRates = {
    kind: 'push',
    messagesPerEvent: delivered ? messages / delivered : 0,
    billedPerMessage: messages ? counts.billedUnits / messages : 1,
    bytesOutPerEvent: delivered ? pushedBytes / delivered : 0,
    bytesOutPerConnection,
  };
  deliveries.sort((a, b) => a.receivedAtMs - b.receivedAtMs || a.eventId.localeCompare(b.eventId));
  return {
    id: 'websocket-push',
    label: 'WebSocket API push',
    apiType: 'WEBSOCKET',
    url: api.url,
    connections,
    bytes,
    latency,
    polls: { total: 0, wasted: 0, useful: 0 },
    counts: {
      requests: 0,
      messagesIn: counts.messagesIn,
      messagesOut: counts.messagesOut,
      billedUnits: counts.billedUnits,
      connectionMinutes: round3(counts.connectionMs / 60_000),
      eventsDelivered: delivered,
    },
    deliveries,
    cost: monthlyCost(rates, inputs.scale),
    wire: wire.records,
    samples: wire.samples,
    trace: api.trace.events,
  };
}
