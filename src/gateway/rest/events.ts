/**
 * What a REST API request looks like to its backend: the parsed request, the Lambda proxy
 * event in payload format 1.0 (docs/aws-behaviour.md §5.2: field by field like the AWS-validated capture
 * LS test_apigateway_lambda.snapshot.json::test_lambda_aws_proxy_integration), and the
 * TOKEN / REQUEST authorizer events (DG api-gateway-lambda-authorizer-input).
 */
import type { GatewayHttpRequest } from '../core/http-types';
import { base64Encode, utf8Decode } from '../core/bytes';
import { parseQuery, type ParsedQuery } from '../core/request';
import { anonymousIdentity, type PayloadV1Identity } from '../core/request-defaults';
import { encodeBase64Body, isBinaryMediaType } from './binary';

/** A request as the REST pipeline sees it, parsed once. */
export interface RestRequest {
  method: string;
  /** The stage: the first path segment, decoded. */
  stage: string;
  /** The path after the stage, raw (percent-encoding kept, as the capture shows), `/` at least. */
  path: string;
  query: ParsedQuery;
  /** Client headers in order, names as sent. */
  headerList: [string, string][];
  /** Last value per header (case-insensitive), under the first spelling seen. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  /** `null` when there is none (or it is empty), as in payload 1.0. */
  body: string | null;
  /** The body's bytes when the client sent bytes (for a binary payload's base64). */
  rawBody?: Uint8Array;
  sourceIp: string;
  userAgent: string | null;
  clientName: string;
}

/**
 * Splits an execute-api URL into stage, raw path and query. Works on the path part alone, so
 * a custom host still routes; the stage is the first segment (docs/aws-behaviour.md §5.10).
 */
export function splitUrl(url: string): { stage: string; path: string; query: string } {
  let rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const qm = rest.indexOf('?');
  const query = qm >= 0 ? rest.slice(qm + 1) : '';
  const pathname = qm >= 0 ? rest.slice(0, qm) : rest;
  const segs = pathname.replace(/^\//, '').split('/');
  let stage = segs[0] ?? '';
  try {
    stage = decodeURIComponent(stage);
  } catch {
    // A malformed escape cannot name a stage; it stays as written and matches none.
  }
  const path = '/' + segs.slice(1).join('/');
  return { stage, path, query };
}

/** The request's headers as ordered pairs, whatever form the caller used. */
export function headerPairs(headers: GatewayHttpRequest['headers']): [string, string][] {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([k, v]) => [k, String(v)]);
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers))
    for (const one of Array.isArray(v) ? v : [v]) out.push([k, String(one)]);
  return out;
}

/** Groups header pairs case-insensitively: last value wins in the single map (§5.2), all values in the multi map. */
export function groupHeaders(pairs: [string, string][]): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const names = new Map<string, string>();
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of pairs) {
    const lower = k.toLowerCase();
    let name = names.get(lower);
    if (name === undefined) names.set(lower, (name = k));
    single[name] = v;
    (multi[name] ??= []).push(v);
  }
  return { single, multi };
}

/** Looks a header up case-insensitively. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const k in headers) if (k.toLowerCase() === lower) return headers[k];
  return undefined;
}

export function parseRestRequest(
  req: GatewayHttpRequest,
  defaults: { sourceIp: string; clientName: string },
): RestRequest {
  const { stage, path, query } = splitUrl(req.url);
  const headerList = headerPairs(req.headers);
  const { single, multi } = groupHeaders(headerList);
  let body: string | null = null;
  if (typeof req.body === 'string') body = req.body;
  else if (req.body instanceof Uint8Array) body = utf8Decode(req.body);
  if (body === '') body = null;
  const raw = req.body instanceof Uint8Array && req.body.length > 0 ? { rawBody: req.body } : {};
  return {
    ...raw,
    method: req.method.toUpperCase(),
    stage,
    path,
    query: parseQuery(query),
    headerList,
    headers: single,
    multiValueHeaders: multi,
    body,
    sourceIp: req.sourceIp ?? defaults.sourceIp,
    userAgent: headerValue(single, 'user-agent') ?? null,
    clientName: req.clientName ?? defaults.clientName,
  };
}

/** What every request of one REST API stage shares. */
export interface RestApiFacts {
  accountId: string;
  apiId: string;
  stage: string;
  domainName: string;
  deploymentId: string;
  endpointType: 'REGIONAL' | 'EDGE' | 'PRIVATE';
  stageVariables: Record<string, string> | null;
  /** RestApi.binaryMediaTypes (§5.12). */
  binaryMediaTypes: readonly string[];
}

