/**
 * The one IAM policy evaluator of the gateway: what a Lambda authorizer's `policyDocument`
 * allows, for every API type (the WebSocket `$connect` authorizer, REST TOKEN/REQUEST
 * authorizers and their `execute-api:InvalidateCache` permission, HTTP API Lambda authorizers
 * without simple responses). It follows the IAM policy grammar as far as an authorizer's output
 * uses it (DG api-gateway-lambda-authorizer-output; IAM JSON policy elements Effect, Action,
 * Resource; IAM "Policy evaluation logic"):
 *
 * - `Statement` is one statement or a list; each has `Effect` `Allow` or `Deny` (spelt so), and
 *   `Action` and `Resource`, each a string or a list of strings;
 * - `*` matches any run of characters and `?` exactly one, in both `Action` and `Resource`;
 *   action names are case-insensitive (`execute-api:invoke` is `execute-api:Invoke`), ARNs are
 *   not. Within an ARN a wildcard stays inside its colon-separated segment, except a `*` that
 *   ends a segment, which "can expand to match beyond the colon boundaries" (IAM JSON policy
 *   elements: Resource), so `arn:aws:execute-api:*` covers every API;
 * - a matching `Deny` beats any `Allow`; nothing matching is an implicit deny.
 *
 * `NotAction` and `NotResource` are refused as a malformed answer: the authorizer output is
 * documented with `Action` and `Resource` only, and a gateway that ignored them would allow what
 * the author meant to exclude.
 *
 * Resources are execute-api ARNs (DG api-gateway-control-access-using-iam-policies-to-invoke-api):
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` for REST and HTTP
 * routes, `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{routeKey}` for WebSocket routes.
 */

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{rest}` (rest: `GET/pets/1`, `$connect`). */
export function executeApiArn(region: string, accountId: string, apiId: string, stage: string, rest: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${rest}`;
}

/** A wildcard pattern as a regular expression (see the module comment for the colon rule). */
function wildcard(pattern: string, flags: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') re += i === pattern.length - 1 || pattern[i + 1] === ':' ? '.*' : '[^:]*';
    else if (ch === '?') re += '[^:]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$', flags);
}

/** Whether an `Action` pattern covers `action` (`execute-api:Inv*`, `execute-api:*`, `*`). */
export function actionMatches(pattern: string, action: string): boolean {
  return pattern === '*' || wildcard(pattern, 'i').test(action);
}

/** Whether a `Resource` pattern covers `arn`. */
export function resourceMatches(pattern: string, arn: string): boolean {
  return pattern === '*' || wildcard(pattern, '').test(arn);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function isStringList(list: unknown[]): list is string[] {
  return list.every((v) => typeof v === 'string');
}

/**
 * Whether a policy document allows `action` on `resource`: `allowed` when an Allow covers it
 * and no Deny does; `explicitDeny` when a Deny covers it. A malformed document is a string
 * saying why (the authorizer's answer is then an authorizer failure, 500).
 */
export function policyAllows(
  doc: unknown,
  action: string,
  resource: string,
): { allowed: boolean; explicitDeny: boolean } | string {
  if (!doc || typeof doc !== 'object' || !('Statement' in doc))
    return 'the authorizer response has no policyDocument.Statement';
  let allowed = false;
  let denied = false;
  for (const st of asList((doc as { Statement: unknown }).Statement)) {
    if (!st || typeof st !== 'object' || Array.isArray(st)) return 'a policy statement is not an object';
    const statement = st as Record<string, unknown>;
    for (const not of ['NotAction', 'NotResource'])
      if (not in statement)
        return `${not} is not supported in an authorizer policy: list what the statement covers in ${not.slice(3)}`;
    const { Effect, Action, Resource } = statement;
    if (Effect !== 'Allow' && Effect !== 'Deny')
      return `policy Effect must be "Allow" or "Deny", got ${JSON.stringify(Effect)}`;
    const actions = asList(Action);
    const resources = asList(Resource);
    if (!isStringList(actions) || !isStringList(resources))
      return 'policy Action and Resource must be strings or lists of strings';
    const applies =
      actions.some((a) => actionMatches(a, action)) && resources.some((r) => resourceMatches(r, resource));
    if (!applies) continue;
    if (Effect === 'Deny') denied = true;
    else allowed = true;
  }
  return { allowed: allowed && !denied, explicitDeny: denied };
}

/** What an authorizer's answer means for one request, on every API type. */
export type AuthorizerOutput =
  | {
      decision: 'allow';
      principalId: string;
      /** principalId plus the context values, stringified (what reaches the backend). */
      context: Record<string, string>;
      /** REST, API key source AUTHORIZER: the usage plan's API key. */
      usageIdentifierKey?: string;
    }
  | { decision: 'deny'; explicit: boolean; principalId: string; reason: string }
  | { decision: 'error'; reason: string };

/**
 * Applies what a Lambda authorizer returned to one ARN, as API Gateway does
 * (DG api-gateway-lambda-authorizer-output): `principalId` and a `policyDocument` are required;
 * `execute-api:Invoke` must be allowed on the ARN; `context` values must be strings, numbers or
 * booleans ("You cannot set a JSON object or array as a valid value of any key in the context
 * map") and reach the backend stringified; `usageIdentifierKey` is passed on. Anything malformed
 * is an authorizer failure (500).
 */
export function evaluateAuthorizerOutput(value: unknown, arn: string): AuthorizerOutput {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { decision: 'error', reason: 'the authorizer did not return an object' };
  const out = value as Record<string, unknown>;
  if (typeof out.principalId !== 'string' && typeof out.principalId !== 'number')
    return { decision: 'error', reason: 'the authorizer response has no principalId' };
  const principalId = String(out.principalId);
  const verdict = policyAllows(out.policyDocument, 'execute-api:Invoke', arn);
  if (typeof verdict === 'string') return { decision: 'error', reason: verdict };
  if (!verdict.allowed)
    return verdict.explicitDeny
      ? { decision: 'deny', explicit: true, principalId, reason: `explicit Deny for ${arn}` }
      : { decision: 'deny', explicit: false, principalId, reason: `no statement allows ${arn}` };
  const context: Record<string, string> = { principalId };
  if (out.context !== undefined && out.context !== null) {
    if (typeof out.context !== 'object' || Array.isArray(out.context))
      return { decision: 'error', reason: 'the authorizer context must be an object' };
    for (const [k, v] of Object.entries(out.context as Record<string, unknown>)) {
      // principalId comes from the top level; a context key cannot replace it.
      if (v === undefined || k === 'principalId') continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        return { decision: 'error', reason: `context.${k} must be a string, number or boolean` };
      context[k] = String(v);
    }
  }
  const decision: AuthorizerOutput = { decision: 'allow', principalId, context };
  if (typeof out.usageIdentifierKey === 'string') decision.usageIdentifierKey = out.usageIdentifierKey;
  return decision;
}
