/**
 * The bare specifiers learner code may import, each backed by a shim bound to one execution
 * environment's host. Anything else fails with ModuleNotFoundError naming these.
 */
import { createApiGatewayManagementApiModule } from './apigatewaymanagementapi';
import type { ShimHost } from './common';
import { createDynamoDbModules } from './dynamodb';

export type { ShimHost } from './common';

/** The specifiers the playground provides. */
export const SHIM_SPECIFIERS = [
  '@aws-sdk/client-apigatewaymanagementapi',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
] as const;

/** Module factories for the loader's `builtins`, created lazily on first import. */
export function createShimModules(host: ShimHost): Record<string, () => unknown> {
  let dynamo: ReturnType<typeof createDynamoDbModules> | undefined;
  const dynamodb = () => (dynamo ??= createDynamoDbModules(host));
  return {
    '@aws-sdk/client-apigatewaymanagementapi': () => createApiGatewayManagementApiModule(host),
    '@aws-sdk/client-dynamodb': () => dynamodb().client,
    '@aws-sdk/lib-dynamodb': () => dynamodb().lib,
    '@aws-sdk/util-dynamodb': () => dynamodb().util,
  };
}
