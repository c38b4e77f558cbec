/**
 * The last phase of every HTTP API request: the response as the client receives it, whoever
 * made it (the integration or the gateway).
 */
import type { GatewayHttpResponse } from '../../core/http-types';
import { preview, type Participant } from '../../core/trace';
import { utf8Length } from '../../core/bytes';
import { PAYLOAD_TOO_LARGE } from '../../core/payload-limit';
import { originAllowed, responseCorsHeaders, stripCorsHeaders } from '../cors';
import type { ShapedResponse } from '../response';
import type { HttpContext } from './flow';

/** Who a response goes to, and the `Origin` its CORS headers answer (undefined: none). */
export interface Recipient {
  participant: Participant;
  requestId: string;
  origin: string | undefined;
}

/**
 * Finishes a response as the client receives it: CORS headers when configured (the
 * backend's are ignored, DG http-api-cors; docs/aws-behaviour.md §5.6), then content-length,
 * date and apigw-requestid.
 */
export function respond(
  to: Recipient,
  ctx: HttpContext,
  causeSeq: number,
  shaped: ShapedResponse,
  source: 'integration' | 'gateway',
  note?: string,
): GatewayHttpResponse {
  const { requestId, origin } = to;
  const headers: Record<string, string> = { ...shaped.headers };
  const multi: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(shaped.multiValueHeaders)) multi[k] = [...v];
  let unconfirmed = shaped.unconfirmed;
  const cors = ctx.definition.cors;
  if (cors && !(shaped.status === 204 && source === 'gateway' && 'access-control-allow-origin' in headers)) {
    stripCorsHeaders(headers, multi);
    Object.assign(headers, responseCorsHeaders(cors, origin));
    if (source === 'gateway' && origin !== undefined && originAllowed(cors, origin))
      unconfirmed ??= 'http-cors-details';
  }
  headers['apigw-requestid'] = requestId;
  return deliver(to, ctx, causeSeq, { ...shaped, headers, multiValueHeaders: multi, unconfirmed }, source, note);
}

/**
 * A request body over the 10 MB payload quota, refused before the API sees it: 413 with the
 * observed plain-text body, and neither CORS headers nor a request id (docs/aws-behaviour.md §4).
 */
export function refuseTooLarge(to: Recipient, ctx: HttpContext, causeSeq: number, size: number): GatewayHttpResponse {
  const { status, contentType, body } = PAYLOAD_TOO_LARGE;
  const shaped: ShapedResponse = { status, headers: { 'content-type': contentType }, multiValueHeaders: {}, body };
  return deliver(to, ctx, causeSeq, shaped, 'gateway', `${size} bytes`);
}

/** Adds content-length and date, traces the response (http.response) and hands it over. */
function deliver(
  to: Recipient,
  ctx: HttpContext,
  causeSeq: number,
  shaped: ShapedResponse,
  source: 'integration' | 'gateway',
  note: string | undefined,
): GatewayHttpResponse {
  const { participant, requestId } = to;
  const { headers, multiValueHeaders: multi, unconfirmed } = shaped;
  const size = utf8Length(shaped.body);
  headers['content-length'] = String(size);
  headers['date'] = new Date(ctx.clock.now()).toUTCString();
  const ev = ctx.trace.append({
    kind: 'http.response',
    from: 'gateway',
    to: participant,
    causeSeq,
    requestId,
    status: shaped.status,
    headers,
    bodySize: size,
    bodyPreview: preview(shaped.body),
    bytes: size,
    source,
    summary: `${shaped.status}${shaped.body ? ' ' + preview(shaped.body, 80) : ''}${note ? ` (${note})` : ''}`,
    ...(unconfirmed ? { unconfirmed } : {}),
  });
  const res: GatewayHttpResponse = { status: shaped.status, headers, body: shaped.body };
  if (Object.keys(multi).length) res.multiValueHeaders = multi;
  ctx.responseSeq.set(res, ev.seq);
  return res;
}
