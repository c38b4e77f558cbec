/**
 * Stage and route selection, the first phases of an HTTP API request: the stage from the
 * path's first segment (none on `$default`), then the route by method and path
 * (DG http-api-develop-routes, DG http-api-stages; docs/aws-behaviour.md §5.5, §5.10).
 */
import type { RouteMatch } from '../routes';
import type { Flow, HttpContext } from './flow';

/**
 * The path after the stage, or undefined when the request names another stage (Not Found).
 * The `$default` stage is served at the root: the whole path.
 */
export function pathInStage(ctx: HttpContext, rawPath: string): string | undefined {
  if (ctx.stage === '$default') return rawPath;
  const prefix = `/${ctx.stage}`;
  if (rawPath !== prefix && !rawPath.startsWith(prefix + '/')) return undefined;
  return rawPath.slice(prefix.length) || '/';
}

/**
 * Traces the route the request matched (a route's own method beats `ANY`, a full match beats
 * a greedy one, which beats `$default`: ../routes.ts) or that none did. Returns its seq.
 */
export function traceRoute(flow: Flow, ctx: HttpContext, route: RouteMatch | undefined): number {
  return ctx.trace.append({
    kind: 'http.route',
    from: 'gateway',
    to: 'gateway',
    causeSeq: flow.seq,
    requestId: flow.requestId,
    routeKey: route?.routeKey ?? null,
    match: route?.match ?? 'none',
    ...(route && Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    summary: route
      ? `route ${route.routeKey}${route.note ? ` (${route.note})` : ''}`
      : `no route for ${flow.facts.method} ${flow.path}`,
    ...(route?.unconfirmed ? { unconfirmed: route.unconfirmed } : {}),
  }).seq;
}
