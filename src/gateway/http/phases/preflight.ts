/**
 * The CORS preflight phase of an HTTP API: with CORS configured, API Gateway answers an
 * `OPTIONS` preflight itself unless an `OPTIONS` route or `$default` takes it
 * (DG http-api-cors; docs/aws-behaviour.md §5.6).
 */
import type { GatewayHttpResponse } from '../../core/http-types';
import { originAllowed, preflightHeaders } from '../cors';
import { getHeader } from '../request';
import { respond } from './respond';
import type { ShapedResponse } from '../response';
import type { RouteMatch } from '../routes';
import type { Flow, HttpContext } from './flow';

/**
 * True when the gateway answers this request as a CORS preflight: CORS is configured, the
 * request is an `OPTIONS` with `Origin` and `Access-Control-Request-Method`, and no `OPTIONS`
 * route or `$default` matched it (DG http-api-cors).
 */
export function gatewayAnswersPreflight(flow: Flow, ctx: HttpContext, route: RouteMatch | undefined): boolean {
  const isPreflight =
    flow.facts.method === 'OPTIONS' &&
    flow.origin !== undefined &&
    getHeader(flow.facts.allHeaders, 'access-control-request-method') !== undefined;
  return (
    ctx.definition.cors !== undefined &&
    isPreflight &&
    !(route && (route.routeKey === '$default' || route.routeKey.startsWith('OPTIONS ')))
  );
}

/**
 * The gateway's answer to a preflight: 204 with the configured `Access-Control-Allow-*`
 * headers (DG http-api-cors). `modelled`: the engine sent it on the browser's behalf, which
 * traces its verdict once it has the answer.
 */
export function answerPreflight(flow: Flow, ctx: HttpContext, modelled: boolean): GatewayHttpResponse {
  const cors = ctx.definition.cors!;
  const pairs = flow.facts.allHeaders;
  const origin = flow.origin!;
  const requestMethod = getHeader(pairs, 'access-control-request-method') ?? '';
  const requestHeaders = (getHeader(pairs, 'access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const allowed = originAllowed(cors, origin);
  let causeSeq = flow.seq;
  // A modelled preflight gets one cors.preflight, from the browser's side, once it has the answer.
  if (!modelled)
    causeSeq = ctx.trace.append({
      kind: 'cors.preflight',
      from: 'gateway',
      to: flow.participant,
      causeSeq: flow.seq,
      requestId: flow.requestId,
      origin,
      requestMethod,
      requestHeaders,
      status: 204,
      allowed,
      modelled: false,
      summary: allowed
        ? `preflight answered by the gateway (origin ${origin} allowed)`
        : `preflight: origin ${origin} not allowed`,
      unconfirmed: 'http-cors-details',
    }).seq;
  const res: ShapedResponse = {
    status: 204,
    headers: preflightHeaders(cors, origin),
    multiValueHeaders: {},
    body: '',
    unconfirmed: 'http-cors-details',
  };
  // Finished as an answer to no Origin: a preflight's CORS headers are preflightHeaders' alone.
  return respond({ ...flow, origin: undefined }, ctx, causeSeq, res, 'gateway', 'CORS preflight');
}
