/**
 * `$disconnect`: runs after a connection has closed, whoever closed it
 * (DG apigateway-websocket-api-route-keys-connect-disconnect; docs/aws-behaviour.md §1.3).
 */
import type { Connection } from './connections';
import { buildDisconnectEvent } from './events';
import { DEFAULT_INTEGRATION_TIMEOUT_MS } from './frames';
import { requestFacts, type WebSocketContext } from './stage';

/**
 * Invokes the `$disconnect` integration, if the route has one: "executed after the connection
 * is closed … a best-effort event". Its return value is ignored: the client is gone.
 */
export async function runDisconnect(
  ws: WebSocketContext,
  conn: Connection,
  code: number,
  reason: string,
  causeSeq: number,
): Promise<void> {
  const route = ws.definition.routes['$disconnect'];
  if (!route?.integration) return;
  ws.work.begin();
  try {
    // After the close has been recorded and whatever closed it (e.g. DELETE @connections) has answered.
    await null;
    const fn = route.integration.function;
    const requestId = ws.ids.awsId();
    const event = buildDisconnectEvent(ws.facts, conn.facts, requestFacts(ws, requestId), code, reason);
    await ws.lambda.invoke(
      {
        role: 'route',
        functionName: fn,
        participant: `integration:${fn}`,
        event,
        routeKey: '$disconnect',
        eventType: 'DISCONNECT',
        ids: { connectionId: conn.id, requestId },
        causeSeq,
        timeoutMs: route.integration.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
        unconfirmed: conn.facts.authorizer ? 'ws-authorizer-context-later-events' : undefined,
      },
      () => {},
    );
  } finally {
    ws.work.end();
  }
}
