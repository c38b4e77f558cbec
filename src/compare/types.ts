/**
 * The vocabulary of the "REST vs HTTP vs WebSocket" comparison: what the learner sets
 * (ComparisonInputs), what runs (Workload) and what comes out (ComparisonResult).
 *
 * Pure data: everything here is serialisable, so a result can be shown, saved or shared
 * without the engines that produced it.
 */
import type { ApiType, TraceEvent } from '../gateway';

// ------------------------------------------------------------------------------------ inputs

/** The request headers a client sends with every request (and with the WebSocket upgrade). */
export type HeaderSetInput =
  /** What `fetch()` from a page sends at least: Host, User-Agent, Accept*, Origin. */
  | { preset: 'browser-minimal' }
  /** A current Chrome tab with client hints, Sec-Fetch-*, a Referer and session/analytics cookies. */
  | { preset: 'browser-typical' }
  /** Exactly these headers (besides Host and Connection, which the transport writes). */
  | { preset: 'custom'; headers: [string, string][] };

export type HeaderPresetName = HeaderSetInput['preset'];

export interface KeepAliveInput {
  /** Reuse an idle HTTP/1.1 connection for the next request (HTTP keep-alive). */
  enabled: boolean;
  /**
   * How long an idle connection stays usable, in seconds (the smaller of the browser's and
   * the server's idle timeouts; a learner-set assumption, not an AWS figure).
   */
  idleTimeoutS: number;
}

/** The scale the monthly cost estimate is computed for. */
export interface ScaleInput {
  /** Clients (users, browser tabs) using the app. */
  clients: number;
  /** Events each client receives per day (status changes, chat messages). */
  eventsPerDay: number;
  /** Hours per day each client has the app open (polling, or holding its WebSocket). */
  activeHoursPerDay: number;
  /** Billing days per month. */
  daysPerMonth: number;
}

export interface ComparisonInputs {
  /** Round-trip time between the client and API Gateway, in ms. */
  rttMs: number;
  /** Seconds between two polls (the polling clients poll at a fixed rate, like setInterval). */
  pollIntervalS: number;
  /** Chat workload: how many messages the two users exchange. */
  messageCount: number;
  headerSet: HeaderSetInput;
  /** TLS 1.3 needs 1 round trip before the first request; TLS 1.2 needs 2 (RFC 8446 §2, RFC 5246 §7.3). */
  tlsVersion: '1.3' | '1.2';
  keepAlive: KeepAliveInput;
  scale: ScaleInput;
}

export type InputName = keyof ComparisonInputs;

// ---------------------------------------------------------------------------------- workloads

/** One status change of the order, at a virtual time (seconds from the start of the run). */
export interface OrderStatusChange {
  atS: number;
  status: string;
}

export interface OrderWorkload {
  id: 'order-status';
  name: string;
  description: string;
  orderId: string;
  /** The status the client already knows when it starts watching. */
  initialStatus: string;
  changes: OrderStatusChange[];
  /** The client watching the order (diagram lane). */
  client: string;
  /** A scale that fits this story, for the UI to offer. */
  suggestedScale: ScaleInput;
}

export interface ChatWorkload {
  id: 'chat';
  name: string;
  description: string;
  /** The two users; messages alternate, starting with the first. */
  users: [string, string];
  /** Seconds between consecutive messages, used in a cycle (deterministic, irregular like typing). */
  gapsS: number[];
  /** Message texts, used in a cycle. */
  texts: string[];
  suggestedScale: ScaleInput;
}

export type Workload = OrderWorkload | ChatWorkload;

/** One event the workload produces: something a client wants to learn about. */
export interface WorkloadEvent {
  /** `e1`, `e2`, … in time order. */
  id: string;
  /** Virtual ms from the start of the run. */
  atMs: number;
  /** The client that must receive it. */
  to: string;
  /** The client that causes it (chat), or none for a backend-originated event (order status). */
  from?: string;
  /** What it carries: the new status or the message text. */
  data: string;
}

// ------------------------------------------------------------------------------------ results

export type ApproachId = 'rest-polling' | 'http-polling' | 'websocket-push';

