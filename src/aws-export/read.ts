/**
 * Reads an exported SAM template (./template.ts wrote it) back into an API definition
 * (api.json), so `npm run gateway -- --dir <exported folder>` runs what would be deployed: the
 * routes, integrations, authorizers, stage, functions and tables come from the CloudFormation
 * resources themselves, not from a copy of the original definition. A template edited by hand
 * still reads as long as it keeps to the same resource types; anything else is a clear error.
 */
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import { NAME_KEY } from './template';

type Obj = Record<string, unknown>;
type Resource = { Type: string; Properties?: Obj; Metadata?: Obj };

/** CloudFormation's short-form intrinsics as their long form (`!Ref X` → `{ Ref: 'X' }`). */
const TAGS = ['Ref', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64'].flatMap(
  (name): (ScalarTag | CollectionTag)[] => {
    const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
    return [
      { tag: `!${name}`, resolve: (v: string) => ({ [key]: v }) } as ScalarTag,
      { tag: `!${name}`, collection: 'seq', resolve: (v: unknown) => ({ [key]: v }) } as unknown as CollectionTag,
    ];
  },
);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a `!Sub`/`Fn::Sub` (its string form), or undefined. */
function subText(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  const s = v['Fn::Sub'];
  if (typeof s === 'string') return s;
  if (Array.isArray(s) && typeof s[0] === 'string') return s[0];
  return undefined;
}

/** The logical id a `!Ref` names, or undefined. */
function refOf(v: unknown): string | undefined {
  return isObj(v) && typeof v.Ref === 'string' ? v.Ref : undefined;
}

/** Copies the defined entries of `from` (template property → definition field). */
function pick(from: Obj | undefined, fields: Record<string, string>): Obj {
  const out: Obj = {};
  if (!from) return out;
  for (const [prop, field] of Object.entries(fields)) if (from[prop] !== undefined) out[field] = from[prop];
  return out;
}

class TemplateReader {
  readonly resources: Record<string, Resource>;
  readonly functions = new Map<string, string>();
  readonly tables = new Map<string, string>();

  constructor(
    private readonly doc: Obj,
    private readonly file: string,
  ) {
    if (!isObj(doc.Resources)) this.fail('has no Resources');
    this.resources = doc.Resources as Record<string, Resource>;
    for (const [id, r] of this.all('AWS::Serverless::Function')) this.functions.set(id, this.nameOf(id, r));
    for (const [id, r] of this.all('AWS::DynamoDB::Table')) this.tables.set(id, this.nameOf(id, r));
  }

  fail(message: string): never {
    throw new Error(`${this.file}: ${message}`);
  }

  nameOf(id: string, r: Resource): string {
    const name = r.Metadata?.[NAME_KEY];
    return typeof name === 'string' ? name : id;
  }

  all(type: string): [string, Resource][] {
    return Object.entries(this.resources).filter(([, r]) => isObj(r) && r.Type === type);
  }

  props(id: string): Obj {
    const r = this.resources[id];
    if (!r) this.fail(`refers to ${id}, which is not among its Resources`);
    return r.Properties ?? {};
  }

