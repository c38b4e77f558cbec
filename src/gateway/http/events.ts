/**
 * The events an HTTP API sends to Lambda, field by field as in docs/aws-behaviour.md §5.2–§5.3:
 * payload 2.0 (the 2024 Powertools capture `apigw-http/no-auth.json` and the ALG 2020 capture
 * `apigw-v2-request-no-authorizer.json`), payload 1.0 (DG http-api-develop-integrations-lambda,
 * same shape as REST's), and the Lambda authorizer inputs (DG http-api-lambda-authorizer; the
 * Powertools capture `apigw-http/authorizer-request.json`).
 */
import { anonymousIdentity } from '../core/request-defaults';
import { joinedHeaders, joinedQuery, multiHeaders, multiQuery } from './request';

/** What every event of one API stage shares. */
export interface HttpApiFacts {
  accountId: string;
  apiId: string;
  domainName: string;
  /** The first label of the domain name (`$context.domainPrefix`). */
  domainPrefix: string;
  stage: string;
  /** Undefined when the stage has none (2.0 then omits the field; 1.0 sends null). */
  stageVariables: Record<string, string> | undefined;
}

/** One request as the gateway read it. */
export interface HttpRequestFacts {
  requestId: string;
  method: string;
  /** The path as sent, stage prefix included on a named stage (docs/aws-behaviour.md §5.3). */
  rawPath: string;
  rawQueryString: string;
  /** Lowercased names, in order, gateway headers included, without the cookie header for 2.0. */
  headers: [string, string][];
  /** All headers including `cookie` (payload 1.0 keeps it). */
  allHeaders: [string, string][];
  cookies: string[];
  query: [string, string][];
  body: string | undefined;
  isBase64Encoded: boolean;
  sourceIp: string;
  userAgent: string;
  /** `dd/MMM/yyyy:HH:mm:ss +0000` */
  time: string;
  timeEpoch: number;
  protocol: string;
}

/** What an authorizer put in the request context (`requestContext.authorizer`). */
export type HttpAuthorizerContext =
  { jwt: { claims: Record<string, string>; scopes: string[] | null } } | { lambda: Record<string, unknown> | null };

export interface HttpApiEventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: HttpRequestContextV2;
  body?: string;
  pathParameters?: Record<string, string>;
  isBase64Encoded: boolean;
  stageVariables?: Record<string, string>;
}

export interface HttpRequestContextV2 {
  accountId: string;
  apiId: string;
  authorizer?: HttpAuthorizerContext;
  domainName: string;
  domainPrefix: string;
  http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
  requestId: string;
  routeKey: string;
  stage: string;
  time: string;
  timeEpoch: number;
}

function nonEmpty<T extends object>(o: T): T | undefined {
  return Object.keys(o).length ? o : undefined;
}

export function requestContextV2(
  api: HttpApiFacts,
  req: HttpRequestFacts,
  routeKey: string,
  authorizer?: HttpAuthorizerContext,
): HttpRequestContextV2 {
  // Key order as in the captures; `authorizer` only when the route has one (the ALG
  // no-authorizer capture has none).
  const ctx = { accountId: api.accountId, apiId: api.apiId } as HttpRequestContextV2;
  if (authorizer) ctx.authorizer = authorizer;
  ctx.domainName = api.domainName;
  ctx.domainPrefix = api.domainPrefix;
  ctx.http = {
    method: req.method,
    path: req.rawPath,
    protocol: req.protocol,
    sourceIp: req.sourceIp,
    userAgent: req.userAgent,
  };
  ctx.requestId = req.requestId;
  ctx.routeKey = routeKey;
  ctx.stage = api.stage;
  ctx.time = req.time;
  ctx.timeEpoch = req.timeEpoch;
  return ctx;
}

/**
 * Payload 2.0. `cookies`, `queryStringParameters`, `pathParameters`, `stageVariables` and
 * `body` are omitted when empty (not null as in 1.0; docs/aws-behaviour.md §5.3).
 */
export function buildEventV2(
  api: HttpApiFacts,
  req: HttpRequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  authorizer?: HttpAuthorizerContext,
): HttpApiEventV2 {
  // Key order follows the DG's example.
  const out = { version: '2.0', routeKey, rawPath: req.rawPath, rawQueryString: req.rawQueryString } as HttpApiEventV2;
  if (req.cookies.length) out.cookies = [...req.cookies];
  out.headers = joinedHeaders(req.headers);
  const query = nonEmpty(joinedQuery(req.query));
  if (query) out.queryStringParameters = query;
  out.requestContext = requestContextV2(api, req, routeKey, authorizer);
  if (req.body !== undefined) out.body = req.body;
  const params = nonEmpty({ ...pathParameters });
  if (params) out.pathParameters = params;
  out.isBase64Encoded = req.isBase64Encoded;
  if (api.stageVariables) out.stageVariables = { ...api.stageVariables };
  return out;
}

export interface HttpApiEventV1 {
  version: '1.0';
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  requestContext: Record<string, unknown>;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  body: string | null;
  isBase64Encoded: boolean;
}

