/**
 * The `$connect` Lambda REQUEST authorizer: its identity sources in WebSocket syntax and what
 * the IAM policy it returns means for the connection (DG apigateway-websocket-api-lambda-auth,
 * api-gateway-lambda-authorizer-output; docs/aws-behaviour.md §1.3, §5.7). The rules themselves are
 * the shared core's (core/identity-sources.ts, core/iam-policy.ts).
 */
import {
  WEBSOCKET_IDENTITY_SYNTAX,
  ownValue,
  parseIdentitySourceIn,
  resolveIdentitySources,
  type IdentityRecords,
  type IdentityResult,
  type IdentitySource,
} from '../core/identity-sources';
import { evaluateAuthorizerOutput } from '../core/iam-policy';
import { findHeader } from '../core/request';

export type { IdentitySource };

/** `route.request.header.X`, `route.request.querystring.X`, `stageVariables.X`, `context.X`. */
export function parseIdentitySource(source: string): IdentitySource | undefined {
  return parseIdentitySourceIn(WEBSOCKET_IDENTITY_SYNTAX, source);
}

/**
 * Reads every identity source of the upgrade request; a missing or empty one means 401 without
 * invoking the authorizer (DG apigateway-websocket-api-lambda-auth: "you'll receive a 401 response").
 */
export function resolveIdentity(sources: readonly string[], input: IdentityRecords): IdentityResult {
  return resolveIdentitySources(WEBSOCKET_IDENTITY_SYNTAX, sources, {
    header: (name) => findHeader(input.headers, name),
    query: (name) => ownValue(input.query, name),
    stageVariables: input.stageVariables,
    context: input.requestContext,
  });
}

export type AuthorizerDecision =
  | { decision: 'allow'; status: 200; principalId: string; context: Record<string, string> }
  | { decision: 'deny'; status: 403; principalId: string; reason: string }
  | { decision: 'unauthorized'; status: 401; reason: string }
  | { decision: 'error'; status: 500; reason: string };

/**
 * Applies what the authorizer returned to the `$connect` route ARN: allowed → the connection
 * opens (200), denied explicitly or implicitly → 403, a malformed answer → 500.
 */
export function evaluateAuthorizerResponse(value: unknown, methodArn: string): AuthorizerDecision {
  const out = evaluateAuthorizerOutput(value, methodArn);
  if (out.decision === 'allow')
    return { decision: 'allow', status: 200, principalId: out.principalId, context: out.context };
  if (out.decision === 'deny')
    return { decision: 'deny', status: 403, principalId: out.principalId, reason: out.reason };
  return { decision: 'error', status: 500, reason: out.reason };
}