/** One step on the wire as the client sees it: what the byte and handshake figures are summed from. */
export interface WireRecord {
  /** Virtual ms from the start of the run when the step leaves its sender. */
  atMs: number;
  client: string;
  direction: 'client-to-server' | 'server-to-client';
  kind:
    | 'tcp-handshake'
    | 'tls-handshake'
    | 'http-request'
    | 'http-response'
    | 'ws-upgrade-request'
    | 'ws-upgrade-response'
    | 'ws-frame'
    | 'ws-close-frame';
  /** Bytes of HTTP/WebSocket data (0 for handshakes, which are counted in round trips). */
  bytes: number;
  /** Of `bytes`: the HTTP start line and headers, or the WebSocket frame header and mask. */
  overheadBytes: number;
  /** Round trips this step costs before data can flow (handshakes only). */
  roundTrips?: number;
  /** A short description, e.g. `GET /prod/orders/1234` or `text frame, 61-byte payload`. */
  note: string;
}

/** The literal bytes of one exchange, so the UI can show what a request really costs. */
export interface WireSample {
  label: string;
  direction: 'client-to-server' | 'server-to-client';
  /** The HTTP message as text (CRLF line ends), or a description of a frame's bytes. */
  text: string;
  bytes: number;
}

export interface Delivery {
  eventId: string;
  client: string;
  /** Virtual ms from the start of the run when the event happened (status change, user pressed send). */
  eventAtMs: number;
  /** Virtual ms when the client had it. */
  receivedAtMs: number;
  latencyMs: number;
}

export interface LatencyFigures {
  /** Over the events of this run. */
  minMs: number;
  meanMs: number;
  maxMs: number;
  /**
   * What a learner should expect for an event at a random moment: the wait until the next
   * request that can see it (phase-averaged over the gaps this run actually had between
   * requests reaching the gateway) plus the way back. For push it equals the measured mean.
   */
  expectedMs: number;
}

export interface CostLine {
  /** The PRICING row this line uses. */
  pricingId: string;
  item: string;
  /** How many were metered in the month (requests, messages, connection minutes, bytes). */
  quantity: number;
  /** What `quantity` counts, e.g. `requests`. */
  unit: string;
  /** The row's price, e.g. 3.5 … */
  price: number;
  /** … and what it buys, e.g. `per million requests`. */
  priceUnit: string;
  usd: number;
}

export interface MonthlyCost {
  lines: CostLine[];
  totalUsd: number;
  /** How the run's figures were scaled to a month, in words. */
  basis: string[];
}

export interface ApproachResult {
  id: ApproachId;
  label: string;
  apiType: ApiType;
  /** Base URL of the simulated API (`https://…/prod`, `wss://…/prod`). */
  url: string;
  connections: {
    /** TCP connections opened. */
    opened: number;
    /** Round trips spent on TCP + TLS (+ the WebSocket upgrade) before data could flow. */
    handshakeRoundTrips: number;
    tcpHandshakes: number;
    tlsHandshakes: number;
    /** WebSocket upgrades (GET + 101). */
    upgrades: number;
    /** Requests that went over an already open connection (keep-alive). */
    reusedRequests: number;
  };
  bytes: {
    total: number;
    clientToServer: number;
    serverToClient: number;
    /** HTTP start lines and headers, WebSocket frame headers and masks. */
    overhead: number;
    /** Bodies and frame payloads. */
    payload: number;
    /** Of the total: the WebSocket upgrade request and 101 response. */
    upgrade: number;
    /** total / events delivered. */
    perEvent: number;
  };
  latency: LatencyFigures;
  polls: {
    total: number;
    /** Polls whose response held nothing new for that client. */
    wasted: number;
    useful: number;
  };
  counts: {
    /** HTTP requests (polls and sends). */
    requests: number;
    /** WebSocket data messages client → API. */
    messagesIn: number;
    /** WebSocket data messages API → client. */
    messagesOut: number;
    /** Billable units: requests (HTTP: 512 KB increments) or messages (32 KB increments). */
    billedUnits: number;
    /** WebSocket connection minutes in this run (fractional). */
    connectionMinutes: number;
    eventsDelivered: number;
  };
  deliveries: Delivery[];
  cost: MonthlyCost;
  wire: WireRecord[];
  samples: WireSample[];
  /** Every step of this approach's own engine instance, for its sequence diagram. */
  trace: readonly TraceEvent[];
}

export interface ComparisonResult {
  workload: { id: Workload['id']; name: string; description: string };
  /** Every input, normalised (what the run really used). */
  inputs: ComparisonInputs;
  /** The inputs that influence this workload's figures (the chat uses messageCount, the order does not). */
  inputsUsed: InputName[];
  events: WorkloadEvent[];
  /** Virtual ms from the start to the last delivery in any approach. */
  durationMs: number;
  approaches: ApproachResult[];
  /** How the model simplifies the network, for the UI to show next to the figures. */
  assumptions: string[];
}
