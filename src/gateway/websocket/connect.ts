/**
 * The handshake: a client's upgrade request through the `$connect` route's Lambda REQUEST
 * authorizer and integration to a 101 (or a rejected upgrade). AWS keeps the upgrade pending
 * until both have finished (DG apigateway-websocket-api-route-keys-connect-disconnect,
 * DG apigateway-websocket-api-lambda-auth; docs/aws-behaviour.md §1.3).
 */
import type { InvocationOutcome, LambdaCall } from '../core/lambda-integration';
import type { KnownDifferenceId } from '../core/known-differences';
import type { Participant } from '../core/trace';
import type { ConnectResult } from './api';
import { evaluateAuthorizerResponse, resolveIdentity, type AuthorizerDecision } from './authorizer';
import type { WebSocketRouteDefinition } from './definition';
import {
  buildAuthorizerEvent,
  buildConnectEvent,
  connectRequestContext,
  mergeHeaders,
  type ConnectionFacts,
} from './events';
import { executeApiArn } from '../core/iam-policy';
import { findHeader, parseQuery, type ParsedQuery } from '../core/request';
import { DEFAULT_INTEGRATION_TIMEOUT_MS } from './frames';
import { webSocketAccept } from './handshake';
import { isRecord, stringHeaders } from './records';
import { requestFacts, type WebSocketContext } from './stage';

/** A client's upgrade request, with the defaults for what a headless client does not say filled in. */
export interface UpgradeRequest {
  clientName: string;
  query: string | Record<string, string | string[]> | undefined;
  /** The client's own headers. */
  headers: Record<string, string>;
  subprotocols: string[];
  sourceIp: string;
  userAgent: string;
  /** A real client's `Sec-WebSocket-Key`: its headers are then taken as sent (ConnectRequest.key). */
  key?: string;
  /** The upgrade's request target as sent (ConnectRequest.path). */
  path?: string;
}

/** One handshake in progress: what each step reads, and the seq the next trace event answers. */
interface Handshake {
  participant: Participant;
  clientName: string;
  query: ParsedQuery;
  /** What the gateway forwards: the client's headers plus its own. */
  headers: Record<string, string>;
  key: string;
  facts: ConnectionFacts;
  ids: { connectionId: string; requestId: string };
  causeSeq: number;
  /** `$connect`'s response headers, sent in the 101. */
  responseHeaders: Record<string, string>;
  unconfirmed?: KnownDifferenceId;
}

/**
 * Opens a connection in AWS's order: the upgrade request, the Lambda REQUEST authorizer,
 * the `$connect` integration, then the 101 or a rejection with the status AWS sends
 * (docs/aws-behaviour.md §1.3). The id is not a connection until the 101: `@connections`
 * answers 410 for it meanwhile.
 */
export async function connect(ws: WebSocketContext, request: UpgradeRequest): Promise<ConnectResult> {
  const target = request.path === undefined ? undefined : splitTarget(request.path);
  if (target && request.query === undefined) request = { ...request, query: target.query };
  const hs = receiveUpgrade(ws, request);
  const handshaking = ws.connections.handshaking(hs.facts.connectionId);
  try {
    // UNCONFIRMED: [ws-handshake-reject-body] another stage has no routes: 403 before any function runs.
    if (target && target.stage !== ws.stage)
      return reject(ws, hs, 403, `no stage ${JSON.stringify(target.stage)} (the stage is ${ws.stage})`, hs.causeSeq);
    const route = ws.definition.routes['$connect'];
    if (route?.authorizer) {
      const call = authorizerCall(ws, hs, route.authorizer);
      if ('rejected' in call) return call.rejected;
      const rejected = applyAuthorizer(ws, hs, call.call, call.methodArn, await ws.lambda.invokeForAnswer(call.call));
      if (rejected) return rejected;
    }
    if (route?.integration) {
      const call = connectCall(ws, hs, route);
      const rejected = applyConnectResponse(ws, hs, await ws.lambda.invokeForAnswer(call));
      if (rejected) return rejected;
    }
    if (ws.disposed) return reject(ws, hs, 410, 'the API was disposed while $connect ran', hs.causeSeq);
    return accept(ws, hs);
  } finally {
    handshaking.done();
  }
}

