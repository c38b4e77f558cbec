/**
 * The non-proxy integration's two mappings (DG api-gateway-mapping-template-reference;
 * docs/aws-behaviour.md §5.9): the integration request (a request template, or passthrough)
 * and the integration response (selection pattern, status, response parameters, response
 * template). Proxy integrations skip both.
 */
import type { KnownDifferenceId } from '../../core/known-differences';
import { preview } from '../../core/trace';
import type { RestIntegrationResponseDefinition } from '../definition';
import { headerValue, restRequestContext } from '../events';
import { convertRequestBody, convertResponseText, firstMediaType, isBinaryMediaType } from '../binary';
import { renderMapping, type MappingInput } from '../features';
import type { ResourceMatch } from '../resources';
import { REST_GATEWAY_RESPONSES } from '../responses';
import {
  fullMatch,
  mediaType,
  partialMatch,
  record,
  reject,
  routeFacts,
  routeOf,
  type Flow,
  type Outgoing,
  type PhaseResult,
  type RestContext,
} from './flow';
import { gatewayOut } from './respond';

/**
 * The request body for a non-proxy integration (DG integration-passthrough-behaviors): the
 * template for the request's Content-Type (application/json when absent); without one,
 * WHEN_NO_MATCH passes the body through, WHEN_NO_TEMPLATES only when no template exists, NEVER
 * rejects with 415. The integration's contentHandling converts the payload first (§5.12). A
 * template that fails is 500. Sets the flow's integration request.
 */
export function mapRequest(flow: Flow, ctx: RestContext): PhaseResult {
  const route = routeOf(flow);
  const integ = route.method.integration;
  if (integ.type === 'AWS_PROXY') return undefined;
  const templates = integ.requestTemplates ?? {};
  const contentType = mediaType(headerValue(flow.req.headers, 'content-type')) ?? 'application/json';
  const template = templates[contentType];
  if (template === undefined) {
    const behavior = integ.passthroughBehavior ?? 'WHEN_NO_MATCH';
    const anyTemplates = Object.keys(templates).length > 0;
    if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && anyTemplates)) {
      reject(flow, ctx, 415, `no request template for ${contentType} and passthroughBehavior is ${behavior}`);
      return gatewayOut(REST_GATEWAY_RESPONSES.UNSUPPORTED_MEDIA_TYPE);
    }
  }
  // contentHandling converts the payload the template (or the passthrough) sees (§5.12).
  const payloadIsBinary = isBinaryMediaType(contentType, ctx.facts.binaryMediaTypes);
  const converted = convertRequestBody(flow.req.body ?? '', integ.contentHandling, payloadIsBinary);
  if (!converted.ok) {
    reject(flow, ctx, 500, 'contentHandling CONVERT_TO_BINARY: the request body is not base64');
    return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  }
  const body = converted.body;
  if (template === undefined) {
    flow.integrationRequest = body;
    return undefined;
  }
  const mapped = renderTraced(flow, ctx, 'request', template, mappingInput(flow, ctx, route, body));
  if (!mapped) return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  flow.integrationRequest = mapped.output;
  if (mapped.statusOverride !== undefined || mapped.headerOverrides)
    flow.responseOverride = {
      ...(mapped.statusOverride !== undefined ? { status: mapped.statusOverride } : {}),
      header: { ...mapped.headerOverrides },
    };
  return undefined;
}

/**
 * The integration response of a non-proxy integration (DG
 * api-gateway-integration-settings-integration-response): the first whose selectionPattern
 * matches the whole selection value (the Lambda errorMessage, or the status code for MOCK), else
 * the default (no pattern); none → 500 ("No match for output mapping and no default output
 * mapping configured"). Then its status, response parameters and response template (chosen by
 * Accept, then application/json, then the first); a template may override the status and
 * headers through `$context.responseOverride` (DG apigateway-override-request-response-parameters).
 */
export function mapResponse(flow: Flow, ctx: RestContext): PhaseResult {
  const endpoint = flow.endpoint;
  if (!endpoint) return undefined;
  const route = routeOf(flow);
  const { chosen, anchored } = selectResponse(ctx, route, endpoint.selection);
  if (!chosen) {
    reject(
      flow,
      ctx,
      500,
      `No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpoint.statusCode}`,
    );
    return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  }
  const out = applyResponse(flow, ctx, route, chosen, endpoint.body, endpoint.source);
  return anchored && !out.unconfirmed ? { ...out, unconfirmed: 'rest-selection-pattern-anchoring' } : out;
}

function mappingInput(
  flow: Flow,
  ctx: RestContext,
  route: ResourceMatch,
  body: string,
  responseOverride?: Flow['responseOverride'],
): MappingInput {
  const context = restRequestContext(ctx.facts, flow.req, flow.facts, routeFacts(route), {
    authorizer: flow.authorizer,
    apiKey: flow.apiKey,
  }) as unknown as Record<string, unknown>;
  // A response template starts from what the request template overrode (rest-response-override).
  if (responseOverride) context.responseOverride = { ...responseOverride, header: { ...responseOverride.header } };
  return {
    body,
    params: { path: route.pathParameters, querystring: flow.req.query.single, header: flow.req.headers },
    context,
    stageVariables: ctx.facts.stageVariables ?? {},
  };
}

/**
 * Applies a mapping template and traces it. Returns undefined when the template failed (the
 * caller answers 500, as AWS does for a template error).
 */
