/**
 * Lambda authorizers, TOKEN and REQUEST (DG apigateway-use-lambda-authorizer;
 * docs/aws-behaviour.md §5.7).
 */
import type { InvocationOutcome } from '../../core/lambda-integration';
import {
  evaluateRestAuthorizerResponse,
  identitySourceList,
  parseRestIdentitySource,
  resolveRestIdentity,
} from '../authorizer';
import {
  REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
  REST_DEFAULT_TOKEN_SOURCE,
  type RestAuthorizerDefinition,
} from '../definition';
import { buildRequestAuthorizerEvent, headerValue, restRequestContext } from '../events';
import { REST_GATEWAY_RESPONSES, type GatewayResponseSpec } from '../responses';
import { fullMatch, record, reject, routeFacts, routeOf, type Flow, type PhaseResult, type RestContext } from './flow';
import { gatewayOut } from './respond';

/**
 * Runs the method's Lambda authorizer when its authorizationType is CUSTOM (DG
 * apigateway-use-lambda-authorizer; docs/aws-behaviour.md §5.7), and answers when
 * the request may not go on: a missing identity source or "Unauthorized" is 401, a denying
 * policy 403, a failing authorizer 500. The authorizer's response is cached per identity for
 * authorizerResultTtlInSeconds and evaluated against each request's own method ARN, so a cached
 * policy that only covers one method denies the others (403). A method without an authorizer
 * passes synchronously.
 */
export function authorize(flow: Flow, ctx: RestContext): PhaseResult | Promise<PhaseResult> {
  const method = routeOf(flow).method;
  if (method.authorizationType !== 'CUSTOM' || !method.authorizer) return undefined;
  return runAuthorizer(flow, ctx, method.authorizer);
}

