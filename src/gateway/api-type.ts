/**
 * The API types, the definition union and telling running APIs apart. Type-only imports: the
 * page's first paint uses this module, and a value import of an engine here would bring every
 * engine into the first load (the bundler keeps what a used module imports).
 */
import type { HttpApiDefinition } from './http/definition';
import type { RestApiDefinition } from './rest/definition';
import type { WebSocketApiDefinition } from './websocket/definition';
import type { HttpLikeApi } from './core/http-types';
import type { WebSocketApi } from './websocket/api';

/** The three API types, named by the definition's `protocolType`. */
export type ApiType = 'WEBSOCKET' | 'HTTP' | 'REST';
export const API_TYPES: readonly ApiType[] = ['WEBSOCKET', 'HTTP', 'REST'];

/** An API definition of any type (api.json). */
export type ApiDefinition = WebSocketApiDefinition | HttpApiDefinition | RestApiDefinition;

/** A running stage of any API type: WebSocket, or HTTP/REST (one request in, one response out). */
export type GatewayApi = WebSocketApi | HttpLikeApi;

/** HTTP and REST APIs answer requests; WebSocket APIs hold connections. */
export function isHttpLike(api: GatewayApi | null | undefined): api is HttpLikeApi {
  return !!api && 'handle' in api && typeof api.handle === 'function';
}

/** The protocol type of a running API. */
export function apiTypeOf(api: GatewayApi): ApiType {
  return isHttpLike(api) ? api.protocolType : 'WEBSOCKET';
}
