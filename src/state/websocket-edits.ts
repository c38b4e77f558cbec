/**
 * Structural edits of a WebSocket API definition, as the API panel makes them: the route
 * selection expression and the routes (key, integration, two-way, authorizer). Pure functions
 * over a plain (or $state-proxied) definition, applied through `Workspace.editWebSocket` like
 * ./http-edits and ./rest-edits. Those that can be refused return an error message for the
 * learner, or null; full validation, with field paths, happens at Deploy.
 */
import type { WebSocketApiDefinition, WebSocketRouteDefinition } from '../gateway';

/** Route keys AWS reserves; custom keys must not start with `$` (DG websocket-api-develop-routes). */
const RESERVED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'] as const;

export function setRouteSelectionExpression(def: WebSocketApiDefinition, expression: string): void {
  def.routeSelectionExpression = expression;
}

/**
 * Adds a route integrated with `functionName` (default: the first function). Refused when the
 * key is empty, taken, or a custom key that looks reserved.
 */
export function addWebSocketRoute(def: WebSocketApiDefinition, routeKey: string, functionName?: string): string | null {
  const key = routeKey.trim();
  if (!key) return 'A route key is required.';
  if (key in def.routes) return `A route "${key}" already exists.`;
  if (key.startsWith('$') && !(RESERVED_ROUTE_KEYS as readonly string[]).includes(key)) {
    return 'Custom route keys must not start with $ (only $connect, $disconnect and $default may).';
  }
  const route: WebSocketRouteDefinition = {};
  const fn = functionName ?? Object.keys(def.functions ?? {})[0];
  if (fn) route.integration = { type: 'AWS_PROXY', function: fn };
  def.routes[key] = route;
  return null;
}

export function removeWebSocketRoute(def: WebSocketApiDefinition, routeKey: string): void {
  delete def.routes[routeKey];
}

/** Renames a route key in place (keeping the table's order); nothing happens when `to` is taken. */
export function renameWebSocketRoute(def: WebSocketApiDefinition, from: string, to: string): void {
  if (from === to || !(from in def.routes) || to in def.routes) return;
  const next: Record<string, WebSocketRouteDefinition> = {};
  for (const [k, v] of Object.entries(def.routes)) next[k === from ? to : k] = v;
  def.routes = next;
}

/** '' removes the integration (a route without one just succeeds). */
export function setWebSocketRouteFunction(def: WebSocketApiDefinition, routeKey: string, functionName: string): void {
  const route = def.routes[routeKey];
  if (!route) return;
  if (!functionName) delete route.integration;
  else
    route.integration = {
      ...(route.integration ?? { type: 'AWS_PROXY' }),
      type: 'AWS_PROXY',
      function: functionName,
    };
}

/**
 * Two-way: `routeResponseSelectionExpression: '$default'` sends the function's body back
 * (DG apigateway-websocket-api-route-response).
 */
export function setWebSocketRouteTwoWay(def: WebSocketApiDefinition, routeKey: string, twoWay: boolean): void {
  const route = def.routes[routeKey];
  if (!route) return;
  if (twoWay) route.routeResponseSelectionExpression = '$default';
  else delete route.routeResponseSelectionExpression;
}

/** Sets or clears ('') a route's authorizer (only `$connect` may have one; Deploy reports any other). */
export function setWebSocketRouteAuthorizer(def: WebSocketApiDefinition, routeKey: string, authorizer: string): void {
  const route = def.routes[routeKey];
  if (!route) return;
  if (authorizer) route.authorizer = authorizer;
  else delete route.authorizer;
}