async function runAuthorizer(flow: Flow, ctx: RestContext, name: string): Promise<PhaseResult> {
  const def = ctx.definition.authorizers?.[name] as RestAuthorizerDefinition;
  const { req } = flow;
  const route = routeOf(flow);
  const fn = def.function;
  let identity: Record<string, string>;
  let event: unknown;
  if (def.type === 'TOKEN') {
    const source = def.identitySource ?? REST_DEFAULT_TOKEN_SOURCE;
    const header = parseRestIdentitySource(source)?.name ?? 'Authorization';
    const token = headerValue(req.headers, header);
    if (token === undefined || token === '') {
      reject(flow, ctx, 401, `identity source ${source} is missing`);
      return gatewayOut(REST_GATEWAY_RESPONSES.UNAUTHORIZED);
    }
    if (def.identityValidationExpression !== undefined && !fullMatch(ctx, def.identityValidationExpression, token)) {
      reject(
        flow,
        ctx,
        401,
        `the token does not match identityValidationExpression ${def.identityValidationExpression}`,
      );
      return gatewayOut(REST_GATEWAY_RESPONSES.UNAUTHORIZED);
    }
    identity = { [source]: token };
    event = { type: 'TOKEN', authorizationToken: token, methodArn: flow.arn };
  } else {
    const sources = identitySourceList(def.identitySource);
    const resolved = resolveRestIdentity(sources, {
      headers: req.headers,
      query: req.query.single,
      stageVariables: ctx.facts.stageVariables ?? {},
      requestContext: restRequestContext(ctx.facts, req, flow.facts, routeFacts(route)),
    });
    if (!resolved.ok) {
      reject(flow, ctx, 401, `identity source ${resolved.missing} is missing`);
      return gatewayOut(REST_GATEWAY_RESPONSES.UNAUTHORIZED);
    }
    identity = resolved.identity;
    event = buildRequestAuthorizerEvent(ctx.facts, req, flow.facts, routeFacts(route), flow.arn);
  }

  const ttl = def.authorizerResultTtlInSeconds ?? 300;
  const cacheable = ttl > 0 && Object.keys(identity).length > 0;
  const cacheKey = `${name}\u0000${Object.values(identity).join('\u0000')}`;
  const now = ctx.clock.now();
  let value: unknown;
  let cached = false;
  const hit = cacheable ? ctx.authCache.get(cacheKey) : undefined;
  if (hit && hit.expiresAt > now) {
    value = hit.value;
    cached = true;
  } else {
    if (hit) ctx.authCache.delete(cacheKey);
    const { outcome, causeSeq } = await ctx.lambda.invokeForAnswer({
      role: 'authorizer',
      functionName: fn,
      participant: `authorizer:${fn}`,
      event,
      routeKey: flow.routeKey,
      eventType: def.type,
      ids: { requestId: flow.requestId },
      causeSeq: flow.cause,
      timeoutMs: REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
      identity,
    });
    flow.cause = causeSeq;
    const failed = authorizerFailure(outcome);
    if (failed) {
      record(flow, ctx, {
        kind: 'authorizer.result',
        from: `authorizer:${fn}`,
        to: 'gateway',
        functionName: fn,
        decision: failed.decision,
        status: failed.spec.status,
        summary: `${failed.decision === 'unauthorized' ? '401 Unauthorized' : '500 authorizer failure'}: ${failed.reason}`,
        ...(failed.spec.unconfirmed ? { unconfirmed: failed.spec.unconfirmed } : {}),
      });
      return gatewayOut(failed.spec);
    }
    value = (outcome as { value: unknown }).value;
  }

  const decision = evaluateRestAuthorizerResponse(value, flow.arn);
  if (decision.decision === 'error') {
    record(flow, ctx, {
      kind: 'authorizer.result',
      from: cached ? 'gateway' : `authorizer:${fn}`,
      to: 'gateway',
      functionName: fn,
      decision: 'error',
      status: 500,
      summary: `500 authorizer failure: ${decision.reason}`,
      unconfirmed: 'rest-authorizer-bodies',
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.AUTHORIZER_CONFIGURATION_ERROR);
  }
  if (!cached && cacheable) ctx.authCache.set(cacheKey, { value, expiresAt: now + ttl * 1000 });
  if (decision.decision === 'deny') {
    const spec = decision.explicit
      ? REST_GATEWAY_RESPONSES.ACCESS_DENIED_EXPLICIT
      : REST_GATEWAY_RESPONSES.ACCESS_DENIED;
    record(flow, ctx, {
      kind: 'authorizer.result',
      from: cached ? 'gateway' : `authorizer:${fn}`,
      to: 'gateway',
      functionName: fn,
      decision: 'deny',
      status: 403,
      principalId: decision.principalId,
      summary: `403${cached ? ' (cached policy)' : ''}: ${decision.reason}`,
      unconfirmed: 'rest-authorizer-bodies',
    });
    return gatewayOut(spec);
  }
  record(flow, ctx, {
    kind: 'authorizer.result',
    from: cached ? 'gateway' : `authorizer:${fn}`,
    to: 'gateway',
    functionName: fn,
    decision: 'allow',
    status: 200,
    principalId: decision.principalId,
    summary: `allowed ${decision.principalId}${cached ? ' (cached policy)' : ''}`,
  });
  flow.authorizer = decision.authorizer;
  flow.policyDocument = (value as { policyDocument?: unknown }).policyDocument;
  flow.usageIdentifierKey = decision.usageIdentifierKey;
  return undefined;
}

/**
 * What an authorizer invocation that returned no policy means (docs/aws-behaviour.md §5.7): an
 * error whose message is exactly "Unauthorized" (`throw new Error('Unauthorized')`,
 * `callback('Unauthorized')`) is 401; any other error, a timeout, or no answer is an authorizer
 * failure (500).
 */
function authorizerFailure(
  outcome: InvocationOutcome,
): { decision: 'unauthorized' | 'error'; spec: GatewayResponseSpec; reason: string } | undefined {
  if (outcome.kind === 'ok') return undefined;
  if (outcome.kind === 'error' && outcome.error.errorMessage === 'Unauthorized')
    return {
      decision: 'unauthorized',
      spec: REST_GATEWAY_RESPONSES.UNAUTHORIZED,
      reason: 'the authorizer said "Unauthorized"',
    };
  const reason =
    outcome.kind === 'error'
      ? `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
      : outcome.kind === 'function-timeout'
        ? 'the authorizer timed out'
        : 'the authorizer did not answer in time';
  return { decision: 'error', spec: REST_GATEWAY_RESPONSES.AUTHORIZER_CONFIGURATION_ERROR, reason };
}
