/**
 * Adapters from the comparison's API-neutral polling app (routes + functions) to one engine
 * instance per approach: `createRestApi` (src/gateway/rest) and `createHttpApi`
 * (src/gateway/http), each behind the `HttpLikeApi` contract. Each approach gets its OWN
 * instance, Clock and id seed, so the runs never share state and replay identically.
 */
import type { Clock } from '../gateway/clock';
import type { HttpApiDefinition } from '../gateway/http/definition';
import { createHttpApi } from '../gateway/http/engine';
import type { HttpLikeApi } from '../gateway/http-types';
import type { Invoker } from '../gateway/invoker';
import type { RestApiDefinition, RestResourceDefinition } from '../gateway/rest/definition';
import { createRestApi } from '../gateway/rest/engine';
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

export const createRestPollingApi: HttpLikeFactory = ({ routes, invoker, clock, seed }) =>
  createRestApi({ definition: restDefinition(routes), invoker, clock, seed });

export const createHttpPollingApi: HttpLikeFactory = ({ routes, invoker, clock, seed }) =>
  createHttpApi({ definition: httpDefinition(routes), invoker, clock, seed });
