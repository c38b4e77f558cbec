/**
 * Plain HTTP requests to a WebSocket API's host, as a server receives them: the `@connections`
 * management API over HTTP (`POST`, `GET`, `DELETE /{stage}/@connections/{id}`, URL-encoded on
 * the wire as `%40connections/…%3D`; DG apigateway-how-to-call-websocket-api-connections,
 * docs/aws-behaviour.md §3) and anything else, which is answered 426 Upgrade Required
 * (docs/aws-behaviour.md §1.6).
 */
import type { ManagementApi, ManagementResponse, PlainHttpRequest, WireResponse } from './api';
import { splitTarget } from './connect';

const CONNECTIONS = /^(?:@|%40)connections\/([^/]+)\/?$/i;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function wire(res: ManagementResponse): WireResponse {
  return { status: res.statusCode, headers: res.headers, body: res.body };
}

/** UNCONFIRMED: [ws-plain-http-426] the headers and body AWS sends with these statuses. */
function json(status: number, message: string, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ message }) };
}

/** Answers one plain HTTP request for the stage `stage` (WebSocketApi.handleHttp). */
export async function handlePlainHttp(
  stage: string,
  management: ManagementApi,
  request: PlainHttpRequest,
): Promise<WireResponse> {
  const target = splitTarget(request.path);
  const m = CONNECTIONS.exec(target.rest);
  if (!m) return json(426, 'Upgrade Required', { Upgrade: 'websocket' });
  if (target.stage !== stage) return json(403, 'Forbidden');
  const id = decode(m[1]);
  switch (request.method.toUpperCase()) {
    case 'POST':
      return wire(await management.postToConnection(id, request.body ?? ''));
    case 'GET':
      return wire(await management.getConnection(id));
    case 'DELETE':
      return wire(await management.deleteConnection(id));
    default:
      return json(403, 'Forbidden');
  }
}
