/**
 * The authorization phase of an HTTP API route: a JWT authorizer checked by the gateway
 * itself, or a Lambda authorizer invoked (and its answer cached for `resultTtlInSeconds`).
 * The decisions are pure (../authorizers.ts); this phase invokes, caches and traces
 * (DG http-api-access-control; docs/aws-behaviour.md §5.7).
 */
import type { KnownDifferenceId } from '../../core/known-differences';
import type { Participant } from '../../core/trace';
import {
  checkJwt,
  evaluateLambdaAuthorizer,
  resolveHttpIdentity,
  type JwtCheck,
  type LambdaAuthorizerDecision,
} from '../authorizers';
import { decodeJwt } from '../jwt/jwt';
import {
  DEFAULT_JWT_IDENTITY_SOURCE,
  HTTP_AUTHORIZER_TIMEOUT_MS,
  type HttpLambdaAuthorizerDefinition,
  type HttpRouteDefinition,
  type JwtAuthorizerDefinition,
} from '../definition';
import {
  buildAuthorizerEventV1,
  buildAuthorizerEventV2,
  routeArn,
  type HttpAuthorizerContext,
  type HttpRequestFacts,
} from '../events';
import { FORBIDDEN, INTERNAL_SERVER_ERROR, UNAUTHORIZED, gatewayError, type ShapedResponse } from '../response';
import type { RouteMatch } from '../routes';
import type { Flow, HttpContext } from './flow';

/** What authorization gives the integration: the authorizer's context, or the gateway's refusal. */
export type Authorization =
  { context: HttpAuthorizerContext; unconfirmed?: KnownDifferenceId } | { response: ShapedResponse };

/**
 * A JWT authorizer: the token from the identity source verified against the issuer's keys
 * (`ctx.jwtKeys`: a fixed set, or OpenID discovery with the keys cached and fetched again for an
 * unknown `kid`, ../jwt/discovery.ts), issuer, audience, expiry and the route's scopes. Invalid:
 * 401 with `www-authenticate`; missing scopes: 403 (DG http-api-jwt-authorizer,
 * DG http-api-troubleshooting-jwt). Keys that cannot be fetched: 401 (the description is ours).
 */
export async function authorizeJwt(
  flow: Flow,
  ctx: HttpContext,
  auth: JwtAuthorizerDefinition,
  def: HttpRouteDefinition,
): Promise<Authorization> {
  const source = auth.identitySource?.[0] ?? DEFAULT_JWT_IDENTITY_SOURCE;
  const found = resolveHttpIdentity([source], {
    headers: flow.facts.allHeaders,
    query: flow.facts.query,
    stageVariables: ctx.facts.stageVariables ?? {},
    context: {},
  });
  const token = found.ok ? found.values[0] : undefined;
  const check = await checkWithKeys(ctx, token, auth, def);
  const ev = ctx.trace.append({
    kind: 'auth.jwt',
    from: 'gateway',
    to: 'gateway',
    causeSeq: flow.seq,
    requestId: flow.requestId,
    outcome: check.outcome,
    reason: check.outcome === 'allow' ? 'the token is valid' : check.reason,
    ...('subject' in check && check.subject !== undefined ? { subject: check.subject } : {}),
    ...(check.outcome !== 'unauthorized' && check.scopes ? { scopes: check.scopes } : {}),
    summary:
      check.outcome === 'allow'
        ? `JWT valid${check.subject ? ` (sub ${check.subject})` : ''}`
        : check.outcome === 'forbidden'
          ? `403: ${check.reason}`
          : `401: ${check.reason}`,
    ...(check.unconfirmed ? { unconfirmed: check.unconfirmed } : {}),
  });
  flow.seq = ev.seq;
  if (check.outcome === 'unauthorized') {
    const res = gatewayError(401, UNAUTHORIZED);
    // DG http-api-troubleshooting-jwt: `www-authenticate: Bearer scope="" error="invalid_token" error_description="…"`.
    if (check.description !== undefined)
      res.headers['www-authenticate'] =
        `Bearer scope="" error="invalid_token" error_description="${check.description.replace(/["\\\r\n]/g, '')}"`;
    if (check.unconfirmed) res.unconfirmed = check.unconfirmed;
    return { response: res };
  }
  if (check.outcome === 'forbidden') {
    const res = gatewayError(403, FORBIDDEN);
    res.unconfirmed = check.unconfirmed;
    return { response: res };
  }
  return { context: { jwt: { claims: check.claims, scopes: check.scopes } }, unconfirmed: check.unconfirmed };
}

