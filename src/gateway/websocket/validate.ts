/**
 * Validation of a WebSocket API definition (api.json), with messages that name the field and
 * say what AWS accepts. Every rule cites where AWS states it; defaults are the ones AWS applies.
 */
import { isObj, q, key, describe, listOrNone, type Obj, join } from '../definition-text';
import { compileSelectionExpression } from '../rse';
import { parseIdentitySource } from './authorizer';
import {
  DEFAULT_FUNCTION_TIMEOUT_S,
  DEFAULT_MEMORY_MB,
  MAX_INTEGRATION_TIMEOUT_MS,
  MIN_INTEGRATION_TIMEOUT_MS,
  type FunctionDefinition,
  type RequestAuthorizerDefinition,
  type TableDefinition,
  type WebSocketApiDefinition,
  type WebSocketRouteDefinition,
} from './definition';

export interface DefinitionError {
  /** Where, in the definition's own vocabulary: `routes["sendmessage"].integration.function`. */
  path: string;
  message: string;
}

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
const FUNCTION_KEYS = ['handler', 'timeout', 'memorySize', 'environment'];
const AUTHORIZER_KEYS = ['type', 'function', 'identitySource'];
const STAGE_KEYS = ['name', 'variables'];
const TABLE_KEYS = ['partitionKey', 'sortKey'];
const RESERVED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'];
/** Lambda reserves these environment variable names (Lambda DG configuration-envvars). */
const RESERVED_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/**
 * Checks a WebSocket API definition and applies AWS's defaults (region `us-east-1`, stage
 * `dev`, function timeout 3 s and memory 128 MB, integration timeout 29 000 ms). Reports every
 * problem, not just the first.
 */
