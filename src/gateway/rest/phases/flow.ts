/**
 * What the REST pipeline's phases share: the per-request `Flow`, the per-instance
 * `RestContext`, the response on its way out, the `Phase` signature, and small helpers every
 * phase uses (tracing a step, rejecting, matching a Java regex).
 */
import type { Clock } from '../../core/clock';
import type { IdGenerator } from '../../core/ids';
import type { LambdaIntegration } from '../../core/lambda-integration';
import type { KnownDifferenceId } from '../../core/known-differences';
import type { QuotaCounter, TokenBucket } from '../../core/throttle';
import type { Participant, TraceInput, TraceLog } from '../../core/trace';
import type { CachedResponse, StageCache } from '../cache';
import type {
  RestApiDefinition,
  RestApiKeyDefinition,
  RestMethodSetting,
  RestUsagePlanDefinition,
} from '../definition';
import type { RestApiFacts, RestRequest, RestRequestFacts, RestRouteFacts } from '../events';
import type { ResourceMatch, ResourceTree } from '../resources';
import { compileSafeRegex } from '../vtl/regex';

/** A response on its way out, before the gateway's own headers are added. */
export interface Outgoing {
  status: number;
  headers: [string, string][];
  body: string;
  source: 'integration' | 'gateway' | 'cache' | 'mock';
  errorType?: string;
  unconfirmed?: KnownDifferenceId;
}

/** What a non-proxy integration's endpoint answered, for the integration response to map. */
interface EndpointResult {
  body: string;
  /** What selection patterns match: the Lambda errorMessage ('' when the function succeeded), or MOCK's status code. */
  selection: string;
  /** The endpoint's status code, as the "No match for output mapping" message names it. */
  statusCode: number;
  source: 'integration' | 'mock';
}

/** What one request accumulates on its way through the pipeline. */
export interface Flow {
  req: RestRequest;
  facts: RestRequestFacts;
  participant: Participant;
  requestId: string;
  /** The seq of the latest event: the cause of the next. */
  cause: number;
  /** Set by matchResource; every later phase runs only when it is set. */
  route?: ResourceMatch;
  routeKey: string;
  /** The method ARN the authorizer's policy is evaluated against. */
  arn: string;
  /** Stage.methodSettings for the matched method. */
  setting?: RestMethodSetting;
  authorizer?: Record<string, string>;
  /** The authorizer's raw policy document (for execute-api:InvalidateCache). */
  policyDocument?: unknown;
  usageIdentifierKey?: string;
  apiKey?: { id: string; value: string };
  /** The usage plan of the request's API key, metered by meterUsagePlan. */
  usagePlan?: RestUsagePlanDefinition;
  /** Set by lookupCache on a miss: where the integration's answer is stored. */
  cacheMiss?: { key: string; ttl: number };
  /** The body sent to a non-proxy integration (after the request mapping template). */
  integrationRequest?: string;
  /**
   * What the request template set in `$context.responseOverride`: applied to the method response
   * unless the response template overrides it again (known difference rest-response-override).
   */
  responseOverride?: { status?: number; header: Record<string, string> };
  /** What a non-proxy integration answered, before the integration response maps it. */
  endpoint?: EndpointResult;
}

/** One deployed stage's state, shared by every request (built once by the engine). */
export interface RestContext {
  readonly definition: RestApiDefinition;
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly trace: TraceLog;
  readonly lambda: LambdaIntegration;
  readonly facts: RestApiFacts;
  readonly tree: ResourceTree;
  /** Lambda authorizer results by authorizer and identity, until their TTL. */
  readonly authCache: Map<string, { value: unknown; expiresAt: number }>;
  /** Token buckets: the account's, the stage's, each method's and each usage plan key's. */
  readonly buckets: Map<string, TokenBucket>;
  /** Usage plan quotas, per plan and key. */
  readonly quotas: Map<string, QuotaCounter>;
  /** The stage cache. */
  readonly cache: StageCache<CachedResponse>;
  readonly keysByValue: ReadonlyMap<string, RestApiKeyDefinition>;
  readonly planOfKey: ReadonlyMap<string, RestUsagePlanDefinition>;
  /** Compiled selection patterns and identity validation expressions. */
  readonly patterns: Map<string, RegExp | undefined>;
}

export type PhaseResult = Outgoing | undefined;

/**
 * One step of the REST request path. It returns a response to end the request there (a 403
 * from the API key check, a cache hit, the integration's answer), or undefined to go on. It may
 * be async; a phase with nothing to wait for answers synchronously, so requests interleave as
 * they would if the pipeline were one function.
 */
export type Phase = (flow: Flow, ctx: RestContext) => PhaseResult | Promise<PhaseResult>;

/** The matched resource and method; phases after matchResource run only when there is one. */
export function routeOf(flow: Flow): ResourceMatch {
  if (!flow.route) throw new Error('a REST phase ran before the resource was matched');
  return flow.route;
}

export function routeFacts(route: ResourceMatch): RestRouteFacts {
  return { resourcePath: route.resourcePath, resourceId: route.resourceId, pathParameters: route.pathParameters };
}

/** The request's parameters by location, as request validators and cache keys read them. */
export function paramSources(flow: Flow): {
  headers: Record<string, string>;
  querystring: Record<string, string>;
  path: Record<string, string>;
} {
  return { headers: flow.req.headers, querystring: flow.req.query.single, path: routeOf(flow).pathParameters };
}

/** Appends a trace event caused by the flow's latest one, and makes it the cause of the next. */
export function record(flow: Flow, ctx: RestContext, input: TraceInput): number {
  const e = ctx.trace.append({ causeSeq: flow.cause, requestId: flow.requestId, ...input } as TraceInput);
  flow.cause = e.seq;
  return e.seq;
}

/** Traces why the gateway refused the request (the response itself comes from gatewayOut). */
export function reject(flow: Flow, ctx: RestContext, status: number, reason: string): void {
  record(flow, ctx, {
    kind: 'gateway.reject',
    from: 'gateway',
    to: 'gateway',
    status,
    reason,
    summary: `${status}: ${reason}`,
  });
}

/** The media type of a Content-Type / Accept value, lowercased, without parameters. */
export function mediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = value.split(';')[0].trim().toLowerCase();
  return t === '' ? undefined : t;
}

/**
 * Whether a selection pattern or identity validation expression matches the whole value. It is
 * a Java regex (DG examples write `.*Not Found.*`) from the definition, which may come from a
 * shared link, so it is compiled by rest/vtl's safe compiler (no catastrophic backtracking);
 * validateRestDefinition has already refused patterns it cannot take.
 */
export function fullMatch(ctx: RestContext, pattern: string, value: string): boolean {
  return compiledPattern(ctx, pattern, true)?.test(value) ?? false;
}

/**
 * Whether the pattern matches somewhere in the value (Java's Matcher.find): where that differs
 * from fullMatch, the whole-value choice decided (known difference rest-selection-pattern-anchoring).
 */
export function partialMatch(ctx: RestContext, pattern: string, value: string): boolean {
  return compiledPattern(ctx, pattern, false)?.test(value) ?? false;
}

function compiledPattern(ctx: RestContext, pattern: string, whole: boolean): RegExp | undefined {
  const key = whole ? pattern : `\u0000find:${pattern}`;
  if (!ctx.patterns.has(key)) {
    const compiled = compileSafeRegex(pattern, 'java');
    ctx.patterns.set(
      key,
      compiled.ok
        ? new RegExp(whole ? `^(?:${compiled.regex.source})$` : compiled.regex.source, compiled.regex.flags)
        : undefined,
    );
  }
  return ctx.patterns.get(key);
}
