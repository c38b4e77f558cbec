/**
 * Validation of an HTTP API definition (api.json), with messages that name the field and say
 * what AWS accepts; defaults are AWS's (stage `$default`, payload format 2.0, integration
 * timeout 30 000 ms, authorizer caching off). Reports every problem, not just the first.
 */
import {
  DefinitionReport,
  checkApiIdAndRegion,
  checkProtocolAndName,
  describe,
  isObj,
  join,
  key,
  notAnObject,
  q,
  listOrNone,
  type DefinitionError,
  type Obj,
} from '../core/definition-errors';
import { checkFunctionRef, checkProxyIntegration, validateFunctions } from '../core/functions';
import { HTTP_DEFAULT_STAGE_NAME, checkStageName, checkStageVariables, type StageDefinition } from '../core/stages';
import { validateTables } from '../core/tables';
import { parseHttpIdentitySource } from './authorizers';
import {
  DEFAULT_JWT_IDENTITY_SOURCE,
  HTTP_MAX_AUTHORIZER_TTL_S,
  HTTP_MAX_INTEGRATION_TIMEOUT_MS,
  HTTP_MIN_INTEGRATION_TIMEOUT_MS,
  type HttpApiDefinition,
  type HttpAuthorizerDefinition,
  type HttpCorsConfiguration,
  type HttpRouteDefinition,
} from './definition';
import { parseRouteKey, routeShape } from './routes';

export type HttpValidationResult =
  { ok: true; definition: HttpApiDefinition } | { ok: false; errors: DefinitionError[] };