export function validateWebSocketDefinition(input: unknown): ValidationResult {
  const errors: DefinitionError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const unknownKeys = (obj: Obj, allowed: string[], path: string) => {
    for (const k of Object.keys(obj))
      if (!allowed.includes(k))
        err(
          path ? `${path}.${k}` : k,
          `unknown key ${q(k)} (allowed: ${allowed.filter((a) => a !== '$schema').join(', ')})`,
        );
  };

  if (!isObj(input))
    return {
      ok: false,
      errors: [{ path: '', message: `the definition must be a JSON object, got ${describe(input)}` }],
    };
  unknownKeys(input, TOP_LEVEL_KEYS, '');

  if (input.protocolType !== 'WEBSOCKET')
    err('protocolType', `must be "WEBSOCKET" for a WebSocket API, got ${describe(input.protocolType)}`);

  // CreateApi: Name is required, at most 128 characters.
  if (typeof input.name !== 'string' || input.name.trim() === '') err('name', 'required: a non-empty string');
  else if (input.name.length > 128) err('name', 'at most 128 characters');

  if (input.apiId !== undefined && (typeof input.apiId !== 'string' || !/^[a-z0-9]{10}$/.test(input.apiId)))
    err('apiId', `must be 10 lowercase letters or digits, like "dl7ptocha9"; got ${describe(input.apiId)}`);

  const region = input.region ?? 'us-east-1';
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
    err('region', `must be an AWS Region name like "us-east-1"; got ${describe(region)}`);

  // Stage.
  let stage: { name: string; variables: Record<string, string> } = { name: 'dev', variables: {} };
  if (input.stage !== undefined) {
    if (!isObj(input.stage)) err('stage', `must be an object like {"name": "dev"}; got ${describe(input.stage)}`);
    else {
      unknownKeys(input.stage, STAGE_KEYS, 'stage');
      const name = input.stage.name;
      // CreateStage: alphanumerics, hyphens and underscores, at most 128 (aws-api-gateway.md §5.10).
      if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(name))
        err(
          'stage.name',
          `must be 1–128 letters, digits, hyphens or underscores; got ${describe(name)}` +
            (name === '$default' ? ' ($default stages exist only for HTTP APIs)' : ''),
        );
      const variables: Record<string, string> = {};
      if (input.stage.variables !== undefined) {
        if (!isObj(input.stage.variables))
          err('stage.variables', `must be an object of strings; got ${describe(input.stage.variables)}`);
        else {
          const entries = Object.entries(input.stage.variables);
          // DG limits: at most 100 stage variables; names [A-Za-z0-9_]{1,64}; values [A-Za-z0-9-._~:/?#&=,]{1,512}.
          if (entries.length > 100) err('stage.variables', 'at most 100 stage variables');
          for (const [k, v] of entries) {
            const p = key('stage.variables', k);
            if (!/^[A-Za-z0-9_]{1,64}$/.test(k)) err(p, 'names are 1–64 letters, digits or underscores');
            if (typeof v !== 'string') err(p, `must be a string; got ${describe(v)}`);
            else if (!/^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/.test(v))
              err(p, 'values are 1–512 characters from A-Z a-z 0-9 - . _ ~ : / ? # & = ,');
            else variables[k] = v;
          }
        }
      }
      stage = { name: typeof name === 'string' ? name : 'dev', variables };
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

  // Functions.
  const functions: Record<string, FunctionDefinition> = {};
  if (!isObj(input.functions))
    err('functions', `required: an object of Lambda functions keyed by name; got ${describe(input.functions)}`);
  else
    for (const [name, fn] of Object.entries(input.functions)) {
      const p = key('functions', name);
      // Lambda function names: letters, digits, hyphens, underscores, at most 64.
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
        err(p, 'function names are 1–64 letters, digits, hyphens or underscores');
      if (!isObj(fn)) {
        err(p, `must be an object like {"handler": "index.handler"}; got ${describe(fn)}`);
        continue;
      }
      unknownKeys(fn, FUNCTION_KEYS, p);
      if (typeof fn.handler !== 'string' || !/^[^\s]+\.[A-Za-z_$][\w$]*$/.test(fn.handler))
        err(join(p, 'handler'), `must be "file.export", e.g. "onconnect.handler"; got ${describe(fn.handler)}`);
      const timeout = fn.timeout ?? DEFAULT_FUNCTION_TIMEOUT_S;
      // Lambda: 1–900 seconds.
      if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 900)
        err(join(p, 'timeout'), `must be a whole number of seconds from 1 to 900; got ${describe(timeout)}`);
      const memorySize = fn.memorySize ?? DEFAULT_MEMORY_MB;
      // Lambda: 128–10240 MB.
      if (typeof memorySize !== 'number' || !Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240)
        err(join(p, 'memorySize'), `must be a whole number of MB from 128 to 10240; got ${describe(memorySize)}`);
      const environment: Record<string, string> = {};
      if (fn.environment !== undefined) {
        if (!isObj(fn.environment))
          err(join(p, 'environment'), `must be an object of strings; got ${describe(fn.environment)}`);
        else
          for (const [k, v] of Object.entries(fn.environment)) {
            const ep = key(join(p, 'environment'), k);
            // Lambda: a letter first, then letters, digits and underscores.
            if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(k))
              err(ep, 'names start with a letter and use only letters, digits and underscores');
            else if (RESERVED_ENV.has(k)) err(ep, `${k} is reserved by Lambda`);
            if (typeof v !== 'string') err(ep, `must be a string; got ${describe(v)}`);
            else environment[k] = v;
          }
      }
      functions[name] = {
        handler: fn.handler as string,
        timeout: timeout as number,
        memorySize: memorySize as number,
        environment,
      };
    }
  const functionNames = isObj(input.functions) ? Object.keys(input.functions) : [];
  const checkFunctionRef = (path: string, v: unknown) => {
    if (typeof v !== 'string' || v === '')
      err(path, `required: the name of a function in "functions"; got ${describe(v)}`);
    else if (!functionNames.includes(v))
      err(path, `no function named ${q(v)} (functions are: ${listOrNone(functionNames)})`);
  };

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
      checkFunctionRef(join(p, 'function'), a.function);
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
        const type = r.integration.type ?? 'AWS_PROXY';
        if (type !== 'AWS_PROXY')
          err(
            join(ip, 'type'),
            `only "AWS_PROXY" (Lambda proxy) integrations are supported here; got ${describe(type)}`,
          );
        checkFunctionRef(join(ip, 'function'), r.integration.function);
        const t = r.integration.timeoutInMillis ?? MAX_INTEGRATION_TIMEOUT_MS;
        // aws-api-gateway.md §4: WebSocket integration timeout 50 ms – 29 s.
        const inRange = typeof t === 'number' && t >= MIN_INTEGRATION_TIMEOUT_MS && t <= MAX_INTEGRATION_TIMEOUT_MS;
        if (!inRange || !Number.isInteger(t))
          err(
            join(ip, 'timeoutInMillis'),
            `must be a whole number from ${MIN_INTEGRATION_TIMEOUT_MS} to ${MAX_INTEGRATION_TIMEOUT_MS}; got ${describe(t)}`,
          );
        route.integration = {
          type: 'AWS_PROXY',
          function: r.integration.function as string,
          timeoutInMillis: t as number,
        };
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

  // Tables (kept by the runtime; checked here so every definition error comes from one place).
  const tables: Record<string, TableDefinition> = {};
  if (input.tables !== undefined && !isObj(input.tables))
    err('tables', `must be an object keyed by table name; got ${describe(input.tables)}`);
  else
    for (const [name, t] of Object.entries((input.tables as Obj | undefined) ?? {})) {
      const p = key('tables', name);
      // DynamoDB table names: 3–255 of [a-zA-Z0-9_.-].
      if (!/^[A-Za-z0-9_.-]{3,255}$/.test(name))
        err(p, 'table names are 3–255 letters, digits, underscores, hyphens or dots');
      if (!isObj(t)) {
        err(p, `must be an object like {"partitionKey": "connectionId"}; got ${describe(t)}`);
        continue;
      }
      unknownKeys(t, TABLE_KEYS, p);
      if (typeof t.partitionKey !== 'string' || t.partitionKey === '')
        err(join(p, 'partitionKey'), 'required: the partition key attribute name');
      if (t.sortKey !== undefined && (typeof t.sortKey !== 'string' || t.sortKey === ''))
        err(join(p, 'sortKey'), `must be an attribute name; got ${describe(t.sortKey)}`);
      tables[name] = { partitionKey: t.partitionKey as string };
      if (t.sortKey !== undefined) tables[name].sortKey = t.sortKey as string;
    }

  if (errors.length) return { ok: false, errors };
  const definition: WebSocketApiDefinition = {
    protocolType: 'WEBSOCKET',
    name: input.name as string,
    region: region as string,
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

/** One line per error, for exceptions and logs. */
export function formatDefinitionErrors(errors: readonly DefinitionError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}