/** Per-request facts the gateway generates. */
export interface RestRequestFacts {
  requestId: string;
  extendedRequestId: string;
  requestTime: string;
  requestTimeEpoch: number;
  traceId: string;
  /** EDGE only: the CloudFront hop's ids. */
  cloudFront?: { via: string; cfId: string; edgeIp: string };
}

/**
 * The headers the backend sees: the client's, with `Authorization` and `User-Agent` spelt as
 * CloudFront spells them, `Content-Length` and `Connection` dropped (LS integrations/aws.py
 * `_format_headers`, matched against AWS), plus what the gateway adds. An EDGE endpoint
 * passes CloudFront first, which adds its `CloudFront-*`, `Via` and `X-Amz-Cf-Id` headers and
 * appends its own address to `X-Forwarded-For` (the §5.2 capture, recorded on an EDGE API).
 * UNCONFIRMED: [rest-forwarded-headers] the values of the CloudFront headers.
 */
export function backendHeaders(
  api: RestApiFacts,
  req: RestRequest,
  facts: RestRequestFacts,
): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const gateway: [string, string][] = [];
  const cf = api.endpointType === 'EDGE' ? facts.cloudFront : undefined;
  if (cf) {
    gateway.push(
      ['CloudFront-Forwarded-Proto', 'https'],
      ['CloudFront-Is-Desktop-Viewer', 'true'],
      ['CloudFront-Is-Mobile-Viewer', 'false'],
      ['CloudFront-Is-SmartTV-Viewer', 'false'],
      ['CloudFront-Is-Tablet-Viewer', 'false'],
      ['CloudFront-Viewer-ASN', '16509'],
      ['CloudFront-Viewer-Country', 'US'],
      ['Via', cf.via],
      ['X-Amz-Cf-Id', cf.cfId],
    );
  }
  gateway.push(
    ['Host', api.domainName],
    ['X-Amzn-Trace-Id', facts.traceId],
    ['X-Forwarded-For', cf ? `${req.sourceIp}, ${cf.edgeIp}` : req.sourceIp],
    ['X-Forwarded-Port', '443'],
    ['X-Forwarded-Proto', 'https'],
  );
  const taken = new Set(gateway.map(([k]) => k.toLowerCase()));
  const client: [string, string][] = [];
  for (const [k, v] of req.headerList) {
    const lower = k.toLowerCase();
    if (taken.has(lower) || lower === 'content-length' || lower === 'connection') continue;
    client.push([lower === 'authorization' ? 'Authorization' : lower === 'user-agent' ? 'User-Agent' : k, v]);
  }
  // Sorted case-insensitively, as every capture lists them.
  const all = [...gateway, ...client].sort(([a], [b]) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const { single, multi } = groupHeaders(all);
  return { headers: single, multiValueHeaders: multi };
}

/** `requestContext.identity` of payload 1.0: every field null except the caller's address and agent (§5.2). */
/** `requestContext.identity` of payload 1.0 (shared with HTTP APIs' 1.0 events: core/request-defaults.ts). */
export type RestIdentity = PayloadV1Identity;

export interface RestRequestContext {
  accountId: string;
  apiId: string;
  /** principalId plus the authorizer's context, stringified; present only after a Lambda authorizer. */
  authorizer?: Record<string, string>;
  deploymentId: string;
  domainName: string;
  domainPrefix: string;
  extendedRequestId: string;
  httpMethod: string;
  identity: RestIdentity;
  /** With the stage: `/dev/pets/1`. */
  path: string;
  protocol: 'HTTP/1.1';
  requestId: string;
  requestTime: string;
  requestTimeEpoch: number;
  resourceId: string;
  resourcePath: string;
  stage: string;
}

export interface RestProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: RestRequestContext;
  body: string | null;
  isBase64Encoded: boolean;
}

export interface RestRouteFacts {
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string>;
}

