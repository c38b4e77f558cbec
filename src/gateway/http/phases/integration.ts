/**
 * The integration phase of an HTTP API route: the Lambda proxy call with a payload 2.0 (or
 * 1.0) event, and the client's response made from its answer (DG http-api-develop-integrations-lambda;
 * docs/aws-behaviour.md §5.2–§5.4).
 */
import type { GatewayHttpResponse } from '../../core/http-types';
import type { InvocationOutcome } from '../../core/lambda-integration';
import type { KnownDifferenceId } from '../../core/known-differences';
import { HTTP_MAX_INTEGRATION_TIMEOUT_MS, type HttpRouteDefinition } from '../definition';
import { buildEventV1, buildEventV2, type HttpAuthorizerContext } from '../events';
import {
  INTERNAL_SERVER_ERROR,
  SERVICE_UNAVAILABLE,
  gatewayError,
  shapeResponseV1,
  shapeResponseV2,
} from '../response';
import type { RouteMatch } from '../routes';
import { respond } from './respond';
import type { Flow, HttpContext } from './flow';

/**
 * Invokes the route's function and resolves with the client's response at the moment the
 * gateway answers (the function may run on after an integration timeout), so it carries that
 * moment's virtual time.
 */
export function integrate(
  flow: Flow,
  ctx: HttpContext,
  route: RouteMatch,
  def: HttpRouteDefinition,
  authorizer: HttpAuthorizerContext | undefined,
  authLabel: KnownDifferenceId | undefined,
): Promise<GatewayHttpResponse> {
  const { facts, requestId } = flow;
  const v1 = def.integration.payloadFormatVersion === '1.0';
  const fn = def.integration.function;
  const event = v1
    ? buildEventV1(ctx.facts, facts, route.routeKey, route.pathParameters, authorizer)
    : buildEventV2(ctx.facts, facts, route.routeKey, route.pathParameters, authorizer);
  return new Promise<GatewayHttpResponse>((resolve) => {
    void ctx.lambda.invoke(
      {
        role: 'route',
        functionName: fn,
        participant: `integration:${fn}`,
        event,
        routeKey: route.routeKey,
        eventType: v1 ? 'HTTP payload 1.0' : 'HTTP payload 2.0',
        ids: { requestId },
        causeSeq: flow.seq,
        timeoutMs: def.integration.timeoutInMillis ?? HTTP_MAX_INTEGRATION_TIMEOUT_MS,
        unconfirmed: v1 ? 'http-v1-event' : (authLabel ?? (facts.isBase64Encoded ? 'http-body-base64' : undefined)),
      },
      (outcome, causeSeq) => resolve(answer(flow, ctx, outcome, causeSeq, v1)),
    );
  });
}

/**
 * The client's response from the integration's answer: 503 on the integration timeout
 * (docs/aws-behaviour.md §4), 500 on a throw or the function's own timeout
 * (DG http-api-troubleshooting-lambda) or a malformed result, else the shaped result (§5.4).
 */
function answer(
  flow: Flow,
  ctx: HttpContext,
  outcome: InvocationOutcome,
  causeSeq: number,
  v1: boolean,
): GatewayHttpResponse {
  if (outcome.kind === 'integration-timeout')
    return respond(flow, ctx, causeSeq, gatewayError(503, SERVICE_UNAVAILABLE), 'gateway', 'integration timeout');
  if (outcome.kind !== 'ok')
    return respond(
      flow,
      ctx,
      causeSeq,
      gatewayError(500, INTERNAL_SERVER_ERROR),
      'gateway',
      outcome.kind === 'error' ? `${outcome.error.errorType}` : 'function timed out',
    );
  const shaped = v1 ? shapeResponseV1(outcome.value) : shapeResponseV2(outcome.value);
  if (!shaped.ok) {
    const res = gatewayError(500, INTERNAL_SERVER_ERROR);
    res.unconfirmed = 'http-response-shape';
    return respond(flow, ctx, causeSeq, res, 'gateway', `malformed response: ${shaped.reason}`);
  }
  return respond(flow, ctx, causeSeq, shaped.response, 'integration');
}
