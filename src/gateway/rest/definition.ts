/**
 * The REST API definition a learner edits (api.json), in AWS's own apigateway (v1) vocabulary
 * so what is learned here transfers: a resource tree keyed by path, methods with
 * `authorizationType`/`apiKeyRequired`/`requestValidator`/`requestParameters`/`requestModels`,
 * integrations of type `AWS_PROXY`/`AWS`/`MOCK` with `requestTemplates` and
 * `integrationResponses`, Lambda `TOKEN`/`REQUEST` authorizers, API keys, usage plans,
 * models, request validators, and one deployed stage with its variables, cache and throttle.
 */
import type { LambdaFunctionDefinition } from '../core/functions';
import type { StageDefinition } from '../core/stages';
import type { TableDefinition } from '../core/tables';
import { API_METHODS, type ApiMethod } from '../core/request';

/** The methods a REST method can be defined for; `ANY` stands for all seven (docs/aws-behaviour.md §5.5). */
export type RestHttpMethod = ApiMethod;
export const REST_METHODS: readonly RestHttpMethod[] = API_METHODS;
/** What `ANY` covers: DELETE GET HEAD OPTIONS PATCH POST PUT (docs/aws-behaviour.md §5.5, LS resource_router.py). */
export const ANY_METHODS: readonly string[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** A JSON schema (draft 4 subset) as API Gateway models use it. */
export type JsonSchema = Record<string, unknown>;

export interface RestApiDefinition {
  protocolType: 'REST';
  name: string;
  /** 10 lowercase alphanumerics; generated from the seed when absent. */
  apiId?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** CreateRestApi's default is EDGE: requests then pass CloudFront, whose headers reach the backend. */
  endpointConfiguration?: { types: ['REGIONAL' | 'EDGE' | 'PRIVATE'] };
  /**
   * Media types the API treats as binary (RestApi.binaryMediaTypes), such as `image/png`,
   * `image/*` or `*\/*` (DG api-gateway-payload-encodings; docs/aws-behaviour.md §5.12).
   */
  binaryMediaTypes?: string[];
  /** Where API keys are read from (RestApi.apiKeySource; default `HEADER`, the `x-api-key` header). */
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  /** Default `{ name: 'dev' }`. */
  stage?: RestStageDefinition;
  /** Keyed by full resource path: `/`, `/pets`, `/pets/{id}`, `/{proxy+}`. Parents are implied. */
  resources: Record<string, RestResourceDefinition>;
  /** Lambda authorizers, keyed by name. */
  authorizers?: Record<string, RestAuthorizerDefinition>;
  apiKeys?: RestApiKeyDefinition[];
  usagePlans?: RestUsagePlanDefinition[];
  /** JSON-schema models, keyed by model name (used by `requestModels`). */
  models?: Record<string, JsonSchema>;
  requestValidators?: Record<string, RestRequestValidatorDefinition>;
  /** Lambda functions, keyed by function name. */
  functions: Record<string, LambdaFunctionDefinition>;
  tables?: Record<string, TableDefinition>;
}

export interface RestStageDefinition extends StageDefinition {
  cacheClusterEnabled?: boolean;
  /** Default TTL of cached responses: 300 s, 0–3600, 0 disables (DG api-gateway-caching). */
  cacheTtlInSeconds?: number;
  /** Stage-level default throttle (token bucket: steady rate per second, burst). */
  throttle?: RestThrottle;
  /**
   * Per-method overrides, keyed like Stage.methodSettings: `*\/*` for every method, or
   * `{resourcePath}/{httpMethod}` such as `/pets/{id}/GET`.
   */
  methodSettings?: Record<string, RestMethodSetting>;
}

export interface RestMethodSetting {
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  throttlingRateLimit?: number;
  throttlingBurstLimit?: number;
  /** Default true: `Cache-Control: max-age=0` needs the `execute-api:InvalidateCache` permission. */
  requireAuthorizationForCacheControl?: boolean;
  /** What an unauthorized `Cache-Control: max-age=0` gets (default `SUCCEED_WITH_RESPONSE_HEADER`). */
  unauthorizedCacheControlHeaderStrategy?:
    'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER';
}

export interface RestThrottle {
  rateLimit: number;
  burstLimit: number;
}

export interface RestResourceDefinition {
  methods: Partial<Record<RestHttpMethod, RestMethodDefinition>>;
}

export interface RestMethodDefinition {
  /** `NONE` (default) or `CUSTOM` (a Lambda authorizer named by `authorizer`). */
  authorizationType?: 'NONE' | 'CUSTOM';
  authorizer?: string;
  apiKeyRequired?: boolean;
  /** Name of an entry in `requestValidators`. */
  requestValidator?: string;
  /** `method.request.{querystring|header|path}.{name}` → required. */
  requestParameters?: Record<string, boolean>;
  /** Content type → model name. */
  requestModels?: Record<string, string>;
  integration: RestIntegrationDefinition;
  /** Declared method responses (documentation here; AWS needs them for integration responses). */
  methodResponses?: Record<
    string,
    { responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }
  >;
}

export interface RestIntegrationDefinition {
  type: 'AWS_PROXY' | 'AWS' | 'MOCK';
  /** Lambda function name (AWS_PROXY, AWS); may contain `${stageVariables.name}`. */
  function?: string;
  /** 50–29000, default 29000 (docs/aws-behaviour.md §4). */
  timeoutInMillis?: number;
  /** Content type → VTL template (AWS, MOCK). */
  requestTemplates?: Record<string, string>;
  /** What happens when no request template matches the content type (default WHEN_NO_MATCH). */
  passthroughBehavior?: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  /** Request payload conversion (AWS, MOCK): base64 text to bytes, or bytes to base64 text (§5.12). */
  contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
  integrationResponses?: RestIntegrationResponseDefinition[];
  /** `method.request.querystring.q`, `method.request.header.h`, `method.request.path.id`. */
  cacheKeyParameters?: string[];
}

export interface RestIntegrationResponseDefinition {
  /**
   * A regular expression matched against the Lambda `errorMessage` (AWS) or the integration's
   * status code (MOCK). Absent or empty: the default response.
   */
  selectionPattern?: string;
  statusCode: string;
  /** Content type → VTL template producing the response body. */
  responseTemplates?: Record<string, string>;
  /** `method.response.header.X` → `'literal'` or `integration.response.body.field` / `integration.response.header.h`. */
  responseParameters?: Record<string, string>;
  /** Response payload conversion: base64 text to bytes, or bytes to base64 text (§5.12). */
  contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
}

export type RestAuthorizerDefinition = RestTokenAuthorizerDefinition | RestRequestAuthorizerDefinition;

export interface RestTokenAuthorizerDefinition {
  type: 'TOKEN';
  function: string;
  /** `method.request.header.{name}` (default `method.request.header.Authorization`). */
  identitySource?: string;
  /** A regular expression the token must match before the authorizer is invoked. */
  identityValidationExpression?: string;
  /** 0–3600, default 300; 0 disables the policy cache. */
  authorizerResultTtlInSeconds?: number;
}

export interface RestRequestAuthorizerDefinition {
  type: 'REQUEST';
  function: string;
  /**
   * Comma-separated as AWS stores it, or a list: `method.request.header.X`,
   * `method.request.querystring.q`, `stageVariables.v`, `context.c`.
   */
  identitySource?: string | string[];
  authorizerResultTtlInSeconds?: number;
}

export interface RestApiKeyDefinition {
  id: string;
  name: string;
  /** 20–128 characters (DG api-gateway-api-usage-plans). */
  value: string;
  /** Default true. */
  enabled?: boolean;
}

export interface RestUsagePlanDefinition {
  name: string;
  /** Ids of entries in `apiKeys`. The plan covers this API's stage. */
  apiKeys: string[];
  throttle?: RestThrottle;
  quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH' };
}

export interface RestRequestValidatorDefinition {
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}

/** Defaults AWS applies (docs/aws-behaviour.md §4). */
export const REST_DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;
export const REST_MIN_INTEGRATION_TIMEOUT_MS = 50;
export const REST_MAX_INTEGRATION_TIMEOUT_MS = 29_000;
export const REST_DEFAULT_CACHE_TTL_S = 300;
export const REST_MAX_CACHE_TTL_S = 3600;
export const REST_DEFAULT_AUTHORIZER_TTL_S = 300;
export const REST_MAX_AUTHORIZER_TTL_S = 3600;
export const REST_DEFAULT_TOKEN_SOURCE = 'method.request.header.Authorization';
