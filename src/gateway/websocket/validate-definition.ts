/**
 * Validation of a WebSocket API definition (api.json), with messages that name the field and
 * say what AWS accepts. Every rule cites where AWS states it; defaults are the ones AWS applies.
 */
import {
  DefinitionReport,
  checkApiIdAndRegion,
  checkProtocolAndName,
  describe,
  isObj,
  join,
  key,
  listOrNone,
  notAnObject,
  q,
  type DefinitionError,
  type Obj,
} from '../core/definition-errors';
import { checkFunctionRef, checkProxyIntegration, validateFunctions } from '../core/functions';
import { DEFAULT_STAGE_NAME, checkStageName, checkStageVariables, type StageDefinition } from '../core/stages';
import { validateTables } from '../core/tables';
import { compileSelectionExpression } from './rse';
import { parseIdentitySource } from './authorizer';
import {
  MAX_INTEGRATION_TIMEOUT_MS,
  MIN_INTEGRATION_TIMEOUT_MS,
  type RequestAuthorizerDefinition,
  type WebSocketApiDefinition,
  type WebSocketRouteDefinition,
} from './definition';

export type ValidationResult =
  { ok: true; definition: WebSocketApiDefinition } | { ok: false; errors: DefinitionError[] };

const TOP_LEVEL_KEYS = [
  'protocolType',
  'name',
  'apiId',
  'region',
  'stage',
  'routeSelectionExpression',
  'routes',
  'functions',
  'authorizers',
  'tables',
  // Lets editors attach a JSON schema; ignored.
  '$schema',
];
const ROUTE_KEYS = ['integration', 'routeResponseSelectionExpression', 'authorizer'];
const INTEGRATION_KEYS = ['type', 'function', 'timeoutInMillis'];
const AUTHORIZER_KEYS = ['type', 'function', 'identitySource'];
const STAGE_KEYS = ['name', 'variables'];
const RESERVED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'];

/**
 * Checks a WebSocket API definition and applies AWS's defaults (region `us-east-1`, stage
 * `dev`, function timeout 3 s and memory 128 MB, integration timeout 29 000 ms). Reports every
 * problem, not just the first.
 */
