/**
 * Thin adapters between the REST pipeline and two feature modules whose results it reshapes:
 * request validation (rest/request-validation.ts) and VTL mapping templates (rest/vtl). Token buckets,
 * quotas and the stage cache (throttle.ts, rest/cache.ts) are used directly.
 */
import type { KnownDifferenceId } from '../core/known-differences';
import { BUILT_IN_MODELS, validateRequest } from './request-validation';
import { buildVtlContext, renderTemplate } from './vtl';

export interface ValidationInput {
  validator: { validateRequestBody?: boolean; validateRequestParameters?: boolean };
  requiredParameters: string[];
  request: { headers: Record<string, string>; querystring: Record<string, string>; path: Record<string, string> };
  requestModels?: Record<string, string>;
  models?: Record<string, Record<string, unknown>>;
  body?: string;
  contentType?: string;
}

/** Runs a request validator (rest/request-validation.ts; DG api-gateway-method-request-validation). */
export function runValidation(
  input: ValidationInput,
): { ok: true } | { ok: false; kind: 'parameters' | 'body'; message: string; unconfirmed?: KnownDifferenceId } {
  const result = validateRequest({ ...input, models: { ...BUILT_IN_MODELS, ...input.models } });
  if (result.ok) return { ok: true };
  return {
    ok: false,
    kind: result.responseType === 'BAD_REQUEST_PARAMETERS' ? 'parameters' : 'body',
    message: result.message,
    ...(result.unconfirmed ? { unconfirmed: result.unconfirmed } : {}),
  };
}

export interface MappingInput {
  body: string;
  params: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> };
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export type MappingResult =
  | {
      ok: true;
      output: string;
      statusOverride?: number;
      headerOverrides?: Record<string, string>;
      /** The render relied on a choice no public source settles: label the trace with it. */
      unconfirmed?: KnownDifferenceId;
    }
  | { ok: false; error: { message: string; line: number; column: number } };

/**
 * Renders a mapping template (rest/vtl) with `$input`, `$context` and `$stageVariables`
 * (DG api-gateway-mapping-template-reference) and returns what it set in
 * `$context.responseOverride` (DG apigateway-override-request-response-parameters).
 */
export function renderMapping(template: string, input: MappingInput): MappingResult {
  const result = renderTemplate(
    template,
    buildVtlContext({
      body: input.body,
      params: input.params,
      context: input.context,
      stageVariables: input.stageVariables,
    }),
  );
  if (!result.ok) return { ok: false, error: result.error };
  const out: MappingResult = {
    ok: true,
    output: result.output,
    ...(result.unconfirmed ? { unconfirmed: result.unconfirmed } : {}),
  };
  if (result.overrides.response.status !== undefined) out.statusOverride = result.overrides.response.status;
  if (Object.keys(result.overrides.response.header).length) out.headerOverrides = result.overrides.response.header;
  return out;
}
