/**
 * An API definition (api.json) as an AWS SAM template: the functions as
 * `AWS::Serverless::Function` (Node.js 22), the tables as `AWS::DynamoDB::Table`, and the API
 * itself as the CloudFormation resources API Gateway's own APIs name (ApiGatewayV2 for WebSocket
 * and HTTP APIs, ApiGateway for REST APIs), so each field of the definition lands on the
 * property of the same name and ./read.ts can read it back. Every function gets only the
 * permissions its definition shows it needs: DynamoDB actions on the tables its environment
 * names, `execute-api:ManageConnections` on this API's @connections. Whatever has no exact
 * CloudFormation equivalent is listed in `notes` (the export's README), never dropped silently.
 */
import {
  PLAYGROUND_ISSUER,
  type ApiDefinition,
  type HttpApiDefinition,
  type LambdaFunctionDefinition,
  type RestApiDefinition,
  type RestIntegrationDefinition,
  type RestMethodDefinition,
  type TableDefinition,
  type WebSocketApiDefinition,
} from '../gateway';
import { getAtt, ref, sub, type YamlValue } from './yaml';

/** Where the handler files live beside template.yaml (every function's CodeUri). */
export const CODE_DIR = 'functions';
/** Lambda's Node.js 22 runtime, which ships the AWS SDK for JavaScript v3 the handlers import. */
export const RUNTIME = 'nodejs22.x';
/** The metadata key naming a resource as the definition names it (functions, tables, API keys). */
export const NAME_KEY = 'PlaygroundName';

/** The DynamoDB actions the SDK shims implement: what a handler here can call on a table. */
export const DYNAMODB_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DescribeTable',
];

type Resource = {
  Type: string;
  Properties?: Record<string, YamlValue | undefined>;
  [k: string]: YamlValue | undefined;
};

export interface SamTemplate {
  /** The template, ready for ./yaml.ts. */
  document: Record<string, YamlValue | undefined>;
  /** What does not map exactly, one sentence each, for the export's README. */
  notes: string[];
  /** Logical ids of the outputs that hold the URLs to call. */
  outputs: string[];
}

