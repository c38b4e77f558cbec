/**
 * The 10 MB payload quota of REST and HTTP APIs (docs/aws-behaviour.md §4, "Payload size"): a
 * request body over 10,485,760 bytes is refused with 413 before the API sees it, with a plain-text
 * body and none of the API's own headers (no request id; observed, §4 "Payload too large").
 */
import { utf8Length } from './bytes';

/** 10 MB, as API Gateway counts it (the number in its own refusal). */
export const MAX_PAYLOAD_BYTES = 10_485_760;

/** The refusal exactly as observed: status, headers and body (44 bytes, no newline). */
export const PAYLOAD_TOO_LARGE = {
  status: 413,
  contentType: 'text; charset=utf-8',
  body: `HTTP content length exceeded ${MAX_PAYLOAD_BYTES} bytes.`,
} as const;

/** The bytes a request body takes on the wire (UTF-8 for text), counted without copying it. */
export function payloadBytes(body: string | Uint8Array | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? utf8Length(body) : body.length;
}
