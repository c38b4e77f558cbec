/**
 * The REST API engine: one deployed stage of an API Gateway REST (v1) API, with its own Clock,
 * ids and trace (aws-api-gateway.md §4, §5). One request walks the pipeline AWS documents in
 * its execution logs:
 *
 *   http.request → stage + resource/method (403 Missing Authentication Token)
 *   → throttle (account, stage or method) → Lambda authorizer (TOKEN/REQUEST, policy cache)
 *   → API key + usage plan (throttle, quota) → request validation → stage cache
 *   → integration (AWS_PROXY | AWS with VTL mapping | MOCK) → http.response
 *
 * Every step appends a TraceEvent stamped with the request id and the event that caused it.
 */
import { createInstanceCore } from '../instance';
import { PendingWork } from '../pending-work';
import type { Clock } from '../clock';
import type { CreateHttpLikeApiOptions, GatewayHttpRequest, GatewayHttpResponse, HttpLikeApi } from '../http-types';
import { modelBrowserFetch } from '../core/browser-cors';
import { IdGenerator } from '../ids';
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, QuotaCounter, TokenBucket } from '../throttle';
import { LambdaIntegration, type InvocationOutcome } from '../integration/lambda';
import type { KnownDifferenceId } from '../known-differences';
import { TraceLog, type Participant, type TraceInput } from '../trace';
import { policyAllows } from '../core/iam-policy';
import { clfFormatter } from '../core/request';
import { DEFAULT_SOURCE_IP } from '../core/request-defaults';
import {
  evaluateRestAuthorizerResponse,
  identitySourceList,
  methodArn,
  parseRestIdentitySource,
  resolveRestIdentity,
} from './authorizer';
import {
  REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
  REST_DEFAULT_TOKEN_SOURCE,
  type RestApiDefinition,
  type RestApiKeyDefinition,
  type RestAuthorizerDefinition,
  type RestIntegrationResponseDefinition,
  type RestMethodDefinition,
  type RestMethodSetting,
  type RestUsagePlanDefinition,
} from './definition';
import {
  buildRequestAuthorizerEvent,
  buildRestProxyEvent,
  headerPairs as groupPairs,
  headerValue,
  parseRestRequest,
  restRequestContext,
  type RestApiFacts,
  type RestRequest,
  type RestRequestFacts,
  type RestRouteFacts,
} from './events';
import { renderMapping, runValidation, type MappingInput } from './features';
import { StageCache, cacheKey, requestsCacheInvalidation, type CachedResponse } from './cache';
import { compileSafeRegex } from './vtl/regex';
import { ResourceTree, type ResourceMatch } from './resources';
import { REST_GATEWAY_RESPONSES, badRequest, parseProxyResponse, type GatewayResponseSpec } from './responses';
import { formatRestDefinitionErrors, validateRestDefinition } from './validate-definition';

/** A REST API stage: the shared HTTP contract plus what tests and the UI need. */
export interface RestApi extends HttpLikeApi {
  readonly protocolType: 'REST';
  readonly definition: RestApiDefinition;
  /** Resolves when no invocation is in flight (a function may run on after an integration timeout). */
  whenIdle(): Promise<void>;
  /** The resource tree with the ids AWS would show (`resourceId`). */
  resources(): { path: string; resourceId: string; methods: string[] }[];
}

/** A response on its way out, before the gateway's own headers are added. */
interface Outgoing {
  status: number;
  headers: [string, string][];
  body: string;
  source: 'integration' | 'gateway' | 'cache' | 'mock';
  errorType?: string;
  unconfirmed?: KnownDifferenceId;
}

/** What one request accumulates on its way through the pipeline. */
interface Flow {
  req: RestRequest;
  facts: RestRequestFacts;
  participant: Participant;
  requestId: string;
  /** The seq of the latest event: the cause of the next. */
  cause: number;
  route?: ResourceMatch;
  routeKey: string;
  arn: string;
  authorizer?: Record<string, string>;
  /** The authorizer's raw policy document (for execute-api:InvalidateCache). */
  policyDocument?: unknown;
  usageIdentifierKey?: string;
  apiKey?: { id: string; value: string };
}

interface AuthCacheEntry {
  value: unknown;
  expiresAt: number;
}

function preview(text: string, max = 2048): string {
  return text.length <= max ? text : text.slice(0, max) + '…';
}

/** The media type of a Content-Type / Accept value, lowercased, without parameters. */
function mediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = value.split(';')[0].trim().toLowerCase();
  return t === '' ? undefined : t;
}

/**
 * A selection pattern or identity validation expression is a Java regex that must match the
 * whole value (DG examples write `.*Not Found.*`). It comes from the definition, which may come
 * from a shared link, so it is compiled by rest/vtl's safe compiler (no catastrophic
 * backtracking); validateRestDefinition has already refused patterns it cannot take.
 */
function compileFullMatch(pattern: string): RegExp | undefined {
  const compiled = compileSafeRegex(pattern, 'java');
  return compiled.ok ? new RegExp(`^(?:${compiled.regex.source})$`, compiled.regex.flags) : undefined;
}

/** What the stage cache keeps of an integration response (the gateway adds its per-request headers again). */
function toCached(out: Outgoing): CachedResponse {
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of out.headers) (multi[k] ??= []).push(v);
  for (const [k, values] of Object.entries(multi)) headers[k] = values.join(', ');
  const cached: CachedResponse = { status: out.status, headers, body: out.body };
  const repeated = Object.fromEntries(Object.entries(multi).filter(([, v]) => v.length > 1));
  if (Object.keys(repeated).length) cached.multiValueHeaders = repeated;
  return cached;
}

function timeoutErrorMessage(epochMs: number, requestId: string, timeoutS: number): string {
  return `${new Date(epochMs).toISOString()} ${requestId} Task timed out after ${timeoutS.toFixed(2)} seconds`;
}

class RestEngine implements RestApi {
  readonly protocolType = 'REST' as const;
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly url: string;
  readonly clock: Clock;
  readonly trace: TraceLog;
  readonly definition: RestApiDefinition;

  readonly #ids: IdGenerator;
  readonly #accountId: string;
  readonly #facts: RestApiFacts;
  readonly #tree: ResourceTree;
  readonly #lambda: LambdaIntegration;
  readonly #clf = clfFormatter();
  readonly #authCache = new Map<string, AuthCacheEntry>();
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #quotas = new Map<string, QuotaCounter>();
  readonly #cache = new StageCache<CachedResponse>();
  readonly #keysByValue = new Map<string, RestApiKeyDefinition>();
  readonly #planOfKey = new Map<string, RestUsagePlanDefinition>();
  readonly #patterns = new Map<string, RegExp | undefined>();
  /** The http.response event of each response handed out (the cause of the CORS verdict). */
  readonly #responseSeq = new WeakMap<GatewayHttpResponse, number>();
  #clientCount = 0;
  #disposed = false;
  readonly #work: PendingWork;

