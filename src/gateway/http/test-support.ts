/**
 * Shared fixtures for the HTTP API engine's tests: a definition builder, an API over
 * in-process handlers, and a request helper.
 */
import { ManualClock } from '../core/clock';
import type { GatewayHttpRequest, GatewayHttpResponse } from '../core/http-types';
import { createInProcessInvoker, type InProcessFunction, type InProcessHandler } from '../core/inprocess-invoker';
import type { HttpApiDefinition, HttpRouteDefinition } from './definition';
import { createHttpApi, type CreateHttpApiOptions, type HttpApi } from './engine';

export type Handlers = Record<string, InProcessHandler | InProcessFunction>;

export const API_ID = 'abcdef1234';
/** 2026-01-15T12:00:00Z, the ManualClock's default start. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

type RouteSpec = Partial<Omit<HttpRouteDefinition, 'integration'>> & {
  fn?: string;
  payloadFormatVersion?: '1.0' | '2.0';
  timeoutInMillis?: number;
};

/** A definition with one function per route (named `fn`, or after the route: `GET /pets/{id}` → `get_pets_id`). */
export function httpDefinition(
  routes: Record<string, RouteSpec>,
  extra: Partial<HttpApiDefinition> = {},
): HttpApiDefinition {
  const def: HttpApiDefinition = {
    protocolType: 'HTTP',
    name: 'test-http-api',
    apiId: API_ID,
    region: 'us-east-1',
    routes: {},
    functions: {},
    ...extra,
  };
  def.functions = { ...def.functions };
  def.routes = { ...def.routes };
  for (const [key, r] of Object.entries(routes)) {
    const fn =
      r.fn ??
      (key
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .toLowerCase() ||
        'default');
    def.functions[fn] ??= { handler: `${fn}.handler` };
    const route: HttpRouteDefinition = {
      integration: {
        type: 'AWS_PROXY',
        function: fn,
        ...(r.payloadFormatVersion ? { payloadFormatVersion: r.payloadFormatVersion } : {}),
        ...(r.timeoutInMillis ? { timeoutInMillis: r.timeoutInMillis } : {}),
      },
    };
    if (r.authorizer) route.authorizer = r.authorizer;
    if (r.authorizationScopes) route.authorizationScopes = r.authorizationScopes;
    def.routes[key] = route;
  }
  return def;
}

export function makeHttpApi(
  definition: HttpApiDefinition,
  handlers: Handlers,
  options: Partial<CreateHttpApiOptions> = {},
): HttpApi {
  return createHttpApi({
    definition,
    invoker: createInProcessInvoker(handlers),
    seed: 'test',
    clock: new ManualClock(START),
    ...options,
  });
}

/** Sends `METHOD path` to the API's base URL. */
export function send(
  api: HttpApi,
  method: string,
  path: string,
  init: Omit<GatewayHttpRequest, 'method' | 'url'> = {},
): Promise<GatewayHttpResponse> {
  return api.handle({ method, url: api.url + path, ...init });
}

/** The event each invocation of `fn` received, from the trace. */
export function eventsOf(api: HttpApi, fn: string): Record<string, unknown>[] {
  return api.trace
    .ofKind('lambda.invoke')
    .filter((e) => e.functionName === fn)
    .map((e) => e.event as Record<string, unknown>);
}

/** The one event `fn` received. */
export function eventOf(api: HttpApi, fn: string): Record<string, unknown> {
  const events = eventsOf(api, fn);
  if (events.length !== 1) throw new Error(`${fn} was invoked ${events.length} times`);
  return events[0];
}

export const echo: InProcessHandler = (event) => ({ statusCode: 200, body: JSON.stringify(event) });
