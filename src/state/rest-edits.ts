/**
 * Structural edits of a REST API definition, as the API panel makes them: resources and their
 * methods, integration type, API key requirement, authorizer, request validator, per-method
 * cache TTL, the stage's cache and throttle, and the JSON-edited sections (API keys, usage
 * plans, authorizers, models, validators). Pure functions applied through `Workspace.editRest`;
 * full validation, with field paths, happens at Deploy (validateRestDefinition).
 */
import {
  REST_METHODS,
  type RestApiDefinition,
  type RestHttpMethod,
  type RestIntegrationDefinition,
  type RestMethodDefinition,
  type RestStageDefinition,
} from '../gateway';

export type RestIntegrationType = RestIntegrationDefinition['type'];

/** A row of the resource tree, parents implied by deeper paths included (as the console shows them). */
export interface ResourceRow {
  path: string;
  depth: number;
  /** Declared in `resources` (false: only implied by a child path). */
  declared: boolean;
  methods: RestHttpMethod[];
}

/** Resource paths are `/` or `/seg/{param}/{proxy+}` (apigateway CreateResource pathPart rules, simplified). */
export function resourcePathProblem(def: RestApiDefinition, path: string): string | null {
  const p = path.trim();
  if (!p.startsWith('/')) return 'A resource path starts with "/", e.g. /orders/{id}.';
  if (p in def.resources) return `A resource "${p}" already exists.`;
  if (p === '/') return null;
  const parts = p.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '') return 'The path has an empty segment ("//" or a trailing "/").';
    const v = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
    if (v) {
      if (v[2] && i !== parts.length - 1) return `The greedy variable ${part} must be the last segment.`;
    } else if (!/^[A-Za-z0-9._:@&=+$,-]+$/.test(part)) {
      return `"${part}" is not a path part: use letters, digits, -, _ or a variable like {id} or {proxy+}.`;
    }
  }
  return null;
}

export function addRestResource(def: RestApiDefinition, path: string): string | null {
  const problem = resourcePathProblem(def, path);
  if (problem) return problem;
  def.resources[path.trim()] = { methods: {} };
  return null;
}

/** Removes a resource and its descendants (as deleting a resource in AWS does). */
export function removeRestResource(def: RestApiDefinition, path: string): void {
  for (const p of Object.keys(def.resources))
    if (p === path || p.startsWith(path === '/' ? '/' : `${path}/`)) delete def.resources[p];
  // Method settings keyed by a removed resource would be reported at Deploy; drop them with it.
  const settings = def.stage?.methodSettings;
  if (settings)
    for (const k of Object.keys(settings))
      if (k !== '*/*' && !Object.hasOwn(def.resources, methodSettingPath(k))) delete settings[k];
}

function methodSettingPath(key: string): string {
  const i = key.lastIndexOf('/');
  return i <= 0 ? '/' : key.slice(0, i);
}

export function addRestMethod(
  def: RestApiDefinition,
  path: string,
  method: RestHttpMethod,
  functionName?: string,
): string | null {
  if (!REST_METHODS.includes(method)) return `Unknown method ${method}.`;
  const res = (def.resources[path] ??= { methods: {} });
  if (res.methods[method]) return `${method} ${path} already exists.`;
  const fn = functionName || Object.keys(def.functions ?? {})[0];
  res.methods[method] = fn ? { integration: { type: 'AWS_PROXY', function: fn } } : { integration: mockIntegration() };
  return null;
}

export function removeRestMethod(def: RestApiDefinition, path: string, method: RestHttpMethod): void {
  const res = def.resources[path];
  if (!res) return;
  delete res.methods[method];
  delete def.stage?.methodSettings?.[`${path}/${method}`];
}

function method(def: RestApiDefinition, path: string, verb: RestHttpMethod): RestMethodDefinition | undefined {
  return def.resources[path]?.methods[verb];
}

/** A MOCK integration that answers 200 (DG how-to-mock-integration: the request template picks the status). */
function mockIntegration(): RestIntegrationDefinition {
  return {
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"message": "mocked"}' } }],
  };
}

/**
 * Switches the integration type, keeping the function where it still applies:
 * AWS_PROXY (Lambda proxy, payload 1.0), AWS (Lambda with mapping templates), MOCK (no backend).
 */
export function setRestIntegrationType(
  def: RestApiDefinition,
  path: string,
  verb: RestHttpMethod,
  type: RestIntegrationType,
): void {
  const m = method(def, path, verb);
  if (!m || m.integration.type === type) return;
  const fn = m.integration.function ?? Object.keys(def.functions ?? {})[0] ?? '';
  const keep = m.integration.timeoutInMillis !== undefined ? { timeoutInMillis: m.integration.timeoutInMillis } : {};
  if (type === 'MOCK') m.integration = { ...mockIntegration(), ...keep };
  else if (type === 'AWS_PROXY') m.integration = { type, function: fn, ...keep };
  else
    m.integration = {
      type,
      function: fn,
      ...keep,
      // The function's return value becomes the body as is; errors need patterns to map.
      integrationResponses: [{ statusCode: '200' }],
    };
}

export function setRestMethodFunction(def: RestApiDefinition, path: string, verb: RestHttpMethod, fn: string): void {
  const m = method(def, path, verb);
  if (m && m.integration.type !== 'MOCK') m.integration = { ...m.integration, function: fn };
}

