/**
 * The HTTP API definition a learner edits (api.json), in AWS's own apigatewayv2 vocabulary
 * (`routeKey`, `integration.payloadFormatVersion`, `timeoutInMillis`, `authorizationScopes`,
 * `jwtConfiguration`, `authorizerPayloadFormatVersion`, `enableSimpleResponses`,
 * `corsConfiguration` fields) so what is learned here transfers (DG http-api-develop-routes,
 * http-api-develop-integrations-lambda, http-api-jwt-authorizer, http-api-lambda-authorizer,
 * http-api-cors, http-api-stages).
 */
import type { LambdaFunctionDefinition } from '../core/functions';
import type { StageDefinition } from '../core/stages';
import type { TableDefinition } from '../core/tables';
import { API_METHODS, type ApiMethod } from '../core/request';

/** Route methods an HTTP API accepts; `ANY` matches every method not defined for the path (DG http-api-develop-routes). */
export type HttpRouteMethod = ApiMethod;
export const HTTP_ROUTE_METHODS: readonly HttpRouteMethod[] = API_METHODS;

export interface HttpApiDefinition {
  protocolType: 'HTTP';
  name: string;
  /** 10 lowercase alphanumerics; generated from the seed when absent. */
  apiId?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Default `{ name: '$default' }`: served at the root URL (DG http-api-stages). */
  stage?: StageDefinition;
  /** Keyed by route key: `GET /pets/{id}`, `ANY /{proxy+}`, `$default`. */
  routes: Record<string, HttpRouteDefinition>;
  authorizers?: Record<string, HttpAuthorizerDefinition>;
  /** CORS configuration (apigatewayv2 `corsConfiguration`). */
  cors?: HttpCorsConfiguration;
  /** Lambda functions, keyed by function name. */
  functions: Record<string, LambdaFunctionDefinition>;
  /** DynamoDB-style tables the functions use (kept by the runtime). */
  tables?: Record<string, TableDefinition>;
}

export interface HttpRouteDefinition {
  integration: HttpLambdaIntegration;
  /** Name of an entry in `authorizers`. */
  authorizer?: string;
  /** JWT authorizers only: the token needs at least one of these scopes (DG http-api-jwt-authorizer). */
  authorizationScopes?: string[];
}

export interface HttpLambdaIntegration {
  type: 'AWS_PROXY';
  function: string;
  /** Default `2.0` (DG http-api-develop-integrations-lambda). */
  payloadFormatVersion?: '2.0' | '1.0';
  /** 50–30 000 ms, default 30 000 (DG http-api-quotas). */
  timeoutInMillis?: number;
}

export type HttpAuthorizerDefinition = JwtAuthorizerDefinition | HttpLambdaAuthorizerDefinition;

export interface JwtAuthorizerDefinition {
  type: 'JWT';
  /** One identity source, e.g. `$request.header.Authorization` (the default). */
  identitySource?: string[];
  jwtConfiguration: { issuer: string; audience: string[] };
}

export interface HttpLambdaAuthorizerDefinition {
  type: 'REQUEST';
  function: string;
  /** Required by AWS for HTTP API Lambda authorizers: `1.0` or `2.0`. */
  authorizerPayloadFormatVersion: '1.0' | '2.0';
  /** `2.0` only: the function answers `{isAuthorized, context}` instead of an IAM policy. */
  enableSimpleResponses?: boolean;
  /** `$request.header.X`, `$request.querystring.X`, `$context.X`, `$stageVariables.X`. */
  identitySource?: string[];
  /** 0 (default, no caching) to 3600. */
  resultTtlInSeconds?: number;
}

export interface HttpCorsConfiguration {
  allowOrigins?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  /** Seconds the browser may cache a preflight. */
  maxAge?: number;
  allowCredentials?: boolean;
}

/** HTTP API integration timeout: 50 ms – 30 s, default 30 s (DG http-api-quotas; docs/aws-behaviour.md §4). */
export const HTTP_MIN_INTEGRATION_TIMEOUT_MS = 50;
export const HTTP_MAX_INTEGRATION_TIMEOUT_MS = 30_000;
/** Lambda authorizer timeout: 10 000 ms (DG http-api-quotas). */
export const HTTP_AUTHORIZER_TIMEOUT_MS = 10_000;
/** authorizerResultTtlInSeconds: at most 3600 (apigatewayv2 CreateAuthorizer). */
export const HTTP_MAX_AUTHORIZER_TTL_S = 3600;
export const DEFAULT_JWT_IDENTITY_SOURCE = '$request.header.Authorization';