/** The keys for the token's issuer and `kid` (fetched only when there is a token), then checkJwt. */
async function checkWithKeys(
  ctx: HttpContext,
  token: string | undefined,
  auth: JwtAuthorizerDefinition,
  def: HttpRouteDefinition,
): Promise<JwtCheck> {
  const scopes = def.authorizationScopes ?? [];
  if (token === undefined || token.trim() === '')
    return checkJwt(token, auth.jwtConfiguration, scopes, { keys: [] }, ctx.clock.now());
  const kid = decodeJwt(token.replace(/^Bearer\s+/i, '').trim())?.header.kid;
  const keys = await ctx.jwtKeys.keysFor(
    auth.jwtConfiguration.issuer,
    typeof kid === 'string' ? kid : undefined,
    ctx.clock.now(),
  );
  if (!keys.ok)
    return {
      outcome: 'unauthorized',
      reason: keys.description,
      description: keys.description,
      unconfirmed: 'http-jwt-error-description',
    };
  return checkJwt(token, auth.jwtConfiguration, scopes, keys.jwks, ctx.clock.now());
}

/**
 * A Lambda authorizer: a missing identity source is 401 without invoking it; otherwise its
 * answer (simple or IAM policy, payload 1.0 or 2.0) decides, cached by identity for
 * `resultTtlInSeconds`; a failure is 500 (DG http-api-lambda-authorizer; docs/aws-behaviour.md §5.7).
 * Resolves when the gateway has the answer (before a timed-out authorizer ends).
 */
