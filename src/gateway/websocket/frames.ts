/**
 * The exact texts API Gateway sends to WebSocket clients for gateway-side errors, and the
 * numbers it enforces. Kept byte-for-byte: learners compare what they see with AWS.
 */

/** Frame quota: 32 KB (DG limits, apigateway-execution-service-websocket-limits-table). */
export const MAX_FRAME_BYTES = 32_768;
/** Message quota (and PostToConnection's maximum Data size, docs/aws-behaviour.md §3): 128 KB. */
export const MAX_MESSAGE_BYTES = 131_072;
/** Idle timeout: 10 minutes (DG limits). */
export const IDLE_TIMEOUT_MS = 10 * 60_000;
/** Maximum connection duration: 2 hours (DG limits). */
export const MAX_CONNECTION_MS = 2 * 60 * 60_000;
/** Default (and maximum) WebSocket integration timeout: 29 s (docs/aws-behaviour.md §4). */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * A gateway error frame. AWS's text has a space after the first colon only:
 * `{"message": "Forbidden", "connectionId":"…", "requestId":"…"}` (docs/aws-behaviour.md §1.2,
 * §1.5, observed in wscat captures), so it is built by hand, never with JSON.stringify.
 */
export function gatewayErrorFrame(message: string, connectionId: string, requestId: string): string {
  const q = JSON.stringify;
  return `{"message": ${q(message)}, "connectionId":${q(connectionId)}, "requestId":${q(requestId)}}`;
}

/** No route matched and there is no `$default` route (docs/aws-behaviour.md §1.2). */
export const FORBIDDEN_MESSAGE = 'Forbidden';
/** The integration threw, timed out on its own, or answered malformed (docs/aws-behaviour.md §1.5). */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';
/** UNCONFIRMED: [ws-integration-timeout-frame] no capture of AWS's text exists. */
export const TIMEOUT_MESSAGE = 'Endpoint request timed out';
