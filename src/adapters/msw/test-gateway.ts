/**
 * Test deployments for the adapter's browser tests: the real engine (`createWebSocketApi`) with
 * in-process Lambda handlers, so the browser tests exercise the adapter against exactly what
 * the app deploys.
 */
import {
  createInProcessInvoker,
  createWebSocketApi,
  type InProcessHandler,
  type WebSocketApi,
  type WebSocketRouteDefinition,
} from '../../gateway';

/** In-process Lambda handlers per route key (`$default` is two-way: its `body` is sent back). */
export interface Handlers {
  $connect?: InProcessHandler;
  $disconnect?: InProcessHandler;
  $default?: InProcessHandler;
}

export interface Deployment {
  api: WebSocketApi;
  /** The reason of the last close the gateway recorded (what the client's close event must carry). */
  lastCloseReason(): string;
}

export function deploy(handlers: Handlers, apiId = 'abcdef1234', stage = 'dev'): Deployment {
  const functions: Record<string, InProcessHandler> = {};
  const routes: Record<string, WebSocketRouteDefinition> = {};
  for (const [routeKey, handler] of Object.entries(handlers) as [keyof Handlers, InProcessHandler][]) {
    const name = `on${routeKey.slice(1)}`;
    functions[name] = handler;
    routes[routeKey] = {
      integration: { type: 'AWS_PROXY', function: name },
      ...(routeKey === '$default' ? { routeResponseSelectionExpression: '$default' as const } : {}),
    };
  }
  const api = createWebSocketApi({
    invoker: createInProcessInvoker(functions),
    definition: {
      protocolType: 'WEBSOCKET',
      name: 'adapter-test',
      apiId,
      stage: { name: stage },
      routeSelectionExpression: '$request.body.action',
      routes,
      functions: Object.fromEntries(Object.keys(functions).map((name) => [name, { handler: `${name}.handler` }])),
    },
  });
  return { api, lastCloseReason: () => api.trace.ofKind('ws.close').at(-1)?.reason ?? '' };
}
