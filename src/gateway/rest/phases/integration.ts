/**
 * The integration: Lambda proxy (AWS_PROXY), Lambda non-proxy (AWS) and MOCK
 * (docs/aws-behaviour.md §5.2, §5.4; DG set-up-lambda-proxy-integrations,
 * DG how-to-mock-integration).
 */
import type { InvocationOutcome } from '../../core/lambda-integration';
import type { KnownDifferenceId } from '../../core/known-differences';
import { REST_DEFAULT_INTEGRATION_TIMEOUT_MS } from '../definition';
import { decodeBase64Body, isBinaryMediaType } from '../binary';
import { buildRestProxyEvent, headerValue } from '../events';
import { readMockStatusCode } from '../mock-status';
import { REST_GATEWAY_RESPONSES, parseProxyResponse } from '../responses';
import {
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
 * Calls the integration (docs/aws-behaviour.md §5.2, §5.4). A proxy integration answers here:
 * the payload 1.0 event in, the strict proxy response out (a throw, the function's own timeout
 * or a malformed response → 502; the integration timeout first → 504). A non-proxy integration
 * leaves what its endpoint answered in the flow for mapResponse, unless it failed before that
 * (500, 504).
 */
export function integrate(flow: Flow, ctx: RestContext): Promise<PhaseResult> {
  const type = routeOf(flow).method.integration.type;
  if (type === 'AWS_PROXY') return proxy(flow, ctx);
  if (type === 'MOCK') return Promise.resolve(mock(flow, ctx));
  return lambdaNonProxy(flow, ctx);
}

/** Resolves `${stageVariables.name}` in an integration's function name (docs/aws-behaviour.md §5.10). */
function functionName(flow: Flow, ctx: RestContext, template: string): string | undefined {
  const vars = ctx.facts.stageVariables ?? {};
  const name = template.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, v: string) => vars[v] ?? '');
  if (Object.prototype.hasOwnProperty.call(ctx.definition.functions, name)) return name;
  reject(flow, ctx, 500, `the integration names function "${name}", which does not exist`);
  return undefined;
}

/** Invokes the integration's function under the integration's timeout (29 s by default). */
async function invoke(
  flow: Flow,
  ctx: RestContext,
  fn: string,
  event: unknown,
  unconfirmed?: KnownDifferenceId,
): Promise<InvocationOutcome> {
  const { outcome, causeSeq } = await ctx.lambda.invokeForAnswer({
    ...(unconfirmed ? { unconfirmed } : {}),
    role: 'route',
    functionName: fn,
    participant: `integration:${fn}`,
    event,
    routeKey: flow.routeKey,
    eventType: 'REST',
    ids: { requestId: flow.requestId },
    causeSeq: flow.cause,
    timeoutMs: routeOf(flow).method.integration.timeoutInMillis ?? REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
  });
  flow.cause = causeSeq;
  return outcome;
}

