/**
 * Shared fixtures for the WebSocket engine's tests: a small definition builder and a helper
 * that creates an API over in-process handlers. Imports only the public entry.
 */
import {
  createInProcessInvoker,
  createWebSocketApi,
  type ClientConnection,
  type ConnectRequest,
  type CreateWebSocketApiOptions,
  type InProcessFunction,
  type InProcessHandler,
  type WebSocketApi,
  type WebSocketApiDefinition,
} from '../index';

export type Handlers = Record<string, InProcessHandler | InProcessFunction>;

/** A definition with one function per route, named after the route (`$connect` → `connect`). */
export function definitionFor(
  routes: Record<string, { fn?: string; twoWay?: boolean; timeoutInMillis?: number; authorizer?: string } | null>,
  extra: Partial<WebSocketApiDefinition> = {},
): WebSocketApiDefinition {
  const def: WebSocketApiDefinition = {
    protocolType: 'WEBSOCKET',
    name: 'test-api',
    apiId: 'abcdef1234',
    region: 'us-east-1',
    stage: { name: 'dev' },
    routeSelectionExpression: '$request.body.action',
    routes: {},
    functions: {},
    ...extra,
  };
  def.functions = { ...def.functions };
  def.routes = { ...def.routes };
  for (const [key, r] of Object.entries(routes)) {
    if (r === null) {
      def.routes[key] = {};
      continue;
    }
    const fn = r.fn ?? key.replace(/^\$/, '');
    def.functions[fn] ??= { handler: `${fn}.handler` };
    def.routes[key] = {
      integration: {
        type: 'AWS_PROXY',
        function: fn,
        ...(r.timeoutInMillis ? { timeoutInMillis: r.timeoutInMillis } : {}),
      },
      ...(r.twoWay ? { routeResponseSelectionExpression: '$default' as const } : {}),
      ...(r.authorizer ? { authorizer: r.authorizer } : {}),
    };
  }
  return def;
}

export function makeApi(
  definition: WebSocketApiDefinition,
  handlers: Handlers,
  options: Partial<CreateWebSocketApiOptions> = {},
): WebSocketApi {
  return createWebSocketApi({ definition, invoker: createInProcessInvoker(handlers), seed: 'test', ...options });
}

/** Connects and fails the test if the upgrade is rejected. */
export async function open(api: WebSocketApi, request: ConnectRequest = {}): Promise<ClientConnection> {
  const result = await api.connect(request);
  if (!result.accepted) throw new Error(`upgrade rejected with ${result.status}: ${result.reason}`);
  return result.connection;
}

/** The event each invocation of `fn` received, from the trace. */
export function eventsOf(api: WebSocketApi, fn: string): Record<string, unknown>[] {
  return api.trace
    .ofKind('lambda.invoke')
    .filter((e) => e.functionName === fn)
    .map((e) => e.event as Record<string, unknown>);
}
