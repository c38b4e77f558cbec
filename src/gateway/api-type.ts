/**
 * The API types and the definition union (type-only imports: this module is safe to load on
 * the first paint without pulling an engine in).
 */
import type { HttpApiDefinition } from './http/definition';
import type { RestApiDefinition } from './rest/definition';
import type { WebSocketApiDefinition } from './websocket/definition';

/** The three API types, named by the definition's `protocolType`. */
export type ApiType = 'WEBSOCKET' | 'HTTP' | 'REST';
export const API_TYPES: readonly ApiType[] = ['WEBSOCKET', 'HTTP', 'REST'];

/** An API definition of any type (api.json). */
export type ApiDefinition = WebSocketApiDefinition | HttpApiDefinition | RestApiDefinition;