  constructor(options: CreateHttpLikeApiOptions<RestApiDefinition>) {
    const checked = validateRestDefinition(options.definition);
    if (!checked.ok) throw new Error(`Invalid REST API definition:\n${formatRestDefinitionErrors(checked.errors)}`);
    const def = checked.definition;
    this.definition = def;
    const core = createInstanceCore(options, def, 'dev');
    this.clock = core.clock;
    this.#ids = core.ids;
    this.#accountId = core.accountId;
    this.apiId = core.apiId;
    this.region = core.region;
    this.stage = core.stage;
    this.trace = core.trace;
    this.#lambda = core.lambda;
    this.#work = core.work;
    const domainName = core.domainName;
    this.url = `https://${domainName}/${this.stage}`;
    const vars = def.stage?.variables;
    this.#facts = {
      accountId: this.#accountId,
      apiId: this.apiId,
      stage: this.stage,
      domainName,
      // A deployment id: 6 lowercase alphanumerics, like every id in the §5.2 capture's family.
      deploymentId: this.#ids.apiId().slice(0, 6),
      endpointType: def.endpointConfiguration?.types[0] ?? 'EDGE',
      stageVariables: vars && Object.keys(vars).length ? { ...vars } : null,
    };
    // Root resource ids are 10 characters, child resource ids 6 (as the console shows them).
    this.#tree = new ResourceTree(def.resources, (root) => (root ? this.#ids.apiId() : this.#ids.apiId().slice(0, 6)));
    for (const key of def.apiKeys ?? []) this.#keysByValue.set(key.value, key);
    // A key belongs to at most one plan per stage (AWS rejects a second); the first one wins here.
    for (const plan of def.usagePlans ?? [])
      for (const id of plan.apiKeys) if (!this.#planOfKey.has(id)) this.#planOfKey.set(id, plan);
  }

  #fullMatch(pattern: string, value: string): boolean {
    if (!this.#patterns.has(pattern)) this.#patterns.set(pattern, compileFullMatch(pattern));
    return this.#patterns.get(pattern)?.test(value) ?? false;
  }

  // ---------------------------------------------------------------- lifecycle

  whenIdle(): Promise<void> {
    return this.#work.whenIdle();
  }

  resources(): { path: string; resourceId: string; methods: string[] }[] {
    return this.#tree.list();
  }

