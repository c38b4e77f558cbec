/**
 * The REST request path as a list of phases, in the order API Gateway runs them. Each phase
 * either answers (which ends the request) or lets the request go on; the engine then lets the
 * stage cache keep the answer (storeInCache) and shapes it for the client (respond).
 *
 *   1. matchResource    stage, resource and method (docs/aws-behaviour.md §5.5): nothing else
 *                       runs for an unknown method, hence 403 Missing Authentication Token.
 *   2. throttle         the account's token bucket, then the method's or the stage's.
 *   3. authorize        the Lambda authorizer, before anything reaches the integration
 *                       (DG apigateway-use-lambda-authorizer).
 *   4. checkApiKey      after the authorizer, because the key may come from it
 *                       (DG api-gateway-api-key-source, AUTHORIZER).
 *   5. meterUsagePlan   the key's usage plan: its throttle, then its quota.
 *   6. validateRequest  request validators: a failure never reaches the integration
 *                       (DG api-gateway-method-request-validation).
 *   7. lookupCache      the stage cache, in front of the integration (DG api-gateway-caching).
 *   8. mapRequest       the integration request's mapping template (non-proxy).
 *   9. integrate        the Lambda (proxy or not) or MOCK integration.
 *  10. mapResponse      the integration response (non-proxy).
 *
 * Where the documents give no order (throttling against the authorizer, validation against the
 * API key), this is the order the engine has always had. DG api-gateway-request-throttling
 * names the limits "in the following order": usage plan per-client limits, per-method limits,
 * account limits; here the account and method/stage buckets are taken first (phase 2) and the
 * usage plan's after the API key (phase 5), since the plan is known only once the key is.
 */
import { checkApiKey } from './api-key';
import { authorize } from './authorize';
import type { Flow, Outgoing, Phase, RestContext } from './flow';
import { integrate } from './integration';
import { mapRequest, mapResponse } from './mapping';
import { matchResource } from './resource';
import { lookupCache } from './stage-cache';
import { meterUsagePlan, throttle } from './throttle';
import { validateRequest } from './validate-request';

/** The phases of one REST request, in order. */
export const REST_PHASES: readonly Phase[] = [
  matchResource,
  throttle,
  authorize,
  checkApiKey,
  meterUsagePlan,
  validateRequest,
  lookupCache,
  mapRequest,
  integrate,
  mapResponse,
];

/**
 * Runs the phases in order until one answers. A phase that answers synchronously is not
 * awaited, so a request runs without a break up to its first real wait (an authorizer or an
 * integration) and a request refused before that is answered synchronously, as when the
 * pipeline was one function: concurrent requests interleave in the trace as they did.
 */
export function runPhases(
  flow: Flow,
  ctx: RestContext,
  phases: readonly Phase[] = REST_PHASES,
): Outgoing | Promise<Outgoing> {
  for (let i = 0; i < phases.length; i++) {
    const result = phases[i](flow, ctx);
    if (result instanceof Promise) return finishAsync(flow, ctx, phases, i, result);
    if (result) return result;
  }
  throw noAnswer();
}

/** The rest of runPhases once phase `i` had to wait. */
async function finishAsync(
  flow: Flow,
  ctx: RestContext,
  phases: readonly Phase[],
  i: number,
  pending: Promise<Outgoing | undefined>,
): Promise<Outgoing> {
  let out = await pending;
  for (i++; !out && i < phases.length; i++) {
    const result = phases[i](flow, ctx);
    out = result instanceof Promise ? await result : result;
  }
  if (!out) throw noAnswer();
  return out;
}

function noAnswer(): Error {
  return new Error('the REST pipeline ended without a response (the last phase always answers)');
}
