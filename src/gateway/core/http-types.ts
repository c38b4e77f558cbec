/**
 * The contract shared by HTTP API and REST API instances: a request in, a response out, as
 * the client sees it on the wire. Implemented by `createHttpApi` (./http) and `createRestApi`
 * (./rest); driven by the MSW adapter's `http.all` handler, the comparison view and tests.
 *
 * One instance = one deployed stage, with its own Clock, ids and trace.
 */
import type { Clock } from './clock';
import type { Invoker } from './invoker';
import type { TraceLog } from './trace';

export interface GatewayHttpRequest {
  method: string;
  /** Full URL: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}/path?query` (no stage segment for an HTTP API `$default` stage). */
  url: string;
  /** Header names as sent; repeated headers as arrays or repeated tuples. */
  headers?: Record<string, string | string[]> | [string, string][];
  body?: string | Uint8Array;
  /** Diagram lane name, e.g. `Alice` (participant `client:Alice`). */
  clientName?: string;
  sourceIp?: string;
  /**
   * The calling page's origin when the request comes from a browser (`fetch` in the page).
   * In fake mode the browser sends no preflight to an intercepted request, so the engine
   * models the preflight and the browser's CORS verdict from this.
   */
  origin?: string;
}

export interface GatewayHttpResponse {
  status: number;
  /** Single-valued headers as the client sees them (names as AWS sends them). */
  headers: Record<string, string>;
  /** Repeated headers (e.g. several `set-cookie`), when any. */
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  /** The modelled browser CORS verdict for a cross-origin browser caller (fake mode only). */
  cors?: { allowed: boolean; reason: string; preflight?: { status: number; headers: Record<string, string> } };
}

export interface HttpLikeApi {
  readonly protocolType: 'HTTP' | 'REST';
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  /** Base URL clients call: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (no stage for `$default`). */
  readonly url: string;
  readonly clock: Clock;
  readonly trace: TraceLog;
  handle(request: GatewayHttpRequest): Promise<GatewayHttpResponse>;
  /** Fast-forward virtual time (TTLs, token buckets, quotas), recorded in the trace. */
  advanceClock(ms: number): void;
  dispose(): void;
}

export interface CreateHttpLikeApiOptions<D> {
  definition: D;
  invoker: Invoker;
  clock?: Clock;
  seed?: string | number;
  accountId?: string;
  traceLimit?: number;
  /**
   * The endpoint's host (`requestContext.domainName`, `url`). Default
   * `{apiId}.execute-api.{region}.amazonaws.com`; a local server passes its own `host:port`.
   */
  domainName?: string;
}