/**
 * Step 1, the upgrade request: traced, given its connection and request ids, and the headers
 * a browser sends plus the ones the gateway adds (the CONNECT capture, docs/aws-behaviour.md §2).
 */
function receiveUpgrade(ws: WebSocketContext, request: UpgradeRequest): Handshake {
  const { clientName, subprotocols, sourceIp, userAgent } = request;
  const participant: Participant = `client:${clientName}`;
  const query = parseQuery(request.query);
  const upgrade = ws.trace.append({
    kind: 'ws.upgrade',
    from: participant,
    to: 'gateway',
    query: query.raw,
    headers: request.headers,
    subprotocols,
    summary: `GET /${ws.stage}${query.raw ? '?' + query.raw : ''} (Upgrade: websocket)`,
  });
  // The order ids are drawn in is part of every replay: connection, request, key, trace id.
  const connectionId = ws.ids.awsId();
  const requestId = ws.ids.awsId();
  const connectedAt = ws.clock.now();
  // Drawn even when the client brought its own key, so the ids after it replay the same.
  const drawnKey = ws.ids.webSocketKey();
  const key = request.key ?? drawnKey;
  const traceId = ws.ids.traceId(connectedAt);
  // A real client's headers are complete as sent: the gateway adds only its own.
  const base: Record<string, string> =
    request.key !== undefined
      ? { Host: ws.domainName }
      : {
          Host: ws.domainName,
          'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
          'Sec-WebSocket-Key': key,
          'Sec-WebSocket-Version': '13',
          'User-Agent': userAgent,
        };
  base['X-Amzn-Trace-Id'] = traceId;
  base['X-Forwarded-For'] = sourceIp;
  base['X-Forwarded-Port'] = '443';
  base['X-Forwarded-Proto'] = 'https';
  if (subprotocols.length && request.key === undefined) base['Sec-WebSocket-Protocol'] = subprotocols.join(', ');
  return {
    participant,
    clientName,
    query,
    headers: mergeHeaders(base, request.headers),
    key,
    facts: { connectionId, connectedAt, sourceIp, userAgent },
    ids: { connectionId, requestId },
    causeSeq: upgrade.seq,
    responseHeaders: {},
  };
}

/**
 * Step 2a, the identity sources: a missing one rejects with 401 without invoking the authorizer
 * (DG apigateway-websocket-api-lambda-auth). Otherwise the authorizer's call.
 */
function authorizerCall(
  ws: WebSocketContext,
  hs: Handshake,
  authorizerName: string,
): { rejected: ConnectResult } | { call: LambdaCall; methodArn: string } {
  const auth = ws.definition.authorizers![authorizerName];
  const authRequest = requestFacts(ws, hs.ids.requestId);
  const { sourceIp, userAgent } = hs.facts;
  const found = resolveIdentity(auth.identitySource, {
    headers: hs.headers,
    query: hs.query.single,
    stageVariables: ws.facts.stageVariables ?? {},
    requestContext: connectRequestContext(ws.facts, hs.facts, authRequest, { sourceIp, userAgent }),
  });
  if (!found.ok) {
    const reason = `identity source ${found.missing} is missing`;
    const rej = ws.trace.append({
      kind: 'gateway.reject',
      from: 'gateway',
      to: hs.participant,
      causeSeq: hs.causeSeq,
      ...hs.ids,
      status: 401,
      reason,
      summary: `401: ${reason}`,
    });
    return { rejected: reject(ws, hs, 401, reason, rej.seq) };
  }
  const methodArn = executeApiArn(ws.region, ws.accountId, ws.apiId, ws.stage, '$connect');
  const event = buildAuthorizerEvent(ws.facts, methodArn, hs.facts, authRequest, hs.headers, hs.query);
  const call: LambdaCall = {
    role: 'authorizer',
    functionName: auth.function,
    participant: `authorizer:${auth.function}`,
    event,
    routeKey: '$connect',
    eventType: 'CONNECT',
    ids: hs.ids,
    causeSeq: hs.causeSeq,
    // UNCONFIRMED: the gateway's limit on an authorizer call; the integration maximum is used.
    timeoutMs: DEFAULT_INTEGRATION_TIMEOUT_MS,
    identity: found.identity,
  };
  return { call, methodArn };
}