export function setRestApiKeyRequired(
  def: RestApiDefinition,
  path: string,
  verb: RestHttpMethod,
  required: boolean,
): void {
  const m = method(def, path, verb);
  if (!m) return;
  if (required) m.apiKeyRequired = true;
  else delete m.apiKeyRequired;
}

/** '' means no authorizer (authorizationType NONE); a name sets CUSTOM (a Lambda authorizer). */
export function setRestMethodAuthorizer(
  def: RestApiDefinition,
  path: string,
  verb: RestHttpMethod,
  name: string,
): void {
  const m = method(def, path, verb);
  if (!m) return;
  if (name) {
    m.authorizationType = 'CUSTOM';
    m.authorizer = name;
  } else {
    delete m.authorizationType;
    delete m.authorizer;
  }
}

export function setRestRequestValidator(
  def: RestApiDefinition,
  path: string,
  verb: RestHttpMethod,
  name: string,
): void {
  const m = method(def, path, verb);
  if (!m) return;
  if (name) m.requestValidator = name;
  else delete m.requestValidator;
}

/** The method's cache TTL override (Stage.methodSettings `{path}/{METHOD}`), or undefined for the stage default. */
export function methodCacheTtl(def: RestApiDefinition, path: string, verb: RestHttpMethod): number | undefined {
  return def.stage?.methodSettings?.[`${path}/${verb}`]?.cacheTtlInSeconds;
}

/** Sets or clears a per-method cache TTL (0–3600 s; 0 turns caching off for the method). */
export function setRestMethodCacheTtl(
  def: RestApiDefinition,
  path: string,
  verb: RestHttpMethod,
  ttl: number | undefined,
): string | null {
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600))
    return 'A cache TTL is whole seconds from 0 to 3600 (DG api-gateway-caching).';
  const stage = (def.stage ??= { name: 'dev' });
  const key = `${path}/${verb}`;
  const settings = (stage.methodSettings ??= {});
  const current = { ...(settings[key] ?? {}) };
  if (ttl === undefined) {
    delete current.cacheTtlInSeconds;
    delete current.cachingEnabled;
  } else {
    current.cacheTtlInSeconds = ttl;
    current.cachingEnabled = ttl > 0;
  }
  if (Object.keys(current).length) settings[key] = current;
  else delete settings[key];
  if (!Object.keys(settings).length) delete stage.methodSettings;
  return null;
}

/** Stage fields the panel edits directly. `throttle: null` removes the stage throttle. */
export interface RestStagePatch {
  name?: string;
  cacheClusterEnabled?: boolean;
  cacheTtlInSeconds?: number | null;
  throttle?: { rateLimit: number; burstLimit: number } | null;
  variables?: Record<string, string>;
}

export function setRestStage(def: RestApiDefinition, patch: RestStagePatch): void {
  const stage: RestStageDefinition = { ...(def.stage ?? { name: 'dev' }) };
  if (patch.name !== undefined) stage.name = patch.name.trim();
  if (patch.cacheClusterEnabled !== undefined) stage.cacheClusterEnabled = patch.cacheClusterEnabled;
  if (patch.cacheTtlInSeconds === null) delete stage.cacheTtlInSeconds;
  else if (patch.cacheTtlInSeconds !== undefined) stage.cacheTtlInSeconds = patch.cacheTtlInSeconds;
  if (patch.throttle === null) delete stage.throttle;
  else if (patch.throttle !== undefined) stage.throttle = patch.throttle;
  if (patch.variables !== undefined) stage.variables = patch.variables;
  def.stage = stage;
}

/** The sections edited as JSON in the panel. */
export type RestJsonSection = 'apiKeys' | 'usagePlans' | 'authorizers' | 'models' | 'requestValidators';

/** Replaces a JSON-edited section (undefined removes it); its shape is checked at Deploy. */
export function setRestSection(def: RestApiDefinition, section: RestJsonSection, value: unknown): string | null {
  const isList = section === 'apiKeys' || section === 'usagePlans';
  if (value === undefined || value === null) {
    delete def[section];
    return null;
  }
  if (isList !== Array.isArray(value) || typeof value !== 'object')
    return isList ? `${section} is a JSON list: [ … ].` : `${section} is a JSON object keyed by name: { … }.`;
  (def as unknown as Record<string, unknown>)[section] = value;
  return null;
}

/** The resource tree in path order, with implied parents (AWS creates every parent resource). */
export function resourceRows(def: RestApiDefinition): ResourceRow[] {
  const paths = new Set<string>(['/']);
  for (const p of Object.keys(def.resources ?? {})) {
    const parts = p === '/' ? [] : p.slice(1).split('/');
    for (let i = 1; i <= parts.length; i++) paths.add('/' + parts.slice(0, i).join('/'));
  }
  const order = (m: RestHttpMethod) => REST_METHODS.indexOf(m);
  return [...paths]
    .sort((a, b) => (a === '/' ? -1 : b === '/' ? 1 : a.localeCompare(b)))
    .map((path) => {
      const declared = Object.hasOwn(def.resources ?? {}, path);
      const methods = declared
        ? (Object.keys(def.resources[path].methods) as RestHttpMethod[]).sort((a, b) => order(a) - order(b))
        : [];
      return { path, depth: path === '/' ? 0 : path.split('/').length - 1, declared, methods };
    });
}