/** `get-order` → `GetOrder`: CloudFormation logical ids are ASCII letters and digits only. */
export function pascal(text: string): string {
  const words = text
    .replace(/\+/g, ' plus ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `X${joined}`;
}

/** Hands out unique logical ids: a second `GetOrderFunction` becomes `GetOrderFunction2`. */
class LogicalIds {
  private readonly used = new Set<string>();
  take(base: string, suffix: string): string {
    const stem = pascal(base).slice(0, 200) || 'Resource';
    let id = `${stem}${suffix}`;
    for (let n = 2; this.used.has(id); n++) id = `${stem}${suffix}${n}`;
    this.used.add(id);
    return id;
  }
}

/** The Lambda invocation URI API Gateway calls a function through. */
const invokeUri = (functionId: string) =>
  sub(
    `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${functionId}.Arn}/invocations`,
  );

/** `orders${stageVariables.version}` as a function name pattern: which declared functions it can reach. */
export const STAGE_VARIABLE_REF = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

interface Context {
  ids: LogicalIds;
  resources: Record<string, Resource>;
  notes: string[];
  /** Function name → logical id. */
  functionIds: Map<string, string>;
  /** Table name → logical id. */
  tableIds: Map<string, string>;
  /** Functions API Gateway invokes (integrations and authorizers), by name. */
  invoked: Set<string>;
  /** Functions called by name through a stage variable: they get a fixed FunctionName. */
  namedByStageVariable: Set<string>;
  /** The logical id of the API (for permissions' source ARNs). */
  apiId: string;
  /** Text of every handler file, to find functions that use @connections or a table by its name. */
  files: Readonly<Record<string, string>>;
}

/**
 * The template for a validated definition and its handler files (path → source). `written` is
 * the definition as the learner wrote it, before validation filled in defaults (region, apiId).
 */
export function samTemplate(
  definition: ApiDefinition,
  files: Readonly<Record<string, string>>,
  written: { region?: unknown; apiId?: unknown } = {},
): SamTemplate {
  const ids = new LogicalIds();
  const apiId = ids.take(
    definition.protocolType === 'WEBSOCKET' ? 'WebSocket' : definition.protocolType === 'HTTP' ? 'Http' : 'Rest',
    'Api',
  );
  const cx: Context = {
    ids,
    resources: {},
    notes: [],
    functionIds: new Map(),
    tableIds: new Map(),
    invoked: new Set(),
    namedByStageVariable: new Set(),
    apiId,
    files,
  };
  for (const name of Object.keys(definition.tables ?? {})) cx.tableIds.set(name, ids.take(name, 'Table'));
  for (const name of Object.keys(definition.functions)) cx.functionIds.set(name, ids.take(name, 'Function'));

  let outputs: Record<string, YamlValue>;
  if (definition.protocolType === 'WEBSOCKET') outputs = webSocketApi(definition, cx);
  else if (definition.protocolType === 'HTTP') outputs = httpApi(definition, cx);
  else outputs = restApi(definition, cx);

  const functions: Record<string, Resource> = {};
  for (const [name, fn] of Object.entries(definition.functions))
    functions[cx.functionIds.get(name)!] = lambdaFunction(name, fn, definition, cx);
  const tables: Record<string, Resource> = {};
  for (const [name, table] of Object.entries(definition.tables ?? {}))
    tables[cx.tableIds.get(name)!] = dynamoTable(name, table);
  const permissions: Record<string, Resource> = {};
  for (const name of cx.invoked) {
    permissions[ids.take(name, 'InvokePermission')] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: ref(cx.functionIds.get(name)!),
        Principal: 'apigateway.amazonaws.com',
        SourceArn: sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/*`),
      },
    };
  }

  const document: Record<string, YamlValue | undefined> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Description: `${definition.name}: a ${definition.protocolType} API exported from API Gateway Playground`,
    Globals: { Function: { Runtime: RUNTIME, CodeUri: `${CODE_DIR}/` } },
    Resources: { ...cx.resources, ...functions, ...tables, ...permissions },
    Outputs: outputs,
  };
  if (Object.keys(definition.tables ?? {}).length > 0)
    cx.notes.push(
      'Table keys are declared as strings (AttributeType S), as every example and lesson stores them; change AttributeDefinitions where a key holds numbers.',
    );
  if (typeof written.region === 'string')
    cx.notes.push(
      `The definition's region (${written.region}) is not part of a template: deploy with \`sam deploy --guided --region ${written.region}\`.`,
    );
  if (typeof written.apiId === 'string')
    cx.notes.push(`The definition's apiId (${written.apiId}) is not kept: AWS assigns the API its own id.`);
  return { document, notes: cx.notes, outputs: Object.keys(outputs) };
}

function named(name: string): Record<string, YamlValue> {
  return { [NAME_KEY]: name };
}

/** The tables a function's environment names by value: their names become `!Ref` of the table. */
function tablesInEnvironment(fn: LambdaFunctionDefinition, cx: Context): string[] {
  return [...new Set(Object.values(fn.environment ?? {}).filter((v) => cx.tableIds.has(v)))];
}

/** The handler's own file and the files it may import, by a loose look at the text (a hint, not a resolver). */
function handlerSources(fn: LambdaFunctionDefinition, cx: Context): string {
  const module = fn.handler.slice(
    0,
    fn.handler.lastIndexOf('/') + 1 + fn.handler.slice(fn.handler.lastIndexOf('/') + 1).indexOf('.'),
  );
  const own = Object.entries(cx.files).filter(([path]) => path.replace(/\.[^./]+$/, '') === module);
  // Shared modules (lib/…) may be imported by any handler: count them for everyone.
  const shared = Object.entries(cx.files).filter(([path]) => path.includes('/') && !own.some(([p]) => p === path));
  return [...own, ...shared].map(([, text]) => text).join('\n');
}

function lambdaFunction(name: string, fn: LambdaFunctionDefinition, definition: ApiDefinition, cx: Context): Resource {
  const environment: Record<string, YamlValue> = {};
  for (const [key, value] of Object.entries(fn.environment ?? {}))
    environment[key] = cx.tableIds.has(value) ? ref(cx.tableIds.get(value)!) : value;
  const source = handlerSources(fn, cx);
  const tables = tablesInEnvironment(fn, cx);
  for (const table of cx.tableIds.keys()) {
    if (tables.includes(table)) continue;
    if (new RegExp(`['"\`]${table.replace(/[.]/g, '\\.')}['"\`]`).test(source)) {
      tables.push(table);
      cx.notes.push(
        `Function ${name} seems to name table ${table} in its code: on AWS the table's name is \${AWS::StackName}-${table}, so pass it in an environment variable whose value is "${table}" (the export turns that into the real name).`,
      );
    }
  }
  const statements: YamlValue[] = [];
  if (tables.length > 0)
    statements.push({
      Effect: 'Allow',
      Action: DYNAMODB_ACTIONS,
      Resource: tables.flatMap((t) => [
        getAtt(cx.tableIds.get(t)!, 'Arn'),
        sub(`\${${cx.tableIds.get(t)!}.Arn}/index/*`),
      ]),
    });
  if (definition.protocolType === 'WEBSOCKET' && /client-apigatewaymanagementapi/.test(source))
    statements.push({
      Effect: 'Allow',
      Action: ['execute-api:ManageConnections'],
      Resource: [
        sub(
          `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${cx.apiId}}/${definition.stage?.name ?? 'dev'}/*/@connections/*`,
        ),
      ],
    });
  else if (/client-apigatewaymanagementapi/.test(source))
    cx.notes.push(
      `Function ${name} imports the @connections client, but a ${definition.protocolType} API has no @connections: it gets no execute-api:ManageConnections permission.`,
    );
  const properties: Record<string, YamlValue | undefined> = {
    Handler: fn.handler,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    Environment: Object.keys(environment).length > 0 ? { Variables: environment } : undefined,
    Policies: statements.length > 0 ? [{ Version: '2012-10-17', Statement: statements }] : undefined,
  };
  if (cx.namedByStageVariable.has(name)) properties.FunctionName = sub(`\${AWS::StackName}-${name}`);
  return { Type: 'AWS::Serverless::Function', Metadata: named(name), Properties: properties };
}

function dynamoTable(name: string, table: TableDefinition): Resource {
  const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
  return {
    Type: 'AWS::DynamoDB::Table',
    Metadata: named(name),
    Properties: {
      TableName: sub(`\${AWS::StackName}-${name}`),
      BillingMode: 'PAY_PER_REQUEST',
      // The playground stores strings and numbers under any key; S is what every example and lesson uses.
      AttributeDefinitions: keys.map((k) => ({ AttributeName: k, AttributeType: 'S' })),
      KeySchema: keys.map((k, i) => ({ AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    },
  };
}

// ---------------------------------------------------------------- WebSocket and HTTP (ApiGatewayV2)

function v2Integration(
  cx: Context,
  routeKey: string,
  fn: string,
  extra: Record<string, YamlValue | undefined>,
): string {
  cx.invoked.add(fn);
  const id = cx.ids.take(routeKey.replace(/^\$/, ''), 'Integration');
  cx.resources[id] = {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: {
      ApiId: ref(cx.apiId),
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: invokeUri(cx.functionIds.get(fn)!),
      ...extra,
    },
  };
  return id;
}

function v2Stage(cx: Context, name: string, variables: Record<string, string> | undefined): string {
  const id = cx.ids.take('Api', 'Stage');
  cx.resources[id] = {
    Type: 'AWS::ApiGatewayV2::Stage',
    Properties: {
      ApiId: ref(cx.apiId),
      StageName: name,
      AutoDeploy: true,
      StageVariables: variables && Object.keys(variables).length > 0 ? variables : undefined,
    },
  };
  return id;
}

function webSocketApi(d: WebSocketApiDefinition, cx: Context): Record<string, YamlValue> {
  cx.resources[cx.apiId] = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: { Name: d.name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: d.routeSelectionExpression },
  };
  const authorizerIds = new Map<string, string>();
  for (const [name, a] of Object.entries(d.authorizers ?? {})) {
    cx.invoked.add(a.function);
    const id = cx.ids.take(name, 'Authorizer');
    authorizerIds.set(name, id);
    cx.resources[id] = {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: ref(cx.apiId),
        Name: name,
        AuthorizerType: 'REQUEST',
        AuthorizerUri: invokeUri(cx.functionIds.get(a.function)!),
        IdentitySource: a.identitySource,
      },
    };
  }
  for (const [key, route] of Object.entries(d.routes)) {
    const integration = route.integration
      ? v2Integration(cx, key, route.integration.function, { TimeoutInMillis: route.integration.timeoutInMillis })
      : undefined;
    const id = cx.ids.take(key.replace(/^\$/, ''), 'Route');
    cx.resources[id] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: ref(cx.apiId),
        RouteKey: key,
        AuthorizationType: route.authorizer ? 'CUSTOM' : 'NONE',
        AuthorizerId: route.authorizer ? ref(authorizerIds.get(route.authorizer)!) : undefined,
        Target: integration ? sub(`integrations/\${${integration}}`) : undefined,
        RouteResponseSelectionExpression: route.routeResponseSelectionExpression,
      },
    };
    if (!route.integration)
      cx.notes.push(
        `Route ${key} has no integration: the playground accepts it as is; on AWS a route without a target fails the request, so give it a function before deploying.`,
      );
    if (route.routeResponseSelectionExpression)
      cx.resources[cx.ids.take(key.replace(/^\$/, ''), 'RouteResponse')] = {
        Type: 'AWS::ApiGatewayV2::RouteResponse',
        Properties: { ApiId: ref(cx.apiId), RouteId: ref(id), RouteResponseKey: '$default' },
      };
  }
  const stageName = d.stage?.name ?? 'dev';
  const stage = v2Stage(cx, stageName, d.stage?.variables);
  return {
    WebSocketUrl: {
      Description: 'Connect with wscat -c <this URL>',
      Value: sub(`wss://\${${cx.apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${${stage}}`),
    },
    ConnectionsUrl: {
      Description: 'The @connections endpoint (POST a message to <this URL>/<connectionId>, signed)',
      Value: sub(`https://\${${cx.apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${${stage}}/@connections`),
    },
  };
}

function httpApi(d: HttpApiDefinition, cx: Context): Record<string, YamlValue> {
  const cors = d.cors;
  cx.resources[cx.apiId] = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: {
      Name: d.name,
      ProtocolType: 'HTTP',
      CorsConfiguration: cors
        ? {
            AllowOrigins: cors.allowOrigins,
            AllowMethods: cors.allowMethods,
            AllowHeaders: cors.allowHeaders,
            ExposeHeaders: cors.exposeHeaders,
            MaxAge: cors.maxAge,
            AllowCredentials: cors.allowCredentials,
          }
        : undefined,
    },
  };
  const authorizerIds = new Map<string, string>();
  for (const [name, a] of Object.entries(d.authorizers ?? {})) {
    const id = cx.ids.take(name, 'Authorizer');
    authorizerIds.set(name, id);
    if (a.type === 'JWT') {
      if (a.jwtConfiguration.issuer.startsWith('http://'))
        cx.notes.push(
          `Authorizer ${name} trusts an http:// issuer (${a.jwtConfiguration.issuer}), which only the local gateway allows: API Gateway needs an https issuer it can reach.`,
        );
      else if (a.jwtConfiguration.issuer === PLAYGROUND_ISSUER)
        cx.notes.push(
          `Authorizer ${name} trusts the playground's built-in test issuer (${a.jwtConfiguration.issuer}), which does not exist: set Issuer and Audience to your identity provider (e.g. a Cognito user pool) before deploying.`,
        );
      cx.resources[id] = {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          ApiId: ref(cx.apiId),
          Name: name,
          AuthorizerType: 'JWT',
          IdentitySource: a.identitySource ?? ['$request.header.Authorization'],
          JwtConfiguration: { Issuer: a.jwtConfiguration.issuer, Audience: a.jwtConfiguration.audience },
        },
      };
    } else {
      cx.invoked.add(a.function);
      cx.resources[id] = {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          ApiId: ref(cx.apiId),
          Name: name,
          AuthorizerType: 'REQUEST',
          AuthorizerUri: invokeUri(cx.functionIds.get(a.function)!),
          AuthorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion,
          EnableSimpleResponses: a.enableSimpleResponses,
          IdentitySource: a.identitySource && a.identitySource.length > 0 ? a.identitySource : undefined,
          AuthorizerResultTtlInSeconds: a.resultTtlInSeconds ?? 0,
        },
      };
    }
  }
  for (const [key, route] of Object.entries(d.routes)) {
    const integration = v2Integration(cx, key, route.integration.function, {
      PayloadFormatVersion: route.integration.payloadFormatVersion ?? '2.0',
      TimeoutInMillis: route.integration.timeoutInMillis,
    });
    const authorizer = route.authorizer ? d.authorizers?.[route.authorizer] : undefined;
    cx.resources[cx.ids.take(key.replace(/^\$/, ''), 'Route')] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: ref(cx.apiId),
        RouteKey: key,
        AuthorizationType: !authorizer ? 'NONE' : authorizer.type === 'JWT' ? 'JWT' : 'CUSTOM',
        AuthorizerId: route.authorizer ? ref(authorizerIds.get(route.authorizer)!) : undefined,
        AuthorizationScopes:
          route.authorizationScopes && route.authorizationScopes.length > 0 ? route.authorizationScopes : undefined,
        Target: sub(`integrations/\${${integration}}`),
      },
    };
  }
  const stageName = d.stage?.name ?? '$default';
  v2Stage(cx, stageName, d.stage?.variables);
  const path = stageName === '$default' ? '' : `/${stageName}`;
  return {
    ApiUrl: {
      Description: 'The invoke URL (curl -i <this URL>/…)',
      Value: sub(`https://\${${cx.apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}${path}`),
    },
  };
}

