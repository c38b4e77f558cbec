/**
 * The `$connect` Lambda REQUEST authorizer: identity sources and the IAM policy it returns
 * (DG apigateway-websocket-api-lambda-auth, api-gateway-lambda-authorizer-output;
 * aws-api-gateway.md §1.3, §5.7).
 */
import { findHeader } from './events';

/** Where an identity source reads from, parsed from AWS's WebSocket syntax. */
export type IdentitySource =
  | { from: 'header'; name: string }
  | { from: 'querystring'; name: string }
  | { from: 'stageVariables'; name: string }
  | { from: 'context'; name: string };

/**
 * `route.request.header.X`, `route.request.querystring.X`, `stageVariables.X`, `context.X`
 * (the patterns CDK's WebSocketLambdaAuthorizer validates against: `[a-zA-Z0-9._-]+`).
 */
export function parseIdentitySource(source: string): IdentitySource | undefined {
  const m = /^(?:route\.request\.(header|querystring)|(stageVariables)|(context))\.([A-Za-z0-9._-]+)$/.exec(source);
  if (!m) return undefined;
  const from = (m[1] ?? m[2] ?? m[3]) as IdentitySource['from'];
  return { from, name: m[4] };
}

export interface IdentityInput {
  headers: Record<string, string>;
  query: Record<string, string>;
  stageVariables: Record<string, string>;
  requestContext: object;
}

export type IdentityResult = { ok: true; identity: Record<string, string> } | { ok: false; missing: string };

/**
 * Reads every identity source. Header names match case-insensitively, query parameter names
 * case-sensitively (§5.7). A missing or empty one means 401 without invoking the authorizer
 * (DG apigateway-websocket-api-lambda-auth: "you'll receive a 401 response").
 */
export function resolveIdentity(sources: readonly string[], input: IdentityInput): IdentityResult {
  const identity: Record<string, string> = {};
  for (const source of sources) {
    const parsed = parseIdentitySource(source);
    let value: unknown;
    if (parsed?.from === 'header') value = findHeader(input.headers, parsed.name);
    else if (parsed?.from === 'querystring')
      value = Object.prototype.hasOwnProperty.call(input.query, parsed.name) ? input.query[parsed.name] : undefined;
    else if (parsed?.from === 'stageVariables')
      value = Object.prototype.hasOwnProperty.call(input.stageVariables, parsed.name)
        ? input.stageVariables[parsed.name]
        : undefined;
    else if (parsed?.from === 'context') {
      value = input.requestContext;
      for (const key of parsed.name.split('.'))
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined || value === null || value === '') return { ok: false, missing: source };
    identity[source] = String(value);
  }
  return { ok: true, identity };
}

export type AuthorizerDecision =
  | { decision: 'allow'; status: 200; principalId: string; context: Record<string, string> }
  | { decision: 'deny'; status: 403; principalId: string; reason: string }
  | { decision: 'unauthorized'; status: 401; reason: string }
  | { decision: 'error'; status: 500; reason: string };

/** IAM wildcard match: `*` any run of characters, `?` exactly one (IAM policy grammar). */
function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  let re = '^';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(re + '$').test(arn);
}

/** IAM action names are case-insensitive; `execute-api:*` and `*` cover Invoke. */
function actionMatches(action: string): boolean {
  const a = action.toLowerCase();
  return a === '*' || a === 'execute-api:*' || a === 'execute-api:invoke';
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * Applies what the authorizer returned, as API Gateway does: an explicit Deny wins, then an
 * Allow that covers `methodArn`; no matching statement is an implicit deny (403). A missing
 * `principalId`, a missing or malformed `policyDocument`, or a `context` value that is an
 * object or array ("You cannot set a JSON object or array as a valid value of any key in the
 * context map", DG api-gateway-lambda-authorizer-output) is an authorizer failure: 500.
 */
export function evaluateAuthorizerResponse(value: unknown, methodArn: string): AuthorizerDecision {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { decision: 'error', status: 500, reason: 'the authorizer did not return an object' };
  const out = value as Record<string, unknown>;
  const rawPrincipal = out.principalId;
  if (typeof rawPrincipal !== 'string' && typeof rawPrincipal !== 'number')
    return { decision: 'error', status: 500, reason: 'the authorizer response has no principalId' };
  const principalId = String(rawPrincipal);
  const doc = out.policyDocument;
  if (!doc || typeof doc !== 'object' || !('Statement' in doc))
    return { decision: 'error', status: 500, reason: 'the authorizer response has no policyDocument.Statement' };
  let allowed = false;
  let denied = false;
  for (const st of asList((doc as { Statement: unknown }).Statement)) {
    if (!st || typeof st !== 'object')
      return { decision: 'error', status: 500, reason: 'a policy statement is not an object' };
    const { Effect, Action, Resource } = st as Record<string, unknown>;
    // IAM's grammar has exactly two effects, spelt `Allow` and `Deny`.
    if (Effect !== 'Allow' && Effect !== 'Deny')
      return {
        decision: 'error',
        status: 500,
        reason: `policy Effect must be "Allow" or "Deny", got ${JSON.stringify(Effect)}`,
      };
    const actions = asList(Action);
    const resources = asList(Resource);
    if (!actions.every((a) => typeof a === 'string') || !resources.every((r) => typeof r === 'string'))
      return {
        decision: 'error',
        status: 500,
        reason: 'policy Action and Resource must be strings or lists of strings',
      };
    const applies =
      (actions as string[]).some(actionMatches) && (resources as string[]).some((r) => arnMatches(r, methodArn));
    if (!applies) continue;
    if (Effect === 'Deny') denied = true;
    else allowed = true;
  }
  if (denied) return { decision: 'deny', status: 403, principalId, reason: 'explicit Deny for ' + methodArn };
  if (!allowed) return { decision: 'deny', status: 403, principalId, reason: 'no statement allows ' + methodArn };
  const context: Record<string, string> = { principalId };
  if (out.context !== undefined && out.context !== null) {
    if (typeof out.context !== 'object' || Array.isArray(out.context))
      return { decision: 'error', status: 500, reason: 'the authorizer context must be an object' };
    for (const [k, v] of Object.entries(out.context as Record<string, unknown>)) {
      // principalId comes from the top level; a context key cannot replace it.
      if (v === undefined || k === 'principalId') continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        return { decision: 'error', status: 500, reason: `context.${k} must be a string, number or boolean` };
      // Values reach the backend stringified (DG api-gateway-lambda-authorizer-output).
      context[k] = String(v);
    }
  }
  return { decision: 'allow', status: 200, principalId, context };
}
