/**
 * The `@connections` management API: POST (PostToConnection), GET (GetConnection) and
 * DELETE (DeleteConnection) on `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/@connections/{id}`,
 * with the statuses and error names of the service model
 * (DG apigateway-how-to-call-websocket-api-connections; docs/aws-behaviour.md §3).
 */
import type { KnownDifferenceId } from '../core/known-differences';
import type { Participant } from '../core/trace';
import type { ManagementApi, ManagementCaller, ManagementResponse } from './api';
import { MAX_FRAME_BYTES, MAX_MESSAGE_BYTES } from './frames';
import type { WebSocketContext } from './stage';
import { utf8Decode, utf8Length } from '../core/bytes';

type Operation = 'PostToConnection' | 'GetConnection' | 'DeleteConnection';

/** The traced request a response answers. */
interface ManagementRequest {
  from: Participant;
  seq: number;
}

/** The three operations on one stage (docs/aws-behaviour.md §3). */
export function createManagementApi(ws: WebSocketContext): ManagementApi {
  return {
    postToConnection: (id, data, caller) => postToConnection(ws, id, data, caller),
    getConnection: (id, caller) => getConnection(ws, id, caller),
    deleteConnection: (id, caller) => deleteConnection(ws, id, caller),
  };
}

/**
 * PostToConnection: 200 with an empty body; 413 PayloadTooLargeException over 131,072 bytes;
 * 410 GoneException for a connection that is not open (docs/aws-behaviour.md §3).
 */
async function postToConnection(
  ws: WebSocketContext,
  connectionId: string,
  data: string | Uint8Array,
  caller?: ManagementCaller,
): Promise<ManagementResponse> {
  const size = typeof data === 'string' ? utf8Length(data) : data.length;
  const req = traceRequest(ws, 'PostToConnection', connectionId, caller, size);
  // Data is at most 131,072 bytes (PostToConnection in the service model, docs/aws-behaviour.md §3).
  if (size > MAX_MESSAGE_BYTES)
    return respond(
      ws,
      'PostToConnection',
      req,
      connectionId,
      caller,
      413,
      JSON.stringify({ message: 'The data has exceeded the maximum size allowed.' }),
      'PayloadTooLargeException',
      'ws-mgmt-error-bodies',
    );
  const conn = ws.connections.open(connectionId);
  if (!conn) return gone(ws, 'PostToConnection', req, connectionId, caller);
  const text = typeof data === 'string' ? data : utf8Decode(data);
  // UNCONFIRMED: [ws-mgmt-frame-quota] posts up to 128 KB arrive whole, as one message
  // (fragmented on the wire, reassembled by the browser). UNCONFIRMED: [ws-mgmt-binary-data]
  // bytes are delivered as a UTF-8 text frame.
  const unconfirmed: KnownDifferenceId | undefined =
    size > MAX_FRAME_BYTES ? 'ws-mgmt-frame-quota' : typeof data !== 'string' ? 'ws-mgmt-binary-data' : undefined;
  const ids = caller?.invocationId ? { invocationId: caller.invocationId } : {};
  ws.connections.deliver(conn, text, 'post-to-connection', req.seq, ids, unconfirmed, size);
  return respond(ws, 'PostToConnection', req, connectionId, caller, 200, '');
}

/**
 * GetConnection: 200 `{connectedAt, identity: {sourceIp, userAgent}, lastActiveAt}` with ISO 8601
 * times; 410 GoneException (docs/aws-behaviour.md §3).
 */
async function getConnection(
  ws: WebSocketContext,
  connectionId: string,
  caller?: ManagementCaller,
): Promise<ManagementResponse> {
  const req = traceRequest(ws, 'GetConnection', connectionId, caller);
  const conn = ws.connections.open(connectionId);
  if (!conn) return gone(ws, 'GetConnection', req, connectionId, caller);
  const body = JSON.stringify({
    connectedAt: new Date(conn.facts.connectedAt).toISOString(),
    identity: { sourceIp: conn.facts.sourceIp, userAgent: conn.facts.userAgent },
    lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
  });
  return respond(ws, 'GetConnection', req, connectionId, caller, 200, body);
}

