/**
 * The REST API engine: one deployed stage of an API Gateway REST (v1) API, with its own Clock,
 * ids and trace (docs/aws-behaviour.md §4, §5). A request walks the phases in ./phases
 * (pipeline.ts lists them in order: resource, throttle, authorizer, API key and usage plan,
 * request validation, stage cache, integration request, integration, integration response);
 * the first that answers ends it, and the answer gets the gateway's headers on the way out.
 *
 * Every step appends a TraceEvent stamped with the request id and the event that caused it.
 */
import { createInstanceCore } from '../core/instance';
import { PendingWork } from '../core/pending-work';
import type { Clock } from '../core/clock';
import type {
  CreateHttpLikeApiOptions,
  GatewayHttpRequest,
  GatewayHttpResponse,
  HttpLikeApi,
} from '../core/http-types';
import { modelBrowserFetch } from '../core/browser-cors';
import { preview, TraceLog, type Participant } from '../core/trace';
import { clfFormatter } from '../core/request';
import { DEFAULT_SOURCE_IP } from '../core/request-defaults';
import type { RestApiDefinition, RestApiKeyDefinition, RestUsagePlanDefinition } from './definition';
import { headerPairs as groupPairs, parseRestRequest, type RestApiFacts, type RestRequestFacts } from './events';
import { StageCache } from './cache';
import { ResourceTree } from './resources';
import { formatRestDefinitionErrors, validateRestDefinition } from './validate-definition';
import { record, type Flow, type Outgoing, type RestContext } from './phases/flow';
import { MAX_PAYLOAD_BYTES, PAYLOAD_TOO_LARGE, payloadBytes } from '../core/payload-limit';
import { runPhases } from './phases/pipeline';
import { respond } from './phases/respond';
import { storeInCache } from './phases/stage-cache';

/** A REST API stage: the shared HTTP contract plus what tests and the UI need. */
export interface RestApi extends HttpLikeApi {
  readonly protocolType: 'REST';
  readonly definition: RestApiDefinition;
  /** Resolves when no invocation is in flight (a function may run on after an integration timeout). */
  whenIdle(): Promise<void>;
  /** The resource tree with the ids AWS would show (`resourceId`). */
  resources(): { path: string; resourceId: string; methods: string[] }[];
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

