/**
 * HTTP API authorizers, the parts that are pure decisions (the engine does the invoking and
 * the tracing): identity sources, the JWT checks around `verifyJwt` (DG http-api-jwt-authorizer,
 * http-api-troubleshooting-jwt) and the Lambda authorizer's answer, simple or IAM policy
 * (DG http-api-lambda-authorizer; docs/aws-behaviour.md §5.7).
 */
import { KNOWN_DIFFERENCES, type KnownDifferenceId } from '../core/known-differences';
import {
  HTTP_IDENTITY_SYNTAX,
  parseIdentitySourceIn,
  resolveIdentitySources,
  type IdentityResult,
  type IdentitySource,
} from '../core/identity-sources';
import { evaluateAuthorizerOutput } from '../core/iam-policy';
import type { Jwks } from './jwt/jwks';
import { verifyJwt } from './jwt/jwt';
import { getHeader } from './request';

/** `$request.header.X`, `$request.querystring.X`, `$context.X`, `$stageVariables.X`. */
export type HttpIdentitySource = IdentitySource;

export function parseHttpIdentitySource(source: string): HttpIdentitySource | undefined {
  return parseIdentitySourceIn(HTTP_IDENTITY_SYNTAX, source);
}

export interface IdentityInput {
  headers: readonly [string, string][];
  query: readonly [string, string][];
  stageVariables: Record<string, string>;
  context: Record<string, unknown>;
}

/**
 * Reads every identity source: header names case-insensitively (the first value), query names
 * case-sensitively (§5.7). A missing or empty one is a 401 without invoking the authorizer.
 */
export function resolveHttpIdentity(sources: readonly string[], input: IdentityInput): IdentityResult {
  return resolveIdentitySources(HTTP_IDENTITY_SYNTAX, sources, {
    header: (name) => getHeader(input.headers, name),
    query: (name) => input.query.find(([k]) => k === name)?.[1],
    stageVariables: input.stageVariables,
    context: input.context,
  });
}

/** Claims as strings, as the 2.0 event carries them (captured: `"exp": "1718722804"`). */
export function stringifyClaims(claims: Record<string, unknown>): {
  claims: Record<string, string>;
  labelled: boolean;
} {
  const out: Record<string, string> = {};
  let labelled = false;
  for (const [k, v] of Object.entries(claims)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v)) {
      // UNCONFIRMED: [http-jwt-claims-format] arrays as "[a b]".
      out[k] = `[${v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}]`;
      labelled = true;
    } else {
      out[k] = JSON.stringify(v);
      labelled = true;
    }
  }
  return { claims: out, labelled };
}

export type JwtCheck =
  | {
      outcome: 'allow';
      claims: Record<string, string>;
      scopes: string[] | null;
      subject?: string;
      unconfirmed?: KnownDifferenceId;
    }
  | { outcome: 'unauthorized'; reason: string; description?: string; unconfirmed?: KnownDifferenceId }
  | { outcome: 'forbidden'; reason: string; scopes: string[]; subject?: string; unconfirmed: KnownDifferenceId };

function knownId(id: string | undefined): KnownDifferenceId | undefined {
  return id !== undefined && Object.prototype.hasOwnProperty.call(KNOWN_DIFFERENCES, id)
    ? (id as KnownDifferenceId)
    : undefined;
}

/**
 * The JWT authorizer: the token from the identity source ("optionally prefixed with Bearer"),
 * then signature, kid, iss, aud/client_id, exp/nbf/iat (verifyJwt), then the route's scopes:
 * the token needs at least one of them in `scope`/`scp`.
 */
export function checkJwt(
  tokenSource: string | undefined,
  config: { issuer: string; audience: readonly string[] },
  routeScopes: readonly string[],
  jwks: Jwks,
  now: number,
): JwtCheck {
  if (tokenSource === undefined || tokenSource.trim() === '')
    return {
      outcome: 'unauthorized',
      reason: 'no token in the identity source',
      unconfirmed: 'http-jwt-missing-token',
    };
  const token = tokenSource.replace(/^Bearer\s+/i, '').trim();
  const verified = verifyJwt(token, { jwks, issuer: config.issuer, audience: config.audience, now });
  if (!verified.ok)
    return {
      outcome: 'unauthorized',
      reason: verified.description,
      description: verified.description,
      unconfirmed: knownId(verified.unconfirmed),
    };
  const subject = typeof verified.claims.sub === 'string' ? verified.claims.sub : undefined;
  if (routeScopes.length && !verified.scopes.some((s) => routeScopes.includes(s)))
    return {
      outcome: 'forbidden',
      reason: `the token has none of the scopes ${routeScopes.join(', ')}`,
      scopes: verified.scopes,
      ...(subject !== undefined ? { subject } : {}),
      unconfirmed: 'http-jwt-scope-status',
    };
  const { claims, labelled } = stringifyClaims(verified.claims);
  return {
    outcome: 'allow',
    claims,
    // The captured event has `"scopes": null` for a token without scopes.
    scopes: verified.scopes.length ? verified.scopes : null,
    ...(subject !== undefined ? { subject } : {}),
    ...(labelled ? { unconfirmed: 'http-jwt-claims-format' as const } : {}),
  };
}

export type LambdaAuthorizerDecision =
  | { decision: 'allow'; status: 200; context: Record<string, unknown> | null; principalId?: string }
  | { decision: 'deny'; status: 403; reason: string; principalId?: string }
  | { decision: 'error'; status: 500; reason: string };

/**
 * Applies what a Lambda authorizer returned. Simple responses (format 2.0 with
 * enableSimpleResponses): `{isAuthorized: boolean, context?: object}`. Otherwise an IAM policy,
 * evaluated against the request's routeArn as API Gateway does (explicit Deny wins, then an
 * Allow that covers the ARN). A bad answer is an authorizer failure: 500.
 */
export function evaluateLambdaAuthorizer(value: unknown, simple: boolean, arn: string): LambdaAuthorizerDecision {
  if (simple) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { decision: 'error', status: 500, reason: 'the authorizer did not return {"isAuthorized": …}' };
    const v = value as Record<string, unknown>;
    if (typeof v.isAuthorized !== 'boolean')
      return { decision: 'error', status: 500, reason: 'isAuthorized must be true or false' };
    if (v.context !== undefined && v.context !== null && (typeof v.context !== 'object' || Array.isArray(v.context)))
      return { decision: 'error', status: 500, reason: 'context must be an object' };
    if (!v.isAuthorized) return { decision: 'deny', status: 403, reason: 'isAuthorized is false' };
    return { decision: 'allow', status: 200, context: (v.context as Record<string, unknown> | undefined) ?? null };
  }
  const policy = evaluateAuthorizerOutput(value, arn);
  if (policy.decision === 'allow') {
    const raw = (value as Record<string, unknown>).context;
    const context: Record<string, unknown> =
      raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
    context.principalId = policy.principalId;
    return { decision: 'allow', status: 200, context, principalId: policy.principalId };
  }
  if (policy.decision === 'deny')
    return { decision: 'deny', status: 403, reason: policy.reason, principalId: policy.principalId };
  return { decision: 'error', status: 500, reason: policy.reason };
}