  /** The function an integration or authorizer URI invokes: `${XFunction.Arn}`, or by name through a stage variable. */
  functionOf(uri: unknown, where: string): string {
    const text = subText(uri);
    const byArn = text?.match(/\$\{([A-Za-z0-9]+)\.Arn\}/);
    if (byArn) {
      const name = this.functions.get(byArn[1]);
      if (!name) this.fail(`${where}: ${byArn[1]} is not an AWS::Serverless::Function of this template`);
      return name;
    }
    const byName = text?.match(/:function:\$\{AWS::StackName\}-(.+)\/invocations$/);
    if (byName) return byName[1].replace(/\$\{!/g, '${');
    return this.fail(`${where}: the URI must invoke a function of this template (!Sub …\${XFunction.Arn}…)`);
  }

  /** A function's definition entry (handler, timeout, memory, environment with table refs read back). */
  functionDefinitions(): Obj {
    const globals = isObj(this.doc.Globals) && isObj(this.doc.Globals.Function) ? this.doc.Globals.Function : {};
    const out: Obj = {};
    for (const [id, r] of this.all('AWS::Serverless::Function')) {
      const p = { ...globals, ...(r.Properties ?? {}) };
      const environment: Record<string, string> = {};
      const variables = isObj(p.Environment) && isObj(p.Environment.Variables) ? p.Environment.Variables : {};
      for (const [k, v] of Object.entries(variables)) {
        const table = refOf(v);
        if (typeof v === 'string') environment[k] = v;
        else if (table && this.tables.has(table)) environment[k] = this.tables.get(table)!;
        else
          this.fail(`${id}.Environment.Variables.${k}: only text or !Ref of a table of this template can run locally`);
      }
      const fn: Obj = { handler: p.Handler, environment };
      if (p.Timeout !== undefined) fn.timeout = p.Timeout;
      if (p.MemorySize !== undefined) fn.memorySize = p.MemorySize;
      out[this.functions.get(id)!] = fn;
    }
    return out;
  }

  tableDefinitions(): Obj | undefined {
    const tables = this.all('AWS::DynamoDB::Table');
    if (tables.length === 0) return undefined;
    const out: Obj = {};
    for (const [id, r] of tables) {
      const keys = Array.isArray(r.Properties?.KeySchema) ? (r.Properties.KeySchema as Obj[]) : [];
      const hash = keys.find((k) => k.KeyType === 'HASH')?.AttributeName;
      const range = keys.find((k) => k.KeyType === 'RANGE')?.AttributeName;
      out[this.tables.get(id)!] = range ? { partitionKey: hash, sortKey: range } : { partitionKey: hash };
    }
    return out;
  }

  /** The name (`Name` property) of the resource a `!Ref` points at. */
  nameByRef(v: unknown, where: string): string {
    const id = refOf(v);
    if (!id) this.fail(`${where}: expected !Ref`);
    const name = this.props(id).Name;
    if (typeof name !== 'string') this.fail(`${id} has no Name`);
    return name;
  }

  stage(type: string): Obj {
    const stages = this.all(type);
    if (stages.length !== 1) this.fail(`needs exactly one ${type}; it has ${stages.length}`);
    return stages[0][1].Properties ?? {};
  }
}

/** The definition a template describes; throws an Error naming the file and the resource when it cannot. */
export function definitionFromTemplate(text: string, file = 'template.yaml'): Obj {
  const parsed = parseDocument(text, { customTags: TAGS });
  if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0].message}`);
  const doc = parsed.toJS() as unknown;
  if (!isObj(doc)) throw new Error(`${file}: not a template (a YAML mapping)`);
  const t = new TemplateReader(doc, file);
  const v2 = t.all('AWS::ApiGatewayV2::Api');
  const v1 = t.all('AWS::ApiGateway::RestApi');
  if (v2.length + v1.length !== 1)
    t.fail('needs exactly one API (AWS::ApiGatewayV2::Api or AWS::ApiGateway::RestApi) to run locally');
  const definition = v2.length === 1 ? readV2(t, v2[0]) : readRest(t, v1[0]);
  definition.functions = t.functionDefinitions();
  const tables = t.tableDefinitions();
  if (tables) definition.tables = tables;
  return definition;
}

function readV2(t: TemplateReader, [apiId, api]: [string, Resource]): Obj {
  const p = api.Properties ?? {};
  const type = p.ProtocolType;
  if (type !== 'WEBSOCKET' && type !== 'HTTP') t.fail(`${apiId}.ProtocolType must be WEBSOCKET or HTTP`);
  const d: Obj = { protocolType: type, name: p.Name };
  if (type === 'WEBSOCKET') d.routeSelectionExpression = p.RouteSelectionExpression;
  if (isObj(p.CorsConfiguration))
    d.cors = pick(p.CorsConfiguration, {
      AllowOrigins: 'allowOrigins',
      AllowMethods: 'allowMethods',
      AllowHeaders: 'allowHeaders',
      ExposeHeaders: 'exposeHeaders',
      MaxAge: 'maxAge',
      AllowCredentials: 'allowCredentials',
    });

  const authorizers: Obj = {};
  for (const [id, r] of t.all('AWS::ApiGatewayV2::Authorizer')) {
    const a = r.Properties ?? {};
    const name = String(a.Name ?? id);
    if (a.AuthorizerType === 'JWT') {
      const jwt = isObj(a.JwtConfiguration) ? a.JwtConfiguration : {};
      authorizers[name] = {
        type: 'JWT',
        identitySource: a.IdentitySource,
        jwtConfiguration: { issuer: jwt.Issuer, audience: jwt.Audience },
      };
    } else if (type === 'WEBSOCKET') {
      authorizers[name] = {
        type: 'REQUEST',
        function: t.functionOf(a.AuthorizerUri, `${id}.AuthorizerUri`),
        identitySource: a.IdentitySource,
      };
    } else {
      authorizers[name] = {
        type: 'REQUEST',
        function: t.functionOf(a.AuthorizerUri, `${id}.AuthorizerUri`),
        ...pick(a, {
          AuthorizerPayloadFormatVersion: 'authorizerPayloadFormatVersion',
          EnableSimpleResponses: 'enableSimpleResponses',
          IdentitySource: 'identitySource',
          AuthorizerResultTtlInSeconds: 'resultTtlInSeconds',
        }),
      };
    }
  }
  if (Object.keys(authorizers).length > 0) d.authorizers = authorizers;

  const twoWay = new Set(t.all('AWS::ApiGatewayV2::RouteResponse').map(([, r]) => refOf(r.Properties?.RouteId) ?? ''));
  const routes: Obj = {};
  for (const [id, r] of t.all('AWS::ApiGatewayV2::Route')) {
    const rp = r.Properties ?? {};
    const route: Obj = {};
    const target = subText(rp.Target)?.match(/^integrations\/\$\{([A-Za-z0-9]+)\}$/);
    if (target) {
      const ip = t.props(target[1]);
      route.integration = {
        type: 'AWS_PROXY',
        function: t.functionOf(ip.IntegrationUri, `${target[1]}.IntegrationUri`),
        ...pick(ip, { PayloadFormatVersion: 'payloadFormatVersion', TimeoutInMillis: 'timeoutInMillis' }),
      };
    } else if (rp.Target !== undefined) t.fail(`${id}.Target must be !Sub integrations/\${XIntegration}`);
    if (rp.AuthorizerId !== undefined) route.authorizer = t.nameByRef(rp.AuthorizerId, `${id}.AuthorizerId`);
    if (Array.isArray(rp.AuthorizationScopes)) route.authorizationScopes = rp.AuthorizationScopes;
    if (rp.RouteResponseSelectionExpression !== undefined || twoWay.has(id))
      route.routeResponseSelectionExpression = '$default';
    routes[String(rp.RouteKey)] = route;
  }
  d.routes = routes;
  const stage = t.stage('AWS::ApiGatewayV2::Stage');
  d.stage = { name: stage.StageName, ...(isObj(stage.StageVariables) ? { variables: stage.StageVariables } : {}) };
  return d;
}

/** `/~1orders~1{id}` → `/orders/{id}`. */
const decodePath = (p: string) => (p === '/' ? '/' : p.slice(1).replace(/~1/g, '/'));

function readRest(t: TemplateReader, [apiId, api]: [string, Resource]): Obj {
  const p = api.Properties ?? {};
  const d: Obj = { protocolType: 'REST', name: p.Name };
  if (isObj(p.EndpointConfiguration)) d.endpointConfiguration = { types: p.EndpointConfiguration.Types };
  if (p.BinaryMediaTypes !== undefined) d.binaryMediaTypes = p.BinaryMediaTypes;
  if (p.ApiKeySourceType !== undefined) d.apiKeySource = p.ApiKeySourceType;

  const models: Obj = {};
  for (const [, r] of t.all('AWS::ApiGateway::Model')) models[String(r.Properties?.Name)] = r.Properties?.Schema;
  if (Object.keys(models).length > 0) d.models = models;
  const validators: Obj = {};
  for (const [, r] of t.all('AWS::ApiGateway::RequestValidator'))
    validators[String(r.Properties?.Name)] = pick(r.Properties, {
      ValidateRequestBody: 'validateRequestBody',
      ValidateRequestParameters: 'validateRequestParameters',
    });
  if (Object.keys(validators).length > 0) d.requestValidators = validators;
  const authorizers: Obj = {};
  for (const [id, r] of t.all('AWS::ApiGateway::Authorizer')) {
    const a = r.Properties ?? {};
    const source = typeof a.IdentitySource === 'string' ? a.IdentitySource : undefined;
    authorizers[String(a.Name ?? id)] = {
      type: a.Type,
      function: t.functionOf(a.AuthorizerUri, `${id}.AuthorizerUri`),
      ...(source !== undefined
        ? { identitySource: a.Type === 'TOKEN' ? source : source.split(',').map((s) => s.trim()) }
        : {}),
      ...pick(a, {
        IdentityValidationExpression: 'identityValidationExpression',
        AuthorizerResultTtlInSeconds: 'authorizerResultTtlInSeconds',
      }),
    };
  }
  if (Object.keys(authorizers).length > 0) d.authorizers = authorizers;

  const pathOf = (v: unknown, seen: string[] = []): string => {
    if (isObj(v) && Array.isArray(v['Fn::GetAtt'] ?? null))
      v = { 'Fn::GetAtt': (v['Fn::GetAtt'] as string[]).join('.') };
    if (isObj(v) && v['Fn::GetAtt'] === `${apiId}.RootResourceId`) return '/';
    const id = refOf(v);
    if (!id || seen.includes(id))
      return t.fail('a ParentId/ResourceId must be !Ref of a resource or the root resource');
    const rp = t.props(id);
    const parent = pathOf(rp.ParentId, [...seen, id]);
    return `${parent === '/' ? '' : parent}/${String(rp.PathPart)}`;
  };
  const resources: Record<string, { methods: Obj }> = {};
  for (const [id] of t.all('AWS::ApiGateway::Resource')) resources[pathOf({ Ref: id })] = { methods: {} };
  for (const [id, r] of t.all('AWS::ApiGateway::Method')) {
    const mp = r.Properties ?? {};
    const path = pathOf(mp.ResourceId);
    const m: Obj = {};
    if (mp.AuthorizationType === 'CUSTOM') {
      m.authorizationType = 'CUSTOM';
      m.authorizer = t.nameByRef(mp.AuthorizerId, `${id}.AuthorizerId`);
    }
    if (mp.ApiKeyRequired !== undefined) m.apiKeyRequired = mp.ApiKeyRequired;
    if (mp.RequestValidatorId !== undefined)
      m.requestValidator = t.nameByRef(mp.RequestValidatorId, `${id}.RequestValidatorId`);
    if (mp.RequestParameters !== undefined) m.requestParameters = mp.RequestParameters;
    if (isObj(mp.RequestModels))
      m.requestModels = Object.fromEntries(
        Object.entries(mp.RequestModels).map(([type, v]) => [type, t.nameByRef(v, `${id}.RequestModels`)]),
      );
    const ip = isObj(mp.Integration) ? mp.Integration : {};
    const integration: Obj = {
      type: ip.Type,
      ...pick(ip, {
        TimeoutInMillis: 'timeoutInMillis',
        RequestTemplates: 'requestTemplates',
        PassthroughBehavior: 'passthroughBehavior',
        ContentHandling: 'contentHandling',
        CacheKeyParameters: 'cacheKeyParameters',
      }),
    };
    if (ip.Type !== 'MOCK') integration.function = t.functionOf(ip.Uri, `${id}.Integration.Uri`);
    if (Array.isArray(ip.IntegrationResponses))
      integration.integrationResponses = (ip.IntegrationResponses as Obj[]).map((ir) =>
        pick(ir, {
          SelectionPattern: 'selectionPattern',
          StatusCode: 'statusCode',
          ResponseTemplates: 'responseTemplates',
          ResponseParameters: 'responseParameters',
          ContentHandling: 'contentHandling',
        }),
      );
    m.integration = integration;
    if (Array.isArray(mp.MethodResponses))
      m.methodResponses = Object.fromEntries(
        (mp.MethodResponses as Obj[]).map((mr) => [
          String(mr.StatusCode),
          pick(mr, { ResponseParameters: 'responseParameters', ResponseModels: 'responseModels' }),
        ]),
      );
    (resources[path] ??= { methods: {} }).methods[String(mp.HttpMethod)] = m;
  }
  // Parents that only hold children are implied in a definition.
  for (const [path, r] of Object.entries(resources)) if (Object.keys(r.methods).length === 0) delete resources[path];
  d.resources = resources;

  const s = t.stage('AWS::ApiGateway::Stage');
  const stage: Obj = { name: s.StageName };
  if (isObj(s.Variables)) stage.variables = s.Variables;
  if (s.CacheClusterEnabled !== undefined) stage.cacheClusterEnabled = s.CacheClusterEnabled;
  const methodSettings: Obj = {};
  const settings = Array.isArray(s.MethodSettings) ? (s.MethodSettings as Obj[]) : [];
  const all = settings.find((x) => x.ResourcePath === '/*' && x.HttpMethod === '*');
  const fields = {
    CachingEnabled: 'cachingEnabled',
    CacheTtlInSeconds: 'cacheTtlInSeconds',
    ThrottlingRateLimit: 'throttlingRateLimit',
    ThrottlingBurstLimit: 'throttlingBurstLimit',
    RequireAuthorizationForCacheControl: 'requireAuthorizationForCacheControl',
    UnauthorizedCacheControlHeaderStrategy: 'unauthorizedCacheControlHeaderStrategy',
  };
  if (all) {
    if (all.CacheTtlInSeconds !== undefined) stage.cacheTtlInSeconds = all.CacheTtlInSeconds;
    if (all.ThrottlingRateLimit !== undefined && all.ThrottlingBurstLimit !== undefined)
      stage.throttle = { rateLimit: all.ThrottlingRateLimit, burstLimit: all.ThrottlingBurstLimit };
    const rest = pick(all, {
      CachingEnabled: 'cachingEnabled',
      RequireAuthorizationForCacheControl: 'requireAuthorizationForCacheControl',
      UnauthorizedCacheControlHeaderStrategy: 'unauthorizedCacheControlHeaderStrategy',
    });
    if (Object.keys(rest).length > 0) methodSettings['*/*'] = rest;
  }
  for (const x of settings) {
    if (x === all) continue;
    const setting = pick(x, fields);
    // The GET caching ./template.ts spells out per method is the playground's default.
    const isDefault =
      s.CacheClusterEnabled === true &&
      all?.CachingEnabled === undefined &&
      x.HttpMethod === 'GET' &&
      Object.keys(setting).length === 1 &&
      setting.cachingEnabled === true;
    if (!isDefault) methodSettings[`${decodePath(String(x.ResourcePath))}/${String(x.HttpMethod)}`] = setting;
  }
  if (Object.keys(methodSettings).length > 0) stage.methodSettings = methodSettings;
  d.stage = stage;

  const keyIds = new Map<string, string>();
  const apiKeys = t.all('AWS::ApiGateway::ApiKey').map(([id, r]) => {
    const key = t.nameOf(id, r);
    keyIds.set(id, key);
    return {
      id: key,
      name: r.Properties?.Name,
      value: r.Properties?.Value,
      ...pick(r.Properties, { Enabled: 'enabled' }),
    };
  });
  if (apiKeys.length > 0) d.apiKeys = apiKeys;
  const planKeys = t.all('AWS::ApiGateway::UsagePlanKey').map(([, r]) => r.Properties ?? {});
  const plans = t.all('AWS::ApiGateway::UsagePlan').map(([id, r]) => {
    const up = r.Properties ?? {};
    const plan: Obj = {
      name: up.UsagePlanName,
      apiKeys: planKeys.filter((k) => refOf(k.UsagePlanId) === id).map((k) => keyIds.get(refOf(k.KeyId) ?? '')),
    };
    if (isObj(up.Throttle)) plan.throttle = { rateLimit: up.Throttle.RateLimit, burstLimit: up.Throttle.BurstLimit };
    if (isObj(up.Quota)) plan.quota = { limit: up.Quota.Limit, period: up.Quota.Period };
    return plan;
  });
  if (plans.length > 0) d.usagePlans = plans;
  return d;
}
