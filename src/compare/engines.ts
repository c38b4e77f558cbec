/**
 * Adapters from the comparison's API-neutral polling app (routes + functions) to one engine
 * instance per approach, a REST API or an HTTP API definition built by the gateway's `createApi`,
 * each behind the `HttpLikeApi` contract. Each approach gets its OWN instance, Clock and id seed,
 * so the runs never share state and replay identically.
 *
 * Not the src/runtime deployment: the backends here are in-process simulations that share a
 * feed store (no learner files, no tables, no `@connections` from the runtime), and the runner
 * disposes the API it was given.
 */
import {
  createApi,
  type Clock,
  type HttpApiDefinition,
  type HttpLikeApi,
  type Invoker,
  type RestApiDefinition,
  type RestResourceDefinition,
} from '../gateway';
import type { PollingRoute } from './backend';

export interface HttpLikeFactoryOptions {
  routes: PollingRoute[];
  invoker: Invoker;
  clock: Clock;
  seed: string;
}

export type HttpLikeFactory = (options: HttpLikeFactoryOptions) => HttpLikeApi;

const functionsOf = (routes: PollingRoute[]) =>
  Object.fromEntries(routes.map((r) => [r.fn, { handler: `${r.fn}.handler` }]));

/** The REST API definition: one resource per path, a Lambda proxy method per route, on stage `prod`. */
export function restDefinition(routes: PollingRoute[]): RestApiDefinition {
  const resources: Record<string, RestResourceDefinition> = {};
  for (const r of routes)
    (resources[r.path] ??= { methods: {} }).methods[r.method] = {
      authorizationType: 'NONE',
      integration: { type: 'AWS_PROXY', function: r.fn },
    };
  return {
    protocolType: 'REST',
    name: 'polling',
    region: 'us-east-1',
    endpointConfiguration: { types: ['REGIONAL'] },
    stage: { name: 'prod' },
    resources,
    functions: functionsOf(routes),
  };
}

/** The HTTP API definition: a `METHOD /path` route per route (payload 2.0), on the `$default` stage. */
export function httpDefinition(routes: PollingRoute[]): HttpApiDefinition {
  return {
    protocolType: 'HTTP',
    name: 'polling',
    region: 'us-east-1',
    stage: { name: '$default' },
    routes: Object.fromEntries(
      routes.map((r) => [
        `${r.method} ${r.path}`,
        { integration: { type: 'AWS_PROXY' as const, function: r.fn, payloadFormatVersion: '2.0' as const } },
      ]),
    ),
    functions: functionsOf(routes),
  };
}

export const createRestPollingApi: HttpLikeFactory = ({ routes, ...env }) => createApi(restDefinition(routes), env);

export const createHttpPollingApi: HttpLikeFactory = ({ routes, ...env }) => createApi(httpDefinition(routes), env);