// ---------------------------------------------------------------- REST (ApiGateway v1)

/** `/orders/{id}` → `/~1orders~1{id}`: how Stage MethodSettings encode a resource path. */
export function encodeResourcePath(path: string): string {
  return path === '/' ? '/' : '/' + path.replace(/\//g, '~1');
}

function restApi(d: RestApiDefinition, cx: Context): Record<string, YamlValue> {
  const api = cx.apiId;
  cx.resources[api] = {
    Type: 'AWS::ApiGateway::RestApi',
    Properties: {
      Name: d.name,
      EndpointConfiguration: { Types: d.endpointConfiguration?.types ?? ['EDGE'] },
      BinaryMediaTypes: d.binaryMediaTypes && d.binaryMediaTypes.length > 0 ? d.binaryMediaTypes : undefined,
      ApiKeySourceType: d.apiKeySource,
    },
  };
  if (d.endpointConfiguration?.types[0] === 'PRIVATE')
    cx.notes.push(
      'A PRIVATE REST API is reachable only through an interface VPC endpoint and needs a resource policy allowing it: add both (Policy on the RestApi, a VPC endpoint) before deploying.',
    );

  // Functions reached through `${stageVariables.x}` are called by a fixed name.
  for (const resource of Object.values(d.resources))
    for (const method of Object.values(resource.methods)) {
      const fn = method?.integration.function;
      if (!fn || !fn.includes('${stageVariables.')) continue;
      const pattern = new RegExp(
        '^' +
          fn
            .split(STAGE_VARIABLE_REF)
            .map((part, i) => (i % 2 === 1 ? '[A-Za-z0-9_-]*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('') +
          '$',
      );
      for (const name of Object.keys(d.functions)) if (pattern.test(name)) cx.namedByStageVariable.add(name);
    }
  if (cx.namedByStageVariable.size > 0)
    cx.notes.push(
      `Functions chosen by a stage variable (${[...cx.namedByStageVariable].join(', ')}) are deployed with the fixed name \${AWS::StackName}-<name>, which the integration URI builds from the stage variable; keep the stack name short enough for the 64-character limit on Lambda function names.`,
    );

  const models = new Map<string, string>();
  for (const [name, schema] of Object.entries(d.models ?? {})) {
    const id = cx.ids.take(name, 'Model');
    models.set(name, id);
    cx.resources[id] = {
      Type: 'AWS::ApiGateway::Model',
      Properties: { RestApiId: ref(api), Name: name, ContentType: 'application/json', Schema: schema as YamlValue },
    };
  }
  const validators = new Map<string, string>();
  for (const [name, v] of Object.entries(d.requestValidators ?? {})) {
    const id = cx.ids.take(name, 'RequestValidator');
    validators.set(name, id);
    cx.resources[id] = {
      Type: 'AWS::ApiGateway::RequestValidator',
      Properties: {
        RestApiId: ref(api),
        Name: name,
        ValidateRequestBody: v.validateRequestBody ?? false,
        ValidateRequestParameters: v.validateRequestParameters ?? false,
      },
    };
  }
  const authorizers = new Map<string, string>();
  for (const [name, a] of Object.entries(d.authorizers ?? {})) {
    cx.invoked.add(a.function);
    const id = cx.ids.take(name, 'Authorizer');
    authorizers.set(name, id);
    const source = a.type === 'TOKEN' ? (a.identitySource ?? 'method.request.header.Authorization') : a.identitySource;
    cx.resources[id] = {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: {
        RestApiId: ref(api),
        Name: name,
        Type: a.type,
        AuthorizerUri: invokeUri(cx.functionIds.get(a.function)!),
        IdentitySource: Array.isArray(source) ? source.join(', ') : source,
        IdentityValidationExpression: a.type === 'TOKEN' ? a.identityValidationExpression : undefined,
        AuthorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? 300,
      },
    };
  }

  // The resource tree: every path and its implied parents, `/` being the API's root resource.
  const resourceIds = new Map<string, string>();
  const resourceRef = (path: string): YamlValue => {
    if (path === '/') return getAtt(api, 'RootResourceId');
    let id = resourceIds.get(path);
    if (!id) {
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      const parentRef = resourceRef(parent);
      id = cx.ids.take(path, 'Resource');
      resourceIds.set(path, id);
      cx.resources[id] = {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { RestApiId: ref(api), ParentId: parentRef, PathPart: path.slice(path.lastIndexOf('/') + 1) },
      };
    }
    return ref(id);
  };
  const methodIds: string[] = [];
  const cachedByDefault: { path: string; method: string }[] = [];
  for (const path of Object.keys(d.resources).sort()) {
    for (const [verb, m] of Object.entries(d.resources[path].methods)) {
      if (!m) continue;
      const id = cx.ids.take(`${path === '/' ? 'Root' : path} ${verb}`, 'Method');
      methodIds.push(id);
      cx.resources[id] = restMethod(cx, m, verb, resourceRef(path), { models, validators, authorizers });
      if (verb === 'GET') cachedByDefault.push({ path, method: verb });
    }
  }

  const deployment = cx.ids.take('Api', 'Deployment');
  cx.resources[deployment] = {
    Type: 'AWS::ApiGateway::Deployment',
    DependsOn: methodIds,
    Properties: { RestApiId: ref(api), Description: 'Deployed by the SAM template exported from the playground' },
  };
  cx.notes.push(
    'CloudFormation creates the REST API deployment once: after changing a method and deploying the stack again, rename the Deployment resource (or run aws apigateway create-deployment) so the stage serves the change.',
  );
  const stage = cx.ids.take('Api', 'Stage');
  const s = d.stage;
  const stageName = s?.name ?? 'dev';
  const settings: YamlValue[] = [];
  const all = s?.methodSettings?.['*/*'];
  const defaultTtl = all?.cacheTtlInSeconds ?? s?.cacheTtlInSeconds;
  const rate = all?.throttlingRateLimit ?? s?.throttle?.rateLimit;
  const burst = all?.throttlingBurstLimit ?? s?.throttle?.burstLimit;
  settings.push(
    methodSetting('/*', '*', {
      CachingEnabled: all?.cachingEnabled,
      CacheTtlInSeconds: defaultTtl,
      ThrottlingRateLimit: rate,
      ThrottlingBurstLimit: burst,
      RequireAuthorizationForCacheControl: all?.requireAuthorizationForCacheControl,
      UnauthorizedCacheControlHeaderStrategy: all?.unauthorizedCacheControlHeaderStrategy,
    }),
  );
  const perMethod = new Set<string>();
  for (const [key, ms] of Object.entries(s?.methodSettings ?? {})) {
    if (key === '*/*') continue;
    const cut = key.lastIndexOf('/');
    const [path, method] = [key.slice(0, cut) || '/', key.slice(cut + 1)];
    perMethod.add(`${path} ${method}`);
    settings.push(
      methodSetting(encodeResourcePath(path), method, {
        CachingEnabled:
          ms.cachingEnabled ??
          (s?.cacheClusterEnabled && all?.cachingEnabled === undefined && method === 'GET' ? true : undefined),
        CacheTtlInSeconds: ms.cacheTtlInSeconds,
        ThrottlingRateLimit: ms.throttlingRateLimit,
        ThrottlingBurstLimit: ms.throttlingBurstLimit,
        RequireAuthorizationForCacheControl: ms.requireAuthorizationForCacheControl,
        UnauthorizedCacheControlHeaderStrategy: ms.unauthorizedCacheControlHeaderStrategy,
      }),
    );
  }
  // The playground (like the console) caches GET methods once the stage has a cache; in a
  // template each method says so itself.
  if (s?.cacheClusterEnabled && all?.cachingEnabled === undefined)
    for (const { path, method } of cachedByDefault)
      if (!perMethod.has(`${path} ${method}`))
        settings.push(methodSetting(encodeResourcePath(path), method, { CachingEnabled: true }));
  if (s?.cacheClusterEnabled)
    cx.notes.push(
      'The stage has a cache cluster (0.5 GB): on AWS it is billed by the hour while the stack exists, and takes several minutes to create.',
    );
  cx.resources[stage] = {
    Type: 'AWS::ApiGateway::Stage',
    Properties: {
      RestApiId: ref(api),
      DeploymentId: ref(deployment),
      StageName: stageName,
      Variables: s?.variables && Object.keys(s.variables).length > 0 ? s.variables : undefined,
      CacheClusterEnabled: s?.cacheClusterEnabled,
      CacheClusterSize: s?.cacheClusterEnabled ? '0.5' : undefined,
      MethodSettings: settings.filter((x) => Object.keys(x as object).length > 2),
    },
  };

  const keyIds = new Map<string, string>();
  for (const k of d.apiKeys ?? []) {
    const id = cx.ids.take(k.id, 'ApiKey');
    keyIds.set(k.id, id);
    cx.resources[id] = {
      Type: 'AWS::ApiGateway::ApiKey',
      Metadata: named(k.id),
      Properties: { Name: k.name, Value: k.value, Enabled: k.enabled ?? true },
    };
  }
  if ((d.apiKeys ?? []).length > 0)
    cx.notes.push(
      'API key values are written into the template as the definition has them: anyone who can read the template or the stack can read them. Change them (or drop Value to let AWS generate one) for anything but a demo.',
    );
  for (const plan of d.usagePlans ?? []) {
    const id = cx.ids.take(plan.name, 'UsagePlan');
    cx.resources[id] = {
      Type: 'AWS::ApiGateway::UsagePlan',
      Properties: {
        UsagePlanName: plan.name,
        ApiStages: [{ ApiId: ref(api), Stage: ref(stage) }],
        Throttle: plan.throttle
          ? { RateLimit: plan.throttle.rateLimit, BurstLimit: plan.throttle.burstLimit }
          : undefined,
        Quota: plan.quota ? { Limit: plan.quota.limit, Period: plan.quota.period } : undefined,
      },
    };
    for (const keyId of plan.apiKeys) {
      cx.resources[cx.ids.take(`${plan.name} ${keyId}`, 'UsagePlanKey')] = {
        Type: 'AWS::ApiGateway::UsagePlanKey',
        Properties: { KeyId: ref(keyIds.get(keyId)!), KeyType: 'API_KEY', UsagePlanId: ref(id) },
      };
    }
  }
  return {
    ApiUrl: {
      Description: 'The invoke URL (curl -i <this URL>/…)',
      Value: sub(`https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${${stage}}`),
    },
  };
}

function methodSetting(path: string, method: string, fields: Record<string, YamlValue | undefined>): YamlValue {
  const out: Record<string, YamlValue> = { ResourcePath: path, HttpMethod: method };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

function restMethod(
  cx: Context,
  m: RestMethodDefinition,
  verb: string,
  resourceId: YamlValue,
  refs: { models: Map<string, string>; validators: Map<string, string>; authorizers: Map<string, string> },
): Resource {
  const integ = m.integration;
  const responses = new Map<string, Record<string, boolean>>();
  for (const [status, r] of Object.entries(m.methodResponses ?? {}))
    responses.set(status, { ...(r.responseParameters ?? {}) });
  // AWS refuses an integration response whose status (or header) the method does not declare.
  for (const r of integ.integrationResponses ?? []) {
    const declared = responses.get(r.statusCode) ?? {};
    for (const p of Object.keys(r.responseParameters ?? {})) declared[p] ??= false;
    responses.set(r.statusCode, declared);
  }
  const authorizer = m.authorizationType === 'CUSTOM' || m.authorizer ? m.authorizer : undefined;
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      RestApiId: ref(cx.apiId),
      ResourceId: resourceId,
      HttpMethod: verb,
      AuthorizationType: authorizer ? 'CUSTOM' : 'NONE',
      AuthorizerId: authorizer ? ref(refs.authorizers.get(authorizer)!) : undefined,
      ApiKeyRequired: m.apiKeyRequired,
      RequestValidatorId: m.requestValidator ? ref(refs.validators.get(m.requestValidator)!) : undefined,
      RequestParameters: m.requestParameters,
      RequestModels: m.requestModels
        ? Object.fromEntries(
            Object.entries(m.requestModels).map(([type, model]) => [type, ref(refs.models.get(model)!)]),
          )
        : undefined,
      Integration: restIntegration(cx, integ),
      MethodResponses:
        responses.size > 0
          ? [...responses].map(([status, params]) => ({
              StatusCode: status,
              ResponseParameters: Object.keys(params).length > 0 ? params : undefined,
              ResponseModels: m.methodResponses?.[status]?.responseModels,
            }))
          : undefined,
    },
  };
}

function restIntegration(cx: Context, integ: RestIntegrationDefinition): YamlValue {
  let uri: YamlValue | undefined;
  if (integ.type !== 'MOCK' && integ.function) {
    if (integ.function.includes('${stageVariables.')) {
      for (const name of cx.namedByStageVariable) cx.invoked.add(name);
      const fn = integ.function.replace(/\$\{stageVariables\./g, '${!stageVariables.');
      uri = sub(
        `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${AWS::StackName}-${fn}/invocations`,
      );
    } else {
      cx.invoked.add(integ.function);
      uri = invokeUri(cx.functionIds.get(integ.function)!);
    }
  }
  return {
    Type: integ.type,
    IntegrationHttpMethod: integ.type === 'MOCK' ? undefined : 'POST',
    Uri: uri,
    TimeoutInMillis: integ.timeoutInMillis,
    RequestTemplates: integ.requestTemplates,
    PassthroughBehavior: integ.passthroughBehavior,
    ContentHandling: integ.contentHandling,
    CacheKeyParameters: integ.cacheKeyParameters,
    IntegrationResponses: integ.integrationResponses?.map((r) => ({
      StatusCode: r.statusCode,
      SelectionPattern: r.selectionPattern,
      ResponseTemplates: r.responseTemplates,
      ResponseParameters: r.responseParameters,
      ContentHandling: r.contentHandling,
    })),
  };
}
