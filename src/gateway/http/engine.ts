/**
 * The HTTP API engine: one deployed stage with its own Clock, ids and trace
 * (docs/aws-behaviour.md §4–§5). A request runs through the phases in ./phases in the
 * order API Gateway applies them; every step is a TraceEvent stamped with the requestId:
 *
 *   http.request → (413 over 10 MB) → stage → (cors.preflight) → http.route → (auth.jwt | authorizer.*) → lambda.* → http.response → (cors.verdict)
 *
 *   phases/route.ts        stage and route selection (404 Not Found)
 *   phases/preflight.ts    the gateway's own answer to a CORS preflight
 *   phases/authorize.ts    JWT or Lambda authorizer (401, 403, 500)
 *   phases/integration.ts  the Lambda proxy call, payload 2.0 or 1.0 (503, 500)
 *   phases/respond.ts      CORS response headers, content-length, date, apigw-requestid
 */
import { createInstanceCore } from '../core/instance';
import type { Clock } from '../core/clock';
import type {
  CreateHttpLikeApiOptions,
  GatewayHttpRequest,
  GatewayHttpResponse,
  HttpLikeApi,
} from '../core/http-types';
import type { KnownDifferenceId } from '../core/known-differences';
import { preview, type Participant, type TraceLog } from '../core/trace';
import { clfFormatter } from '../core/request';
import { DEFAULT_SOURCE_IP, DEFAULT_USER_AGENT } from '../core/request-defaults';
import { formatDefinitionErrors } from '../core/definition-errors';
import { modelBrowserFetch } from '../core/browser-cors';
import { MAX_PAYLOAD_BYTES, payloadBytes } from '../core/payload-limit';
import type { HttpApiDefinition } from './definition';
import type { HttpAuthorizerContext, HttpRequestFacts } from './events';
import { staticKeySource, type JwtKeySource } from './jwt/discovery';
import { PLAYGROUND_JWKS, type Jwks } from './jwt/jwks';
import { authorizeJwt, authorizeLambda } from './phases/authorize';
import { integrate } from './phases/integration';
import { answerPreflight, gatewayAnswersPreflight } from './phases/preflight';
import { refuseTooLarge, respond } from './phases/respond';
import { pathInStage, traceRoute } from './phases/route';
import type { Flow, HttpContext } from './phases/flow';
import {
  getHeader,
  headerPairs,
  joinedHeaders,
  parseRequestUrl,
  queryPairs,
  readBody,
  requestCookies,
  type ParsedRequestUrl,
  type RequestBody,
} from './request';
import { NOT_FOUND, gatewayError } from './response';
import { RouteTable } from './routes';
import { validateHttpDefinition } from './validate-definition';

export interface CreateHttpApiOptions extends CreateHttpLikeApiOptions<HttpApiDefinition> {
  /**
   * The keys JWT authorizers verify against (what AWS fetches from the issuer's jwks_uri).
   * Default: PLAYGROUND_JWKS, the playground IdP that mintTestToken signs with.
   */
  jwks?: Jwks;
  /**
   * Where JWT authorizers get their keys instead (overrides `jwks`): `discoveryKeySource` does
   * OpenID discovery as AWS does (the local gateway). Issuers it refuses fail the deployment.
   */
  jwtKeys?: JwtKeySource;
}

export interface HttpApi extends HttpLikeApi {
  readonly protocolType: 'HTTP';
  readonly definition: HttpApiDefinition;
  readonly domainName: string;
  /** Resolves when no invocation is running (one the gateway gave up on may still be). */
  whenIdle(): Promise<void>;
}

/** The diagram lane of a caller that gives no name: HTTP has no connection to tell callers apart. */
const DEFAULT_CLIENT = 'client';

interface Exchange {
  request: GatewayHttpRequest;
  /** Set for a preflight the engine sends on the browser's behalf. */
  modelledPreflight?: boolean;
}

/** A request as the gateway received it, before it knows the stage. */
interface Received {
  participant: Participant;
  requestId: string;
  origin: string | undefined;
  /** The seq of its http.request event. */
  seq: number;
  now: number;
  url: ParsedRequestUrl;
  method: string;
  pairs: [string, string][];
  body: RequestBody;
}

class HttpApiEngine implements HttpApi {
  readonly protocolType = 'HTTP' as const;
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly domainName: string;
  readonly url: string;
  readonly clock: Clock;
  readonly trace: TraceLog;
  readonly definition: HttpApiDefinition;

  readonly #ctx: HttpContext;
  readonly #formatTime = clfFormatter();
  #disposed = false;

