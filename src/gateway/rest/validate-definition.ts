/**
 * Validation of a REST API definition (api.json), with messages that name the field and say
 * what AWS accepts. Rules cite where AWS states them; defaults are the ones AWS applies.
 */
import {
  DefinitionReport,
  checkApiIdAndRegion,
  checkProtocolAndName,
  describe,
  formatDefinitionErrors,
  isInt,
  isObj,
  key,
  listOrNone,
  notAnObject,
  q,
  type DefinitionError,
} from '../core/definition-errors';
import { checkFunctionRef, validateFunctions } from '../core/functions';
import { DEFAULT_STAGE_NAME, checkStageName, checkStageVariables } from '../core/stages';
import { validateTables } from '../core/tables';
import {
  ANY_METHODS,
  REST_DEFAULT_AUTHORIZER_TTL_S,
  REST_DEFAULT_CACHE_TTL_S,
  REST_DEFAULT_TOKEN_SOURCE,
  REST_MAX_AUTHORIZER_TTL_S,
  REST_MAX_CACHE_TTL_S,
  type RestApiDefinition,
} from './definition';
import { parseRestIdentitySource } from './authorizer';
import { regexError, validateResources } from './validate-resources';
import { BUILT_IN_MODELS } from './request-validation';

export type RestValidationResult =
  { ok: true; definition: RestApiDefinition } | { ok: false; errors: DefinitionError[] };

const TOP_LEVEL_KEYS = [
  'protocolType',
  'name',
  'apiId',
  'region',
  'endpointConfiguration',
  'binaryMediaTypes',
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
const VALIDATOR_KEYS = ['validateRequestBody', 'validateRequestParameters'];

/**
 * Checks a REST API definition and applies AWS's defaults (region `us-east-1`, stage `dev`,
 * EDGE endpoint, API keys from the `x-api-key` header, authorizationType NONE, integration
 * timeout 29 000 ms, cache TTL 300 s, authorizer TTL 300 s, TOKEN source `Authorization`).
 * Reports every problem, not just the first.
 */
export function validateRestDefinition(input: unknown): RestValidationResult {
  const report = new DefinitionReport();
  const { errors, err, unknownKeys } = report;
  const throttle = (v: unknown, path: string) => {
    if (!isObj(v)) return err(path, `must be {rateLimit, burstLimit}, got ${describe(v)}`);
    unknownKeys(v, ['rateLimit', 'burstLimit'], path);
    if (typeof v.rateLimit !== 'number' || !(v.rateLimit >= 0))
      err(`${path}.rateLimit`, `must be a number of requests per second ≥ 0, got ${describe(v.rateLimit)}`);
    if (!isInt(v.burstLimit) || v.burstLimit < 0)
      err(`${path}.burstLimit`, `must be a whole number of requests ≥ 0, got ${describe(v.burstLimit)}`);
  };

  if (!isObj(input)) return notAnObject(input);
  unknownKeys(input, TOP_LEVEL_KEYS, '');

  checkProtocolAndName(input, report, { protocolType: 'REST', label: 'a REST API' });
  checkApiIdAndRegion(input, report);
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
  if (input.binaryMediaTypes !== undefined) {
    if (!Array.isArray(input.binaryMediaTypes))
      err('binaryMediaTypes', `must be a list like ["image/png", "image/*"], got ${describe(input.binaryMediaTypes)}`);
    else
      input.binaryMediaTypes.forEach((t: unknown, i) => {
        if (typeof t !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(t))
          err(`binaryMediaTypes[${i}]`, `must be a media type such as "image/png" or "image/*", got ${describe(t)}`);
      });
  }
  if (input.apiKeySource !== undefined && input.apiKeySource !== 'HEADER' && input.apiKeySource !== 'AUTHORIZER')
    err(
      'apiKeySource',
      `must be "HEADER" or "AUTHORIZER" (DG api-gateway-api-key-source), got ${describe(input.apiKeySource)}`,
    );

  // Functions first: integrations and authorizers refer to them.
  const { functions, names: functionNames } = validateFunctions(input.functions, report);
  const fnRef = (v: unknown, path: string, allowStageVar: boolean) => {
    // `${stageVariables.fn}` is resolved per request (docs/aws-behaviour.md §5.10); it must name a function then.
    if (allowStageVar && typeof v === 'string' && v.includes('${stageVariables.')) return;
    checkFunctionRef(functionNames, path, v, report);
  };

  // Stage.
  const stage = input.stage;
  const stageVarNames: string[] = [];
  if (stage !== undefined) {
    if (!isObj(stage)) err('stage', `must be an object like {"name": "dev"}, got ${describe(stage)}`);
    else {
      unknownKeys(stage, STAGE_KEYS, 'stage');
      checkStageName(stage.name, report, { fallback: DEFAULT_STAGE_NAME });
      checkStageVariables(stage.variables, report);
      if (isObj(stage.variables)) stageVarNames.push(...Object.keys(stage.variables));
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
  // Every REST API has the built-in models Empty and Error (BUILT_IN_MODELS in ./request-validation.ts).
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
            `an API key value is 20–128 characters (docs/aws-behaviour.md §4), got ${typeof k.value === 'string' ? `${k.value.length} characters` : describe(k.value)}`,
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

  validateResources(input.resources, {
    report,
    fnRef,
    stageVarNames,
    authorizerNames,
    validatorNames,
    modelNames,
  });

  const tables = validateTables(input.tables, report);

  if (errors.length) return { ok: false, errors };
  return { ok: true, definition: withDefaults({ ...input, functions, tables } as unknown as RestApiDefinition) };
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

/** One message per line, `path: message`, for an Error or a UI list (the name the REST API has always exported). */
export const formatRestDefinitionErrors = formatDefinitionErrors;