export function validateWebSocketDefinition(input: unknown): ValidationResult {
  const report = new DefinitionReport();
  const { errors, err, unknownKeys } = report;

  if (!isObj(input)) return notAnObject(input);
  unknownKeys(input, TOP_LEVEL_KEYS, '');

  checkProtocolAndName(input, report, { protocolType: 'WEBSOCKET', label: 'a WebSocket API', maxNameLength: 128 });
  const region = checkApiIdAndRegion(input, report);

  let stage: StageDefinition = { name: DEFAULT_STAGE_NAME, variables: {} };
  if (input.stage !== undefined) {
    if (!isObj(input.stage)) err('stage', `must be an object like {"name": "dev"}; got ${describe(input.stage)}`);
    else {
      unknownKeys(input.stage, STAGE_KEYS, 'stage');
      const name = checkStageName(input.stage.name, report, { fallback: DEFAULT_STAGE_NAME });
      stage = { name, variables: checkStageVariables(input.stage.variables, report) };
    }
  }

  // Route selection expression: required for WebSocket APIs (CreateApi).
  const rse = input.routeSelectionExpression;
  if (typeof rse !== 'string' || rse === '')
    err('routeSelectionExpression', 'required for WebSocket APIs, e.g. "$request.body.action"');
  else {
    const compiled = compileSelectionExpression(rse);
    if (!compiled.ok) {
      const { message, start, end } = compiled.error;
      err('routeSelectionExpression', `${message} (at characters ${start}–${end} of ${q(rse)})`);
    }
  }

  const { functions, names: functionNames } = validateFunctions(input.functions, report);
  const checkFunction = (path: string, v: unknown) => checkFunctionRef(functionNames, path, v, report);

  // Authorizers.
  const authorizers: Record<string, RequestAuthorizerDefinition> = {};
  if (input.authorizers !== undefined && !isObj(input.authorizers))
    err('authorizers', `must be an object keyed by authorizer name; got ${describe(input.authorizers)}`);
  else
    for (const [name, a] of Object.entries((input.authorizers as Obj | undefined) ?? {})) {
      const p = key('authorizers', name);
      if (!isObj(a)) {
        err(
          p,
          `must be an object like {"type": "REQUEST", "function": "auth", "identitySource": […]}; got ${describe(a)}`,
        );
        continue;
      }
      unknownKeys(a, AUTHORIZER_KEYS, p);
      // WebSocket APIs support only Lambda REQUEST authorizers
      // (SO logs "Websockets does not support the TOKEN authorization type").
      if (a.type !== 'REQUEST')
        err(
          join(p, 'type'),
          `must be "REQUEST" (WebSocket APIs support only Lambda REQUEST authorizers); got ${describe(a.type)}`,
        );
      checkFunction(join(p, 'function'), a.function);
      const identitySource: string[] = [];
      if (a.identitySource !== undefined) {
        if (!Array.isArray(a.identitySource))
          err(
            join(p, 'identitySource'),
            `must be a list such as ["route.request.querystring.token"]; got ${describe(a.identitySource)}`,
          );
        else
          a.identitySource.forEach((s, i) => {
            const sp = `${join(p, 'identitySource')}[${i}]`;
            if (typeof s !== 'string') return err(sp, `must be a string; got ${describe(s)}`);
            if (!parseIdentitySource(s))
              return err(
                sp,
                `${q(s)} is not a WebSocket identity source: ` +
                  `use route.request.header.<name>, route.request.querystring.<name>, ` +
                  `stageVariables.<name> or context.<name>` +
                  (s.startsWith('$request.') ? ` ("$request.…" is HTTP API syntax)` : ''),
              );
            identitySource.push(s);
          });
      }
      authorizers[name] = { type: 'REQUEST', function: a.function as string, identitySource };
    }
  const authorizerNames = Object.keys(authorizers);

  // Routes.
  const routes: Record<string, WebSocketRouteDefinition> = {};
  if (!isObj(input.routes))
    err(
      'routes',
      `required: an object keyed by route key ($connect, $disconnect, $default or your own); got ${describe(input.routes)}`,
    );
  else
    for (const [routeKey, r] of Object.entries(input.routes)) {
      const p = key('routes', routeKey);
      if (routeKey === '') err(p, 'a route key cannot be empty');
      // DG websocket-api-develop-routes: "$" is reserved for $connect, $disconnect and $default.
      else if (routeKey.startsWith('$') && !RESERVED_ROUTE_KEYS.includes(routeKey))
        err(p, `custom route keys must not start with "$" (reserved for $connect, $disconnect and $default)`);
      if (!isObj(r)) {
        err(p, `must be an object like {"integration": {"type": "AWS_PROXY", "function": "…"}}; got ${describe(r)}`);
        continue;
      }
      unknownKeys(r, ROUTE_KEYS, p);
      const route: WebSocketRouteDefinition = {};
      if (r.integration === undefined) {
        // Only $connect and $disconnect may go without an integration
        // (DG apigateway-websocket-api-route-keys-connect-disconnect); a message route needs a backend.
        if (routeKey !== '$connect' && routeKey !== '$disconnect')
          err(
            join(p, 'integration'),
            'required: message routes need an integration, e.g. {"type": "AWS_PROXY", "function": "…"}',
          );
      } else if (!isObj(r.integration))
        err(join(p, 'integration'), `must be an object; got ${describe(r.integration)}`);
      else {
        const ip = join(p, 'integration');
        unknownKeys(r.integration, INTEGRATION_KEYS, ip);
        // docs/aws-behaviour.md §4: WebSocket integration timeout 50 ms – 29 s.
        route.integration = checkProxyIntegration(r.integration, ip, report, {
          functionNames,
          minTimeoutMs: MIN_INTEGRATION_TIMEOUT_MS,
          maxTimeoutMs: MAX_INTEGRATION_TIMEOUT_MS,
        });
      }
      if (r.routeResponseSelectionExpression !== undefined) {
        // DG apigateway-websocket-api-route-response: "You can only define the $default route response".
        if (r.routeResponseSelectionExpression !== '$default')
          err(
            join(p, 'routeResponseSelectionExpression'),
            `only "$default" is supported for WebSocket route responses; got ${describe(r.routeResponseSelectionExpression)}`,
          );
        else route.routeResponseSelectionExpression = '$default';
      }
      if (r.authorizer !== undefined) {
        // DG websocket-api-develop-routes: authorization applies to $connect only; $connect protects the rest.
        if (routeKey !== '$connect')
          err(
            join(p, 'authorizer'),
            'authorizers can only be attached to $connect (the $connect route protects the others)',
          );
        else if (typeof r.authorizer !== 'string' || !authorizerNames.includes(r.authorizer))
          err(
            join(p, 'authorizer'),
            `no authorizer named ${describe(r.authorizer)} (authorizers are: ${listOrNone(authorizerNames)})`,
          );
        else route.authorizer = r.authorizer;
      }
      routes[routeKey] = route;
    }

  const tables = validateTables(input.tables, report);

  if (errors.length) return { ok: false, errors };
  const definition: WebSocketApiDefinition = {
    protocolType: 'WEBSOCKET',
    name: input.name as string,
    region,
    stage,
    routeSelectionExpression: rse as string,
    routes,
    functions,
    authorizers,
    tables,
  };
  if (input.apiId !== undefined) definition.apiId = input.apiId as string;
  return { ok: true, definition };
}
