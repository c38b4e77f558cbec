/**
 * Real mode against the local gateway (`npm run gateway`, docs/local-gateway.md): the page asks
 * the endpoint's origin for `GET /_admin/info`; a local gateway answers with its service name and
 * clock, and the page then follows its trace stream (`/_admin/trace`, Server-Sent Events) so the
 * backend's steps join what the clients saw (ObservedTrace.mergeBackend).
 *
 * Only plain `ws://` and `http://` endpoints are asked: the local gateway has no TLS, and a real
 * AWS endpoint is always `wss://`/`https://`, so a deployed API never receives the probe.
 */
import type { TraceEvent } from '../gateway';

/** What `/_admin/info` says (src/host/admin/endpoints.ts `AdminInfo`; only what the page reads). */
interface GatewayInfo {
  service: string;
  now: number;
  trace: string;
}

/** src/host/admin/endpoints.ts `LOCAL_GATEWAY_SERVICE` (the page does not import the host). */
const SERVICE = 'api-gateway-playground/local-gateway';

/** A stream starts this long before the first observation, so the first handshake's steps are in it. */
const REPLAY_MARGIN_MS = 1_000;

const PROBE_TIMEOUT_MS = 3_000;

export interface LinkEnvironment {
  fetch: typeof fetch;
  /** The page's EventSource (absent in Node: no link). */
  EventSource?: typeof EventSource;
  /** The page's clock (observations are stamped with it). */
  now(): number;
}

export interface LinkHandlers {
  /** The stream is open: merge from now on. */
  linked(): void;
  /** A backend step, and what to add to its time to put it on the page's clock. */
  event(e: TraceEvent, offsetMs: number): void;
  /** The stream ended for good (the gateway stopped, or `close()`). */
  ended(): void;
}

export interface GatewayLink {
  readonly origin: string;
  close(): void;
}

/** The origin a local gateway would serve its admin endpoints on, or null (not a plain ws/http URL). */
export function adminOrigin(endpoint: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'http:') return null;
  return `http://${url.host}`;
}

function isInfo(v: unknown): v is GatewayInfo {
  const o = v as Partial<GatewayInfo> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    o.service === SERVICE &&
    typeof o.now === 'number' &&
    typeof o.trace === 'string' &&
    o.trace.startsWith('/')
  );
}

/**
 * Links to the local gateway behind `endpoint`, replaying its steps from `sinceMs` (page clock)
 * on. Resolves null when the endpoint is not a local gateway (or cannot be asked).
 */
export async function linkLocalGateway(
  endpoint: string,
  sinceMs: number,
  env: LinkEnvironment,
  handlers: LinkHandlers,
): Promise<GatewayLink | null> {
  const origin = adminOrigin(endpoint);
  if (!origin || !env.EventSource) return null;
  let info: GatewayInfo;
  let offsetMs: number;
  try {
    const sent = env.now();
    const res = await env.fetch(`${origin}/_admin/info`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!res.ok) return null;
    const body: unknown = await res.json();
    if (!isInfo(body)) return null;
    info = body;
    // The gateway read its clock about half-way through the round trip.
    offsetMs = (sent + env.now()) / 2 - info.now;
  } catch {
    return null;
  }
  const since = Math.floor(sinceMs - offsetMs - REPLAY_MARGIN_MS);
  const source = new env.EventSource(`${origin}${info.trace}?since=${since}`);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    source.close();
    handlers.ended();
  };
  handlers.linked();
  source.addEventListener('trace', (m) => {
    let e: unknown;
    try {
      e = JSON.parse((m as MessageEvent<string>).data);
    } catch {
      return;
    }
    if (isTraceEvent(e)) handlers.event(e, offsetMs);
  });
  // EventSource reconnects by itself (resuming after the last id); CLOSED means it gave up.
  source.addEventListener('error', () => {
    if (source.readyState === 2) end();
  });
  return { origin, close: end };
}

/** The shape the merge relies on; the rest is drawn as untrusted text like every trace field. */
function isTraceEvent(v: unknown): v is TraceEvent {
  const e = v as Partial<TraceEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.kind === 'string' &&
    typeof e.seq === 'number' &&
    typeof e.t === 'number' &&
    typeof e.from === 'string' &&
    typeof e.to === 'string' &&
    typeof e.summary === 'string'
  );
}
