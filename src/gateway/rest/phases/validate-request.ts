/**
 * Request validation: the method's request validator checks required parameters and the body's
 * model (DG api-gateway-method-request-validation; docs/aws-behaviour.md §5.9).
 */
import { headerValue } from '../events';
import { runValidation } from '../features';
import { badRequest } from '../responses';
import { mediaType, paramSources, record, routeOf, type Flow, type PhaseResult, type RestContext } from './flow';
import { gatewayOut } from './respond';

/**
 * When the method names a request validator (DG api-gateway-request-validation-test;
 * docs/aws-behaviour.md §5.9): its required parameters (header, query string, path) must be
 * present and its body must match the model for the Content-Type (application/json when
 * absent); a failure is 400 BAD_REQUEST_PARAMETERS or BAD_REQUEST_BODY with the validator's
 * message, before any integration runs.
 */
export function validateRequest(flow: Flow, ctx: RestContext): PhaseResult {
  const route = routeOf(flow);
  const method = route.method;
  if (!method.requestValidator) return undefined;
  const name = method.requestValidator;
  const validator = ctx.definition.requestValidators?.[name] ?? {};
  const contentType = mediaType(headerValue(flow.req.headers, 'content-type')) ?? 'application/json';
  const result = runValidation({
    validator,
    requiredParameters: Object.entries(method.requestParameters ?? {})
      .filter(([, required]) => required)
      .map(([p]) => p),
    request: paramSources(flow),
    requestModels: method.requestModels,
    models: ctx.definition.models,
    body: flow.req.body ?? undefined,
    contentType,
  });
  record(flow, ctx, {
    kind: 'validation',
    from: 'gateway',
    to: 'gateway',
    outcome: result.ok ? 'ok' : 'failed',
    validator: name,
    ...(result.ok ? {} : { message: result.message }),
    ...(!result.ok && result.unconfirmed ? { unconfirmed: result.unconfirmed } : {}),
    summary: result.ok ? `request validator ${name}: ok` : `400: ${result.message}`,
  });
  if (result.ok) return undefined;
  return gatewayOut(
    badRequest(result.kind === 'parameters' ? 'BAD_REQUEST_PARAMETERS' : 'BAD_REQUEST_BODY', result.message),
  );
}