/**
 * DeleteConnection: 204, then the client is closed and `$disconnect` runs; 410 GoneException
 * (docs/aws-behaviour.md §3, §1.3).
 */
async function deleteConnection(
  ws: WebSocketContext,
  connectionId: string,
  caller?: ManagementCaller,
): Promise<ManagementResponse> {
  const req = traceRequest(ws, 'DeleteConnection', connectionId, caller);
  const conn = ws.connections.open(connectionId);
  if (!conn) return gone(ws, 'DeleteConnection', req, connectionId, caller);
  // UNCONFIRMED: [ws-delete-close] the client sees 1000 with an empty reason. $disconnect runs after and is
  // not awaited: AWS answers 204 without waiting for it (use whenIdle() to wait).
  void ws.connections.close(conn, 1000, '', 'management', req.seq, 'ws-delete-close');
  return respond(ws, 'DeleteConnection', req, connectionId, caller, 204, '');
}

function traceRequest(
  ws: WebSocketContext,
  operation: Operation,
  connectionId: string,
  caller: ManagementCaller | undefined,
  size?: number,
): ManagementRequest {
  // Drawn from the calling function's lane when a handler calls; from `management` otherwise.
  const from: Participant = caller?.functionName ? `integration:${caller.functionName}` : 'management';
  const ev = ws.trace.append({
    kind: 'mgmt.request',
    from,
    to: 'gateway',
    ...(caller?.causeSeq !== undefined ? { causeSeq: caller.causeSeq } : {}),
    connectionId,
    ...(caller?.invocationId ? { invocationId: caller.invocationId } : {}),
    operation,
    target: connectionId,
    ...(size !== undefined ? { size, bytes: size } : {}),
    summary: `${operation} ${connectionId}`,
  });
  return { from, seq: ev.seq };
}

function respond(
  ws: WebSocketContext,
  operation: Operation,
  req: ManagementRequest,
  connectionId: string,
  caller: ManagementCaller | undefined,
  statusCode: number,
  body: string,
  errorName?: string,
  unconfirmed?: KnownDifferenceId,
  note?: string,
): ManagementResponse {
  ws.trace.append({
    kind: 'mgmt.response',
    from: 'gateway',
    to: req.from,
    causeSeq: req.seq,
    connectionId,
    ...(caller?.invocationId ? { invocationId: caller.invocationId } : {}),
    operation,
    status: statusCode,
    ...(errorName ? { errorName } : {}),
    summary: (errorName ? `${statusCode} ${errorName}` : String(statusCode)) + (note ? ` (${note})` : ''),
    ...(unconfirmed ? { unconfirmed } : {}),
  });
  const headers: Record<string, string> = { 'x-amzn-RequestId': ws.ids.uuid() };
  if (body !== '') headers['Content-Type'] = 'application/json';
  if (errorName) headers['x-amzn-ErrorType'] = errorName;
  const res: ManagementResponse = { statusCode, headers, body };
  if (errorName) res.errorName = errorName;
  return res;
}

/**
 * 410 GoneException for an unknown, closed or not-yet-connected id (docs/aws-behaviour.md §3;
 * re:Post 410-gone-api-gateway). UNCONFIRMED: [ws-mgmt-error-bodies] the body is empty — SDK v3
 * reports `GoneException: UnknownError` in public logs, i.e. the answer carries no message.
 */
function gone(
  ws: WebSocketContext,
  operation: Operation,
  req: ManagementRequest,
  id: string,
  caller?: ManagementCaller,
): ManagementResponse {
  // A connection whose $connect is still running does not exist yet (re:Post 410-gone-api-gateway).
  const note = ws.connections.isHandshaking(id) ? '$connect has not finished' : undefined;
  return respond(ws, operation, req, id, caller, 410, '', 'GoneException', 'ws-mgmt-error-bodies', note);
}
