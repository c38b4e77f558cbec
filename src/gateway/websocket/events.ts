/**
 * The Lambda proxy events a WebSocket API sends, shaped field by field like the captures in
 * docs/aws-behaviour.md §2 (2024 ALG captures for MESSAGE/DISCONNECT, the 2020 capture and the
 * DG example for CONNECT and the REQUEST authorizer).
 */
import type { ParsedQuery } from '../core/request';

export type WebSocketEventType = 'CONNECT' | 'MESSAGE' | 'DISCONNECT';

export interface WebSocketRequestContext {
  routeKey: string;
  /** Present when the `$connect` authorizer allowed the connection: principalId plus its context, stringified. */
  authorizer?: Record<string, string>;
  /** MESSAGE only. */
  messageId?: string;
  /** DISCONNECT only: the WebSocket close code. */
  disconnectStatusCode?: number;
  eventType: WebSocketEventType;
  extendedRequestId: string;
  /** CLF: `dd/MMM/yyyy:HH:mm:ss +0000`. */
  requestTime: string;
  messageDirection: 'IN';
  /** DISCONNECT only. */
  disconnectReason?: string;
  stage: string;
  /** Epoch ms; the same on every event of a connection. */
  connectedAt: number;
  requestTimeEpoch: number;
  identity: { sourceIp: string; userAgent?: string };
  requestId: string;
  domainName: string;
  connectionId: string;
  apiId: string;
}

export interface WebSocketConnectEvent {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  /** Absent (not null) when the URL has no query string (docs/aws-behaviour.md §2). */
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  stageVariables?: Record<string, string>;
  requestContext: WebSocketRequestContext;
  isBase64Encoded: false;
}

export interface WebSocketMessageEvent {
  requestContext: WebSocketRequestContext;
  /** The frame's text exactly as sent: never parsed. */
  body: string;
  stageVariables?: Record<string, string>;
  isBase64Encoded: false;
}

export interface WebSocketDisconnectEvent {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  stageVariables?: Record<string, string>;
  requestContext: WebSocketRequestContext;
  isBase64Encoded: false;
}

