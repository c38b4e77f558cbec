/**
 * The way out of the REST pipeline: gateway responses (what the gateway answers itself) and the
 * shaping every response gets before the client sees it.
 */
import type { GatewayHttpResponse } from '../../core/http-types';
import type { GatewayResponseSpec } from '../responses';
import { preview } from '../../core/trace';
import { record, type Flow, type Outgoing, type RestContext } from './flow';

/**
 * A gateway response (DG supported-gateway-response-types; docs/aws-behaviour.md §5.11): the
 * default template's JSON body, sent as application/json with `x-amzn-ErrorType`.
 */
export function gatewayOut(spec: GatewayResponseSpec): Outgoing {
  const headers: [string, string][] = [['Content-Type', 'application/json']];
  if (spec.errorType) headers.push(['x-amzn-ErrorType', spec.errorType]);
  return {
    status: spec.status,
    headers,
    body: spec.body,
    source: 'gateway',
    errorType: spec.errorType,
    unconfirmed: spec.unconfirmed,
  };
}

/**
 * Adds the gateway's own headers, traces http.response and builds the client's view: every
 * REST response carries the request id (`x-amzn-RequestId`) and API Gateway's extended id
 * (`x-amz-apigw-id`, AWS re:Post knowledge-center collect-api-gateway-extended-request-ids);
 * all but gateway responses carry `X-Amzn-Trace-Id`; repeated headers are joined with ", " and
 * kept as a list; a HEAD response has no body on the wire.
 */
export function respond(flow: Flow, ctx: RestContext, out: Outgoing): GatewayHttpResponse {
  const all: [string, string][] = [...out.headers];
  const has = (n: string) => all.some(([k]) => k.toLowerCase() === n.toLowerCase());
  if (!has('content-type')) all.push(['Content-Type', 'application/json']);
  all.push(['x-amzn-RequestId', flow.requestId], ['x-amz-apigw-id', flow.facts.extendedRequestId]);
  if (out.source !== 'gateway') all.push(['X-Amzn-Trace-Id', flow.facts.traceId]);
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const names = new Map<string, string>();
  for (const [k, v] of all) {
    const lower = k.toLowerCase();
    const name = names.get(lower) ?? k;
    names.set(lower, name);
    (multi[name] ??= []).push(v);
  }
  const repeated: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(multi)) {
    headers[name] = values.join(', ');
    if (values.length > 1) repeated[name] = values;
  }
  const body = flow.req.method === 'HEAD' ? '' : out.body;
  record(flow, ctx, {
    kind: 'http.response',
    from: 'gateway',
    to: flow.participant,
    status: out.status,
    headers: { ...headers },
    bodySize: body.length,
    bodyPreview: preview(body),
    source: out.source,
    ...(out.errorType && out.source === 'gateway' ? { errorType: out.errorType } : {}),
    ...(out.unconfirmed ? { unconfirmed: out.unconfirmed } : {}),
    summary: `${out.status}${out.source === 'cache' ? ' (from cache)' : ''}`,
  });
  const response: GatewayHttpResponse = { status: out.status, headers, body };
  if (Object.keys(repeated).length) response.multiValueHeaders = repeated;
  return response;
}
