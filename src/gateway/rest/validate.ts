/**
 * Validation of a REST API definition (api.json), with messages that name the field and say
 * what AWS accepts. Rules cite where AWS states them; defaults are the ones AWS applies.
 */
import { isObj, q, key, describe, listOrNone, type Obj } from '../definition-text';
import {
  ANY_METHODS,
  REST_DEFAULT_AUTHORIZER_TTL_S,
  REST_DEFAULT_CACHE_TTL_S,
  REST_DEFAULT_TOKEN_SOURCE,
  REST_MAX_AUTHORIZER_TTL_S,
  REST_MAX_CACHE_TTL_S,
  REST_MAX_INTEGRATION_TIMEOUT_MS,
  REST_METHODS,
  REST_MIN_INTEGRATION_TIMEOUT_MS,
  type RestApiDefinition,
} from './definition';
import { parseSegment, resourceSegments } from './resources';
import { parseRestIdentitySource } from './authorizer';
import { BUILT_IN_MODELS } from './request-validation';
import { compileSafeRegex } from './vtl/regex';

export interface DefinitionError {
  /** Where, in the definition's own vocabulary: `resources["/pets"].methods.GET.integration.function`. */
  path: string;
  message: string;
}

export type RestValidationResult =
  { ok: true; definition: RestApiDefinition } | { ok: false; errors: DefinitionError[] };

const TOP_LEVEL_KEYS = [
  'protocolType',
  'name',
  'apiId',
  'region',
  'endpointConfiguration',
  'apiKeySource',
  'stage',
  'resources',
  'authorizers',
  'apiKeys',
  'usagePlans',
  'models',
  'requestValidators',
  'functions',
  'tables',
  '$schema',
];
const STAGE_KEYS = ['name', 'variables', 'cacheClusterEnabled', 'cacheTtlInSeconds', 'throttle', 'methodSettings'];
const METHOD_SETTING_KEYS = [
  'cachingEnabled',
  'cacheTtlInSeconds',
  'throttlingRateLimit',
  'throttlingBurstLimit',
  'requireAuthorizationForCacheControl',
  'unauthorizedCacheControlHeaderStrategy',
];
const METHOD_KEYS = [
  'authorizationType',
  'authorizer',
  'apiKeyRequired',
  'requestValidator',
  'requestParameters',
  'requestModels',
  'integration',
  'methodResponses',
];
const INTEGRATION_KEYS = [
  'type',
  'function',
  'timeoutInMillis',
  'requestTemplates',
  'passthroughBehavior',
  'integrationResponses',
  'cacheKeyParameters',
];
const INTEGRATION_RESPONSE_KEYS = ['selectionPattern', 'statusCode', 'responseTemplates', 'responseParameters'];
const TOKEN_AUTHORIZER_KEYS = [
  'type',
  'function',
  'identitySource',
  'identityValidationExpression',
  'authorizerResultTtlInSeconds',
];
const REQUEST_AUTHORIZER_KEYS = ['type', 'function', 'identitySource', 'authorizerResultTtlInSeconds'];
const API_KEY_KEYS = ['id', 'name', 'value', 'enabled'];
const USAGE_PLAN_KEYS = ['name', 'apiKeys', 'throttle', 'quota'];
const FUNCTION_KEYS = ['handler', 'timeout', 'memorySize', 'environment'];
const VALIDATOR_KEYS = ['validateRequestBody', 'validateRequestParameters'];

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Why a Java regex from the definition cannot be used: bad syntax, or a shape that backtracks catastrophically. */
function regexError(source: string): string | undefined {
  const compiled = compileSafeRegex(source, 'java');
  return compiled.ok ? undefined : compiled.message;
}

/** `method.request.{querystring|header|path}.{name}` (apigateway Method.requestParameters). */
const REQUEST_PARAMETER =
  /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^.\s]+$/;

/**
 * Checks a REST API definition and applies AWS's defaults (region `us-east-1`, stage `dev`,
 * EDGE endpoint, API keys from the `x-api-key` header, authorizationType NONE, integration
 * timeout 29 000 ms, cache TTL 300 s, authorizer TTL 300 s, TOKEN source `Authorization`).
 * Reports every problem, not just the first.
 */
