/**
 * The embedded API Gateway: the public entry of `src/gateway` (pure TypeScript; runs in Node,
 * in a worker and on the page). Code outside the gateway imports only this file (a lint rule
 * says so). Everything here is an isolated instance with an injected Clock and seeded ids, so
 * two instances never share state and replay identically.
 *
 * Inside: `core/` is what the API types share (functions, stages, tables, IAM policies, identity
 * sources, request defaults, bytes, definition errors, clock, ids, trace, the Lambda
 * integration); `websocket/`, `http/` and `rest/` each import only `core/` and themselves;
 * `api.ts` picks the validator and engine by `protocolType`. The first paint imports a few
 * light modules through this entry (clock, registry, known differences, `api-type.ts`), so those
 * must never import an engine.
 *
 * Headless use (Node tests, benchmarks, lesson checks, a Node host):
 *
 * ```ts
 * import { createApi, createInProcessInvoker, validateDefinition, type WebSocketApi } from './gateway';
 *
 * let api: WebSocketApi;
 * const invoker = createInProcessInvoker({
 *   onconnect: async (event) => ({ statusCode: event.queryStringParameters?.token ? 200 : 401 }),
 *   sendmessage: async (event, context) => {
 *     const { data } = JSON.parse(event.body);
 *     for (const c of api.connections())
 *       await api.management.postToConnection(c.connectionId, data, {
 *         functionName: context.functionName,
 *         invocationId: context.awsRequestId,
 *       });
 *     return { statusCode: 200 };
 *   },
 * });
 * const checked = validateDefinition({
 *   protocolType: 'WEBSOCKET',
 *   name: 'chat',
 *   routeSelectionExpression: '$request.body.action',
 *   routes: {
 *     $connect: { integration: { type: 'AWS_PROXY', function: 'onconnect' } },
 *     sendmessage: { integration: { type: 'AWS_PROXY', function: 'sendmessage' } },
 *   },
 *   functions: { onconnect: { handler: 'onconnect.handler' }, sendmessage: { handler: 'sendmessage.handler' } },
 * });
 * if (!checked.ok) throw new Error(formatDefinitionErrors(checked.errors));
 * api = createApi(checked.definition, { invoker, seed: 'lesson-1' }) as WebSocketApi;
 *
 * const result = await api.connect({ query: 'token=abc', headers: { Origin: 'https://a.example' }, clientName: 'Alice' });
 * if (!result.accepted) throw new Error(`rejected with ${result.status}`);
 * const alice = result.connection;
 * alice.onMessage((text) => console.log('Alice got', text));
 * alice.onClose(({ code, reason }) => console.log('closed', code, reason));
 *
 * await alice.send('{"action":"sendmessage","data":"hi"}'); // routed, invoked, frames delivered
 * await alice.send(new Uint8Array([1, 2]));                 // binary: the gateway closes with 1003
 *
 * await api.management.getConnection(alice.connectionId);  // 200 {connectedAt, identity, lastActiveAt} (or 410)
 * api.advanceClock(10 * 60_000);                            // idle timeout fires on virtual time
 * await api.whenIdle();                                     // $disconnect has run
 * console.log(api.trace.events);                            // every hop as a TraceEvent
 * ```
 *
 * A live server (the Node host behind `npm run gateway`, src/host) differs from a test in four
 * ways, all through this API: it passes a `LiveClock` over the host's real time and timers
 * (`new LiveClock({ monotonic: () => performance.now(), schedule: (ms, fn) => setTimeout(fn, ms),
 * cancel: (h) => clearTimeout(h) }, Date.now())`, so idle timeouts and TTLs fire by themselves;
 * the default ManualClock moves only on `advanceClock`); its own `domainName` (`host:port`, so
 * handlers that build the `@connections` endpoint from `requestContext.domainName` reach it);
 * a real socket's `key`, `path` and headers to `connect()`, and frame sizes to `send()`; and
 * `handleHttp()` for `@connections` over HTTP and the 426 a plain GET gets. It stops with
 * `shutdown()`, which runs `$disconnect` for each open connection as AWS does. An HTTP API's JWT
 * authorizers can find their keys by OpenID discovery there (`jwtKeys: discoveryKeySource({ fetch })`,
 * the host injecting its fetch); the page keeps the playground IdP's fixed keys.
 *
 * Learner code with tables and the sandbox: `deploy()` in src/runtime/deployment.ts wraps
 * `createApi` with the runtime services. Behaviour follows docs/aws-behaviour.md; choices AWS
 * does not document are listed in KNOWN_DIFFERENCES and labelled on the trace events they affect.
 */