export async function authorizeLambda(
  flow: Flow,
  ctx: HttpContext,
  auth: HttpLambdaAuthorizerDefinition,
  route: RouteMatch,
): Promise<Authorization> {
  const { facts, requestId } = flow;
  const name = ctx.definition.routes[route.routeKey].authorizer!;
  const participant: Participant = `authorizer:${auth.function}`;
  const found = resolveHttpIdentity(auth.identitySource ?? [], {
    headers: facts.allHeaders,
    query: facts.query,
    stageVariables: ctx.facts.stageVariables ?? {},
    context: contextVariables(ctx, facts, route.routeKey),
  });
  if (!found.ok) {
    const reason = `identity source ${found.missing} is missing`;
    const ev = ctx.trace.append({
      kind: 'gateway.reject',
      from: 'gateway',
      to: flow.participant,
      causeSeq: flow.seq,
      requestId,
      status: 401,
      reason,
      summary: `401: ${reason}`,
    });
    flow.seq = ev.seq;
    return { response: gatewayError(401, UNAUTHORIZED) };
  }
  const arn = routeArn(ctx.region, ctx.facts, facts.method, flow.path);
  const simple = auth.authorizerPayloadFormatVersion === '2.0' && auth.enableSimpleResponses === true;
  const ttl = auth.resultTtlInSeconds ?? 0;
  // Cached by identity for resultTtlInSeconds (apigatewayv2 authorizerResultTtlInSeconds).
  const cacheKey = `${name}\u0000${found.values.join('\u0000')}`;
  const now = ctx.clock.now();
  const cached = ttl > 0 ? ctx.authCache.get(cacheKey) : undefined;
  if (cached && cached.expiresAt > now)
    return applyDecision(
      flow,
      ctx,
      auth,
      evaluateLambdaAuthorizer(cached.value, simple, arn),
      flow.seq,
      ` (cached, ${Math.ceil((cached.expiresAt - now) / 1000)} s left)`,
    );
  if (cached) ctx.authCache.delete(cacheKey);
  const event =
    auth.authorizerPayloadFormatVersion === '2.0'
      ? buildAuthorizerEventV2(ctx.facts, facts, route.routeKey, route.pathParameters, arn, found.values)
      : buildAuthorizerEventV1(ctx.facts, facts, route.routeKey, route.pathParameters, arn, found.values);
  return new Promise((resolve) => {
    void ctx.lambda.invoke(
      {
        role: 'authorizer',
        functionName: auth.function,
        participant,
        event,
        routeKey: route.routeKey,
        eventType: `HTTP authorizer ${auth.authorizerPayloadFormatVersion}`,
        ids: { requestId },
        causeSeq: flow.seq,
        timeoutMs: HTTP_AUTHORIZER_TIMEOUT_MS,
        identity: found.identity,
      },
      (outcome, causeSeq) => {
        if (outcome.kind !== 'ok') {
          // The authorizer could not be invoked or failed: 500 (docs/aws-behaviour.md §5.7).
          const reason =
            outcome.kind === 'error'
              ? `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
              : 'the authorizer timed out';
          return resolve(applyDecision(flow, ctx, auth, { decision: 'error', status: 500, reason }, causeSeq, ''));
        }
        const decision = evaluateLambdaAuthorizer(outcome.value, simple, arn);
        let note = '';
        if (ttl > 0 && decision.decision !== 'error') {
          ctx.authCache.set(cacheKey, { expiresAt: ctx.clock.now() + ttl * 1000, value: outcome.value });
          note = ` (cached for ${ttl} s)`;
        }
        resolve(applyDecision(flow, ctx, auth, decision, causeSeq, note));
      },
    );
  });
}

/** Traces a Lambda authorizer's decision and turns it into a context or a gateway response (403 deny, 500 error). */
function applyDecision(
  flow: Flow,
  ctx: HttpContext,
  auth: HttpLambdaAuthorizerDefinition,
  decision: LambdaAuthorizerDecision,
  causeSeq: number,
  note: string,
): Authorization {
  const labelled: KnownDifferenceId | undefined =
    decision.decision === 'deny'
      ? 'http-authorizer-deny-body'
      : decision.decision === 'allow'
        ? 'http-authorizer-context'
        : undefined;
  const ev = ctx.trace.append({
    kind: 'authorizer.result',
    from: `authorizer:${auth.function}`,
    to: 'gateway',
    causeSeq,
    requestId: flow.requestId,
    functionName: auth.function,
    decision: decision.decision,
    status: decision.status,
    ...('principalId' in decision && decision.principalId !== undefined ? { principalId: decision.principalId } : {}),
    summary:
      (decision.decision === 'allow'
        ? 'Allow'
        : decision.decision === 'deny'
          ? `403 deny: ${decision.reason}`
          : `500: ${decision.reason}`) + note,
    ...(labelled ? { unconfirmed: labelled } : {}),
  });
  flow.seq = ev.seq;
  if (decision.decision === 'deny') {
    const res = gatewayError(403, FORBIDDEN);
    res.unconfirmed = 'http-authorizer-deny-body';
    return { response: res };
  }
  if (decision.decision === 'error') return { response: gatewayError(500, INTERNAL_SERVER_ERROR) };
  return { context: { lambda: decision.context }, unconfirmed: 'http-authorizer-context' };
}

/** `$context.*` for identity sources. */
function contextVariables(ctx: HttpContext, facts: HttpRequestFacts, routeKey: string): Record<string, unknown> {
  return {
    accountId: ctx.accountId,
    apiId: ctx.apiId,
    domainName: ctx.domainName,
    domainPrefix: ctx.apiId,
    httpMethod: facts.method,
    identity: { sourceIp: facts.sourceIp, userAgent: facts.userAgent },
    path: facts.rawPath,
    protocol: facts.protocol,
    requestId: facts.requestId,
    requestTime: facts.time,
    requestTimeEpoch: facts.timeEpoch,
    routeKey,
    stage: ctx.stage,
  };
}
