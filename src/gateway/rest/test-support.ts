/**
 * Shared fixtures for the REST engine's tests: a definition builder and a helper that creates
 * an API over in-process handlers and sends requests to it.
 */
import { ManualClock } from '../core/clock';
import type { GatewayHttpRequest, GatewayHttpResponse } from '../core/http-types';
import { createInProcessInvoker, type InProcessFunction, type InProcessHandler } from '../core/inprocess-invoker';
import type { RestApiDefinition, RestMethodDefinition } from './definition';
import { createRestApi, type RestApi } from './engine';

export type Handlers = Record<string, InProcessHandler | InProcessFunction>;

export const API_ID = 'abcdef1234';
export const BASE = `https://${API_ID}.execute-api.us-east-1.amazonaws.com/dev`;

/** A proxy method calling `fn`. */
export function proxy(fn: string, extra: Partial<RestMethodDefinition> = {}): RestMethodDefinition {
  return { integration: { type: 'AWS_PROXY', function: fn }, ...extra };
}

/** A definition with the given resources; every function named by an integration or authorizer is declared. */
export function restDefinition(
  resources: RestApiDefinition['resources'],
  extra: Partial<RestApiDefinition> = {},
): RestApiDefinition {
  const def: RestApiDefinition = {
    protocolType: 'REST',
    name: 'test-rest',
    apiId: API_ID,
    region: 'us-east-1',
    stage: { name: 'dev' },
    resources,
    functions: {},
    ...extra,
  };
  const functions = { ...def.functions };
  const add = (fn: string | undefined) => {
    if (fn && !fn.includes('${')) functions[fn] ??= { handler: `${fn}.handler` };
  };
  for (const res of Object.values(resources)) for (const m of Object.values(res.methods)) add(m?.integration.function);
  for (const a of Object.values(def.authorizers ?? {})) add(a.function);
  def.functions = functions;
  return def;
}

export function makeRestApi(definition: RestApiDefinition, handlers: Handlers, clock = new ManualClock()): RestApi {
  return createRestApi({ definition, invoker: createInProcessInvoker(handlers), seed: 'rest-test', clock });
}

/** Sends `METHOD /path` (relative to the stage) to the API. */
export function send(
  api: RestApi,
  method: string,
  path: string,
  init: Omit<GatewayHttpRequest, 'method' | 'url'> = {},
): Promise<GatewayHttpResponse> {
  return api.handle({ method, url: `${BASE}${path}`, clientName: 'Alice', ...init });
}

/** The events `fn` was invoked with, from the trace. */
export function eventsOf(api: RestApi, fn: string): Record<string, unknown>[] {
  return api.trace
    .ofKind('lambda.invoke')
    .filter((e) => e.functionName === fn)
    .map((e) => e.event as Record<string, unknown>);
}

export function policy(effect: 'Allow' | 'Deny', resource: string | string[], extra: Record<string, unknown> = {}) {
  return {
    principalId: 'user-42',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...extra,
  };
}

export const ARN_PREFIX = `arn:aws:execute-api:us-east-1:123456789012:${API_ID}/dev`;