export function validateRestDefinition(input: unknown): RestValidationResult {
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
  const stringMap = (v: unknown, path: string): v is Record<string, string> => {
    if (!isObj(v)) {
      err(path, `must be an object of strings, got ${describe(v)}`);
      return false;
    }
    for (const [k, val] of Object.entries(v))
      if (typeof val !== 'string') err(key(path, k), `must be a string, got ${describe(val)}`);
    return true;
  };
  const throttle = (v: unknown, path: string) => {
    if (!isObj(v)) return err(path, `must be {rateLimit, burstLimit}, got ${describe(v)}`);
    unknownKeys(v, ['rateLimit', 'burstLimit'], path);
    if (typeof v.rateLimit !== 'number' || !(v.rateLimit >= 0))
      err(`${path}.rateLimit`, `must be a number of requests per second ≥ 0, got ${describe(v.rateLimit)}`);
    if (!isInt(v.burstLimit) || v.burstLimit < 0)
      err(`${path}.burstLimit`, `must be a whole number of requests ≥ 0, got ${describe(v.burstLimit)}`);
  };

  if (!isObj(input))
    return {
      ok: false,
      errors: [{ path: '', message: `the definition must be a JSON object, got ${describe(input)}` }],
    };
  unknownKeys(input, TOP_LEVEL_KEYS, '');

  if (input.protocolType !== 'REST')
    err('protocolType', `must be "REST" for a REST API, got ${describe(input.protocolType)}`);
  if (typeof input.name !== 'string' || input.name.trim() === '')
    err('name', `must be a non-empty string, got ${describe(input.name)}`);
  if (input.apiId !== undefined && (typeof input.apiId !== 'string' || !/^[a-z0-9]{10}$/.test(input.apiId)))
    err('apiId', `must be 10 lowercase letters or digits (like "a1b2c3d4e5"), got ${describe(input.apiId)}`);
  if (
    input.region !== undefined &&
    (typeof input.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(input.region))
  )
    err('region', `must be an AWS region such as "us-east-1", got ${describe(input.region)}`);
  if (input.endpointConfiguration !== undefined) {
    const ec = input.endpointConfiguration;
    if (
      !isObj(ec) ||
      !Array.isArray(ec.types) ||
      ec.types.length !== 1 ||
      !['REGIONAL', 'EDGE', 'PRIVATE'].includes(ec.types[0] as string)
    )
      err(
        'endpointConfiguration.types',
        'must be exactly one of ["REGIONAL"], ["EDGE"] or ["PRIVATE"] (apigateway EndpointConfiguration)',
      );
  }
  if (input.apiKeySource !== undefined && input.apiKeySource !== 'HEADER' && input.apiKeySource !== 'AUTHORIZER')
    err(
      'apiKeySource',
      `must be "HEADER" or "AUTHORIZER" (DG api-gateway-api-key-source), got ${describe(input.apiKeySource)}`,
    );

  // Functions first: integrations and authorizers refer to them.
  const functionNames: string[] = [];
  if (!isObj(input.functions))
    err('functions', `must be an object keyed by function name, got ${describe(input.functions)}`);
  else
    for (const [name, fn] of Object.entries(input.functions)) {
      const path = key('functions', name);
      functionNames.push(name);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) err(path, 'a Lambda function name is 1–64 letters, digits, "-" or "_"');
      if (!isObj(fn)) {
        err(path, `must be an object with a handler, got ${describe(fn)}`);
        continue;
      }
      unknownKeys(fn, FUNCTION_KEYS, path);
      if (typeof fn.handler !== 'string' || !/^[^.\s]+(\.[^.\s]+)+$/.test(fn.handler))
        err(`${path}.handler`, `must be "file.export" (e.g. "index.handler"), got ${describe(fn.handler)}`);
      if (fn.timeout !== undefined && (!isInt(fn.timeout) || fn.timeout < 1 || fn.timeout > 900))
        err(`${path}.timeout`, `must be whole seconds from 1 to 900 (Lambda's limit), got ${describe(fn.timeout)}`);
      if (fn.memorySize !== undefined && (!isInt(fn.memorySize) || fn.memorySize < 128 || fn.memorySize > 10240))
        err(`${path}.memorySize`, `must be 128–10240 MB, got ${describe(fn.memorySize)}`);
      if (fn.environment !== undefined) stringMap(fn.environment, `${path}.environment`);
    }
  const fnRef = (v: unknown, path: string, allowStageVar: boolean) => {
    if (typeof v !== 'string' || v === '')
      return err(path, `must name a function (functions are: ${listOrNone(functionNames)})`);
    // `${stageVariables.fn}` is resolved per request (reference §5.10); it must name a function then.
    if (allowStageVar && v.includes('${stageVariables.')) return;
    if (!functionNames.includes(v))
      err(path, `no function named ${q(v)} (functions are: ${listOrNone(functionNames)})`);
  };

  // Stage.
  const stage = input.stage;
  const stageVarNames: string[] = [];
  if (stage !== undefined) {
    if (!isObj(stage)) err('stage', `must be an object like {"name": "dev"}, got ${describe(stage)}`);
    else {
      unknownKeys(stage, STAGE_KEYS, 'stage');
      if (typeof stage.name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(stage.name))
        err(
          'stage.name',
          `must be 1–128 letters, digits, "-" or "_" (apigateway Stage.stageName), got ${describe(stage.name)}`,
        );
      if (stage.variables !== undefined && stringMap(stage.variables, 'stage.variables')) {
        const vars = Object.entries(stage.variables);
        if (vars.length > 100) err('stage.variables', `at most 100 stage variables (DG limits), got ${vars.length}`);
        for (const [k, v] of vars) {
          stageVarNames.push(k);
          if (!/^[A-Za-z0-9_]{1,64}$/.test(k))
            err(key('stage.variables', k), 'a stage variable name is 1–64 letters, digits or "_" (DG limits)');
          if (typeof v === 'string' && !/^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/.test(v))
            err(
              key('stage.variables', k),
              'a stage variable value is 1–512 characters from A-Z a-z 0-9 - . _ ~ : / ? # & = , (CreateStage.variables)',
            );
        }
      }
      if (stage.cacheClusterEnabled !== undefined && typeof stage.cacheClusterEnabled !== 'boolean')
        err('stage.cacheClusterEnabled', `must be true or false, got ${describe(stage.cacheClusterEnabled)}`);
      if (
        stage.cacheTtlInSeconds !== undefined &&
        (!isInt(stage.cacheTtlInSeconds) ||
          stage.cacheTtlInSeconds < 0 ||
          stage.cacheTtlInSeconds > REST_MAX_CACHE_TTL_S)
      )
        err(
          'stage.cacheTtlInSeconds',
          `must be whole seconds from 0 to 3600 (0 disables; DG api-gateway-caching), got ${describe(stage.cacheTtlInSeconds)}`,
        );
      if (stage.throttle !== undefined) throttle(stage.throttle, 'stage.throttle');
      if (stage.methodSettings !== undefined) {
        if (!isObj(stage.methodSettings))
          err(
            'stage.methodSettings',
            `must be an object keyed by "*/*" or "/path/METHOD", got ${describe(stage.methodSettings)}`,
          );
        else
          for (const [k, ms] of Object.entries(stage.methodSettings)) {
            const path = key('stage.methodSettings', k);
            const m = /^(.*)\/([A-Z*]+)$/.exec(k.replace(/~1/g, '/'));
            if (
              !m ||
              !(m[2] === '*' || [...ANY_METHODS, 'ANY'].includes(m[2])) ||
              !(m[1] === '*' || m[1] === '' || m[1].startsWith('/'))
            )
              err(path, 'a method setting key is "*/*" or "{resourcePath}/{METHOD}", such as "/pets/{id}/GET"');
            if (!isObj(ms)) {
              err(path, `must be an object, got ${describe(ms)}`);
              continue;
            }
            unknownKeys(ms, METHOD_SETTING_KEYS, path);
            for (const b of ['cachingEnabled', 'requireAuthorizationForCacheControl'])
              if (ms[b] !== undefined && typeof ms[b] !== 'boolean')
                err(`${path}.${b}`, `must be true or false, got ${describe(ms[b])}`);
            if (
              ms.cacheTtlInSeconds !== undefined &&
              (!isInt(ms.cacheTtlInSeconds) || ms.cacheTtlInSeconds < 0 || ms.cacheTtlInSeconds > REST_MAX_CACHE_TTL_S)
            )
              err(
                `${path}.cacheTtlInSeconds`,
                `must be whole seconds from 0 to 3600, got ${describe(ms.cacheTtlInSeconds)}`,
              );
            if (
              ms.throttlingRateLimit !== undefined &&
              (typeof ms.throttlingRateLimit !== 'number' || !(ms.throttlingRateLimit >= 0))
            )
              err(`${path}.throttlingRateLimit`, `must be a number ≥ 0, got ${describe(ms.throttlingRateLimit)}`);
            if (
              ms.throttlingBurstLimit !== undefined &&
              (!isInt(ms.throttlingBurstLimit) || ms.throttlingBurstLimit < 0)
            )
              err(
                `${path}.throttlingBurstLimit`,
                `must be a whole number ≥ 0, got ${describe(ms.throttlingBurstLimit)}`,
              );
            const strategies = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];
            if (
              ms.unauthorizedCacheControlHeaderStrategy !== undefined &&
              !strategies.includes(ms.unauthorizedCacheControlHeaderStrategy as string)
            )
              err(`${path}.unauthorizedCacheControlHeaderStrategy`, `must be one of ${strategies.join(', ')}`);
          }
      }
    }
  }

  // Models and validators.
  // Every REST API has the built-in models Empty and Error (rest/validation.ts BUILT_IN_MODELS).
  const modelNames: string[] = Object.keys(BUILT_IN_MODELS);
  if (input.models !== undefined) {
    if (!isObj(input.models)) err('models', `must be an object keyed by model name, got ${describe(input.models)}`);
    else
      for (const [name, schema] of Object.entries(input.models)) {
        modelNames.push(name);
        if (!/^[A-Za-z0-9]+$/.test(name))
          err(key('models', name), 'a model name is letters and digits only (apigateway CreateModel)');
        if (!isObj(schema)) err(key('models', name), `must be a JSON schema object, got ${describe(schema)}`);
      }
  }
  const validatorNames: string[] = [];
  if (input.requestValidators !== undefined) {
    if (!isObj(input.requestValidators))
      err('requestValidators', `must be an object keyed by validator name, got ${describe(input.requestValidators)}`);
    else
      for (const [name, v] of Object.entries(input.requestValidators)) {
        validatorNames.push(name);
        const path = key('requestValidators', name);
        if (!isObj(v)) {
          err(path, `must be {validateRequestBody, validateRequestParameters}, got ${describe(v)}`);
          continue;
        }
        unknownKeys(v, VALIDATOR_KEYS, path);
        for (const b of VALIDATOR_KEYS)
          if (v[b] !== undefined && typeof v[b] !== 'boolean')
            err(`${path}.${b}`, `must be true or false, got ${describe(v[b])}`);
      }
  }

  // Authorizers.
  const authorizerNames: string[] = [];
  if (input.authorizers !== undefined) {
    if (!isObj(input.authorizers))
      err('authorizers', `must be an object keyed by authorizer name, got ${describe(input.authorizers)}`);
    else
      for (const [name, a] of Object.entries(input.authorizers)) {
        authorizerNames.push(name);
        const path = key('authorizers', name);
        if (!isObj(a)) {
          err(path, `must be an object, got ${describe(a)}`);
          continue;
        }
        if (a.type !== 'TOKEN' && a.type !== 'REQUEST') {
          err(
            `${path}.type`,
            `must be "TOKEN" or "REQUEST" (Lambda authorizers; DG apigateway-use-lambda-authorizer), got ${describe(a.type)}`,
          );
          continue;
        }
        unknownKeys(a, a.type === 'TOKEN' ? TOKEN_AUTHORIZER_KEYS : REQUEST_AUTHORIZER_KEYS, path);
        fnRef(a.function, `${path}.function`, false);
        if (
          a.authorizerResultTtlInSeconds !== undefined &&
          (!isInt(a.authorizerResultTtlInSeconds) ||
            a.authorizerResultTtlInSeconds < 0 ||
            a.authorizerResultTtlInSeconds > REST_MAX_AUTHORIZER_TTL_S)
        )
          err(
            `${path}.authorizerResultTtlInSeconds`,
            `must be whole seconds from 0 to 3600 (0 disables caching), got ${describe(a.authorizerResultTtlInSeconds)}`,
          );
        if (a.type === 'TOKEN') {
          if (
            a.identitySource !== undefined &&
            (typeof a.identitySource !== 'string' ||
              !/^method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(a.identitySource))
          )
            err(
              `${path}.identitySource`,
              `a TOKEN authorizer reads one header: "method.request.header.{name}", got ${describe(a.identitySource)}`,
            );
          if (a.identityValidationExpression !== undefined) {
            const re =
              typeof a.identityValidationExpression === 'string'
                ? regexError(a.identityValidationExpression)
                : 'must be a string';
            if (re) err(`${path}.identityValidationExpression`, `must be a regular expression: ${re}`);
          }
        } else if (a.identitySource !== undefined) {
          const sources =
            typeof a.identitySource === 'string' ? a.identitySource.split(',').map((s) => s.trim()) : a.identitySource;
          if (!Array.isArray(sources) || sources.some((s) => typeof s !== 'string'))
            err(
              `${path}.identitySource`,
              `must be a comma-separated string or a list of strings, got ${describe(a.identitySource)}`,
            );
          else
            for (const s of sources as string[])
              if (!parseRestIdentitySource(s))
                err(
                  `${path}.identitySource`,
                  `${q(s)} is not an identity source; use method.request.header.X, method.request.querystring.X, stageVariables.X or context.X`,
                );
          if (
            (a.authorizerResultTtlInSeconds ?? REST_DEFAULT_AUTHORIZER_TTL_S) !== 0 &&
            Array.isArray(sources) &&
            sources.length === 0
          )
            err(
              `${path}.identitySource`,
              'a REQUEST authorizer with caching needs at least one identity source (the cache key)',
            );
        }
      }
  }

  // API keys and usage plans.
  const keyIds: string[] = [];
  if (input.apiKeys !== undefined) {
    if (!Array.isArray(input.apiKeys))
      err('apiKeys', `must be a list of {id, name, value, enabled}, got ${describe(input.apiKeys)}`);
    else
      input.apiKeys.forEach((k: unknown, i) => {
        const path = `apiKeys[${i}]`;
        if (!isObj(k)) return err(path, `must be an object, got ${describe(k)}`);
        unknownKeys(k, API_KEY_KEYS, path);
        if (typeof k.id !== 'string' || k.id === '')
          err(`${path}.id`, `must be a non-empty string, got ${describe(k.id)}`);
        else if (keyIds.includes(k.id)) err(`${path}.id`, `duplicate API key id ${q(k.id)}`);
        else keyIds.push(k.id);
        if (typeof k.name !== 'string' || k.name === '')
          err(`${path}.name`, `must be a non-empty string, got ${describe(k.name)}`);
        if (typeof k.value !== 'string' || k.value.length < 20 || k.value.length > 128)
          err(
            `${path}.value`,
            `an API key value is 20–128 characters (reference §4), got ${typeof k.value === 'string' ? `${k.value.length} characters` : describe(k.value)}`,
          );
        if (k.enabled !== undefined && typeof k.enabled !== 'boolean')
          err(`${path}.enabled`, `must be true or false, got ${describe(k.enabled)}`);
      });
  }
  if (input.usagePlans !== undefined) {
    if (!Array.isArray(input.usagePlans))
      err('usagePlans', `must be a list of usage plans, got ${describe(input.usagePlans)}`);
    else
      input.usagePlans.forEach((p: unknown, i) => {
        const path = `usagePlans[${i}]`;
        if (!isObj(p)) return err(path, `must be an object, got ${describe(p)}`);
        unknownKeys(p, USAGE_PLAN_KEYS, path);
        if (typeof p.name !== 'string' || p.name === '')
          err(`${path}.name`, `must be a non-empty string, got ${describe(p.name)}`);
        if (!Array.isArray(p.apiKeys))
          err(`${path}.apiKeys`, `must be a list of API key ids, got ${describe(p.apiKeys)}`);
        else
          p.apiKeys.forEach((id: unknown, j) => {
            if (typeof id !== 'string' || !keyIds.includes(id))
              err(
                `${path}.apiKeys[${j}]`,
                `no API key with id ${typeof id === 'string' ? q(id) : describe(id)} (keys are: ${listOrNone(keyIds)})`,
              );
          });
        if (p.throttle !== undefined) throttle(p.throttle, `${path}.throttle`);
        if (p.quota !== undefined) {
          const qt = p.quota;
          if (!isObj(qt)) err(`${path}.quota`, `must be {limit, period}, got ${describe(qt)}`);
          else {
            unknownKeys(qt, ['limit', 'period'], `${path}.quota`);
            if (!isInt(qt.limit) || qt.limit < 0)
              err(`${path}.quota.limit`, `must be a whole number ≥ 0, got ${describe(qt.limit)}`);
            if (qt.period !== 'DAY' && qt.period !== 'WEEK' && qt.period !== 'MONTH')
              err(
                `${path}.quota.period`,
                `must be "DAY", "WEEK" or "MONTH" (DG api-gateway-api-usage-plans), got ${describe(qt.period)}`,
              );
          }
        }
      });
  }

  // Resources.
  if (!isObj(input.resources))
    err('resources', `must be an object keyed by resource path ("/pets/{id}"), got ${describe(input.resources)}`);
  else {
    const paramAt = new Map<string, string>();
    const greedyAt = new Map<string, string>();
    for (const [rpath, res] of Object.entries(input.resources)) {
      const path = key('resources', rpath);
      checkResourcePath(rpath, path, err, paramAt, greedyAt);
      if (!isObj(res) || !isObj(res.methods)) {
        err(
          `${path}.methods`,
          `a resource is {"methods": {"GET": {...}}}, got ${describe(isObj(res) ? res.methods : res)}`,
        );
        continue;
      }
      unknownKeys(res, ['methods'], path);
      for (const [verb, m] of Object.entries(res.methods)) {
        const mpath = `${path}.methods.${verb}`;
        if (!REST_METHODS.includes(verb as never))
          err(mpath, `unknown method ${q(verb)} (allowed: ${REST_METHODS.join(', ')})`);
        if (!isObj(m)) {
          err(mpath, `must be an object with an integration, got ${describe(m)}`);
          continue;
        }
        unknownKeys(m, METHOD_KEYS, mpath);
        const authType = m.authorizationType ?? (m.authorizer !== undefined ? 'CUSTOM' : 'NONE');
        if (authType !== 'NONE' && authType !== 'CUSTOM')
          err(
            `${mpath}.authorizationType`,
            `must be "NONE" or "CUSTOM" (a Lambda authorizer), got ${describe(m.authorizationType)}`,
          );
        if (authType === 'CUSTOM') {
          if (typeof m.authorizer !== 'string' || !authorizerNames.includes(m.authorizer))
            err(
              `${mpath}.authorizer`,
              `authorizationType CUSTOM needs an authorizer (authorizers are: ${listOrNone(authorizerNames)})`,
            );
        } else if (m.authorizer !== undefined)
          err(`${mpath}.authorizer`, 'set authorizationType to "CUSTOM" to use an authorizer');
        if (m.apiKeyRequired !== undefined && typeof m.apiKeyRequired !== 'boolean')
          err(`${mpath}.apiKeyRequired`, `must be true or false, got ${describe(m.apiKeyRequired)}`);
        if (
          m.requestValidator !== undefined &&
          (typeof m.requestValidator !== 'string' || !validatorNames.includes(m.requestValidator))
        )
          err(
            `${mpath}.requestValidator`,
            `no request validator named ${describe(m.requestValidator)} (validators are: ${listOrNone(validatorNames)})`,
          );
        if (m.requestParameters !== undefined) {
          if (!isObj(m.requestParameters))
            err(
              `${mpath}.requestParameters`,
              `must be an object like {"method.request.querystring.q": true}, got ${describe(m.requestParameters)}`,
            );
          else
            for (const [p, req] of Object.entries(m.requestParameters)) {
              if (!REQUEST_PARAMETER.test(p))
                err(key(`${mpath}.requestParameters`, p), 'must be method.request.{querystring|header|path}.{name}');
              if (typeof req !== 'boolean')
                err(key(`${mpath}.requestParameters`, p), `must be true (required) or false, got ${describe(req)}`);
            }
        }
        if (m.requestModels !== undefined) {
          if (!isObj(m.requestModels))
            err(`${mpath}.requestModels`, `must map a content type to a model name, got ${describe(m.requestModels)}`);
          else
            for (const [ct, model] of Object.entries(m.requestModels))
              if (typeof model !== 'string' || !modelNames.includes(model))
                err(
                  key(`${mpath}.requestModels`, ct),
                  `no model named ${describe(model)} (models are: ${listOrNone(modelNames)})`,
                );
        }
        checkIntegration(m.integration, `${mpath}.integration`, err, unknownKeys, fnRef, stageVarNames);
      }
    }
  }

  if (input.tables !== undefined && !isObj(input.tables))
    err('tables', `must be an object keyed by table name, got ${describe(input.tables)}`);

  if (errors.length) return { ok: false, errors };
  return { ok: true, definition: withDefaults(input as unknown as RestApiDefinition) };
}

