/**
 * REST Lambda authorizers (TOKEN and REQUEST): where the identity comes from, and what the
 * returned IAM policy means for one method ARN (DG apigateway-use-lambda-authorizer,
 * api-gateway-lambda-authorizer-input, api-gateway-lambda-authorizer-output; reference §5.7).
 */

/** Where a REST identity source reads from (apigateway Authorizer.identitySource). */
export type RestIdentitySource =
  | { from: 'header'; name: string }
  | { from: 'querystring'; name: string }
  | { from: 'stageVariables'; name: string }
  | { from: 'context'; name: string };

/** `method.request.header.X`, `method.request.querystring.X`, `stageVariables.X`, `context.X`. */
export function parseRestIdentitySource(source: string): RestIdentitySource | undefined {
  const m = /^(?:method\.request\.(header|querystring)|(stageVariables)|(context))\.([A-Za-z0-9._-]+)$/.exec(
    source.trim(),
  );
  if (!m) return undefined;
  return { from: (m[1] ?? m[2] ?? m[3]) as RestIdentitySource['from'], name: m[4] };
}

/** A REQUEST authorizer's identity sources as a list (AWS stores them comma-separated). */
export function identitySourceList(source: string | string[] | undefined): string[] {
  if (source === undefined) return [];
  const list = typeof source === 'string' ? source.split(',') : source;
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

export interface RestIdentityInput {
  /** Single-valued headers (last value), names as sent. */
  headers: Record<string, string>;
  query: Record<string, string>;
  stageVariables: Record<string, string>;
  requestContext: object;
}

export type RestIdentityResult = { ok: true; identity: Record<string, string> } | { ok: false; missing: string };

function own(rec: Record<string, string>, k: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(rec, k) ? rec[k] : undefined;
}

/**
 * Reads every identity source. Header names match case-insensitively, query parameters
 * case-sensitively. A missing or empty one means 401 without invoking the authorizer
 * (DG apigateway-use-lambda-authorizer: "If a specified identity source is missing, null, or
 * empty, API Gateway returns a 401 Unauthorized response without calling the authorizer").
 */
export function resolveRestIdentity(sources: readonly string[], input: RestIdentityInput): RestIdentityResult {
  const identity: Record<string, string> = {};
  for (const source of sources) {
    const parsed = parseRestIdentitySource(source);
    let value: unknown;
    if (parsed?.from === 'header') {
      const lower = parsed.name.toLowerCase();
      for (const k in input.headers) if (k.toLowerCase() === lower) value = input.headers[k];
    } else if (parsed?.from === 'querystring') value = own(input.query, parsed.name);
    else if (parsed?.from === 'stageVariables') value = own(input.stageVariables, parsed.name);
    else if (parsed?.from === 'context') {
      value = input.requestContext;
      for (const k of parsed.name.split('.'))
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
    }
    if (value === undefined || value === null || value === '') return { ok: false, missing: source };
    identity[source] = String(value);
  }
  return { ok: true, identity };
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
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${method}/${path.replace(/^\//, '')}`;
}

export type RestAuthorizerDecision =
  | {
      decision: 'allow';
      principalId: string;
      /** principalId plus the context values, stringified: `requestContext.authorizer`. */
      authorizer: Record<string, string>;
      usageIdentifierKey?: string;
    }
  | { decision: 'deny'; explicit: boolean; principalId: string; reason: string }
  | { decision: 'error'; reason: string };

/** IAM wildcards: `*` any run of characters, `?` exactly one. */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  let re = '^';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(re + '$').test(arn);
}

/** IAM action names are case-insensitive and may use wildcards (`execute-api:*`). */
function actionMatches(pattern: string, action: string): boolean {
  return arnMatches(pattern.toLowerCase(), action.toLowerCase());
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * Whether a policy document allows `action` on `arn`: an explicit Deny wins, then any Allow;
 * nothing matching is an implicit deny. Returns an error string for a malformed document.
 */
export function policyAllows(
  doc: unknown,
  action: string,
  arn: string,
): { allowed: boolean; explicitDeny: boolean } | string {
  if (!doc || typeof doc !== 'object' || !('Statement' in doc))
    return 'the authorizer response has no policyDocument.Statement';
  let allowed = false;
  let denied = false;
  for (const st of asList((doc as { Statement: unknown }).Statement)) {
    if (!st || typeof st !== 'object') return 'a policy statement is not an object';
    const { Effect, Action, Resource } = st as Record<string, unknown>;
    if (Effect !== 'Allow' && Effect !== 'Deny')
      return `policy Effect must be "Allow" or "Deny", got ${JSON.stringify(Effect)}`;
    const actions = asList(Action);
    const resources = asList(Resource);
    if (!actions.every((a) => typeof a === 'string') || !resources.every((r) => typeof r === 'string'))
      return 'policy Action and Resource must be strings or lists of strings';
    const applies =
      (actions as string[]).some((a) => actionMatches(a, action)) &&
      (resources as string[]).some((r) => arnMatches(r, arn));
    if (!applies) continue;
    if (Effect === 'Deny') denied = true;
    else allowed = true;
  }
  return { allowed: allowed && !denied, explicitDeny: denied };
}

/**
 * Applies what the authorizer returned to one method ARN, as API Gateway does
 * (DG api-gateway-lambda-authorizer-output): `principalId` and a `policyDocument` are
 * required; `context` values must be strings, numbers or booleans and reach the backend
 * stringified; `usageIdentifierKey` is the API key when the API's key source is AUTHORIZER.
 * A malformed response is an authorizer failure (500). Evaluating the raw response per
 * request is what makes a cached policy deny a method it does not cover.
 */
export function evaluateRestAuthorizerResponse(value: unknown, arn: string): RestAuthorizerDecision {
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
  const authorizer: Record<string, string> = { principalId };
  if (out.context !== undefined && out.context !== null) {
    if (typeof out.context !== 'object' || Array.isArray(out.context))
      return { decision: 'error', reason: 'the authorizer context must be an object' };
    for (const [k, v] of Object.entries(out.context as Record<string, unknown>)) {
      if (v === undefined || k === 'principalId') continue;
      // "You cannot set a JSON object or array as a valid value of any key in the context map."
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        return { decision: 'error', reason: `context.${k} must be a string, number or boolean` };
      authorizer[k] = String(v);
    }
  }
  const decision: RestAuthorizerDecision = { decision: 'allow', principalId, authorizer };
  if (typeof out.usageIdentifierKey === 'string') decision.usageIdentifierKey = out.usageIdentifierKey;
  return decision;
}
