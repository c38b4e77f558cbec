/**
 * The first phase: which stage, resource and method the request is for.
 */
import { methodArn } from '../authorizer';
import type { RestMethodSetting } from '../definition';
import type { ResourceMatch } from '../resources';
import { REST_GATEWAY_RESPONSES } from '../responses';
import { record, type Flow, type PhaseResult, type RestContext } from './flow';
import { gatewayOut } from './respond';

/**
 * Stage, then resource and method (docs/aws-behaviour.md §5.5, §5.10): static segments beat
 * `{param}`, which beats `{proxy+}`; an explicit method beats ANY. An unknown stage, resource or
 * method is 403 Missing Authentication Token (DG supported-gateway-response-types,
 * MISSING_AUTHENTICATION_TOKEN). Sets the flow's route, route key, method ARN and method settings.
 */
export function matchResource(flow: Flow, ctx: RestContext): PhaseResult {
  const { req } = flow;
  const route = req.stage === ctx.stage ? ctx.tree.match(req.method, req.path) : undefined;
  if (!route) {
    record(flow, ctx, {
      kind: 'http.route',
      from: 'gateway',
      to: 'gateway',
      routeKey: null,
      match: 'none',
      summary:
        req.stage !== ctx.stage
          ? `no stage "${req.stage}" (this API's stage is "${ctx.stage}")`
          : `no ${req.method} method on a resource matching ${req.path}`,
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.MISSING_AUTHENTICATION_TOKEN);
  }
  flow.route = route;
  flow.routeKey = `${route.methodKey} ${route.resourcePath}`;
  flow.arn = methodArn(ctx.region, ctx.accountId, ctx.apiId, ctx.stage, req.method, req.path);
  record(flow, ctx, {
    kind: 'http.route',
    from: 'gateway',
    to: 'gateway',
    routeKey: flow.routeKey,
    match: route.match,
    ...(Object.keys(route.pathParameters).length ? { pathParameters: { ...route.pathParameters } } : {}),
    summary: `resource ${route.resourcePath}, method ${route.methodKey}`,
  });
  flow.setting = methodSetting(ctx, route);
  return undefined;
}

/** Stage.methodSettings for this method: `{resourcePath}/{METHOD}` over `*\/*` (apigateway Stage.methodSettings). */
function methodSetting(ctx: RestContext, route: ResourceMatch): RestMethodSetting | undefined {
  const settings = ctx.definition.stage?.methodSettings;
  if (!settings) return undefined;
  const wanted = `${route.resourcePath}/${route.methodKey}`;
  for (const [k, v] of Object.entries(settings))
    if (k.replace(/~1/g, '/') === wanted) return { ...settings['*/*'], ...v };
  return settings['*/*'];
}