function checkResourcePath(
  rpath: string,
  path: string,
  err: (path: string, message: string) => void,
  paramAt: Map<string, string>,
  greedyAt: Map<string, string>,
): void {
  if (!rpath.startsWith('/') || (rpath !== '/' && rpath.endsWith('/'))) {
    err(path, 'a resource path starts with "/" and has no trailing "/" (e.g. "/pets/{id}")');
    return;
  }
  const segs = resourceSegments(rpath);
  let parent = '';
  segs.forEach((seg, i) => {
    if (seg === '') return err(path, 'a resource path has no empty segments ("//")');
    const { kind, name } = parseSegment(seg);
    if (kind === 'static' && !/^[A-Za-z0-9._~:@!$&'()*,;=-]+$/.test(seg))
      err(
        path,
        `the path part ${q(seg)} has characters a resource path cannot hold (variables are written {name} or {name+})`,
      );
    if (kind !== 'static' && !/^[A-Za-z0-9._-]+$/.test(name))
      err(path, `the variable name ${q(name)} must be letters, digits, ".", "_" or "-"`);
    if (kind === 'greedy' && i !== segs.length - 1)
      err(
        path,
        `a greedy path variable {${name}+} must be the last part: resources cannot be created under it (apigateway CreateResource)`,
      );
    // AWS keeps one variable name per level: "A sibling ({id}) of this resource already has a variable path part".
    const at = kind === 'param' ? paramAt : kind === 'greedy' ? greedyAt : undefined;
    if (at) {
      const other = at.get(parent);
      if (other !== undefined && other !== name)
        err(
          path,
          `${parent || '/'} already has the variable {${other}${kind === 'greedy' ? '+' : ''}} at this level; siblings cannot use a different variable name`,
        );
      else at.set(parent, name);
    }
    parent += '/' + seg;
  });
}

function checkIntegration(
  integ: unknown,
  path: string,
  err: (path: string, message: string) => void,
  unknownKeys: (obj: Obj, allowed: string[], path: string) => void,
  fnRef: (v: unknown, path: string, allowStageVar: boolean) => void,
  stageVarNames: string[],
): void {
  if (!isObj(integ))
    return err(
      path,
      `every method needs an integration ({"type": "AWS_PROXY", "function": "…"}), got ${describe(integ)}`,
    );
  unknownKeys(integ, INTEGRATION_KEYS, path);
  if (integ.type !== 'AWS_PROXY' && integ.type !== 'AWS' && integ.type !== 'MOCK')
    return err(`${path}.type`, `must be "AWS_PROXY", "AWS" or "MOCK", got ${describe(integ.type)}`);
  if (integ.type === 'MOCK') {
    if (integ.function !== undefined) err(`${path}.function`, 'a MOCK integration calls no function');
  } else {
    fnRef(integ.function, `${path}.function`, true);
    if (typeof integ.function === 'string')
      for (const m of integ.function.matchAll(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g))
        if (!stageVarNames.includes(m[1])) err(`${path}.function`, `the stage has no variable ${q(m[1])}`);
  }
  if (
    integ.timeoutInMillis !== undefined &&
    (!isInt(integ.timeoutInMillis) ||
      integ.timeoutInMillis < REST_MIN_INTEGRATION_TIMEOUT_MS ||
      integ.timeoutInMillis > REST_MAX_INTEGRATION_TIMEOUT_MS)
  )
    err(`${path}.timeoutInMillis`, `must be 50–29000 ms (reference §4), got ${describe(integ.timeoutInMillis)}`);
  if (integ.requestTemplates !== undefined) {
    if (integ.type === 'AWS_PROXY')
      err(
        `${path}.requestTemplates`,
        'a Lambda proxy integration passes the request as is: mapping templates need type "AWS" or "MOCK"',
      );
    else if (!isObj(integ.requestTemplates))
      err(`${path}.requestTemplates`, `must map a content type to a template, got ${describe(integ.requestTemplates)}`);
    else
      for (const [ct, t] of Object.entries(integ.requestTemplates))
        if (typeof t !== 'string')
          err(key(`${path}.requestTemplates`, ct), `must be a template string, got ${describe(t)}`);
  }
  if (
    integ.passthroughBehavior !== undefined &&
    !['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'].includes(integ.passthroughBehavior as string)
  )
    err(`${path}.passthroughBehavior`, 'must be "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES" or "NEVER"');
  if (integ.cacheKeyParameters !== undefined) {
    if (!Array.isArray(integ.cacheKeyParameters))
      err(
        `${path}.cacheKeyParameters`,
        `must be a list like ["method.request.querystring.q"], got ${describe(integ.cacheKeyParameters)}`,
      );
    else
      integ.cacheKeyParameters.forEach((p: unknown, i) => {
        if (typeof p !== 'string' || !REQUEST_PARAMETER.test(p))
          err(`${path}.cacheKeyParameters[${i}]`, 'must be method.request.{querystring|header|path}.{name}');
      });
  }
  if (integ.integrationResponses !== undefined) {
    if (integ.type === 'AWS_PROXY')
      err(
        `${path}.integrationResponses`,
        'a Lambda proxy integration returns the function\'s response as is: integration responses need type "AWS" or "MOCK"',
      );
    else if (!Array.isArray(integ.integrationResponses))
      err(`${path}.integrationResponses`, `must be a list, got ${describe(integ.integrationResponses)}`);
    else
      integ.integrationResponses.forEach((r: unknown, i) => {
        const rp = `${path}.integrationResponses[${i}]`;
        if (!isObj(r)) return err(rp, `must be an object, got ${describe(r)}`);
        unknownKeys(r, INTEGRATION_RESPONSE_KEYS, rp);
        if (typeof r.statusCode !== 'string' || !/^[1-5]\d\d$/.test(r.statusCode))
          err(`${rp}.statusCode`, `must be a status code as a string ("200"), got ${describe(r.statusCode)}`);
        if (r.selectionPattern !== undefined) {
          const re = typeof r.selectionPattern === 'string' ? regexError(r.selectionPattern) : 'must be a string';
          if (re) err(`${rp}.selectionPattern`, `must be a regular expression: ${re}`);
        }
        if (r.responseTemplates !== undefined && isObj(r.responseTemplates)) {
          for (const [ct, t] of Object.entries(r.responseTemplates))
            if (typeof t !== 'string')
              err(key(`${rp}.responseTemplates`, ct), `must be a template string, got ${describe(t)}`);
        } else if (r.responseTemplates !== undefined)
          err(`${rp}.responseTemplates`, `must map a content type to a template, got ${describe(r.responseTemplates)}`);
        if (r.responseParameters !== undefined) {
          if (!isObj(r.responseParameters))
            err(`${rp}.responseParameters`, `must be an object, got ${describe(r.responseParameters)}`);
          else
            for (const [k, v] of Object.entries(r.responseParameters)) {
              if (!/^method\.response\.header\.[^.\s]+$/.test(k))
                err(key(`${rp}.responseParameters`, k), 'must be method.response.header.{name}');
              if (typeof v !== 'string' || !/^('.*'|integration\.response\.(header\.[^.\s]+|body(\..+)?))$/.test(v))
                err(
                  key(`${rp}.responseParameters`, k),
                  "must be a 'quoted literal', integration.response.header.{name} or integration.response.body[.field]",
                );
            }
        }
      });
    const defaults = Array.isArray(integ.integrationResponses)
      ? integ.integrationResponses.filter(
          (r: unknown) => isObj(r) && (r.selectionPattern === undefined || r.selectionPattern === ''),
        )
      : [];
    if (defaults.length > 1)
      err(`${path}.integrationResponses`, 'only one integration response may be the default (no selectionPattern)');
  }
}

/** Copies the definition with AWS's defaults filled in. */
function withDefaults(def: RestApiDefinition): RestApiDefinition {
  const resources: RestApiDefinition['resources'] = {};
  for (const [path, res] of Object.entries(def.resources)) {
    const methods: RestApiDefinition['resources'][string]['methods'] = {};
    for (const [verb, m] of Object.entries(res.methods)) {
      if (!m) continue;
      methods[verb as keyof typeof methods] = {
        ...m,
        authorizationType: m.authorizationType ?? (m.authorizer !== undefined ? 'CUSTOM' : 'NONE'),
        apiKeyRequired: m.apiKeyRequired ?? false,
      };
    }
    resources[path] = { methods };
  }
  const authorizers: NonNullable<RestApiDefinition['authorizers']> = {};
  for (const [name, a] of Object.entries(def.authorizers ?? {})) {
    authorizers[name] =
      a.type === 'TOKEN'
        ? {
            ...a,
            identitySource: a.identitySource ?? REST_DEFAULT_TOKEN_SOURCE,
            authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? REST_DEFAULT_AUTHORIZER_TTL_S,
          }
        : { ...a, authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? REST_DEFAULT_AUTHORIZER_TTL_S };
  }
  return {
    ...def,
    region: def.region ?? 'us-east-1',
    endpointConfiguration: def.endpointConfiguration ?? { types: ['EDGE'] },
    apiKeySource: def.apiKeySource ?? 'HEADER',
    stage: {
      ...(def.stage ?? { name: 'dev' }),
      cacheTtlInSeconds: def.stage?.cacheTtlInSeconds ?? REST_DEFAULT_CACHE_TTL_S,
    },
    resources,
    authorizers,
    apiKeys: (def.apiKeys ?? []).map((k) => ({ ...k, enabled: k.enabled ?? true })),
    usagePlans: def.usagePlans ?? [],
    models: def.models ?? {},
    requestValidators: def.requestValidators ?? {},
  };
}

/** One message per line, `path: message`, for an Error or a UI list. */
export function formatRestDefinitionErrors(errors: DefinitionError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}