/**
 * Payload 1.0 for an HTTP API (DG http-api-develop-integrations-lambda: "same as REST"), with
 * lowercased header names ("All header names are lowercase"). Empty fields are null.
 * UNCONFIRMED: [http-v1-event] `path`/`requestContext.path` keep the stage prefix like rawPath,
 * `resource`/`resourcePath` are the route's path (the request path for `$default`),
 * `resourceId` is the route key, and with no authorizer `authorizer` is `{claims: null, scopes: null}`
 * as in the DG's example.
 */
export function buildEventV1(
  api: HttpApiFacts,
  req: HttpRequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  authorizer?: HttpAuthorizerContext,
): HttpApiEventV1 {
  const headers = multiHeaders(req.allHeaders);
  const query = multiQuery(req.query);
  const hasQuery = req.query.length > 0;
  const routePath =
    routeKey === '$default' ? pathAfterStage(api, req.rawPath) : routeKey.slice(routeKey.indexOf(' ') + 1);
  return {
    version: '1.0',
    resource: routePath,
    path: req.rawPath,
    httpMethod: req.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: hasQuery ? query.single : null,
    multiValueQueryStringParameters: hasQuery ? query.multi : null,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      authorizer: authorizer ?? { claims: null, scopes: null },
      domainName: api.domainName,
      domainPrefix: api.domainPrefix,
      extendedRequestId: req.requestId,
      httpMethod: req.method,
      identity: anonymousIdentity(req.sourceIp, req.userAgent),
      path: req.rawPath,
      protocol: req.protocol,
      requestId: req.requestId,
      requestTime: req.time,
      requestTimeEpoch: req.timeEpoch,
      resourceId: routeKey,
      resourcePath: routePath,
      stage: api.stage,
    },
    pathParameters: Object.keys(pathParameters).length ? { ...pathParameters } : null,
    stageVariables: api.stageVariables ? { ...api.stageVariables } : null,
    body: req.body ?? null,
    isBase64Encoded: req.isBase64Encoded,
  };
}

/** The path without the stage prefix (what routes match). */
export function pathAfterStage(api: HttpApiFacts, rawPath: string): string {
  if (api.stage === '$default') return rawPath;
  const rest = rawPath.slice(api.stage.length + 1);
  return rest === '' ? '/' : rest;
}

/**
 * `routeArn` / `methodArn`: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}{path}`
 * (Powertools capture: `…:lsw1ro4ipb/$default/POST/lambda` for `POST /lambda`). The path is the
 * request's, after the stage, without its leading slash.
 */
export function routeArn(region: string, api: HttpApiFacts, method: string, path: string): string {
  return `arn:aws:execute-api:${region}:${api.accountId}:${api.apiId}/${api.stage}/${method}${path === '/' ? '/' : path}`;
}

/**
 * The Lambda authorizer input, format 2.0 (DG http-api-lambda-authorizer; Powertools capture
 * `apigw-http/authorizer-request.json`): like the 2.0 event plus `type`, `routeArn` and
 * `identitySource` (the values), without body, isBase64Encoded or an authorizer context.
 */
export function buildAuthorizerEventV2(
  api: HttpApiFacts,
  req: HttpRequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  arn: string,
  identityValues: string[],
): Record<string, unknown> {
  const event = buildEventV2(api, req, routeKey, pathParameters);
  const out: Record<string, unknown> = {
    version: '2.0',
    type: 'REQUEST',
    routeArn: arn,
    identitySource: identityValues,
    routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
  };
  if (event.cookies) out.cookies = event.cookies;
  out.headers = event.headers;
  if (event.queryStringParameters) out.queryStringParameters = event.queryStringParameters;
  out.requestContext = event.requestContext;
  if (event.pathParameters) out.pathParameters = event.pathParameters;
  if (event.stageVariables) out.stageVariables = event.stageVariables;
  return out;
}

/**
 * The Lambda authorizer input, format 1.0 (DG http-api-lambda-authorizer): the 1.0 event plus
 * `type`, `methodArn`, and `identitySource`/`authorizationToken` as the comma-joined values,
 * without body.
 */
export function buildAuthorizerEventV1(
  api: HttpApiFacts,
  req: HttpRequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  arn: string,
  identityValues: string[],
): Record<string, unknown> {
  const event = buildEventV1(api, req, routeKey, pathParameters);
  const joined = identityValues.join(',');
  const { requestContext, ...rest } = event;
  const { authorizer: _authorizer, ...context } = requestContext;
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: arn,
    identitySource: joined,
    authorizationToken: joined,
    resource: rest.resource,
    path: rest.path,
    httpMethod: rest.httpMethod,
    headers: rest.headers,
    multiValueHeaders: rest.multiValueHeaders,
    queryStringParameters: rest.queryStringParameters,
    multiValueQueryStringParameters: rest.multiValueQueryStringParameters,
    pathParameters: rest.pathParameters,
    stageVariables: rest.stageVariables,
    requestContext: context,
  };
}