export interface WebSocketAuthorizerEvent {
  type: 'REQUEST';
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect` (DG apigateway-websocket-api-lambda-auth). */
  methodArn: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  stageVariables: Record<string, string>;
  requestContext: WebSocketRequestContext;
}

/** What every event of one API stage shares. */
export interface ApiFacts {
  apiId: string;
  stage: string;
  domainName: string;
  /** `undefined` when the stage has no variables. */
  stageVariables: Record<string, string> | undefined;
}

/** What every event of one connection shares. */
export interface ConnectionFacts {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  userAgent: string;
  authorizer?: Record<string, string>;
}

/**
 * Merges the headers the gateway and browser add with the client's own (the client cannot
 * override the gateway's), sorted case-insensitively as in every capture and DG example.
 */
export function mergeHeaders(
  base: Record<string, string>,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  const all: [string, string][] = Object.entries(base);
  const taken = new Set(all.map(([k]) => k.toLowerCase()));
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (taken.has(k.toLowerCase())) continue;
    taken.add(k.toLowerCase());
    all.push([k, String(v)]);
  }
  all.sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  return Object.fromEntries(all);
}

export function multiValue(headers: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k in headers) out[k] = [headers[k]];
  return out;
}

export interface RequestFacts {
  requestId: string;
  requestTimeEpoch: number;
  /** clfTime(requestTimeEpoch), passed in so an instance can cache it (clfFormatter). */
  requestTime: string;
}

/** requestContext of a CONNECT event (DG example, 2020 capture; modern events carry no null-valued fields). */
export function connectRequestContext(
  api: ApiFacts,
  conn: ConnectionFacts,
  req: RequestFacts,
  identity: { sourceIp: string; userAgent?: string },
): WebSocketRequestContext {
  const ctx: WebSocketRequestContext = {
    routeKey: '$connect',
    eventType: 'CONNECT',
    extendedRequestId: req.requestId,
    requestTime: req.requestTime,
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: req.requestTimeEpoch,
    identity,
    requestId: req.requestId,
    domainName: api.domainName,
    connectionId: conn.connectionId,
    apiId: api.apiId,
  };
  if (conn.authorizer) ctx.authorizer = conn.authorizer;
  return ctx;
}

/** The `$connect` integration's event (docs/aws-behaviour.md §2, CONNECT). */
export function buildConnectEvent(
  api: ApiFacts,
  conn: ConnectionFacts,
  req: RequestFacts,
  headers: Record<string, string>,
  query: ParsedQuery,
): WebSocketConnectEvent {
  return {
    headers,
    multiValueHeaders: multiValue(headers),
    ...(query.present ? { queryStringParameters: query.single, multiValueQueryStringParameters: query.multi } : {}),
    // UNCONFIRMED: whether proxy events carry `stageVariables` when the stage has some; @types/aws-lambda
    // declares the field optional, so it is sent only when there are variables.
    ...(api.stageVariables ? { stageVariables: api.stageVariables } : {}),
    requestContext: connectRequestContext(api, conn, req, { sourceIp: conn.sourceIp, userAgent: conn.userAgent }),
    isBase64Encoded: false,
  };
}

/** A MESSAGE event: the raw body, no headers (ALG 2024 capture). */
export function buildMessageEvent(
  api: ApiFacts,
  conn: ConnectionFacts,
  req: RequestFacts,
  routeKey: string,
  messageId: string,
  body: string,
): WebSocketMessageEvent {
  const requestContext: WebSocketRequestContext = {
    routeKey,
    messageId,
    eventType: 'MESSAGE',
    extendedRequestId: req.requestId,
    requestTime: req.requestTime,
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: req.requestTimeEpoch,
    identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
    requestId: req.requestId,
    domainName: api.domainName,
    connectionId: conn.connectionId,
    apiId: api.apiId,
  };
  if (conn.authorizer) requestContext.authorizer = conn.authorizer;
  // Two literals rather than a conditional spread: no throwaway object per message.
  return api.stageVariables
    ? { requestContext, body, stageVariables: api.stageVariables, isBase64Encoded: false }
    : { requestContext, body, isBase64Encoded: false };
}

/** A DISCONNECT event, with the fixed odd headers of the ALG 2024 capture. */
export function buildDisconnectEvent(
  api: ApiFacts,
  conn: ConnectionFacts,
  req: RequestFacts,
  statusCode: number,
  reason: string,
): WebSocketDisconnectEvent {
  const headers = { Host: api.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  const requestContext: WebSocketRequestContext = {
    routeKey: '$disconnect',
    disconnectStatusCode: statusCode,
    eventType: 'DISCONNECT',
    extendedRequestId: req.requestId,
    requestTime: req.requestTime,
    messageDirection: 'IN',
    disconnectReason: reason,
    stage: api.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: req.requestTimeEpoch,
    identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
    requestId: req.requestId,
    domainName: api.domainName,
    connectionId: conn.connectionId,
    apiId: api.apiId,
  };
  if (conn.authorizer) requestContext.authorizer = conn.authorizer;
  return {
    headers,
    multiValueHeaders: multiValue(headers),
    ...(api.stageVariables ? { stageVariables: api.stageVariables } : {}),
    requestContext,
    isBase64Encoded: false,
  };
}

/**
 * The REQUEST authorizer's event (DG apigateway-websocket-api-lambda-auth example): the DG
 * shows `Connection`, `Upgrade` and `content-length` among its headers (the CONNECT capture
 * does not), `stageVariables` always (`{}` when none), and an identity of `sourceIp` only.
 */
export function buildAuthorizerEvent(
  api: ApiFacts,
  methodArn: string,
  conn: ConnectionFacts,
  req: RequestFacts,
  connectHeaders: Record<string, string>,
  query: ParsedQuery,
): WebSocketAuthorizerEvent {
  const upgrade = { Connection: 'upgrade', 'content-length': '0', Upgrade: 'websocket' };
  const headers = mergeHeaders(upgrade, connectHeaders);
  return {
    type: 'REQUEST',
    methodArn,
    headers,
    multiValueHeaders: multiValue(headers),
    ...(query.present ? { queryStringParameters: query.single, multiValueQueryStringParameters: query.multi } : {}),
    stageVariables: api.stageVariables ?? {},
    requestContext: connectRequestContext(api, { ...conn, authorizer: undefined }, req, { sourceIp: conn.sourceIp }),
  };
}
