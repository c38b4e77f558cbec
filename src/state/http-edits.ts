/**
 * Structural edits of an HTTP API definition, as the API panel makes them. Pure functions over
 * a plain (or $state-proxied) definition, so they are unit-tested in Node and the Workspace
 * applies them through its one mutation path (`Workspace.editHttp`). Each returns an error
 * message for the learner, or null. Full validation (with field paths) still happens at Deploy
 * through validateHttpDefinition; these only refuse what the panel can't represent.
 */
import type {
  HttpApiDefinition,
  HttpAuthorizerDefinition,
  HttpCorsConfiguration,
  HttpRouteDefinition,
} from '../gateway';
import { parseRouteKey } from '../gateway';

/** Why `key` can't be a route key of `def` (AWS's route key syntax, DG http-api-develop-routes), or null. */
export function httpRouteKeyProblem(def: HttpApiDefinition, key: string, ignore?: string): string | null {
  const k = key.trim();
  if (!k) return 'A route key is required, e.g. "GET /orders/{id}" or "$default".';
  if (k !== ignore && k in def.routes) return `A route "${k}" already exists.`;
  const parsed = parseRouteKey(k);
  return parsed.ok ? null : `Route key "${k}": ${parsed.message}.`;
}

export function addHttpRoute(def: HttpApiDefinition, key: string, functionName?: string): string | null {
  const problem = httpRouteKeyProblem(def, key);
  if (problem) return problem;
  const fn = functionName || Object.keys(def.functions ?? {})[0] || '';
  def.routes[key.trim()] = { integration: { type: 'AWS_PROXY', function: fn, payloadFormatVersion: '2.0' } };
  return null;
}

export function removeHttpRoute(def: HttpApiDefinition, key: string): void {
  delete def.routes[key];
}

/** Renames in place, keeping the table's order. */
export function renameHttpRoute(def: HttpApiDefinition, from: string, to: string): string | null {
  const key = to.trim();
  if (from === key || !(from in def.routes)) return null;
  const problem = httpRouteKeyProblem(def, key);
  if (problem) return problem;
  const next: Record<string, HttpRouteDefinition> = {};
  for (const [k, v] of Object.entries(def.routes)) next[k === from ? key : k] = v;
  def.routes = next;
  return null;
}

function route(def: HttpApiDefinition, key: string): HttpRouteDefinition | undefined {
  return def.routes[key];
}

export function setHttpRouteFunction(def: HttpApiDefinition, key: string, functionName: string): void {
  const r = route(def, key);
  if (r) r.integration = { ...r.integration, type: 'AWS_PROXY', function: functionName };
}

/** Payload format 2.0 (default) or 1.0 (DG http-api-develop-integrations-lambda). */
export function setHttpPayloadVersion(def: HttpApiDefinition, key: string, version: '1.0' | '2.0'): void {
  const r = route(def, key);
  if (r) r.integration = { ...r.integration, payloadFormatVersion: version };
}

/** Integration timeout in ms (50–30 000; undefined = AWS's default 30 000). */
export function setHttpRouteTimeout(def: HttpApiDefinition, key: string, ms: number | undefined): void {
  const r = route(def, key);
  if (!r) return;
  const integration = { ...r.integration };
  if (ms === undefined || !Number.isFinite(ms)) delete integration.timeoutInMillis;
  else integration.timeoutInMillis = ms;
  r.integration = integration;
}

/** '' removes the authorizer. Scopes only exist for JWT authorizers, so they go with it. */
export function setHttpRouteAuthorizer(def: HttpApiDefinition, key: string, authorizer: string): void {
  const r = route(def, key);
  if (!r) return;
  if (!authorizer) {
    delete r.authorizer;
    delete r.authorizationScopes;
    return;
  }
  r.authorizer = authorizer;
  if (def.authorizers?.[authorizer]?.type !== 'JWT') delete r.authorizationScopes;
}