// One path from definition to running API, for every API type.
export { API_TYPES, apiTypeOf, isHttpLike, type ApiDefinition, type ApiType, type GatewayApi } from './api-type';
export { createApi, validateDefinition, type ApiEnvironment, type ApiOf, type DefinitionResult } from './api';

// Time, ids, trace.
export { ManualClock, LiveClock, type Clock, type Scheduler, type TimerHandle } from './core/clock';
export { IdGenerator, seedFrom } from './core/ids';
export {
  TraceLog,
  TRACE_VERSION,
  type CloseInitiator,
  type Participant,
  type TableChangeRecord,
  type TraceBase,
  type TraceDetail,
  type TraceEvent,
  type TraceEventOf,
  type TraceInput,
  type TraceKind,
  type TraceListener,
} from './core/trace';
export { KNOWN_DIFFERENCES, type KnownDifferenceId } from './core/known-differences';

// Running functions.
export type {
  FunctionConfig,
  InvocationHooks,
  InvocationRequest,
  InvocationResult,
  Invoker,
  LambdaContextInfo,
  LogLine,
} from './core/invoker';
export {
  createInProcessInvoker,
  type InProcessFunction,
  type InProcessHandler,
  type LambdaCallback,
  type LambdaContext,
} from './core/inprocess-invoker';
export {
  startLine,
  endLine,
  reportLine,
  timeoutLine,
  invokeErrorLine,
  wrapPlatformLines,
  type ReportFields,
} from './core/lambda-log';

// The Lambda invocation core shared by the WebSocket, HTTP and REST engines.
export {
  LambdaIntegration,
  type CallIds,
  type InvocationOutcome,
  type LambdaCall,
  type LambdaIntegrationOptions,
} from './core/lambda-integration';

// The shared core of every API type (src/gateway/core).
export {
  LAMBDA_DEFAULT_MEMORY_MB,
  LAMBDA_DEFAULT_TIMEOUT_S,
  LAMBDA_RESERVED_ENVIRONMENT_VARIABLES,
  isValidHandler,
  type LambdaFunctionDefinition,
} from './core/functions';
export { DEFAULT_STAGE_NAME, HTTP_DEFAULT_STAGE_NAME, type StageDefinition } from './core/stages';
export type { TableDefinition } from './core/tables';
export { formatDefinitionErrors, type DefinitionError } from './core/definition-errors';
export {
  actionMatches,
  evaluateAuthorizerOutput,
  executeApiArn,
  policyAllows,
  resourceMatches,
  type AuthorizerOutput,
} from './core/iam-policy';
export {
  HTTP_IDENTITY_SYNTAX,
  REST_IDENTITY_SYNTAX,
  WEBSOCKET_IDENTITY_SYNTAX,
  parseIdentitySourceIn,
  resolveIdentitySources,
  type IdentityInput,
  type IdentityRecords,
  type IdentityResult,
  type IdentitySourceSyntax,
} from './core/identity-sources';
export { clfTime, clfFormatter, findHeader, parseQuery, type ParsedQuery } from './core/request';
export { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_SOURCE_IP, DEFAULT_USER_AGENT } from './core/request-defaults';
export {
  base64Decode,
  base64Encode,
  base64urlDecode,
  base64urlEncode,
  parseBase64,
  utf8Decode,
  utf8Encode,
  utf8Length,
  type Base64Parse,
} from './core/bytes';

// Route selection expressions.
export {
  compileSelectionExpression,
  type CompileResult,
  type CompiledSelectionExpression,
  type SelectionExpressionError,
  type SelectionResult,
} from './websocket/rse';

// URLs and the instance registry.
export {
  parseExecuteApiUrl,
  parseExecuteApiHttpsUrl,
  executeApiHost,
  webSocketUrl,
  connectionUrl,
  httpApiUrl,
  type ExecuteApiEndpoint,
} from './core/endpoint';
export { ApiRegistry, type RegisteredApi } from './core/registry';