/**
 * Step 2b, the authorizer's answer: an Allow policy lets the handshake go on with its context;
 * `Unauthorized` gives 401, a Deny 403, a failure 500 (DG apigateway-use-lambda-authorizer,
 * docs/aws-behaviour.md §1.3). Returns the rejection, or undefined to go on.
 */
function applyAuthorizer(
  ws: WebSocketContext,
  hs: Handshake,
  call: LambdaCall,
  methodArn: string,
  answer: { outcome: InvocationOutcome; causeSeq: number },
): ConnectResult | undefined {
  const { outcome } = answer;
  let decision: AuthorizerDecision;
  if (outcome.kind === 'ok') decision = evaluateAuthorizerResponse(outcome.value, methodArn);
  else if (outcome.kind === 'error' && outcome.error.errorMessage === 'Unauthorized')
    // `throw new Error('Unauthorized')` / `callback('Unauthorized')`: 401.
    decision = { decision: 'unauthorized', status: 401, reason: 'the authorizer answered Unauthorized' };
  else
    decision = {
      decision: 'error',
      status: 500,
      reason:
        outcome.kind === 'error'
          ? `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
          : 'the authorizer timed out',
    };
  const res = ws.trace.append({
    kind: 'authorizer.result',
    from: call.participant,
    to: 'gateway',
    causeSeq: answer.causeSeq,
    ...hs.ids,
    functionName: call.functionName,
    decision: decision.decision,
    status: decision.status,
    ...('principalId' in decision ? { principalId: decision.principalId } : {}),
    summary:
      decision.decision === 'allow'
        ? `Allow (principalId ${decision.principalId})`
        : `${decision.status} ${decision.decision}`,
  });
  hs.causeSeq = res.seq;
  if (decision.decision !== 'allow') return reject(ws, hs, decision.status, decision.reason, res.seq);
  hs.facts.authorizer = decision.context;
  return undefined;
}

/** Step 3a, the `$connect` integration's call: it receives the CONNECT event (docs/aws-behaviour.md §2). */
function connectCall(ws: WebSocketContext, hs: Handshake, route: WebSocketRouteDefinition): LambdaCall {
  const integration = route.integration!;
  const fn = integration.function;
  return {
    role: 'route',
    functionName: fn,
    participant: `integration:${fn}`,
    event: buildConnectEvent(ws.facts, hs.facts, requestFacts(ws, hs.ids.requestId), hs.headers, hs.query),
    routeKey: '$connect',
    eventType: 'CONNECT',
    ids: hs.ids,
    causeSeq: hs.causeSeq,
    timeoutMs: integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
  };
}

/**
 * Step 3b, `$connect`'s answer: a throw or the function's own timeout fails the upgrade with 502
 * (docs/aws-behaviour.md §1.3); a non-2xx statusCode rejects with that status, and a 2xx's
 * headers go into the 101 (DG websocket-connect-route-subprotocol). Returns the rejection, or
 * undefined to go on.
 */
function applyConnectResponse(
  ws: WebSocketContext,
  hs: Handshake,
  answer: { outcome: InvocationOutcome; causeSeq: number },
): ConnectResult | undefined {
  const { outcome, causeSeq: after } = answer;
  hs.causeSeq = after;
  // UNCONFIRMED: [ws-integration-timeout-frame] a gateway timeout on $connect fails the upgrade with 504.
  if (outcome.kind === 'integration-timeout')
    return reject(ws, hs, 504, '$connect integration timed out', after, 'ws-integration-timeout-frame');
  if (outcome.kind !== 'ok')
    return reject(
      ws,
      hs,
      502,
      outcome.kind === 'error'
        ? `$connect failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
        : '$connect timed out',
      after,
    );
  const value = outcome.value;
  const status = isRecord(value) ? value.statusCode : undefined;
  if (status === undefined || status === null) {
    // UNCONFIRMED: [ws-connect-no-status] no statusCode accepts the connection.
    hs.unconfirmed = 'ws-connect-no-status';
  } else {
    const code = typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : status;
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599)
      return reject(ws, hs, 502, `$connect returned a malformed statusCode ${JSON.stringify(status)}`, after);
    if (code < 200 || code > 299) {
      // UNCONFIRMED: [ws-handshake-reject-body] $connect's own headers and string body go with its status.
      const own = isRecord(value) ? { headers: stringHeaders(value.headers), body: value.body } : undefined;
      const body = typeof own?.body === 'string' ? own.body : '';
      return reject(ws, hs, code, `$connect returned statusCode ${code}`, after, undefined, {
        headers: own?.headers ?? {},
        body,
      });
    }
  }
  if (isRecord(value)) hs.responseHeaders = stringHeaders(value.headers);
  return undefined;
}

