/**
 * The fields of every TraceEvent kind, so the loader can reject an event pattern with a typo
 * (`{"kind": "ws.route", "routekey": "join"}` would otherwise never match, and a `none` built
 * on it would pass forever). Typed against the trace union: a field that does not exist fails
 * to compile, and a kind added to ../gateway/core/trace.ts must be added here.
 */
import type { TraceBase, TraceDetail, TraceKind } from '../gateway';

type DetailFields<K extends TraceKind> = Exclude<keyof Extract<TraceDetail, { kind: K }>, 'kind'>;

const DETAIL_FIELDS = {
  'ws.upgrade': ['query', 'headers', 'subprotocols'],
  'ws.handshake': ['status', 'accepted', 'protocol', 'headers'],
  'ws.frame.in': ['opcode', 'size', 'text'],
  'ws.route': ['expression', 'value', 'routeKey', 'match'],
  'ws.frame.out': ['size', 'text', 'cause'],
  'ws.close': ['code', 'reason', 'initiator'],
  'ws.client-fail': ['reason', 'code'],
  'authorizer.invoke': ['functionName', 'identity'],
  'authorizer.result': ['functionName', 'decision', 'status', 'principalId'],
  'gateway.reject': ['status', 'reason'],
  'lambda.invoke': ['functionName', 'routeKey', 'eventType', 'event'],
  'lambda.result': ['functionName', 'outcome', 'durationMs', 'value', 'error'],
  'lambda.log': ['functionName', 'level', 'text'],
  'integration.timeout': ['functionName', 'timeoutMs'],
  'mgmt.request': ['operation', 'target', 'size'],
  'mgmt.response': ['operation', 'status', 'errorName'],
  'table.op': ['table', 'operation', 'ok', 'items', 'error'],
  'clock.advance': ['ms'],
  'deployment.replaced': ['closedConnections', 'code'],
  'http.request': ['method', 'path', 'query', 'headers', 'bodySize', 'bodyPreview'],
  'http.route': ['routeKey', 'match', 'pathParameters'],
  'http.response': ['status', 'headers', 'bodySize', 'bodyPreview', 'source', 'errorType'],
  'cors.preflight': ['origin', 'requestMethod', 'requestHeaders', 'status', 'allowed', 'modelled'],
  'cors.verdict': ['origin', 'allowed', 'reason', 'modelled'],
  'auth.jwt': ['outcome', 'reason', 'subject', 'scopes'],
  'apikey.check': ['outcome', 'keyId'],
  throttle: ['scope', 'outcome', 'tokensLeft', 'quotaLeft'],
  cache: ['outcome', 'key', 'ttlSeconds'],
  validation: ['outcome', 'validator', 'message'],
  mapping: ['direction', 'mapping', 'ok', 'outputPreview', 'error'],
  'integration.mock': ['statusCode'],
} as const satisfies { [K in TraceKind]: readonly DetailFields<K>[] };

const BASE_FIELDS = [
  'v',
  'seq',
  't',
  'from',
  'to',
  'apiId',
  'stage',
  'causeSeq',
  'connectionId',
  'requestId',
  'messageId',
  'invocationId',
  'summary',
  'bytes',
  'unconfirmed',
] as const satisfies readonly (keyof TraceBase)[];

export const TRACE_KINDS = Object.keys(DETAIL_FIELDS) as TraceKind[];

export function isTraceKind(kind: string): kind is TraceKind {
  return Object.prototype.hasOwnProperty.call(DETAIL_FIELDS, kind);
}

/** Every field an event of this kind can have (base fields included). */
export function traceFields(kind: TraceKind): readonly string[] {
  return [...BASE_FIELDS, ...DETAIL_FIELDS[kind]];
}