// WebSocket APIs.
export { createWebSocketApi } from './websocket/engine';
export type {
  ClientConnection,
  CloseInfo,
  ConnectRequest,
  ConnectResult,
  ConnectionInfo,
  CreateWebSocketApiOptions,
  ManagementApi,
  ManagementCaller,
  ManagementResponse,
  PlainHttpRequest,
  ReadyState,
  SendOptions,
  WebSocketApi,
  WireResponse,
} from './websocket/api';
export {
  LAMBDA_DEFAULT_TIMEOUT_S as DEFAULT_FUNCTION_TIMEOUT_S,
  LAMBDA_DEFAULT_MEMORY_MB as DEFAULT_MEMORY_MB,
} from './core/functions';
export {
  MAX_INTEGRATION_TIMEOUT_MS,
  MIN_INTEGRATION_TIMEOUT_MS,
  type FunctionDefinition,
  type RequestAuthorizerDefinition,
  type WebSocketApiDefinition,
  type WebSocketRouteDefinition,
} from './websocket/definition';
export { validateWebSocketDefinition, type ValidationResult } from './websocket/validate-definition';
export {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  MAX_CONNECTION_MS,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_BYTES,
  gatewayErrorFrame,
} from './websocket/frames';
export type {
  WebSocketAuthorizerEvent,
  WebSocketConnectEvent,
  WebSocketDisconnectEvent,
  WebSocketEventType,
  WebSocketMessageEvent,
  WebSocketRequestContext,
} from './websocket/events';
export {
  parseIdentitySource,
  evaluateAuthorizerResponse,
  type AuthorizerDecision,
  type IdentitySource,
} from './websocket/authorizer';
export { webSocketAccept } from './websocket/handshake';

// REST APIs (docs/aws-behaviour.md §4, §5).
export { createRestApi, type RestApi } from './rest/engine';
export {
  validateRestDefinition,
  formatRestDefinitionErrors,
  type RestValidationResult,
} from './rest/validate-definition';
export {
  ANY_METHODS,
  REST_METHODS,
  REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
  REST_DEFAULT_CACHE_TTL_S,
  REST_DEFAULT_AUTHORIZER_TTL_S,
  type RestApiDefinition,
  type RestApiKeyDefinition,
  type RestAuthorizerDefinition,
  type RestHttpMethod,
  type RestIntegrationDefinition,
  type RestIntegrationResponseDefinition,
  type RestMethodDefinition,
  type RestMethodSetting,
  type RestRequestAuthorizerDefinition,
  type RestResourceDefinition,
  type RestStageDefinition,
  type RestTokenAuthorizerDefinition,
  type RestUsagePlanDefinition,
} from './rest/definition';
export type {
  RestProxyEvent,
  RestRequestContext,
  RestIdentity,
  RestTokenAuthorizerEvent,
  RestRequestAuthorizerEvent,
} from './rest/events';
export { parseProxyResponse, REST_GATEWAY_RESPONSES } from './rest/responses';

// HTTP APIs (docs/aws-behaviour.md §4, §5: routes, payload 2.0/1.0, CORS, JWT and Lambda authorizers).
export type { CreateHttpLikeApiOptions, GatewayHttpRequest, GatewayHttpResponse, HttpLikeApi } from './core/http-types';
export { createHttpApi, type CreateHttpApiOptions, type HttpApi } from './http/engine';
export { validateHttpDefinition, type HttpValidationResult } from './http/validate-definition';
export {
  DEFAULT_JWT_IDENTITY_SOURCE,
  HTTP_AUTHORIZER_TIMEOUT_MS,
  HTTP_MAX_AUTHORIZER_TTL_S,
  HTTP_MAX_INTEGRATION_TIMEOUT_MS,
  HTTP_MIN_INTEGRATION_TIMEOUT_MS,
  HTTP_ROUTE_METHODS,
  type HttpApiDefinition,
  type HttpAuthorizerDefinition,
  type HttpCorsConfiguration,
  type HttpLambdaAuthorizerDefinition,
  type HttpLambdaIntegration,
  type HttpRouteDefinition,
  type HttpRouteMethod,
  type JwtAuthorizerDefinition,
} from './http/definition';
export { parseRouteKey, RouteTable, type ParsedRouteKey, type RouteMatch, type RouteSegment } from './http/routes';
export type { HttpApiEventV1, HttpApiEventV2, HttpAuthorizerContext, HttpRequestContextV2 } from './http/events';
export { browserPreflight, checkPreflight, checkResponse } from './core/browser-cors';
// The playground's test identity provider: tokens the HTTP API's JWT authorizer accepts.
export {
  mintTestToken,
  verifyJwt,
  PLAYGROUND_AUDIENCE,
  PLAYGROUND_ISSUER,
  PLAYGROUND_JWKS,
  type Jwks,
  type MintTestTokenOptions,
} from './http/jwt';
// Where JWT authorizers get keys: a fixed set (the page), or OpenID discovery (the local gateway).
export {
  discoveryKeySource,
  staticKeySource,
  type DiscoveryOptions,
  type JwtFetch,
  type JwtKeySource,
  type KeyLookup,
} from './http/jwt';