export function restIdentity(req: RestRequest, apiKey?: { id: string; value: string }): RestIdentity {
  const identity = anonymousIdentity(req.sourceIp, req.userAgent);
  // $context.identity.apiKey / apiKeyId: set when the method required a key (DG api-gateway-mapping-template-reference).
  if (!apiKey) return identity;
  const { accessKey, accountId, ...rest } = identity;
  return { accessKey, accountId, apiKey: apiKey.value, apiKeyId: apiKey.id, ...rest };
}

/** `requestContext` of payload 1.0 (§5.2 capture). */
export function restRequestContext(
  api: RestApiFacts,
  req: RestRequest,
  facts: RestRequestFacts,
  route: RestRouteFacts,
  extras: { authorizer?: Record<string, string>; apiKey?: { id: string; value: string } } = {},
): RestRequestContext {
  const ctx: RestRequestContext = {
    accountId: api.accountId,
    apiId: api.apiId,
    deploymentId: api.deploymentId,
    domainName: api.domainName,
    domainPrefix: api.apiId,
    extendedRequestId: facts.extendedRequestId,
    httpMethod: req.method,
    identity: restIdentity(req, extras.apiKey),
    path: `/${api.stage}${req.path}`,
    protocol: 'HTTP/1.1',
    requestId: facts.requestId,
    requestTime: facts.requestTime,
    requestTimeEpoch: facts.requestTimeEpoch,
    resourceId: route.resourceId,
    resourcePath: route.resourcePath,
    stage: api.stage,
  };
  if (extras.authorizer) return { authorizer: extras.authorizer, ...ctx };
  return ctx;
}

function orNull<T extends object>(v: T): T | null {
  return Object.keys(v).length ? v : null;
}

/**
 * The Lambda proxy event, payload 1.0 (docs/aws-behaviour.md §5.2): header case kept, last value in the
 * single-value maps, absent query / path parameters / stage variables / body as `null`,
 * `path` without the stage and `requestContext.path` with it, the greedy variable without
 * the trailing slash.
 */
export function buildRestProxyEvent(
  api: RestApiFacts,
  req: RestRequest,
  facts: RestRequestFacts,
  route: RestRouteFacts,
  extras: { authorizer?: Record<string, string>; apiKey?: { id: string; value: string } } = {},
): RestProxyEvent {
  const { headers, multiValueHeaders } = backendHeaders(api, req, facts);
  return {
    resource: route.resourcePath,
    path: req.path,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: req.query.present ? req.query.single : null,
    multiValueQueryStringParameters: req.query.present ? req.query.multi : null,
    pathParameters: orNull(route.pathParameters),
    stageVariables: api.stageVariables,
    requestContext: restRequestContext(api, req, facts, route, extras),
    ...proxyBody(api, req),
  };
}

/**
 * The proxy event's body: a payload whose Content-Type is in binaryMediaTypes reaches the function
 * base64-encoded with `isBase64Encoded: true` (DG api-gateway-payload-encodings; §5.12).
 */
function proxyBody(api: RestApiFacts, req: RestRequest): { body: string | null; isBase64Encoded: boolean } {
  if (req.body === null || !isBinaryMediaType(headerValue(req.headers, 'content-type'), api.binaryMediaTypes))
    return { body: req.body, isBase64Encoded: false };
  return { body: req.rawBody ? base64Encode(req.rawBody) : encodeBase64Body(req.body), isBase64Encoded: true };
}

/** The TOKEN authorizer's event (DG api-gateway-lambda-authorizer-input). */
export interface RestTokenAuthorizerEvent {
  type: 'TOKEN';
  authorizationToken: string;
  methodArn: string;
}

/** The REQUEST authorizer's event: the request as the proxy event shows it, without the body (DG example). */
export interface RestRequestAuthorizerEvent {
  type: 'REQUEST';
  methodArn: string;
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: RestRequestContext;
}

export function buildRequestAuthorizerEvent(
  api: RestApiFacts,
  req: RestRequest,
  facts: RestRequestFacts,
  route: RestRouteFacts,
  arn: string,
): RestRequestAuthorizerEvent {
  const { body: _body, isBase64Encoded: _b64, ...rest } = buildRestProxyEvent(api, req, facts, route);
  return { type: 'REQUEST', methodArn: arn, ...rest };
}