/** Scopes as typed: separated by spaces or commas; none removes the field. */
export function setHttpRouteScopes(def: HttpApiDefinition, key: string, text: string): void {
  const r = route(def, key);
  if (!r) return;
  const scopes = splitList(text);
  if (scopes.length) r.authorizationScopes = scopes;
  else delete r.authorizationScopes;
}

/** The CORS form's fields: lists as typed (comma-separated). */
export interface CorsForm {
  enabled: boolean;
  allowOrigins: string;
  allowMethods: string;
  allowHeaders: string;
  exposeHeaders: string;
  maxAge: string;
  allowCredentials: boolean;
}

export function corsForm(cors: HttpCorsConfiguration | undefined): CorsForm {
  return {
    enabled: cors !== undefined,
    allowOrigins: (cors?.allowOrigins ?? []).join(', '),
    allowMethods: (cors?.allowMethods ?? []).join(', '),
    allowHeaders: (cors?.allowHeaders ?? []).join(', '),
    exposeHeaders: (cors?.exposeHeaders ?? []).join(', '),
    maxAge: cors?.maxAge === undefined ? '' : String(cors.maxAge),
    allowCredentials: cors?.allowCredentials ?? false,
  };
}

/**
 * Applies the CORS form (apigatewayv2 corsConfiguration). An unparseable max age is an error
 * for the learner; everything else is checked at Deploy with the field named.
 */
export function setHttpCors(def: HttpApiDefinition, form: CorsForm): string | null {
  if (!form.enabled) {
    delete def.cors;
    return null;
  }
  const cors: HttpCorsConfiguration = {};
  const lists = ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const;
  for (const k of lists) {
    const v = splitList(form[k]);
    if (v.length) cors[k] = v;
  }
  if (form.maxAge.trim() !== '') {
    const n = Number(form.maxAge);
    if (!Number.isInteger(n) || n < 0) return 'Max age is whole seconds (e.g. 300).';
    cors.maxAge = n;
  }
  if (form.allowCredentials) cors.allowCredentials = true;
  def.cors = cors;
  return null;
}

/** `$default` (served at the root URL) or a named stage (DG http-api-stages). */
export function setHttpStageName(def: HttpApiDefinition, name: string): void {
  const n = name.trim() || '$default';
  def.stage = { ...(def.stage ?? { name: '$default' }), name: n };
}

export function setHttpStageVariables(def: HttpApiDefinition, entries: [string, string][]): void {
  const variables = cleanEntries(entries);
  def.stage = { ...(def.stage ?? { name: '$default' }), variables };
}

/** Replaces the authorizers (edited as JSON); routes that named a removed one keep the name, and Deploy reports it. */
export function setHttpAuthorizers(def: HttpApiDefinition, value: unknown): string | null {
  if (value === undefined || value === null) {
    delete def.authorizers;
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return 'Authorizers are an object keyed by authorizer name.';
  def.authorizers = value as Record<string, HttpAuthorizerDefinition>;
  return null;
}

/** Routes whose authorizer is a JWT authorizer (the request builder offers a test token for these). */
export function jwtRoutes(def: HttpApiDefinition): { routeKey: string; authorizer: string; scopes: string[] }[] {
  const out: { routeKey: string; authorizer: string; scopes: string[] }[] = [];
  for (const [routeKey, r] of Object.entries(def.routes ?? {})) {
    if (r.authorizer && def.authorizers?.[r.authorizer]?.type === 'JWT')
      out.push({ routeKey, authorizer: r.authorizer, scopes: r.authorizationScopes ?? [] });
  }
  return out;
}

/** `a, b c` → `['a', 'b', 'c']`. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function cleanEntries(entries: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) if (k.trim()) out[k.trim()] = v;
  return out;
}

/** `KEY=value` lines (the panels' small key/value text areas). */
export function parseKeyValueLines(text: string): [string, string][] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? [l.trim(), ''] : [l.slice(0, i).trim(), l.slice(i + 1)];
    });
}

export function keyValueLines(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** Parses a JSON editor's text; the message names the position as JSON.parse reports it. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
  }
}
