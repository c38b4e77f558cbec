/**
 * What a mapping template can see: `$input`, `$context`, `$stageVariables` (DG
 * api-gateway-mapping-template-reference). `$util` needs no data; the interpreter provides it.
 */

/** Request parameters by location, as `$input.params()` returns them. */
export interface VtlParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

/** The data one render reads. Build it with `buildVtlContext`; a render never modifies it. */
export interface VtlContext {
  /** `$input.body`: the raw payload ('' when there is none). */
  body: string;
  /**
   * The payload already parsed as JSON, when the caller has it (e.g. a Lambda's return value
   * for a response template). Otherwise `$input.json`/`$input.path` parse `body` on first use.
   */
  jsonPathRoot?: unknown;
  params: VtlParams;
  /** `$context.*`: requestId, stage, httpMethod, resourcePath, identity.sourceIp, authorizer.*, … */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export interface BuildVtlContextInput {
  body?: string | null;
  jsonPathRoot?: unknown;
  params?: Partial<{
    path: Record<string, string> | null;
    querystring: Record<string, string> | null;
    header: Record<string, string> | null;
  }>;
  context?: Record<string, unknown>;
  stageVariables?: Record<string, string> | null;
}

/**
 * Builds a template context. `$context` gets empty `requestOverride` (`header`, `path`,
 * `querystring`) and `responseOverride` (`header`) maps, which templates fill with
 * `#set($context.responseOverride.status = 400)` (DG apigateway-override-request-response-parameters);
 * `renderTemplate` returns what they set.
 */
export function buildVtlContext(input: BuildVtlContextInput): VtlContext {
  const context = cloneJson(input.context ?? {}) as Record<string, unknown>;
  const reqOverride = asMap(context.requestOverride);
  const resOverride = asMap(context.responseOverride);
  context.requestOverride = {
    header: asMap(reqOverride.header),
    path: asMap(reqOverride.path),
    querystring: asMap(reqOverride.querystring),
  };
  context.responseOverride = { ...resOverride, header: asMap(resOverride.header) };
  const ctx: VtlContext = {
    body: input.body ?? '',
    params: {
      path: { ...(input.params?.path ?? {}) },
      querystring: { ...(input.params?.querystring ?? {}) },
      header: { ...(input.params?.header ?? {}) },
    },
    context,
    stageVariables: { ...(input.stageVariables ?? {}) },
  };
  if (input.jsonPathRoot !== undefined) ctx.jsonPathRoot = input.jsonPathRoot;
  return ctx;
}

function asMap(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
}

/**
 * A deep copy of JSON-like data. Renders work on copies: templates may `#set` into `$context`
 * or into objects from `$input.path`, and the caller's data must not change.
 */
export function cloneJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      Object.defineProperty(out, k, { value: cloneJson(x), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return v;
}