function renderTraced(
  flow: Flow,
  ctx: RestContext,
  direction: 'request' | 'response',
  template: string,
  input: MappingInput,
) {
  const result = renderMapping(template, input);
  record(flow, ctx, {
    kind: 'mapping',
    from: 'gateway',
    to: 'gateway',
    direction,
    mapping: 'vtl',
    ok: result.ok,
    ...(result.ok && result.unconfirmed ? { unconfirmed: result.unconfirmed } : {}),
    ...(result.ok
      ? { outputPreview: preview(result.output) }
      : { error: { message: result.error.message, line: result.error.line, column: result.error.column } }),
    summary: result.ok
      ? `${direction} mapping template applied`
      : `${direction} mapping template failed at line ${result.error.line}, column ${result.error.column}: ${result.error.message}`,
  });
  return result.ok ? result : undefined;
}

/**
 * The first response whose pattern matches the whole value, else the default. `anchored` says
 * whether a pattern that matches only part of the value was passed over, i.e. whether the
 * whole-value choice decided (rest-selection-pattern-anchoring).
 */
function selectResponse(
  ctx: RestContext,
  route: ResourceMatch,
  selection: string,
): { chosen: RestIntegrationResponseDefinition | undefined; anchored: boolean } {
  const responses = route.method.integration.integrationResponses ?? [];
  let anchored = false;
  for (const r of responses) {
    if (!r.selectionPattern) continue;
    if (fullMatch(ctx, r.selectionPattern, selection)) return { chosen: r, anchored };
    if (partialMatch(ctx, r.selectionPattern, selection)) anchored = true;
  }
  return { chosen: responses.find((r) => !r.selectionPattern), anchored };
}

/**
 * Applies the chosen integration response: its status, response parameters and template. The
 * template's `$context.responseOverride` comes last and wins: its status replaces the integration
 * response's (when a whole number from 100 to 599, as LS integration_response.py checks), its
 * headers replace same-named mapped ones ("Override parameters after standard API Gateway mappings
 * have been applied", DG apigateway-override-request-response-parameters).
 */
function applyResponse(
  flow: Flow,
  ctx: RestContext,
  route: ResourceMatch,
  chosen: RestIntegrationResponseDefinition,
  endpointBody: string,
  source: 'integration' | 'mock',
): Outgoing {
  const templates = chosen.responseTemplates ?? {};
  const accept = headerValue(flow.req.headers, 'accept');
  // Accept's first media type picks the template (as it picks binary conversion, DG
  // api-gateway-payload-encodings-workflow), then application/json, then the first (LS integration_response.py).
  const template =
    (accept !== undefined ? templates[firstMediaType(accept) ?? ''] : undefined) ??
    templates['application/json'] ??
    Object.values(templates)[0];
  let body = endpointBody;
  let override = flow.responseOverride;
  const unconfirmed: KnownDifferenceId | undefined = override ? 'rest-response-override' : undefined;
  if (template !== undefined) {
    const mapped = renderTraced(
      flow,
      ctx,
      'response',
      template,
      mappingInput(flow, ctx, route, endpointBody, override),
    );
    if (!mapped) return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
    body = mapped.output;
    if (mapped.statusOverride !== undefined || mapped.headerOverrides)
      override = {
        ...(mapped.statusOverride !== undefined ? { status: mapped.statusOverride } : {}),
        header: { ...mapped.headerOverrides },
      };
  }
  const acceptIsBinary = isBinaryMediaType(accept, ctx.facts.binaryMediaTypes);
  const conversion = convertResponseText(body, chosen.contentHandling, acceptIsBinary);
  if (!conversion.ok) {
    reject(flow, ctx, 500, 'the response body is not base64, so it cannot be converted to binary');
    return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  }
  body = conversion.body;
  let status = Number(chosen.statusCode);
  if (override?.status !== undefined && override.status >= 100 && override.status < 600) status = override.status;
  const headers: [string, string][] = [];
  for (const [target, expr] of Object.entries(chosen.responseParameters ?? {})) {
    const name = target.slice('method.response.header.'.length);
    const value = responseParameter(expr, endpointBody);
    if (value !== undefined) headers.push([name, value]);
  }
  for (const [name, value] of Object.entries(override?.header ?? {})) {
    const lower = name.toLowerCase();
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i][0].toLowerCase() === lower) headers.splice(i, 1);
    headers.push([name, value]);
  }
  return { status, headers, body, source, ...(unconfirmed ? { unconfirmed } : {}) };
}

/**
 * `'literal'`, `integration.response.body` or `integration.response.body.a.b` (DG
 * request-response-data-mappings). Walking into a member whose value is a string of JSON reads
 * that JSON: a Lambda custom error's errorMessage is a JSON string, and "API Gateway deserializes
 * the integration.response.body parameter when performing header mappings" (DG
 * handle-errors-in-lambda-integration), so `integration.response.body.errorMessage.httpStatus`
 * works. An object or list becomes its JSON text.
 */
function responseParameter(expr: string, body: string): string | undefined {
  if (expr.startsWith("'") && expr.endsWith("'")) return expr.slice(1, -1);
  if (expr === 'integration.response.body') return body;
  if (expr.startsWith('integration.response.body.')) {
    let v: unknown;
    try {
      v = JSON.parse(body);
    } catch {
      return undefined;
    }
    for (const k of expr.slice('integration.response.body.'.length).split('.')) {
      if (typeof v === 'string') v = parseJsonOrUndefined(v);
      v = v && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
    }
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : JSON.stringify(v);
  }
  // Integration response headers: a Lambda (non-proxy) or MOCK endpoint returns none the client would see.
  return undefined;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