  advanceClock(ms: number): void {
    ms = Math.max(0, ms);
    this.trace.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms, summary: `clock +${ms} ms` });
    this.clock.advance(ms);
  }

  dispose(): void {
    this.#disposed = true;
    this.#lambda.dispose();
    this.#authCache.clear();
    this.#buckets.clear();
    this.#quotas.clear();
  }

  // ---------------------------------------------------------------- the pipeline

  async handle(request: GatewayHttpRequest): Promise<GatewayHttpResponse> {
    if (this.#disposed) throw new Error('This REST API has been disposed');
    this.#work.begin();
    try {
      const origin = request.origin;
      const urlOrigin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(request.url)?.[0] ?? '';
      if (origin === undefined || origin.toLowerCase() === urlOrigin.toLowerCase()) return await this.#handle(request);
      return await this.#crossOrigin(request, origin);
    } finally {
      this.#work.end();
    }
  }

  /**
   * A page on another origin calls the API. In fake mode the browser sends no preflight to an
   * intercepted request, so the engine models what the browser would do (DESIGN.md
   * constraints; Fetch "CORS protocol"): an OPTIONS preflight through the normal pipeline for a
   * non-simple request, then the check of the actual response. A REST API answers the preflight
   * only through an OPTIONS (or ANY) method you define, and its gateway responses (403, 429,
   * 502…) carry no CORS headers (reference §5.6), so the browser hides those errors.
   */
  #crossOrigin(request: GatewayHttpRequest, origin: string): Promise<GatewayHttpResponse> {
    return modelBrowserFetch({
      trace: this.trace,
      request: { ...request, clientName: request.clientName ?? `client-${++this.#clientCount}` },
      origin,
      headers: groupPairs(request.headers),
      exchange: (r) => this.#handle(r),
      requestIdOf: (r) => r.headers['x-amzn-RequestId'],
      seqOf: (r) => this.#responseSeq.get(r),
    });
  }

  #append(flow: Flow, input: TraceInput): number {
    const e = this.trace.append({ causeSeq: flow.cause, requestId: flow.requestId, ...input } as TraceInput);
    flow.cause = e.seq;
    return e.seq;
  }

  async #handle(request: GatewayHttpRequest): Promise<GatewayHttpResponse> {
    const req = parseRestRequest(request, {
      sourceIp: DEFAULT_SOURCE_IP,
      clientName: request.clientName ?? `client-${++this.#clientCount}`,
    });
    const now = this.clock.now();
    const requestId = this.#ids.uuid();
    const facts: RestRequestFacts = {
      requestId,
      extendedRequestId: this.#ids.awsId(),
      requestTime: this.#clf(now),
      requestTimeEpoch: now,
      traceId: this.#ids.traceId(now),
    };
    if (this.#facts.endpointType === 'EDGE')
      facts.cloudFront = {
        via: `2.0 ${this.#ids.uuid().replace(/-/g, '')}.cloudfront.net (CloudFront)`,
        // X-Amz-Cf-Id: 56 characters of URL-safe base64 ending in "==".
        cfId:
          [0, 1, 2, 3]
            .map(() => this.#ids.awsId().slice(0, 15))
            .join('')
            .slice(0, 54) + '==',
        edgeIp: '130.176.0.1',
      };
    const participant: Participant = `client:${req.clientName}`;
    const flow: Flow = { req, facts, participant, requestId, cause: 0, routeKey: '', arn: '' };
    const bodyText = req.body ?? '';
    const first = this.trace.append({
      kind: 'http.request',
      from: participant,
      to: 'gateway',
      requestId,
      method: req.method,
      path: `/${req.stage}${req.path === '/' ? '' : req.path}`,
      query: req.query.raw,
      headers: { ...req.headers },
      bodySize: bodyText.length,
      bodyPreview: preview(bodyText),
      summary: `${req.method} /${req.stage}${req.path === '/' ? '' : req.path}${req.query.raw ? '?' + req.query.raw : ''}`,
    });
    flow.cause = first.seq;

    // Stage and resource (reference §5.5, §5.10): anything unknown is 403 Missing Authentication Token.
    const route = req.stage === this.stage ? this.#tree.match(req.method, req.path) : undefined;
    if (!route) {
      this.#append(flow, {
        kind: 'http.route',
        from: 'gateway',
        to: 'gateway',
        routeKey: null,
        match: 'none',
        summary:
          req.stage !== this.stage
            ? `no stage "${req.stage}" (this API's stage is "${this.stage}")`
            : `no ${req.method} method on a resource matching ${req.path}`,
      });
      return this.#gatewayResponse(flow, REST_GATEWAY_RESPONSES.MISSING_AUTHENTICATION_TOKEN);
    }
    flow.route = route;
    flow.routeKey = `${route.methodKey} ${route.resourcePath}`;
    flow.arn = methodArn(this.region, this.#accountId, this.apiId, this.stage, req.method, req.path);
    this.#append(flow, {
      kind: 'http.route',
      from: 'gateway',
      to: 'gateway',
      routeKey: flow.routeKey,
      match: route.match,
      ...(Object.keys(route.pathParameters).length ? { pathParameters: { ...route.pathParameters } } : {}),
      summary: `resource ${route.resourcePath}, method ${route.methodKey}`,
    });
    const method = route.method;
    const setting = this.#methodSetting(route);

    const throttled = this.#throttle(flow, route, setting);
    if (throttled) return this.#gatewayResponse(flow, throttled);

    if (method.authorizationType === 'CUSTOM' && method.authorizer) {
      const denied = await this.#authorize(flow, method.authorizer, route);
      if (denied) return this.#gatewayResponse(flow, denied);
    }

    if (method.apiKeyRequired) {
      const rejected = this.#checkApiKey(flow);
      if (rejected) return this.#gatewayResponse(flow, rejected);
    }

    if (method.requestValidator) {
      const invalid = this.#validate(flow, method, route);
      if (invalid) return this.#gatewayResponse(flow, invalid);
    }

    // The stage cache (DG api-gateway-caching).
    const caching = this.#cachePlan(flow, route, setting);
    if (caching.kind === 'reject') return this.#gatewayResponse(flow, caching.spec);
    if (caching.kind === 'hit') return this.#finish(flow, { ...caching.response, source: 'cache' });

    const out = await this.#integrate(flow, method, route);
    if (caching.kind === 'miss' && out.source !== 'gateway' && out.status >= 200 && out.status < 300) {
      const stored = this.#cache.set(caching.key, toCached(out), caching.ttl, this.clock.now());
      if (stored.stored)
        this.#append(flow, {
          kind: 'cache',
          from: 'gateway',
          to: 'gateway',
          outcome: 'STORE',
          key: caching.key,
          ttlSeconds: caching.ttl,
          summary: `cache STORE for ${caching.ttl} s`,
          unconfirmed: 'rest-cache-key',
        });
    }
    return this.#finish(flow, out);
  }

  // ---------------------------------------------------------------- responses

  #gatewayResponse(flow: Flow, spec: GatewayResponseSpec): GatewayHttpResponse {
    const headers: [string, string][] = [['Content-Type', 'application/json']];
    if (spec.errorType) headers.push(['x-amzn-ErrorType', spec.errorType]);
    return this.#finish(flow, {
      status: spec.status,
      headers,
      body: spec.body,
      source: 'gateway',
      errorType: spec.errorType,
      unconfirmed: spec.unconfirmed,
    });
  }

  /** Adds the gateway's own headers, traces http.response and builds the client's view. */
  #finish(flow: Flow, out: Outgoing): GatewayHttpResponse {
    const all: [string, string][] = [...out.headers];
    const has = (n: string) => all.some(([k]) => k.toLowerCase() === n.toLowerCase());
    if (!has('content-type')) all.push(['Content-Type', 'application/json']);
    // Every REST response carries the request id and API Gateway's extended id.
    all.push(['x-amzn-RequestId', flow.requestId], ['x-amz-apigw-id', flow.facts.extendedRequestId]);
    if (out.source !== 'gateway') all.push(['X-Amzn-Trace-Id', flow.facts.traceId]);
    const headers: Record<string, string> = {};
    const multi: Record<string, string[]> = {};
    const names = new Map<string, string>();
    for (const [k, v] of all) {
      const lower = k.toLowerCase();
      const name = names.get(lower) ?? k;
      names.set(lower, name);
      (multi[name] ??= []).push(v);
    }
    const repeated: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(multi)) {
      headers[name] = values.join(', ');
      if (values.length > 1) repeated[name] = values;
    }
    // A HEAD response has no body on the wire.
    const body = flow.req.method === 'HEAD' ? '' : out.body;
    this.#append(flow, {
      kind: 'http.response',
      from: 'gateway',
      to: flow.participant,
      status: out.status,
      headers: { ...headers },
      bodySize: body.length,
      bodyPreview: preview(body),
      source: out.source,
      ...(out.errorType && out.source === 'gateway' ? { errorType: out.errorType } : {}),
      ...(out.unconfirmed ? { unconfirmed: out.unconfirmed } : {}),
      summary: `${out.status}${out.source === 'cache' ? ' (from cache)' : ''}`,
    });
    const response: GatewayHttpResponse = { status: out.status, headers, body };
    if (Object.keys(repeated).length) response.multiValueHeaders = repeated;
    this.#responseSeq.set(response, flow.cause);
    return response;
  }

  // ---------------------------------------------------------------- throttling

  #bucket(key: string, rate: number, burst: number): TokenBucket {
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = new TokenBucket({ rate, burst, now: this.clock.now() })));
    return b;
  }

  /** Stage.methodSettings for this method: `{resourcePath}/{METHOD}` over `*\/*` (apigateway Stage.methodSettings). */
  #methodSetting(route: ResourceMatch): RestMethodSetting | undefined {
    const settings = this.definition.stage?.methodSettings;
    if (!settings) return undefined;
    const wanted = `${route.resourcePath}/${route.methodKey}`;
    for (const [k, v] of Object.entries(settings))
      if (k.replace(/~1/g, '/') === wanted) return { ...settings['*/*'], ...v };
    return settings['*/*'];
  }

  /**
   * Token buckets in front of everything else: the account's (10,000 rps / 5,000 burst), then
   * the method's throttle from methodSettings, or else the stage's (DG api-gateway-request-throttling:
   * method-level limits override the stage's). Usage-plan limits come later, with the API key.
   */
  #throttle(flow: Flow, route: ResourceMatch, setting: RestMethodSetting | undefined): GatewayResponseSpec | undefined {
    const now = this.clock.now();
    const account = this.#bucket('account', ACCOUNT_RATE_LIMIT, ACCOUNT_BURST_LIMIT).take(now);
    if (!account.ok) {
      this.#append(flow, {
        kind: 'throttle',
        from: 'gateway',
        to: 'gateway',
        scope: 'account',
        outcome: 'throttled',
        tokensLeft: 0,
        summary: 'account throttle: 429',
        unconfirmed: 'rest-throttled-body',
      });
      return REST_GATEWAY_RESPONSES.THROTTLED;
    }
    let scope: 'stage' | 'route' | undefined;
    let limits: { rate: number; burst: number } | undefined;
    if (setting?.throttlingRateLimit !== undefined || setting?.throttlingBurstLimit !== undefined) {
      scope = 'route';
      limits = {
        rate: setting.throttlingRateLimit ?? ACCOUNT_RATE_LIMIT,
        burst: setting.throttlingBurstLimit ?? ACCOUNT_BURST_LIMIT,
      };
    } else if (this.definition.stage?.throttle) {
      scope = 'stage';
      limits = { rate: this.definition.stage.throttle.rateLimit, burst: this.definition.stage.throttle.burstLimit };
    }
    if (!scope || !limits) return undefined;
    const key = scope === 'route' ? `route:${route.methodKey} ${route.resourcePath}` : 'stage';
    const taken = this.#bucket(key, limits.rate, limits.burst).take(now);
    this.#append(flow, {
      kind: 'throttle',
      from: 'gateway',
      to: 'gateway',
      scope,
      outcome: taken.ok ? 'allowed' : 'throttled',
      tokensLeft: taken.tokensLeft,
      summary: `${scope === 'route' ? 'method' : 'stage'} throttle ${limits.rate}/s burst ${limits.burst}: ${taken.ok ? `ok, ${taken.tokensLeft} left` : '429'}`,
      ...(taken.ok ? {} : { unconfirmed: 'rest-throttled-body' as const }),
    });
    return taken.ok ? undefined : REST_GATEWAY_RESPONSES.THROTTLED;
  }

  // ---------------------------------------------------------------- authorizers

  #routeFacts(route: ResourceMatch): RestRouteFacts {
    return { resourcePath: route.resourcePath, resourceId: route.resourceId, pathParameters: route.pathParameters };
  }

  #reject(flow: Flow, status: number, reason: string): void {
    this.#append(flow, {
      kind: 'gateway.reject',
      from: 'gateway',
      to: 'gateway',
      status,
      reason,
      summary: `${status}: ${reason}`,
    });
  }

  /**
   * Runs the method's Lambda authorizer (DG apigateway-use-lambda-authorizer; reference §5.7)
   * and returns the gateway response when the request may not go on. The authorizer's
   * response is cached per identity for authorizerResultTtlInSeconds and evaluated against
   * each request's own method ARN, so a cached policy that only covers one method denies the
   * others (403).
   */
  async #authorize(flow: Flow, name: string, route: ResourceMatch): Promise<GatewayResponseSpec | undefined> {
    const def = this.definition.authorizers?.[name] as RestAuthorizerDefinition;
    const { req } = flow;
    const fn = def.function;
    let identity: Record<string, string>;
    let event: unknown;
    if (def.type === 'TOKEN') {
      const source = def.identitySource ?? REST_DEFAULT_TOKEN_SOURCE;
      const header = parseRestIdentitySource(source)?.name ?? 'Authorization';
      const token = headerValue(req.headers, header);
      if (token === undefined || token === '') {
        this.#reject(flow, 401, `identity source ${source} is missing`);
        return REST_GATEWAY_RESPONSES.UNAUTHORIZED;
      }
      if (def.identityValidationExpression !== undefined && !this.#fullMatch(def.identityValidationExpression, token)) {
        this.#reject(
          flow,
          401,
          `the token does not match identityValidationExpression ${def.identityValidationExpression}`,
        );
        return REST_GATEWAY_RESPONSES.UNAUTHORIZED;
      }
      identity = { [source]: token };
      event = { type: 'TOKEN', authorizationToken: token, methodArn: flow.arn };
    } else {
      const sources = identitySourceList(def.identitySource);
      const resolved = resolveRestIdentity(sources, {
        headers: req.headers,
        query: req.query.single,
        stageVariables: this.#facts.stageVariables ?? {},
        requestContext: restRequestContext(this.#facts, req, flow.facts, this.#routeFacts(route)),
      });
      if (!resolved.ok) {
        this.#reject(flow, 401, `identity source ${resolved.missing} is missing`);
        return REST_GATEWAY_RESPONSES.UNAUTHORIZED;
      }
      identity = resolved.identity;
      event = buildRequestAuthorizerEvent(this.#facts, req, flow.facts, this.#routeFacts(route), flow.arn);
    }

    const ttl = def.authorizerResultTtlInSeconds ?? 300;
    const cacheable = ttl > 0 && Object.keys(identity).length > 0;
    const cacheKey = `${name}\u0000${Object.values(identity).join('\u0000')}`;
    const now = this.clock.now();
    let value: unknown;
    let cached = false;
    const hit = cacheable ? this.#authCache.get(cacheKey) : undefined;
    if (hit && hit.expiresAt > now) {
      value = hit.value;
      cached = true;
    } else {
      if (hit) this.#authCache.delete(cacheKey);
      const { outcome, causeSeq } = await this.#lambda.invokeForAnswer({
        role: 'authorizer',
        functionName: fn,
        participant: `authorizer:${fn}`,
        event,
        routeKey: flow.routeKey,
        eventType: def.type,
        ids: { requestId: flow.requestId },
        causeSeq: flow.cause,
        timeoutMs: REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
        identity,
      });
      flow.cause = causeSeq;
      const failed = this.#authorizerFailure(outcome);
      if (failed) {
        this.#append(flow, {
          kind: 'authorizer.result',
          from: `authorizer:${fn}`,
          to: 'gateway',
          functionName: fn,
          decision: failed.decision,
          status: failed.spec.status,
          summary: `${failed.decision === 'unauthorized' ? '401 Unauthorized' : '500 authorizer failure'}: ${failed.reason}`,
          ...(failed.spec.unconfirmed ? { unconfirmed: failed.spec.unconfirmed } : {}),
        });
        return failed.spec;
      }
      value = (outcome as { value: unknown }).value;
    }

    const decision = evaluateRestAuthorizerResponse(value, flow.arn);
    if (decision.decision === 'error') {
      this.#append(flow, {
        kind: 'authorizer.result',
        from: cached ? 'gateway' : `authorizer:${fn}`,
        to: 'gateway',
        functionName: fn,
        decision: 'error',
        status: 500,
        summary: `500 authorizer failure: ${decision.reason}`,
        unconfirmed: 'rest-authorizer-bodies',
      });
      return REST_GATEWAY_RESPONSES.AUTHORIZER_CONFIGURATION_ERROR;
    }
    if (!cached && cacheable) this.#authCache.set(cacheKey, { value, expiresAt: now + ttl * 1000 });
    if (decision.decision === 'deny') {
      const spec = decision.explicit
        ? REST_GATEWAY_RESPONSES.ACCESS_DENIED_EXPLICIT
        : REST_GATEWAY_RESPONSES.ACCESS_DENIED;
      this.#append(flow, {
        kind: 'authorizer.result',
        from: cached ? 'gateway' : `authorizer:${fn}`,
        to: 'gateway',
        functionName: fn,
        decision: 'deny',
        status: 403,
        principalId: decision.principalId,
        summary: `403${cached ? ' (cached policy)' : ''}: ${decision.reason}`,
        unconfirmed: 'rest-authorizer-bodies',
      });
      return spec;
    }
    this.#append(flow, {
      kind: 'authorizer.result',
      from: cached ? 'gateway' : `authorizer:${fn}`,
      to: 'gateway',
      functionName: fn,
      decision: 'allow',
      status: 200,
      principalId: decision.principalId,
      summary: `allowed ${decision.principalId}${cached ? ' (cached policy)' : ''}`,
    });
    flow.authorizer = decision.authorizer;
    flow.policyDocument = (value as { policyDocument?: unknown }).policyDocument;
    flow.usageIdentifierKey = decision.usageIdentifierKey;
    return undefined;
  }

  /**
   * What an authorizer invocation that returned no policy means (§5.7): an error whose message
   * is exactly "Unauthorized" (`throw new Error('Unauthorized')`, `callback('Unauthorized')`)
   * is 401; any other error, a timeout, or no answer is an authorizer failure (500).
   */
  #authorizerFailure(
    outcome: InvocationOutcome,
  ): { decision: 'unauthorized' | 'error'; spec: GatewayResponseSpec; reason: string } | undefined {
    if (outcome.kind === 'ok') return undefined;
    if (outcome.kind === 'error' && outcome.error.errorMessage === 'Unauthorized')
      return {
        decision: 'unauthorized',
        spec: REST_GATEWAY_RESPONSES.UNAUTHORIZED,
        reason: 'the authorizer said "Unauthorized"',
      };
    const reason =
      outcome.kind === 'error'
        ? `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
        : outcome.kind === 'function-timeout'
          ? 'the authorizer timed out'
          : 'the authorizer did not answer in time';
    return { decision: 'error', spec: REST_GATEWAY_RESPONSES.AUTHORIZER_CONFIGURATION_ERROR, reason };
  }

  // ---------------------------------------------------------------- API keys and usage plans

  /**
   * API keys and usage plans (reference §5.8, DG api-gateway-api-usage-plans): the key comes
   * from `x-api-key` (or the authorizer's usageIdentifierKey when apiKeySource is AUTHORIZER);
   * missing, unknown, disabled, or in no plan of this stage → 403 Forbidden. Then the plan's
   * per-key token bucket (429 Too Many Requests) and quota (429 Limit Exceeded).
   */
  #checkApiKey(flow: Flow): GatewayResponseSpec | undefined {
    const fromAuthorizer = this.definition.apiKeySource === 'AUTHORIZER';
    const value = fromAuthorizer ? flow.usageIdentifierKey : headerValue(flow.req.headers, 'x-api-key');
    const check = (
      outcome: 'ok' | 'missing' | 'invalid' | 'disabled' | 'not-in-plan',
      summary: string,
      keyId?: string,
    ) =>
      this.#append(flow, {
        kind: 'apikey.check',
        from: 'gateway',
        to: 'gateway',
        outcome,
        ...(keyId ? { keyId } : {}),
        summary,
      });
    if (value === undefined || value === '') {
      check('missing', fromAuthorizer ? 'the authorizer returned no usageIdentifierKey' : 'no x-api-key header');
      return REST_GATEWAY_RESPONSES.INVALID_API_KEY;
    }
    const key = this.#keysByValue.get(value);
    if (!key) {
      check('invalid', 'no API key has this value');
      return REST_GATEWAY_RESPONSES.INVALID_API_KEY;
    }
    if (key.enabled === false) {
      check('disabled', `API key ${key.name} is disabled`, key.id);
      return REST_GATEWAY_RESPONSES.INVALID_API_KEY;
    }
    const plan = this.#planOfKey.get(key.id);
    if (!plan) {
      check('not-in-plan', `API key ${key.name} is in no usage plan for stage ${this.stage}`, key.id);
      return REST_GATEWAY_RESPONSES.INVALID_API_KEY;
    }
    check('ok', `API key ${key.name} (usage plan ${plan.name})`, key.id);
    flow.apiKey = { id: key.id, value: key.value };
    if (!plan.throttle && !plan.quota) return undefined;
    const now = this.clock.now();
    let tokensLeft: number | undefined;
    if (plan.throttle) {
      const taken = this.#bucket(`plan:${plan.name}:${key.id}`, plan.throttle.rateLimit, plan.throttle.burstLimit).take(
        now,
      );
      tokensLeft = taken.tokensLeft;
      if (!taken.ok) {
        this.#append(flow, {
          kind: 'throttle',
          from: 'gateway',
          to: 'gateway',
          scope: 'usage-plan',
          outcome: 'throttled',
          tokensLeft: 0,
          summary: `usage plan ${plan.name}: ${plan.throttle.rateLimit}/s burst ${plan.throttle.burstLimit} exceeded: 429`,
          unconfirmed: 'rest-throttled-body',
        });
        return REST_GATEWAY_RESPONSES.THROTTLED;
      }
    }
    let quotaLeft: number | undefined;
    if (plan.quota) {
      const qkey = `plan:${plan.name}:${key.id}`;
      let quota = this.#quotas.get(qkey);
      if (!quota)
        this.#quotas.set(qkey, (quota = new QuotaCounter({ limit: plan.quota.limit, period: plan.quota.period, now })));
      const used = quota.consume(now);
      quotaLeft = used.remaining;
      if (!used.ok) {
        this.#append(flow, {
          kind: 'throttle',
          from: 'gateway',
          to: 'gateway',
          scope: 'usage-plan',
          outcome: 'quota-exceeded',
          quotaLeft: 0,
          summary: `usage plan ${plan.name}: quota of ${plan.quota.limit} per ${plan.quota.period} used up: 429`,
        });
        return REST_GATEWAY_RESPONSES.QUOTA_EXCEEDED;
      }
    }
    this.#append(flow, {
      kind: 'throttle',
      from: 'gateway',
      to: 'gateway',
      scope: 'usage-plan',
      outcome: 'allowed',
      ...(tokensLeft !== undefined ? { tokensLeft } : {}),
      ...(quotaLeft !== undefined ? { quotaLeft } : {}),
      summary: `usage plan ${plan.name}: ok${tokensLeft !== undefined ? `, ${tokensLeft} tokens left` : ''}${quotaLeft !== undefined ? `, quota ${quotaLeft} left` : ''}`,
    });
    return undefined;
  }

  // ---------------------------------------------------------------- request validation

  #paramSources(flow: Flow, route: ResourceMatch) {
    return { headers: flow.req.headers, querystring: flow.req.query.single, path: route.pathParameters };
  }

  /** Request validators (reference §5.9, DG api-gateway-method-request-validation). */
  #validate(flow: Flow, method: RestMethodDefinition, route: ResourceMatch): GatewayResponseSpec | undefined {
    const name = method.requestValidator as string;
    const validator = this.definition.requestValidators?.[name] ?? {};
    const contentType = mediaType(headerValue(flow.req.headers, 'content-type')) ?? 'application/json';
    const result = runValidation({
      validator,
      requiredParameters: Object.entries(method.requestParameters ?? {})
        .filter(([, required]) => required)
        .map(([p]) => p),
      request: this.#paramSources(flow, route),
      requestModels: method.requestModels,
      models: this.definition.models,
      body: flow.req.body ?? undefined,
      contentType,
    });
    this.#append(flow, {
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
    return badRequest(result.kind === 'parameters' ? 'BAD_REQUEST_PARAMETERS' : 'BAD_REQUEST_BODY', result.message);
  }

  // ---------------------------------------------------------------- stage cache

  /**
   * Whether and how this request uses the stage cache (DG api-gateway-caching): only when the
   * stage has a cache cluster and the method caches (GET by default, or its method setting),
   * with a TTL above 0. `Cache-Control: max-age=0` refetches only for a caller allowed to
   * invalidate. UNCONFIRMED: [rest-cache-invalidation] "allowed" is modelled as the method
   * setting requireAuthorizationForCacheControl=false, or an authorizer policy allowing
   * `execute-api:InvalidateCache` on the method ARN.
   */
  #cachePlan(
    flow: Flow,
    route: ResourceMatch,
    setting: RestMethodSetting | undefined,
  ):
    | { kind: 'none' }
    | { kind: 'reject'; spec: GatewayResponseSpec }
    | { kind: 'hit'; response: Omit<Outgoing, 'source'> }
    | { kind: 'miss'; key: string; ttl: number } {
    const stage = this.definition.stage;
    if (!stage?.cacheClusterEnabled) return { kind: 'none' };
    const enabled = setting?.cachingEnabled ?? flow.req.method === 'GET';
    const ttl = setting?.cacheTtlInSeconds ?? stage.cacheTtlInSeconds ?? 300;
    if (!enabled || ttl <= 0) return { kind: 'none' };
    const key = cacheKey({
      method: flow.req.method,
      resourcePath: route.resourcePath,
      cacheKeyParameters: route.method.integration.cacheKeyParameters ?? [],
      request: this.#paramSources(flow, route),
    });
    const now = this.clock.now();
    if (requestsCacheInvalidation(flow.req.multiValueHeaders)) {
      const requireAuth = setting?.requireAuthorizationForCacheControl ?? true;
      let allowed = !requireAuth;
      if (!allowed && flow.policyDocument !== undefined) {
        const verdict = policyAllows(flow.policyDocument, 'execute-api:InvalidateCache', flow.arn);
        allowed = typeof verdict !== 'string' && verdict.allowed;
      }
      if (allowed) {
        this.#cache.invalidate(key);
        this.#append(flow, {
          kind: 'cache',
          from: 'gateway',
          to: 'gateway',
          outcome: 'INVALIDATE',
          key,
          ttlSeconds: ttl,
          summary: 'Cache-Control: max-age=0: entry invalidated',
          unconfirmed: 'rest-cache-invalidation',
        });
        this.#append(flow, {
          kind: 'cache',
          from: 'gateway',
          to: 'gateway',
          outcome: 'MISS',
          key,
          ttlSeconds: ttl,
          summary: 'cache MISS',
          unconfirmed: 'rest-cache-key',
        });
        return { kind: 'miss', key, ttl };
      }
      const strategy = setting?.unauthorizedCacheControlHeaderStrategy ?? 'SUCCEED_WITH_RESPONSE_HEADER';
      this.#append(flow, {
        kind: 'cache',
        from: 'gateway',
        to: 'gateway',
        outcome: 'BYPASS',
        key,
        ttlSeconds: ttl,
        summary:
          strategy === 'FAIL_WITH_403'
            ? 'Cache-Control: max-age=0 without execute-api:InvalidateCache: 403'
            : 'Cache-Control: max-age=0 ignored: the caller may not invalidate (execute-api:InvalidateCache)',
        unconfirmed: 'rest-cache-invalidation',
      });
      if (strategy === 'FAIL_WITH_403') return { kind: 'reject', spec: REST_GATEWAY_RESPONSES.CACHE_CONTROL_FORBIDDEN };
    }
    const hit = this.#cache.get(key, now);
    if (hit) {
      this.#append(flow, {
        kind: 'cache',
        from: 'gateway',
        to: 'gateway',
        outcome: 'HIT',
        key,
        ttlSeconds: ttl,
        summary: 'cache HIT',
        unconfirmed: 'rest-cache-key',
      });
      return { kind: 'hit', response: this.#fromCache(hit) };
    }
    this.#append(flow, {
      kind: 'cache',
      from: 'gateway',
      to: 'gateway',
      outcome: 'MISS',
      key,
      ttlSeconds: ttl,
      summary: 'cache MISS',
      unconfirmed: 'rest-cache-key',
    });
    return { kind: 'miss', key, ttl };
  }

  #fromCache(hit: CachedResponse): Omit<Outgoing, 'source'> {
    const headers: [string, string][] = [];
    for (const [k, v] of Object.entries(hit.headers)) {
      const multi = hit.multiValueHeaders?.[k];
      if (multi) for (const one of multi) headers.push([k, one]);
      else headers.push([k, v]);
    }
    return { status: hit.status, headers, body: hit.body };
  }

  // ---------------------------------------------------------------- integrations

  /** Resolves `${stageVariables.name}` in an integration's function name (reference §5.10). */
  #functionName(flow: Flow, template: string): string | undefined {
    const vars = this.#facts.stageVariables ?? {};
    const name = template.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, v: string) => vars[v] ?? '');
    if (Object.prototype.hasOwnProperty.call(this.definition.functions, name)) return name;
    this.#reject(flow, 500, `the integration names function "${name}", which does not exist`);
    return undefined;
  }

  async #integrate(flow: Flow, method: RestMethodDefinition, route: ResourceMatch): Promise<Outgoing> {
    const integration = method.integration;
    if (integration.type === 'AWS_PROXY') return this.#proxy(flow, route);
    return this.#nonProxy(flow, method, route);
  }

  #gatewayOut(spec: GatewayResponseSpec): Outgoing {
    const headers: [string, string][] = [['Content-Type', 'application/json']];
    if (spec.errorType) headers.push(['x-amzn-ErrorType', spec.errorType]);
    return {
      status: spec.status,
      headers,
      body: spec.body,
      source: 'gateway',
      errorType: spec.errorType,
      unconfirmed: spec.unconfirmed,
    };
  }

  #invoke(flow: Flow, functionName: string, event: unknown, timeoutMs: number, unconfirmed?: KnownDifferenceId) {
    return this.#lambda.invokeForAnswer({
      ...(unconfirmed ? { unconfirmed } : {}),
      role: 'route',
      functionName,
      participant: `integration:${functionName}`,
      event,
      routeKey: flow.routeKey,
      eventType: 'REST',
      ids: { requestId: flow.requestId },
      causeSeq: flow.cause,
      timeoutMs,
    });
  }

  /**
   * Lambda proxy integration (reference §5.2, §5.4): the payload 1.0 event in, the strict proxy
   * response out; a throw, the function's own timeout or a malformed response → 502; the
   * integration timeout first → 504.
   */
  async #proxy(flow: Flow, route: ResourceMatch): Promise<Outgoing> {
    const integration = route.method.integration;
    const fn = this.#functionName(flow, integration.function ?? '');
    if (!fn) return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
    const event = buildRestProxyEvent(this.#facts, flow.req, flow.facts, this.#routeFacts(route), {
      authorizer: flow.authorizer,
      apiKey: flow.apiKey,
    });
    // UNCONFIRMED: [rest-forwarded-headers] the CloudFront header values an EDGE endpoint adds.
    const label = this.#facts.endpointType === 'EDGE' ? ('rest-forwarded-headers' as const) : undefined;
    const { outcome, causeSeq } = await this.#invoke(
      flow,
      fn,
      event,
      integration.timeoutInMillis ?? REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
      label,
    );
    flow.cause = causeSeq;
    if (outcome.kind === 'integration-timeout') return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_TIMEOUT);
    if (outcome.kind !== 'ok') {
      this.#reject(
        flow,
        502,
        outcome.kind === 'error'
          ? `the function failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
          : 'the function timed out',
      );
      return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_FAILURE_502);
    }
    const parsed = parseProxyResponse(outcome.value);
    if (!parsed.ok) {
      this.#append(flow, {
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
      return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_FAILURE_502);
    }
    return { status: parsed.status, headers: parsed.headers, body: parsed.body, source: 'integration' };
  }

  #mappingInput(flow: Flow, route: ResourceMatch, body: string): MappingInput {
    return {
      body,
      params: { path: route.pathParameters, querystring: flow.req.query.single, header: flow.req.headers },
      context: restRequestContext(this.#facts, flow.req, flow.facts, this.#routeFacts(route), {
        authorizer: flow.authorizer,
        apiKey: flow.apiKey,
      }) as unknown as Record<string, unknown>,
      stageVariables: this.#facts.stageVariables ?? {},
    };
  }

  /**
   * Applies a mapping template and traces it. Returns undefined when the template failed (the
   * caller answers 500, as AWS does for a template error).
   */
  #map(flow: Flow, direction: 'request' | 'response', template: string, input: MappingInput) {
    const result = renderMapping(template, input);
    this.#append(flow, {
      kind: 'mapping',
      from: 'gateway',
      to: 'gateway',
      direction,
      mapping: 'vtl',
      ok: result.ok,
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
   * The request body for a non-proxy integration (DG integration-passthrough-behaviors): the
   * template for the request's Content-Type (application/json when absent); without one,
   * WHEN_NO_MATCH passes the body through, WHEN_NO_TEMPLATES only when no template exists,
   * NEVER rejects with 415.
   */
  #requestMapping(flow: Flow, route: ResourceMatch): { ok: true; body: string } | { ok: false; out: Outgoing } {
    const integ = route.method.integration;
    const templates = integ.requestTemplates ?? {};
    const contentType = mediaType(headerValue(flow.req.headers, 'content-type')) ?? 'application/json';
    const template = templates[contentType];
    const body = flow.req.body ?? '';
    if (template === undefined) {
      const behavior = integ.passthroughBehavior ?? 'WHEN_NO_MATCH';
      const anyTemplates = Object.keys(templates).length > 0;
      if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && anyTemplates)) {
        this.#reject(flow, 415, `no request template for ${contentType} and passthroughBehavior is ${behavior}`);
        return {
          ok: false,
          out: this.#gatewayOut({
            type: 'UNSUPPORTED_MEDIA_TYPE',
            status: 415,
            body: '{"message":"Unsupported Media Type"}',
            errorType: 'UnsupportedMediaTypeException',
          }),
        };
      }
      return { ok: true, body };
    }
    const mapped = this.#map(flow, 'request', template, this.#mappingInput(flow, route, body));
    if (!mapped) return { ok: false, out: this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500) };
    return { ok: true, body: mapped.output };
  }

  /**
   * Chooses the integration response (DG api-gateway-integration-settings-integration-response):
   * the first whose selectionPattern matches the whole selection value (the Lambda errorMessage,
   * or the status code for MOCK), else the default (no pattern); none → 500 ("No match for
   * output mapping and no default output mapping configured").
   */
  #selectResponse(route: ResourceMatch, selection: string): RestIntegrationResponseDefinition | undefined {
    const responses = route.method.integration.integrationResponses ?? [];
    for (const r of responses) if (r.selectionPattern && this.#fullMatch(r.selectionPattern, selection)) return r;
    return responses.find((r) => !r.selectionPattern);
  }

  /** Applies the chosen integration response: its status, response parameters and template. */
  #responseMapping(
    flow: Flow,
    route: ResourceMatch,
    chosen: RestIntegrationResponseDefinition,
    endpointBody: string,
    source: 'integration' | 'mock',
  ): Outgoing {
    const templates = chosen.responseTemplates ?? {};
    const accept = headerValue(flow.req.headers, 'accept');
    // Accept picks the template, then application/json, then the first (LS integration_response.py).
    const template =
      (accept !== undefined ? templates[mediaType(accept) ?? ''] : undefined) ??
      templates['application/json'] ??
      Object.values(templates)[0];
    let body = endpointBody;
    let status = Number(chosen.statusCode);
    const headers: [string, string][] = [];
    if (template !== undefined) {
      const mapped = this.#map(flow, 'response', template, this.#mappingInput(flow, route, endpointBody));
      if (!mapped) return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
      body = mapped.output;
      if (mapped.statusOverride !== undefined && mapped.statusOverride >= 100 && mapped.statusOverride < 600)
        status = mapped.statusOverride;
      for (const [k, v] of Object.entries(mapped.headerOverrides ?? {})) headers.push([k, v]);
    }
    for (const [target, expr] of Object.entries(chosen.responseParameters ?? {})) {
      const name = target.slice('method.response.header.'.length);
      const value = this.#responseParameter(expr, endpointBody);
      if (value !== undefined) headers.push([name, value]);
    }
    return { status, headers, body, source };
  }

  /** `'literal'`, `integration.response.body` or `integration.response.body.a.b` (DG request-response-data-mappings). */
  #responseParameter(expr: string, body: string): string | undefined {
    if (expr.startsWith("'") && expr.endsWith("'")) return expr.slice(1, -1);
    if (expr === 'integration.response.body') return body;
    if (expr.startsWith('integration.response.body.')) {
      let v: unknown;
      try {
        v = JSON.parse(body);
      } catch {
        return undefined;
      }
      for (const k of expr.slice('integration.response.body.'.length).split('.'))
        v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      if (v === undefined || v === null) return undefined;
      return typeof v === 'string' ? v : JSON.stringify(v);
    }
    // Integration response headers: a Lambda (non-proxy) or MOCK endpoint returns none the client would see.
    return undefined;
  }

  /** Non-proxy Lambda (AWS) and MOCK integrations: mapping templates on both sides. */
  async #nonProxy(flow: Flow, method: RestMethodDefinition, route: ResourceMatch): Promise<Outgoing> {
    const integration = method.integration;
    const mapped = this.#requestMapping(flow, route);
    if (!mapped.ok) return mapped.out;

    if (integration.type === 'MOCK') {
      // The MOCK integration's status code comes from the request template's `statusCode` (DG how-to-mock-integration).
      let statusCode: unknown;
      try {
        statusCode = (JSON.parse(mapped.body) as { statusCode?: unknown })?.statusCode;
      } catch {
        statusCode = undefined;
      }
      if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) {
        this.#reject(
          flow,
          500,
          'Unable to parse statusCode. It should be an integer that is defined in the request template.',
        );
        return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
      }
      this.#append(flow, {
        kind: 'integration.mock',
        from: 'gateway',
        to: 'gateway',
        statusCode,
        summary: `MOCK integration: ${statusCode}`,
      });
      const chosen = this.#selectResponse(route, String(statusCode));
      if (!chosen) {
        this.#reject(
          flow,
          500,
          `No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${statusCode}`,
        );
        return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
      }
      return this.#responseMapping(flow, route, chosen, '', 'mock');
    }

    // Non-proxy Lambda: the mapped body is the event (Lambda takes JSON).
    const fn = this.#functionName(flow, integration.function ?? '');
    if (!fn) return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
    let event: unknown;
    const text = mapped.body.trim();
    try {
      event = text === '' ? {} : JSON.parse(text);
    } catch {
      this.#append(flow, {
        kind: 'gateway.reject',
        from: 'gateway',
        to: 'gateway',
        status: 500,
        reason: 'the request to Lambda is not JSON (check the request mapping template)',
        summary: '500: the request to Lambda is not JSON',
        unconfirmed: 'rest-non-proxy-errors',
      });
      return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
    }
    const started = this.clock.now();
    const { outcome, causeSeq } = await this.#invoke(
      flow,
      fn,
      event,
      integration.timeoutInMillis ?? REST_DEFAULT_INTEGRATION_TIMEOUT_MS,
    );
    flow.cause = causeSeq;
    if (outcome.kind === 'integration-timeout') return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTEGRATION_TIMEOUT);
    let endpointBody: string;
    let selection: string;
    if (outcome.kind === 'ok') {
      endpointBody = JSON.stringify(outcome.value);
      selection = '200';
    } else if (outcome.kind === 'error') {
      // The Node.js runtime's error payload (Lambda DG nodejs-exceptions).
      endpointBody = JSON.stringify({
        errorType: outcome.error.errorType,
        errorMessage: outcome.error.errorMessage,
        trace: [],
      });
      selection = outcome.error.errorMessage;
    } else {
      const invocation = this.trace
        .ofKind('lambda.invoke')
        .filter((e) => e.requestId === flow.requestId)
        .pop();
      const timeoutS = this.#lambda.functionConfig(fn).timeout;
      selection = timeoutErrorMessage(started + timeoutS * 1000, invocation?.invocationId ?? flow.requestId, timeoutS);
      endpointBody = JSON.stringify({ errorMessage: selection });
    }
    const chosen = this.#selectResponse(route, selection);
    if (!chosen) {
      this.#reject(
        flow,
        500,
        `No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 200`,
      );
      return this.#gatewayOut(REST_GATEWAY_RESPONSES.INTERNAL_ERROR_500);
    }
    return this.#responseMapping(flow, route, chosen, endpointBody, 'integration');
  }
}

/**
 * Creates one deployed stage of a REST API (reference §5). The definition is validated first
 * (validateRestDefinition); an invalid one throws an Error listing every problem.
 */
export function createRestApi(options: CreateHttpLikeApiOptions<RestApiDefinition>): RestApi {
  return new RestEngine(options);
}