/** Step 4, accepted: the 101 carries `$connect`'s headers (e.g. `Sec-WebSocket-Protocol`), and the connection is live. */
function accept(ws: WebSocketContext, hs: Handshake): ConnectResult {
  const protocol = findHeader(hs.responseHeaders, 'Sec-WebSocket-Protocol') ?? '';
  const handshakeHeaders = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Accept': webSocketAccept(hs.key),
    ...hs.responseHeaders,
  };
  ws.trace.append({
    kind: 'ws.handshake',
    from: 'gateway',
    to: hs.participant,
    causeSeq: hs.causeSeq,
    ...hs.ids,
    status: 101,
    accepted: true,
    protocol,
    headers: handshakeHeaders,
    summary: protocol ? `101 Switching Protocols (${protocol})` : '101 Switching Protocols',
    ...(hs.unconfirmed ? { unconfirmed: hs.unconfirmed } : {}),
  });
  const conn = ws.connections.add(hs.facts, hs.clientName, hs.participant);
  return { accepted: true, connection: conn.client, headers: handshakeHeaders, protocol };
}

/** The message of the gateway's own rejections, by status (UNCONFIRMED: [ws-handshake-reject-body]). */
const REJECT_MESSAGES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  410: 'Gone',
  500: 'Internal server error',
  502: 'Internal server error',
  504: 'Endpoint request timed out',
};

/**
 * A rejected upgrade: the client sees the HTTP status with the gateway's `{"message":…}` body
 * (or `$connect`'s own headers and body when its statusCode refused it); the reason is for the trace.
 */
function reject(
  ws: WebSocketContext,
  hs: Handshake,
  status: number,
  reason: string,
  causeSeq: number,
  unconfirmed?: KnownDifferenceId,
  own?: { headers: Record<string, string>; body: string },
): ConnectResult {
  const message = REJECT_MESSAGES[status];
  const body = own ? own.body : message ? JSON.stringify({ message }) : '';
  const headers: Record<string, string> = own ? { ...own.headers } : {};
  if (body !== '' && findHeader(headers, 'Content-Type') === undefined) headers['Content-Type'] = 'application/json';
  headers['x-amzn-RequestId'] = hs.ids.requestId;
  ws.trace.append({
    kind: 'ws.handshake',
    from: 'gateway',
    to: hs.participant,
    causeSeq,
    ...hs.ids,
    status,
    accepted: false,
    headers: {},
    summary: `${status} (upgrade rejected)`,
    ...(unconfirmed ? { unconfirmed } : {}),
  });
  return { accepted: false, status, reason, headers, body };
}

/** The stage (first path segment, decoded) and query of an upgrade's request target. */
export function splitTarget(target: string): { stage: string; rest: string; query: string } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  const segments = path.replace(/^\/+/, '').split('/');
  let stage = segments[0] ?? '';
  try {
    stage = decodeURIComponent(stage);
  } catch {
    // A malformed escape names no stage.
  }
  return { stage, rest: segments.slice(1).join('/'), query };
}