async function proxy(flow: Flow, ctx: RestContext): Promise<PhaseResult> {
  const route = routeOf(flow);
  const integration = route.method.integration;
  const fn = functionName(flow, ctx, integration.function ?? '');
  if (!fn) return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  const event = buildRestProxyEvent(ctx.facts, flow.req, flow.facts, routeFacts(route), {
    authorizer: flow.authorizer,
    apiKey: flow.apiKey,
  });
  // UNCONFIRMED: [rest-forwarded-headers] the CloudFront header values an EDGE endpoint adds.
  const label = ctx.facts.endpointType === 'EDGE' ? ('rest-forwarded-headers' as const) : undefined;
  const outcome = await invoke(flow, ctx, fn, event, label);
  if (outcome.kind === 'integration-timeout') return gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_TIMEOUT);
  if (outcome.kind !== 'ok') {
    reject(
      flow,
      ctx,
      502,
      outcome.kind === 'error'
        ? `the function failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
        : 'the function timed out',
    );
    return gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_FAILURE_502);
  }
  const parsed = parseProxyResponse(outcome.value);
  if (!parsed.ok) {
    record(flow, ctx, {
      kind: 'gateway.reject',
      from: 'gateway',
      to: 'gateway',
      status: 502,
      reason: parsed.reason,
      summary: `502: ${parsed.reason}`,
      ...(outcome.value === null || (typeof outcome.value === 'object' && 'body' in (outcome.value as object))
        ? { unconfirmed: 'rest-proxy-response-shape' as const }
        : {}),
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_FAILURE_502);
  }
  if (!parsed.isBase64Encoded)
    return { status: parsed.status, headers: parsed.headers, body: parsed.body, source: 'integration' };
  return binaryProxyBody(flow, ctx, parsed);
}

/**
 * A proxy response with `isBase64Encoded: true` is decoded to its bytes when the request's first
 * Accept type or the response's Content-Type is in binaryMediaTypes (DG api-gateway-payload-encodings:
 * "you must base64-encode your function's response. You must also configure the binaryMediaTypes");
 * otherwise the base64 text is sent as it is (LS test_aws_proxy_response_payload_format_validation,
 * AWS-validated). Which header decides, and base64 that does not decode (502), are known difference
 * rest-binary-media-types.
 */
function binaryProxyBody(
  flow: Flow,
  ctx: RestContext,
  parsed: { status: number; headers: [string, string][]; body: string },
): Outgoing {
  const types = ctx.facts.binaryMediaTypes;
  const contentType = parsed.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const out: Outgoing = { status: parsed.status, headers: parsed.headers, body: parsed.body, source: 'integration' };
  if (!isBinaryMediaType(headerValue(flow.req.headers, 'accept'), types) && !isBinaryMediaType(contentType, types))
    return out;
  const decoded = decodeBase64Body(parsed.body);
  if (decoded === undefined) {
    record(flow, ctx, {
      kind: 'gateway.reject',
      from: 'gateway',
      to: 'gateway',
      status: 502,
      reason: 'isBase64Encoded is true but the body is not base64',
      summary: '502: isBase64Encoded is true but the body is not base64',
      unconfirmed: 'rest-binary-media-types',
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_FAILURE_502);
  }
  return { ...out, body: decoded, unconfirmed: 'rest-binary-media-types' };
}

/**
 * MOCK: the status code comes from the request template's `statusCode` (DG how-to-mock-integration),
 * read as rest/mock-status.ts says; one that cannot be read is 500. What selection patterns
 * match is that status code, as text.
 */
function mock(flow: Flow, ctx: RestContext): PhaseResult {
  const read = readMockStatusCode(flow.integrationRequest ?? '');
  if (!read.ok) {
    record(flow, ctx, {
      kind: 'gateway.reject',
      from: 'gateway',
      to: 'gateway',
      status: 500,
      reason: read.reason,
      summary: `500: ${read.reason}`,
      ...(read.unconfirmed ? { unconfirmed: read.unconfirmed } : {}),
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  }
  const { statusCode } = read;
  record(flow, ctx, {
    kind: 'integration.mock',
    from: 'gateway',
    to: 'gateway',
    statusCode,
    summary: `MOCK integration: ${statusCode}`,
    ...(read.unconfirmed ? { unconfirmed: read.unconfirmed } : {}),
  });
  flow.endpoint = { body: '', selection: String(statusCode), statusCode, source: 'mock' };
  return undefined;
}

/**
 * Non-proxy Lambda: the mapped request body is the event (Lambda takes JSON). What the function
 * returns, or the Node.js runtime's error payload (Lambda DG nodejs-exceptions), is the endpoint
 * response. Selection patterns match the error's errorMessage; a function that succeeded has no
 * error message, so they match the empty string: `.+` picks errors only, and `.*` catches
 * successes too (DG handle-errors-in-lambda-integration; API reference IntegrationResponse).
 */
async function lambdaNonProxy(flow: Flow, ctx: RestContext): Promise<PhaseResult> {
  const integration = routeOf(flow).method.integration;
  const fn = functionName(flow, ctx, integration.function ?? '');
  if (!fn) return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  let event: unknown;
  const text = (flow.integrationRequest ?? '').trim();
  try {
    event = text === '' ? {} : JSON.parse(text);
  } catch {
    record(flow, ctx, {
      kind: 'gateway.reject',
      from: 'gateway',
      to: 'gateway',
      status: 500,
      reason: 'the request to Lambda is not JSON (check the request mapping template)',
      summary: '500: the request to Lambda is not JSON',
      unconfirmed: 'rest-non-proxy-errors',
    });
    return gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
  }
  const started = ctx.clock.now();
  const outcome = await invoke(flow, ctx, fn, event);
  if (outcome.kind === 'integration-timeout') return gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_TIMEOUT);
  let body: string;
  let selection: string;
  if (outcome.kind === 'ok') {
    // A function that returns nothing answers the JSON null, as Lambda's Invoke payload does.
    body = JSON.stringify(outcome.value ?? null);
    selection = '';
  } else if (outcome.kind === 'error') {
    body = JSON.stringify({ errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage, trace: [] });
    selection = outcome.error.errorMessage;
  } else {
    const invocation = ctx.trace
      .ofKind('lambda.invoke')
      .filter((e) => e.requestId === flow.requestId)
      .pop();
    const timeoutS = ctx.lambda.functionConfig(fn).timeout;
    selection = timeoutErrorMessage(started + timeoutS * 1000, invocation?.invocationId ?? flow.requestId, timeoutS);
    body = JSON.stringify({ errorMessage: selection });
  }
  // Lambda's Invoke answers 200 even when the function failed; the "No match" message says so.
  flow.endpoint = { body, selection, statusCode: 200, source: 'integration' };
  return undefined;
}

function timeoutErrorMessage(epochMs: number, requestId: string, timeoutS: number): string {
  return `${new Date(epochMs).toISOString()} ${requestId} Task timed out after ${timeoutS.toFixed(2)} seconds`;
}