  readonly #ctx: RestContext;
  readonly #clf = clfFormatter();
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
    this.apiId = core.apiId;
    this.region = core.region;
    this.stage = core.stage;
    this.trace = core.trace;
    this.#work = core.work;
    const ids = core.ids;
    const domainName = core.domainName;
    this.url = `https://${domainName}/${this.stage}`;
    const vars = def.stage?.variables;
    const facts: RestApiFacts = {
      accountId: core.accountId,
      apiId: this.apiId,
      stage: this.stage,
      domainName,
      // A deployment id: 6 lowercase alphanumerics, like every id in the §5.2 capture's family.
      deploymentId: ids.apiId().slice(0, 6),
      endpointType: def.endpointConfiguration?.types[0] ?? 'EDGE',
      stageVariables: vars && Object.keys(vars).length ? { ...vars } : null,
      binaryMediaTypes: def.binaryMediaTypes ?? [],
    };
    // Root resource ids are 10 characters, child resource ids 6 (as the console shows them).
    const tree = new ResourceTree(def.resources, (root) => (root ? ids.apiId() : ids.apiId().slice(0, 6)));
    const keysByValue = new Map<string, RestApiKeyDefinition>();
    for (const key of def.apiKeys ?? []) keysByValue.set(key.value, key);
    // A key belongs to at most one plan per stage (AWS rejects a second); the first one wins here.
    const planOfKey = new Map<string, RestUsagePlanDefinition>();
    for (const plan of def.usagePlans ?? [])
      for (const id of plan.apiKeys) if (!planOfKey.has(id)) planOfKey.set(id, plan);
    this.#ctx = {
      definition: def,
      region: core.region,
      accountId: core.accountId,
      apiId: core.apiId,
      stage: core.stage,
      clock: core.clock,
      ids,
      trace: core.trace,
      lambda: core.lambda,
      facts,
      tree,
      authCache: new Map(),
      buckets: new Map(),
      quotas: new Map(),
      cache: new StageCache(),
      keysByValue,
      planOfKey,
      patterns: new Map(),
    };
  }

  whenIdle(): Promise<void> {
    return this.#work.whenIdle();
  }

  resources(): { path: string; resourceId: string; methods: string[] }[] {
    return this.#ctx.tree.list();
  }

  advanceClock(ms: number): void {
    ms = Math.max(0, ms);
    this.trace.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms, summary: `clock +${ms} ms` });
    this.clock.advance(ms);
  }

  dispose(): void {
    this.#disposed = true;
    this.#ctx.lambda.dispose();
    this.#ctx.authCache.clear();
    this.#ctx.buckets.clear();
    this.#ctx.quotas.clear();
  }

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
   * intercepted request, so the engine models what the browser would do (README, "How
   * the fake gateway works"; Fetch "CORS protocol"): an OPTIONS preflight through the normal pipeline for a
   * non-simple request, then the check of the actual response. A REST API answers the preflight
   * only through an OPTIONS (or ANY) method you define, and its gateway responses (403, 429,
   * 502…) carry no CORS headers (docs/aws-behaviour.md §5.6), so the browser hides those errors.
   */
  #crossOrigin(request: GatewayHttpRequest, origin: string): Promise<GatewayHttpResponse> {
    return modelBrowserFetch({
      trace: this.trace,
      request: { ...request, clientName: request.clientName ?? `client-${++this.#clientCount}` },
      origin,
      headers: groupPairs(request.headers),
      exchange: (r) => Promise.resolve(this.#handle(r)),
      requestIdOf: (r) => r.headers['x-amzn-RequestId'],
      seqOf: (r) => this.#responseSeq.get(r),
    });
  }

  /**
   * One request: its flow, the phases in order (synchronously up to the first real wait), then
   * the answer kept by the stage cache and shaped for the client.
   */
  #handle(request: GatewayHttpRequest): GatewayHttpResponse | Promise<GatewayHttpResponse> {
    // 0. The payload quota is enforced before the API sees the request (docs/aws-behaviour.md §4).
    const size = payloadBytes(request.body);
    if (size > MAX_PAYLOAD_BYTES) return this.#refuseTooLarge(request, size);
    const flow = this.#newFlow(request);
    const out = runPhases(flow, this.#ctx);
    return out instanceof Promise ? out.then((o) => this.#answer(flow, o)) : this.#answer(flow, out);
  }

  #answer(flow: Flow, out: Outgoing): GatewayHttpResponse {
    storeInCache(flow, this.#ctx, out);
    const response = respond(flow, this.#ctx, out);
    this.#responseSeq.set(response, flow.cause);
    return response;
  }

  /**
   * A body over 10 MB, refused with API Gateway's own plain-text 413 and none of the API's
   * headers (no request id: the refusal was captured on a REST API, docs/aws-behaviour.md §4).
   * The body is never decoded.
   */
  #refuseTooLarge(request: GatewayHttpRequest, size: number): GatewayHttpResponse {
    const flow = this.#newFlow({ ...request, body: undefined }, size);
    const { status, contentType, body } = PAYLOAD_TOO_LARGE;
    const headers = { 'Content-Type': contentType };
    record(flow, this.#ctx, {
      kind: 'http.response',
      from: 'gateway',
      to: flow.participant,
      status,
      headers: { ...headers },
      bodySize: body.length,
      bodyPreview: body,
      source: 'gateway',
      summary: `${status}: ${size} bytes`,
    });
    return { status, headers, body };
  }

  /**
   * Parses the request, draws its ids and traces http.request (the cause of everything after).
   * `oversize` is the size of a body too large to read (it is not passed in).
   */
  #newFlow(request: GatewayHttpRequest, oversize?: number): Flow {
    const ids = this.#ctx.ids;
    const req = parseRestRequest(request, {
      sourceIp: DEFAULT_SOURCE_IP,
      clientName: request.clientName ?? `client-${++this.#clientCount}`,
    });
    const now = this.clock.now();
    const requestId = ids.uuid();
    const facts: RestRequestFacts = {
      requestId,
      extendedRequestId: ids.awsId(),
      requestTime: this.#clf(now),
      requestTimeEpoch: now,
      traceId: ids.traceId(now),
    };
    if (this.#ctx.facts.endpointType === 'EDGE')
      facts.cloudFront = {
        via: `2.0 ${ids.uuid().replace(/-/g, '')}.cloudfront.net (CloudFront)`,
        // X-Amz-Cf-Id: 56 characters of URL-safe base64 ending in "==".
        cfId:
          [0, 1, 2, 3]
            .map(() => ids.awsId().slice(0, 15))
            .join('')
            .slice(0, 54) + '==',
        edgeIp: '130.176.0.1',
      };
    const participant: Participant = `client:${req.clientName}`;
    const bodyText = req.body ?? '';
    const path = `/${req.stage}${req.path === '/' ? '' : req.path}`;
    const first = this.trace.append({
      kind: 'http.request',
      from: participant,
      to: 'gateway',
      requestId,
      method: req.method,
      path,
      query: req.query.raw,
      headers: { ...req.headers },
      bodySize: oversize ?? bodyText.length,
      bodyPreview: oversize === undefined ? preview(bodyText) : `<${oversize} bytes>`,
      summary: `${req.method} ${path}${req.query.raw ? '?' + req.query.raw : ''}`,
    });
    return { req, facts, participant, requestId, cause: first.seq, routeKey: '', arn: '' };
  }
}

/**
 * Creates one deployed stage of a REST API (docs/aws-behaviour.md §5). The definition is
 * validated first (validateRestDefinition); an invalid one throws an Error listing every problem.
 */
export function createRestApi(options: CreateHttpLikeApiOptions<RestApiDefinition>): RestApi {
  return new RestEngine(options);
}