  constructor(options: CreateHttpApiOptions) {
    const checked = validateHttpDefinition(options.definition);
    if (!checked.ok) throw new Error(`Invalid HTTP API definition:\n${formatDefinitionErrors(checked.errors)}`);
    const def = checked.definition;
    this.definition = def;
    const core = createInstanceCore(options, def, '$default');
    this.clock = core.clock;
    this.apiId = core.apiId;
    this.region = core.region;
    this.stage = core.stage;
    this.domainName = core.domainName;
    this.trace = core.trace;
    // The $default stage is served at the root URL (DG http-api-stages).
    this.url = this.stage === '$default' ? `https://${this.domainName}` : `https://${this.domainName}/${this.stage}`;
    const vars = def.stage?.variables;
    const jwtKeys = options.jwtKeys ?? staticKeySource(options.jwks ?? PLAYGROUND_JWKS);
    // An issuer this key source cannot use (http:// outside the local gateway) fails the deploy.
    for (const [name, auth] of Object.entries(def.authorizers ?? {})) {
      const problem = auth.type === 'JWT' ? jwtKeys.issuerProblem(auth.jwtConfiguration.issuer) : null;
      if (problem) throw new Error(`authorizers.${name}.jwtConfiguration.issuer: ${problem}`);
    }
    this.#ctx = {
      ...core,
      definition: def,
      facts: {
        accountId: core.accountId,
        apiId: core.apiId,
        domainName: core.domainName,
        domainPrefix: core.apiId,
        stage: core.stage,
        stageVariables: vars && Object.keys(vars).length ? vars : undefined,
      },
      routes: new RouteTable(Object.keys(def.routes)),
      jwtKeys,
      authCache: new Map(),
      responseSeq: new WeakMap(),
    };
  }

  whenIdle(): Promise<void> {
    return this.#ctx.work.whenIdle();
  }

  advanceClock(ms: number): void {
    ms = Math.max(0, ms);
    this.trace.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms, summary: `clock +${ms} ms` });
    this.clock.advance(ms);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#ctx.lambda.dispose();
    this.#ctx.authCache.clear();
  }

  async handle(request: GatewayHttpRequest): Promise<GatewayHttpResponse> {
    if (this.#disposed) throw new Error('This HTTP API has been disposed');
    const url = parseRequestUrl(request.url);
    if (!url) throw new TypeError(`Not an http(s) URL: ${request.url}`);
    this.#ctx.work.begin();
    try {
      const origin = request.origin;
      // A page on another origin: the browser adds Origin, may preflight, and checks the answer.
      const crossOrigin = origin !== undefined && origin.toLowerCase() !== url.origin;
      if (!crossOrigin) return await this.#exchange({ request });
      return await modelBrowserFetch({
        trace: this.trace,
        request: { ...request, clientName: request.clientName ?? DEFAULT_CLIENT },
        origin,
        headers: headerPairs(request.headers),
        exchange: (r, modelledPreflight) => this.#exchange({ request: r, modelledPreflight }),
        requestIdOf: (r) => r.headers['apigw-requestid'],
        seqOf: (r) => this.#ctx.responseSeq.get(r),
      });
    } finally {
      this.#ctx.work.end();
    }
  }

  /** One request, one response: the phases in API Gateway's order. */
  async #exchange(x: Exchange): Promise<GatewayHttpResponse> {
    const ctx = this.#ctx;
    const received = this.#receive(x);
    // 0. The payload quota is enforced before the API sees the request (docs/aws-behaviour.md §4).
    if (received.body.size > MAX_PAYLOAD_BYTES) return refuseTooLarge(received, ctx, received.seq, received.body.size);

    // 1. Stage selection comes first; no matching stage → Not Found (DG http-api-develop-routes).
    const path = pathInStage(ctx, received.url.rawPath);
    if (path === undefined)
      return respond(received, ctx, received.seq, gatewayError(404, NOT_FOUND), 'gateway', 'no such stage');
    const flow = this.#forward(x.request, received, path);

    // 2. Routes. A CORS preflight is answered by the gateway unless an OPTIONS route or
    //    $default takes it (DG http-api-cors).
    const route = ctx.routes.match(flow.facts.method, path);
    if (gatewayAnswersPreflight(flow, ctx, route)) return answerPreflight(flow, ctx, x.modelledPreflight === true);
    flow.seq = traceRoute(flow, ctx, route);
    if (!route) return respond(flow, ctx, flow.seq, gatewayError(404, NOT_FOUND), 'gateway');
    const def = this.definition.routes[route.routeKey];

    // 3. Authorization (DG http-api-access-control).
    let authorizer: HttpAuthorizerContext | undefined;
    let authLabel: KnownDifferenceId | undefined;
    if (def.authorizer) {
      const auth = this.definition.authorizers![def.authorizer];
      const result =
        auth.type === 'JWT' ? await authorizeJwt(flow, ctx, auth, def) : await authorizeLambda(flow, ctx, auth, route);
      if ('response' in result) return respond(flow, ctx, flow.seq, result.response, 'gateway');
      authorizer = result.context;
      authLabel = result.unconfirmed;
    }

    // 4. The integration, and the response made from its answer.
    return integrate(flow, ctx, route, def, authorizer, authLabel);
  }

  /** The request as it arrives: given its request id and traced (http.request). */
  #receive(x: Exchange): Received {
    const request = x.request;
    const url = parseRequestUrl(request.url)!;
    const method = request.method.toUpperCase();
    const participant: Participant = `client:${request.clientName ?? DEFAULT_CLIENT}`;
    const pairs = headerPairs(request.headers);
    const size = payloadBytes(request.body);
    // Over the quota the body is never read (a 100 MB body is not decoded or base64-encoded).
    const body: RequestBody =
      size > MAX_PAYLOAD_BYTES
        ? { body: undefined, isBase64Encoded: false, size, preview: `<${size} bytes>` }
        : readBody(request.body, getHeader(pairs, 'content-type'));
    const requestId = this.#ctx.ids.awsId();
    const now = this.clock.now();
    const req = this.trace.append({
      kind: 'http.request',
      from: participant,
      to: 'gateway',
      requestId,
      method,
      path: url.rawPath,
      query: url.rawQuery,
      headers: joinedHeaders(pairs),
      bodySize: body.size,
      bodyPreview: preview(body.preview),
      bytes: body.size,
      summary: `${method} ${url.rawPath}${url.rawQuery ? '?' + url.rawQuery : ''}${x.modelledPreflight ? ' (preflight)' : ''}`,
    });
    const origin = getHeader(pairs, 'origin');
    return { participant, requestId, origin, seq: req.seq, now, url, method, pairs, body };
  }

  /** What the gateway forwards: the client's headers plus its own (2024 captures, docs/aws-behaviour.md §5.3). */
  #forward(request: GatewayHttpRequest, received: Received, path: string): Flow {
    const { requestId, now, url, method, body } = received;
    const sourceIp = request.sourceIp ?? DEFAULT_SOURCE_IP;
    const forwarded: [string, string][] = received.pairs.map(([k, v]) => [k.toLowerCase(), v]);
    const userAgent = getHeader(forwarded, 'user-agent') ?? DEFAULT_USER_AGENT;
    const set = (name: string, value: string) => {
      const i = forwarded.findIndex(([k]) => k === name);
      if (i === -1) forwarded.push([name, value]);
      else forwarded[i] = [name, value];
    };
    set('host', this.domainName);
    set('user-agent', userAgent);
    set('x-amzn-trace-id', this.#ctx.ids.traceId(now));
    const xff = getHeader(forwarded, 'x-forwarded-for');
    set('x-forwarded-for', xff ? `${xff}, ${sourceIp}` : sourceIp);
    set('x-forwarded-port', '443');
    set('x-forwarded-proto', 'https');
    if (body.size > 0 || method === 'POST' || method === 'PUT' || method === 'PATCH')
      set('content-length', String(body.size));
    const facts: HttpRequestFacts = {
      requestId,
      method,
      rawPath: url.rawPath,
      rawQueryString: url.rawQuery,
      headers: forwarded.filter(([k]) => k !== 'cookie'),
      allHeaders: forwarded,
      cookies: requestCookies(forwarded),
      query: queryPairs(url.rawQuery),
      body: body.body,
      isBase64Encoded: body.isBase64Encoded,
      sourceIp,
      userAgent,
      time: this.#formatTime(now),
      timeEpoch: now,
      protocol: 'HTTP/1.1',
    };
    return { requestId, participant: received.participant, facts, path, origin: received.origin, seq: received.seq };
  }
}

/**
 * Creates one isolated HTTP API stage from a definition (validated; throws an Error listing
 * every problem) and an Invoker. Behaviour: docs/aws-behaviour.md §4–§5 (HTTP API columns).
 */
export function createHttpApi(options: CreateHttpApiOptions): HttpApi {
  return new HttpApiEngine(options);
}
