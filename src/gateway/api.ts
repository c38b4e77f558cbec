/**
 * One path from a definition to a running API, whatever its type: `validateDefinition` picks the
 * validator by `protocolType` (as `aws apigatewayv2 create-api --protocol-type` and
 * `aws apigateway create-rest-api` are different calls on AWS, a definition names its type), and
 * `createApi` builds the engine of that type. The page's Deploy, the lesson runner, the
 * comparison and a Node host all come through here.
 */
import type { Jwks, JwtKeySource } from './http/jwt';
import { createHttpApi, type HttpApi } from './http/engine';
import type { HttpApiDefinition } from './http/definition';
import { validateHttpDefinition } from './http/validate-definition';
import type { CreateHttpLikeApiOptions } from './core/http-types';
import { createRestApi, type RestApi } from './rest/engine';
import { validateRestDefinition } from './rest/validate-definition';
import { createWebSocketApi } from './websocket/engine';
import type { WebSocketApi } from './websocket/api';
import type { WebSocketApiDefinition } from './websocket/definition';
import { validateWebSocketDefinition } from './websocket/validate-definition';
import { describe, type DefinitionError } from './core/definition-errors';
import type { ApiDefinition, GatewayApi } from './api-type';

/** The API a definition of type T becomes. */
export type ApiOf<D extends ApiDefinition> = D extends WebSocketApiDefinition
  ? WebSocketApi
  : D extends HttpApiDefinition
    ? HttpApi
    : RestApi;

export type DefinitionResult<D extends ApiDefinition = ApiDefinition> =
  { ok: true; definition: D } | { ok: false; errors: DefinitionError[] };

/**
 * Validates a definition with the validator of its `protocolType`, so the messages name that
 * type's fields. A missing or unknown `protocolType` is the one error reported: without it no
 * other field can be judged.
 */
export function validateDefinition(input: unknown): DefinitionResult {
  const type = input && typeof input === 'object' ? (input as { protocolType?: unknown }).protocolType : undefined;
  if (type === 'WEBSOCKET') return validateWebSocketDefinition(input);
  if (type === 'HTTP') return validateHttpDefinition(input);
  if (type === 'REST') return validateRestDefinition(input);
  return {
    ok: false,
    errors: [{ path: 'protocolType', message: `must be "WEBSOCKET", "HTTP" or "REST", got ${describe(type)}` }],
  };
}

/** What an engine needs besides its definition: who runs the functions, time, ids. */
export type ApiEnvironment = Omit<CreateHttpLikeApiOptions<never>, 'definition'> & {
  /** HTTP APIs: the keys JWT authorizers verify against (default: the playground's test IdP). */
  jwks?: Jwks;
  /** HTTP APIs: where JWT authorizers get their keys (overrides `jwks`; e.g. `discoveryKeySource`). */
  jwtKeys?: JwtKeySource;
};

/** Builds the engine of the definition's type (a validated definition: see validateDefinition). */
export function createApi<D extends ApiDefinition>(definition: D, env: ApiEnvironment): ApiOf<D>;
export function createApi(definition: ApiDefinition, env: ApiEnvironment): GatewayApi {
  const { jwks, jwtKeys, ...common } = env;
  switch (definition.protocolType) {
    case 'HTTP':
      return createHttpApi({ ...common, ...(jwks ? { jwks } : {}), ...(jwtKeys ? { jwtKeys } : {}), definition });
    case 'REST':
      return createRestApi({ ...common, definition });
    default:
      return createWebSocketApi({ ...common, definition });
  }
}
