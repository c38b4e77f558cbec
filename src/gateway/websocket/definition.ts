/**
 * The WebSocket API definition a learner edits (api.json). Field names follow AWS's own
 * apigatewayv2 vocabulary (`routeSelectionExpression`, `routeKey`, `integration`,
 * `routeResponseSelectionExpression`, `authorizer`) so what is learned here transfers.
 */
import type { LambdaFunctionDefinition } from '../core/functions';
import type { StageDefinition } from '../core/stages';
import type { TableDefinition } from '../core/tables';

export interface WebSocketApiDefinition {
  protocolType: 'WEBSOCKET';
  name: string;
  /** 10 lowercase alphanumerics; generated from the seed when absent. */
  apiId?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Default `{ name: 'dev' }`. */
  stage?: StageDefinition;
  /** Required for WebSocket APIs (CreateApi); e.g. `$request.body.action`. */
  routeSelectionExpression: string;
  /** Keyed by route key: `$connect`, `$disconnect`, `$default` or a custom key. */
  routes: Record<string, WebSocketRouteDefinition>;
  /** Lambda functions, keyed by function name. */
  functions: Record<string, FunctionDefinition>;
  /** Lambda REQUEST authorizers, keyed by authorizer name. Only `$connect` may use one. */
  authorizers?: Record<string, RequestAuthorizerDefinition>;
  /** DynamoDB-style tables the functions use (kept by the runtime, shown in the UI). */
  tables?: Record<string, TableDefinition>;
}

export interface WebSocketRouteDefinition {
  /** A Lambda proxy integration; a route without one (only sensible on `$connect`/`$disconnect`) just succeeds. */
  integration?: { type: 'AWS_PROXY'; function: string; timeoutInMillis?: number };
  /** Set to `$default` to make the route two-way: the function's `body` is sent back to the client. */
  routeResponseSelectionExpression?: '$default';
  /** Name of an entry in `authorizers`; `$connect` only. */
  authorizer?: string;
}

/** A Lambda function of the definition (the same on every API type: core/functions.ts). */
export type FunctionDefinition = LambdaFunctionDefinition;

export interface RequestAuthorizerDefinition {
  type: 'REQUEST';
  function: string;
  /** e.g. `route.request.querystring.token`, `route.request.header.Auth` (AWS's WebSocket syntax). */
  identitySource: string[];
}

/** WebSocket integration timeout: 50 ms – 29 s (docs/aws-behaviour.md §4). */
export const MIN_INTEGRATION_TIMEOUT_MS = 50;
export const MAX_INTEGRATION_TIMEOUT_MS = 29_000;
