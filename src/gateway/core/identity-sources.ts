/**
 * Identity sources of Lambda REQUEST authorizers: where an authorizer's inputs come from, and
 * the rule every API type applies before invoking it (DG apigateway-use-lambda-authorizer,
 * apigateway-websocket-api-lambda-auth, http-api-lambda-authorizer; docs/aws-behaviour.md §5.7).
 * The sources read the same four places on every API type; only the spelling differs:
 *
 * | API type  | header                      | query string                      | stage variable     | context       |
 * | --------- | --------------------------- | --------------------------------- | ------------------ | ------------- |
 * | WebSocket | `route.request.header.X`    | `route.request.querystring.X`     | `stageVariables.X` | `context.X`   |
 * | REST      | `method.request.header.X`   | `method.request.querystring.X`    | `stageVariables.X` | `context.X`   |
 * | HTTP      | `$request.header.X`         | `$request.querystring.X`          | `$stageVariables.X`| `$context.X`  |
 */

/** Where an identity source reads from. */
export type IdentitySource =
  | { from: 'header'; name: string }
  | { from: 'querystring'; name: string }
  | { from: 'stageVariables'; name: string }
  | { from: 'context'; name: string };

/** One API type's spelling of identity sources. */
export interface IdentitySourceSyntax {
  /** Before `header.X` / `querystring.X`: `route.request.`, `method.request.`, `$request.`. */
  request: string;
  /** Before `stageVariables.X` and `context.X`: `''` or `$`. */
  variables: string;
}

export const WEBSOCKET_IDENTITY_SYNTAX: IdentitySourceSyntax = { request: 'route.request.', variables: '' };
export const REST_IDENTITY_SYNTAX: IdentitySourceSyntax = { request: 'method.request.', variables: '' };
export const HTTP_IDENTITY_SYNTAX: IdentitySourceSyntax = { request: '$request.', variables: '$' };

/** Names as CDK's authorizer constructs validate them: `[a-zA-Z0-9._-]+`. */
const NAME = /^[A-Za-z0-9._-]+$/;

/** Parses one identity source in the given syntax; undefined when it is not one. */
export function parseIdentitySourceIn(syntax: IdentitySourceSyntax, source: string): IdentitySource | undefined {
  const read = (prefix: string, from: IdentitySource['from']): IdentitySource | undefined => {
    if (!source.startsWith(prefix)) return undefined;
    const name = source.slice(prefix.length);
    return NAME.test(name) ? { from, name } : undefined;
  };
  return (
    read(`${syntax.request}header.`, 'header') ??
    read(`${syntax.request}querystring.`, 'querystring') ??
    read(`${syntax.variables}stageVariables.`, 'stageVariables') ??
    read(`${syntax.variables}context.`, 'context')
  );
}

/** What a request offers the identity sources. */
export interface IdentityInput {
  /** A header's value by name, matched case-insensitively (HTTP header names are). */
  header(name: string): string | undefined;
  /** A query string parameter's value by name, matched case-sensitively. */
  query(name: string): string | undefined;
  stageVariables: Record<string, string>;
  /** The request context `context.X` reads (`context.identity.sourceIp` walks into it). */
  context: unknown;
}

/** A request as the WebSocket and REST engines hold it when they resolve identity sources. */
export interface IdentityRecords {
  /** Single-valued headers, names as sent. */
  headers: Record<string, string>;
  query: Record<string, string>;
  stageVariables: Record<string, string>;
  requestContext: object;
}

export type IdentityResult =
  | {
      ok: true;
      /** The values in the order of the sources (HTTP API caches on them). */
      values: string[];
      /** Source → value, as traced. */
      identity: Record<string, string>;
    }
  | { ok: false; missing: string };

/**
 * Reads every identity source. A missing, null or empty one means 401 without invoking the
 * authorizer ("If a specified identity source is missing, null, or empty, API Gateway returns a
 * 401 Unauthorized response without calling your Lambda authorizer function",
 * DG apigateway-use-lambda-authorizer; the same on WebSocket and HTTP APIs).
 */
export function resolveIdentitySources(
  syntax: IdentitySourceSyntax,
  sources: readonly string[],
  input: IdentityInput,
): IdentityResult {
  const values: string[] = [];
  const identity: Record<string, string> = {};
  for (const source of sources) {
    const parsed = parseIdentitySourceIn(syntax, source);
    let value: unknown;
    if (parsed?.from === 'header') value = input.header(parsed.name);
    else if (parsed?.from === 'querystring') value = input.query(parsed.name);
    else if (parsed?.from === 'stageVariables') value = ownValue(input.stageVariables, parsed.name);
    else if (parsed?.from === 'context') {
      value = input.context;
      for (const k of parsed.name.split('.'))
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
    }
    if (value === undefined || value === null || value === '') return { ok: false, missing: source };
    values.push(String(value));
    identity[source] = String(value);
  }
  return { ok: true, values, identity };
}

/** `record[name]` when it is the record's own entry (never an inherited `constructor`). */
export function ownValue(record: Record<string, string>, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}