const TOP_LEVEL_KEYS = [
  'protocolType',
  'name',
  'apiId',
  'region',
  'stage',
  'routes',
  'authorizers',
  'cors',
  'functions',
  'tables',
  '$schema',
];
const ROUTE_KEYS = ['integration', 'authorizer', 'authorizationScopes'];
const INTEGRATION_KEYS = ['type', 'function', 'payloadFormatVersion', 'timeoutInMillis'];
const JWT_KEYS = ['type', 'identitySource', 'jwtConfiguration'];
const REQUEST_KEYS = [
  'type',
  'function',
  'authorizerPayloadFormatVersion',
  'enableSimpleResponses',
  'identitySource',
  'resultTtlInSeconds',
];
const CORS_KEYS = ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'maxAge', 'allowCredentials'];
const STAGE_KEYS = ['name', 'variables'];

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** Checks an HTTP API definition; functions, tables and stage variables follow the shared core's rules. */
export function validateHttpDefinition(input: unknown): HttpValidationResult {
  const report = new DefinitionReport();
  const { errors, err, unknownKeys } = report;

  if (!isObj(input)) return notAnObject(input);
  unknownKeys(input, TOP_LEVEL_KEYS, '');

  checkProtocolAndName(input, report, { protocolType: 'HTTP', label: 'an HTTP API', maxNameLength: 128 });
  const region = checkApiIdAndRegion(input, report);

  const { functions, names: functionNames } = validateFunctions(input.functions, report);
  const tables = validateTables(input.tables, report);
  const checkFunction = (path: string, v: unknown) => checkFunctionRef(functionNames, path, v, report);

  // Stage: `$default` (served at the root, DG http-api-stages) or a named stage.
  let stage: StageDefinition = { name: HTTP_DEFAULT_STAGE_NAME, variables: {} };
  if (input.stage !== undefined) {
    if (!isObj(input.stage)) err('stage', `must be an object like {"name": "$default"}; got ${describe(input.stage)}`);
    else {
      unknownKeys(input.stage, STAGE_KEYS, 'stage');
      const variables = checkStageVariables(input.stage.variables, report);
      const name = checkStageName(input.stage.name, report, { allowDefault: true, fallback: HTTP_DEFAULT_STAGE_NAME });
      stage = { name, variables };
    }
  }

  // Authorizers.
  const authorizers: Record<string, HttpAuthorizerDefinition> = {};
  if (input.authorizers !== undefined && !isObj(input.authorizers))
    err('authorizers', `must be an object keyed by authorizer name; got ${describe(input.authorizers)}`);
  else
    for (const [name, a] of Object.entries((input.authorizers as Obj | undefined) ?? {})) {
      const p = key('authorizers', name);
      if (!isObj(a)) {
        err(p, `must be an object with "type": "JWT" or "REQUEST"; got ${describe(a)}`);
        continue;
      }
      const checkSources = (sources: unknown, jwt: boolean): string[] => {
        const sp = join(p, 'identitySource');
        if (!isStringList(sources)) {
          err(sp, `must be a list such as ["$request.header.Authorization"]; got ${describe(sources)}`);
          return [];
        }
        sources.forEach((s, i) => {
          const parsed = parseHttpIdentitySource(s);
          if (!parsed)
            err(
              `${sp}[${i}]`,
              `${q(s)} is not an HTTP API identity source: use $request.header.<name>, $request.querystring.<name>, ` +
                `$context.<name> or $stageVariables.<name>` +
                (s.startsWith('route.request.') ? ' ("route.request.…" is WebSocket syntax)' : ''),
            );
          else if (jwt && parsed.from !== 'header' && parsed.from !== 'querystring')
            err(`${sp}[${i}]`, 'a JWT authorizer reads its token from a header or a query string parameter');
        });
        if (jwt && sources.length !== 1) err(sp, 'a JWT authorizer takes exactly one identity source');
        return [...sources];
      };
      if (a.type === 'JWT') {
        unknownKeys(a, JWT_KEYS, p);
        const identitySource =
          a.identitySource === undefined ? [DEFAULT_JWT_IDENTITY_SOURCE] : checkSources(a.identitySource, true);
        const cfg = a.jwtConfiguration;
        const cp = join(p, 'jwtConfiguration');
        let issuer = '';
        let audience: string[] = [];
        if (!isObj(cfg)) err(cp, `required: {"issuer": "https://…", "audience": ["…"]}; got ${describe(cfg)}`);
        else {
          unknownKeys(cfg, ['issuer', 'audience'], cp);
          // https only, as on AWS; an http:// issuer on this machine passes here and is then
          // accepted only by the local gateway's key source (./jwt/discovery.ts), which fails
          // the deployment anywhere else with a message saying so.
          if (
            typeof cfg.issuer !== 'string' ||
            !/^(https:\/\/\S+|http:\/\/(127\.0\.0\.1|\[::1\]|localhost)([:/]\S*)?)$/.test(cfg.issuer)
          )
            err(join(cp, 'issuer'), `required: the issuer URL (https://…); got ${describe(cfg.issuer)}`);
          else issuer = cfg.issuer;
          if (!isStringList(cfg.audience) || cfg.audience.length === 0)
            err(
              join(cp, 'audience'),
              `required: a non-empty list of audiences (client ids); got ${describe(cfg.audience)}`,
            );
          else audience = [...cfg.audience];
        }
        authorizers[name] = { type: 'JWT', identitySource, jwtConfiguration: { issuer, audience } };
      } else if (a.type === 'REQUEST') {
        unknownKeys(a, REQUEST_KEYS, p);
        checkFunction(join(p, 'function'), a.function);
        const version = a.authorizerPayloadFormatVersion;
        // Required for HTTP API Lambda authorizers (apigatewayv2 CreateAuthorizer).
        if (version !== '1.0' && version !== '2.0')
          err(join(p, 'authorizerPayloadFormatVersion'), `required: "1.0" or "2.0"; got ${describe(version)}`);
        if (a.enableSimpleResponses !== undefined && typeof a.enableSimpleResponses !== 'boolean')
          err(join(p, 'enableSimpleResponses'), `must be true or false; got ${describe(a.enableSimpleResponses)}`);
        // Simple responses exist only in format 2.0 (DG http-api-lambda-authorizer).
        if (a.enableSimpleResponses === true && version === '1.0')
          err(join(p, 'enableSimpleResponses'), 'simple responses need authorizerPayloadFormatVersion "2.0"');
        const identitySource = a.identitySource === undefined ? [] : checkSources(a.identitySource, false);
        const ttl = a.resultTtlInSeconds ?? 0;
        if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > HTTP_MAX_AUTHORIZER_TTL_S)
          err(
            join(p, 'resultTtlInSeconds'),
            `must be a whole number of seconds from 0 to ${HTTP_MAX_AUTHORIZER_TTL_S}; got ${describe(ttl)}`,
          );
        // Caching is keyed on the identity sources, so it needs at least one.
        else if (ttl > 0 && identitySource.length === 0)
          err(join(p, 'identitySource'), 'required when resultTtlInSeconds is above 0 (the cache is keyed on it)');
        authorizers[name] = {
          type: 'REQUEST',
          function: a.function as string,
          authorizerPayloadFormatVersion: version as '1.0' | '2.0',
          enableSimpleResponses: a.enableSimpleResponses === true,
          identitySource,
          resultTtlInSeconds: ttl as number,
        };
      } else {
        err(join(p, 'type'), `must be "JWT" or "REQUEST" (a Lambda authorizer); got ${describe(a.type)}`);
      }
    }
  const authorizerNames = Object.keys(authorizers);

  // Routes.
  const routes: Record<string, HttpRouteDefinition> = {};
  const shapes = new Map<string, string>();
  if (!isObj(input.routes))
    err(
      'routes',
      `required: an object keyed by route key ("GET /pets/{id}", "$default", …); got ${describe(input.routes)}`,
    );
  else
    for (const [routeKey, r] of Object.entries(input.routes)) {
      const p = key('routes', routeKey);
      const parsed = parseRouteKey(routeKey);
      if (!parsed.ok) err(p, parsed.message);
      else if ('method' in parsed.route) {
        const shape = routeShape(parsed.route);
        const other = shapes.get(shape);
        if (other) err(p, `conflicts with ${q(other)}: no request could tell them apart`);
        else shapes.set(shape, routeKey);
      }
      if (!isObj(r)) {
        err(p, `must be an object like {"integration": {"type": "AWS_PROXY", "function": "…"}}; got ${describe(r)}`);
        continue;
      }
      unknownKeys(r, ROUTE_KEYS, p);
      const ip = join(p, 'integration');
      const integ = r.integration;
      let integration: HttpRouteDefinition['integration'] = { type: 'AWS_PROXY', function: '' };
      if (!isObj(integ)) err(ip, `required: {"type": "AWS_PROXY", "function": "…"}; got ${describe(integ)}`);
      else {
        unknownKeys(integ, INTEGRATION_KEYS, ip);
        const version = integ.payloadFormatVersion ?? '2.0';
        if (version !== '2.0' && version !== '1.0')
          err(join(ip, 'payloadFormatVersion'), `must be "2.0" or "1.0"; got ${describe(version)}`);
        // DG http-api-quotas: 50 ms – 30 s.
        const proxy = checkProxyIntegration(integ, ip, report, {
          functionNames,
          minTimeoutMs: HTTP_MIN_INTEGRATION_TIMEOUT_MS,
          maxTimeoutMs: HTTP_MAX_INTEGRATION_TIMEOUT_MS,
        });
        integration = { ...proxy, payloadFormatVersion: version as '2.0' | '1.0' };
      }
      const route: HttpRouteDefinition = { integration };
      if (r.authorizer !== undefined) {
        if (typeof r.authorizer !== 'string' || !authorizerNames.includes(r.authorizer))
          err(
            join(p, 'authorizer'),
            `no authorizer named ${typeof r.authorizer === 'string' ? q(r.authorizer) : describe(r.authorizer)} ` +
              `(authorizers are: ${listOrNone(authorizerNames)})`,
          );
        else route.authorizer = r.authorizer;
      }
      if (r.authorizationScopes !== undefined) {
        const sp = join(p, 'authorizationScopes');
        if (!isStringList(r.authorizationScopes))
          err(sp, `must be a list of scope names; got ${describe(r.authorizationScopes)}`);
        // Scopes apply to JWT authorizers (DG http-api-jwt-authorizer).
        else if (route.authorizer === undefined || authorizers[route.authorizer]?.type !== 'JWT')
          err(sp, 'authorization scopes need a JWT authorizer on the route');
        else route.authorizationScopes = [...r.authorizationScopes];
      }
      routes[routeKey] = route;
    }

  // CORS.
  let cors: HttpCorsConfiguration | undefined;
  if (input.cors !== undefined) {
    if (!isObj(input.cors))
      err('cors', `must be an object like {"allowOrigins": ["https://example.com"]}; got ${describe(input.cors)}`);
    else {
      unknownKeys(input.cors, CORS_KEYS, 'cors');
      cors = {};
      for (const k of ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const) {
        const v = input.cors[k];
        if (v === undefined) continue;
        if (!isStringList(v)) err(join('cors', k), `must be a list of strings; got ${describe(v)}`);
        else cors[k] = [...v];
      }
      for (const [i, o] of (cors.allowOrigins ?? []).entries())
        if (o !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+\/?$/i.test(o))
          err(`cors.allowOrigins[${i}]`, `must be "*" or an origin like "https://example.com"; got ${describe(o)}`);
      const maxAge = input.cors.maxAge;
      // apigatewayv2 Cors.MaxAge: -1 to 86400 seconds.
      if (maxAge !== undefined) {
        if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < -1 || maxAge > 86400)
          err('cors.maxAge', `must be a whole number of seconds from -1 to 86400; got ${describe(maxAge)}`);
        else cors.maxAge = maxAge;
      }
      const cred = input.cors.allowCredentials;
      if (cred !== undefined) {
        if (typeof cred !== 'boolean') err('cors.allowCredentials', `must be true or false; got ${describe(cred)}`);
        else cors.allowCredentials = cred;
      }
      // Browsers never accept a wildcard origin with credentials; AWS refuses the combination.
      if (cors.allowCredentials && cors.allowOrigins?.includes('*'))
        err('cors.allowCredentials', 'cannot be true when allowOrigins contains "*": list the origins instead');
    }
  }

  if (errors.length) return { ok: false, errors };
  const definition: HttpApiDefinition = {
    protocolType: 'HTTP',
    name: input.name as string,
    region,
    stage,
    routes,
    authorizers,
    functions,
    tables,
  };
  if (cors) definition.cors = cors;
  if (input.apiId !== undefined) definition.apiId = input.apiId as string;
  return { ok: true, definition };
}
