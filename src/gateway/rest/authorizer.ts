/**
 * REST Lambda authorizers (TOKEN and REQUEST): their identity sources in REST syntax, the method
 * ARN a policy is checked against, and what the returned IAM policy means for one method
 * (DG apigateway-use-lambda-authorizer, api-gateway-lambda-authorizer-input,
 * api-gateway-lambda-authorizer-output; docs/aws-behaviour.md §5.7). The rules themselves are the shared
 * core's (core/identity-sources.ts, core/iam-policy.ts).
 */
import {
  REST_IDENTITY_SYNTAX,
  ownValue,
  parseIdentitySourceIn,
  resolveIdentitySources,
  type IdentityRecords,
  type IdentityResult,
  type IdentitySource,
} from '../core/identity-sources';
import { evaluateAuthorizerOutput, executeApiArn, type AuthorizerOutput } from '../core/iam-policy';

/** Where a REST identity source reads from (apigateway Authorizer.identitySource). */
export type RestIdentitySource = IdentitySource;

/** `method.request.header.X`, `method.request.querystring.X`, `stageVariables.X`, `context.X`. */
export function parseRestIdentitySource(source: string): RestIdentitySource | undefined {
  return parseIdentitySourceIn(REST_IDENTITY_SYNTAX, source.trim());
}

/** A REQUEST authorizer's identity sources as a list (AWS stores them comma-separated). */
export function identitySourceList(source: string | string[] | undefined): string[] {
  if (source === undefined) return [];
  const list = typeof source === 'string' ? source.split(',') : source;
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

/** The last header of that name, case-insensitively (the single-value map keeps names as sent). */
function lastHeader(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  let value: string | undefined;
  for (const k in headers) if (k.toLowerCase() === lower) value = headers[k];
  return value;
}

/**
 * Reads every identity source; a missing or empty one means 401 without invoking the authorizer
 * (DG apigateway-use-lambda-authorizer: "If a specified identity source is missing, null, or
 * empty, API Gateway returns a 401 Unauthorized response without calling the authorizer").
 */
export function resolveRestIdentity(sources: readonly string[], input: IdentityRecords): IdentityResult {
  return resolveIdentitySources(
    REST_IDENTITY_SYNTAX,
    sources.map((s) => s.trim()),
    {
      header: (name) => lastHeader(input.headers, name),
      query: (name) => ownValue(input.query, name),
      stageVariables: input.stageVariables,
      context: input.requestContext,
    },
  );
}

/** The execute-api ARN of one request: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`. */
export function methodArn(
  region: string,
  accountId: string,
  apiId: string,
  stage: string,
  method: string,
  path: string,
): string {
  return executeApiArn(region, accountId, apiId, stage, `${method}/${path.replace(/^\//, '')}`);
}

/** What an authorizer's answer means for one method: as on every API type, but the context is `authorizer`. */
export type RestAuthorizerDecision =
  | Exclude<AuthorizerOutput, { decision: 'allow' }>
  | { decision: 'allow'; principalId: string; authorizer: Record<string, string>; usageIdentifierKey?: string };

/**
 * Applies what the authorizer returned to one method ARN. Evaluating the raw response per
 * request is what makes a cached policy deny a method it does not cover.
 */
export function evaluateRestAuthorizerResponse(value: unknown, arn: string): RestAuthorizerDecision {
  const out = evaluateAuthorizerOutput(value, arn);
  if (out.decision !== 'allow') return out;
  const decision: RestAuthorizerDecision = { decision: 'allow', principalId: out.principalId, authorizer: out.context };
  if (out.usageIdentifierKey !== undefined) decision.usageIdentifierKey = out.usageIdentifierKey;
  return decision;
}
