/**
 * The HTTP API engine: one deployed stage with its own Clock, ids and trace (aws-api-gateway.md
 * §4–§5). It selects the stage and route, runs CORS, the JWT or Lambda authorizer, builds the
 * payload 2.0 (or 1.0) event, calls the Invoker through the shared LambdaIntegration, and
 * answers exactly as an HTTP API does. Every step is a TraceEvent stamped with the requestId:
 *
 *   http.request → (cors.preflight) → http.route → (auth.jwt | authorizer.*) → lambda.* → http.response → (cors.verdict)
 */
import { createInstanceCore } from '../instance';
import { PendingWork } from '../pending-work';
import type { Clock } from '../clock';
import type { CreateHttpLikeApiOptions, GatewayHttpRequest, GatewayHttpResponse, HttpLikeApi } from '../http-types';
import { IdGenerator } from '../ids';
import { LambdaIntegration, type InvocationOutcome } from '../integration/lambda';
import type { KnownDifferenceId } from '../known-differences';
import { TraceLog, type Participant } from '../trace';
import { utf8Length } from '../core/bytes';
import { formatDefinitionErrors } from '../core/definition-errors';
import { clfFormatter } from '../core/request';
import { DEFAULT_SOURCE_IP, DEFAULT_USER_AGENT } from '../core/request-defaults';
import { checkJwt, evaluateLambdaAuthorizer, resolveHttpIdentity, type LambdaAuthorizerDecision } from './authorizers';
import { modelBrowserFetch } from '../core/browser-cors';
import { originAllowed, preflightHeaders, responseCorsHeaders, stripCorsHeaders } from './cors';
import {
  DEFAULT_JWT_IDENTITY_SOURCE,
  HTTP_AUTHORIZER_TIMEOUT_MS,
  HTTP_MAX_INTEGRATION_TIMEOUT_MS,
  type HttpApiDefinition,
  type HttpLambdaAuthorizerDefinition,
  type HttpRouteDefinition,
  type JwtAuthorizerDefinition,
} from './definition';
import {
  buildAuthorizerEventV1,
  buildAuthorizerEventV2,
  buildEventV1,
  buildEventV2,
  routeArn,
  type HttpApiFacts,
  type HttpAuthorizerContext,
  type HttpRequestFacts,
} from './events';
import { PLAYGROUND_JWKS, type Jwks } from './jwt/jwks';
import {
  getHeader,
  headerPairs,
  joinedHeaders,
  parseRequestUrl,
  queryPairs,
  readBody,
  requestCookies,
} from './request';
import {
  FORBIDDEN,
  INTERNAL_SERVER_ERROR,
  NOT_FOUND,
  SERVICE_UNAVAILABLE,
  UNAUTHORIZED,
  gatewayError,
  shapeResponseV1,
  shapeResponseV2,
  type ShapedResponse,
} from './response';
import { RouteTable, type RouteMatch } from './routes';
import { validateHttpDefinition } from './validate-definition';

export interface CreateHttpApiOptions extends CreateHttpLikeApiOptions<HttpApiDefinition> {
  /**
   * The keys JWT authorizers verify against (what AWS fetches from the issuer's jwks_uri).
   * Default: PLAYGROUND_JWKS, the playground IdP that mintTestToken signs with.
   */
  jwks?: Jwks;
}

export interface HttpApi extends HttpLikeApi {
  readonly protocolType: 'HTTP';
  readonly definition: HttpApiDefinition;
  readonly domainName: string;
  /** Resolves when no invocation is running (one the gateway gave up on may still be). */
  whenIdle(): Promise<void>;
}

const PREVIEW = 2048;
/** The diagram lane of a caller that gives no name: HTTP has no connection to tell callers apart. */
const DEFAULT_CLIENT = 'client';

function preview(text: string, max = PREVIEW): string {
  return text.length <= max ? text : text.slice(0, max) + '…';
}

interface Exchange {
  request: GatewayHttpRequest;
  /** Set for a preflight the engine sends on the browser's behalf. */
  modelledPreflight?: boolean;
}

/** One request in flight: what every step needs. */
interface Flow {
  requestId: string;
  participant: Participant;
  facts: HttpRequestFacts;
  /** Path after the stage, as sent. */
  path: string;
  origin: string | undefined;
  seq: number;
}

interface CachedAuth {
  expiresAt: number;
  value: unknown;
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

  readonly #ids: IdGenerator;
  readonly #accountId: string;
  readonly #facts: HttpApiFacts;
  readonly #routes: RouteTable;
  readonly #lambda: LambdaIntegration;
  readonly #jwks: Jwks;
  readonly #clf = clfFormatter();
  readonly #authCache = new Map<string, CachedAuth>();
  /** The seq of each response's http.response event (so the browser's steps can cite it). */
  readonly #responseSeq = new WeakMap<GatewayHttpResponse, number>();
  readonly #work: PendingWork;
  #disposed = false;

  constructor(options: CreateHttpApiOptions) {
    const checked = validateHttpDefinition(options.definition);
    if (!checked.ok) throw new Error(`Invalid HTTP API definition:\n${formatDefinitionErrors(checked.errors)}`);
    const def = checked.definition;
    this.definition = def;
    const core = createInstanceCore(options, def, '$default');
    this.clock = core.clock;
    this.#ids = core.ids;
    this.#accountId = core.accountId;
    this.#jwks = options.jwks ?? PLAYGROUND_JWKS;
    this.apiId = core.apiId;
    this.region = core.region;
    this.stage = core.stage;
    this.domainName = core.domainName;
    this.trace = core.trace;
    this.#lambda = core.lambda;
    this.#work = core.work;
    // The $default stage is served at the root URL (DG http-api-stages).
    this.url = this.stage === '$default' ? `https://${this.domainName}` : `https://${this.domainName}/${this.stage}`;
    const vars = def.stage?.variables;
    this.#facts = {
      accountId: this.#accountId,
      apiId: this.apiId,
      domainName: this.domainName,
      domainPrefix: this.apiId,
      stage: this.stage,
      stageVariables: vars && Object.keys(vars).length ? vars : undefined,
    };
    this.#routes = new RouteTable(Object.keys(def.routes));
  }

  // ---------------------------------------------------------------- bookkeeping

  whenIdle(): Promise<void> {
    return this.#work.whenIdle();
  }

  advanceClock(ms: number): void {
    ms = Math.max(0, ms);
    this.trace.append({ kind: 'clock.advance', from: 'gateway', to: 'gateway', ms, summary: `clock +${ms} ms` });
    this.clock.advance(ms);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#lambda.dispose();
    this.#authCache.clear();
  }

  // ---------------------------------------------------------------- the client's side

  async handle(request: GatewayHttpRequest): Promise<GatewayHttpResponse> {
    if (this.#disposed) throw new Error('This HTTP API has been disposed');
    const url = parseRequestUrl(request.url);
    if (!url) throw new TypeError(`Not an http(s) URL: ${request.url}`);
    this.#work.begin();
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
        seqOf: (r) => this.#responseSeq.get(r),
      });
    } finally {
      this.#work.end();
    }
  }

  // ---------------------------------------------------------------- one request, one response

  async #exchange(x: Exchange): Promise<GatewayHttpResponse> {
    const request = x.request;
    const url = parseRequestUrl(request.url)!;
    const method = request.method.toUpperCase();
    const clientName = request.clientName ?? DEFAULT_CLIENT;
    const participant: Participant = `client:${clientName}`;
    const pairs = headerPairs(request.headers);
    const body = readBody(request.body, getHeader(pairs, 'content-type'));
    const requestId = this.#ids.awsId();
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

    // 1. Stage selection comes first; no matching stage → Not Found (DG http-api-develop-routes).
    let path = url.rawPath;
    if (this.stage !== '$default') {
      const prefix = `/${this.stage}`;
      if (url.rawPath !== prefix && !url.rawPath.startsWith(prefix + '/'))
        return this.#respond(
          participant,
          requestId,
          req.seq,
          gatewayError(404, NOT_FOUND),
          'gateway',
          origin,
          'no such stage',
        );
      path = url.rawPath.slice(prefix.length) || '/';
    }

    // What the gateway forwards: the client's headers plus its own (2024 captures, §5.3).
    const sourceIp = request.sourceIp ?? DEFAULT_SOURCE_IP;
    const forwarded: [string, string][] = pairs.map(([k, v]) => [k.toLowerCase(), v]);
    const userAgent = getHeader(forwarded, 'user-agent') ?? DEFAULT_USER_AGENT;
    const set = (name: string, value: string) => {
      const i = forwarded.findIndex(([k]) => k === name);
      if (i === -1) forwarded.push([name, value]);
      else forwarded[i] = [name, value];
    };
    set('host', this.domainName);
    set('user-agent', userAgent);
    set('x-amzn-trace-id', this.#ids.traceId(now));
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
      time: this.#clf(now),
      timeEpoch: now,
      protocol: 'HTTP/1.1',
    };
    const flow: Flow = { requestId, participant, facts, path, origin, seq: req.seq };

    // 2. Routes. A CORS preflight is answered by the gateway unless an OPTIONS route or
    //    $default takes it (DG http-api-cors).
    const route = this.#routes.match(method, path);
    const cors = this.definition.cors;
    const isPreflight =
      method === 'OPTIONS' && origin !== undefined && getHeader(pairs, 'access-control-request-method') !== undefined;
    if (cors && isPreflight && !(route && (route.routeKey === '$default' || route.routeKey.startsWith('OPTIONS '))))
      return this.#answerPreflight(flow, x.modelledPreflight === true);
    const routed = this.trace.append({
      kind: 'http.route',
      from: 'gateway',
      to: 'gateway',
      causeSeq: req.seq,
      requestId,
      routeKey: route?.routeKey ?? null,
      match: route?.match ?? 'none',
      ...(route && Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
      summary: route
        ? `route ${route.routeKey}${route.note ? ` (${route.note})` : ''}`
        : `no route for ${method} ${path}`,
      ...(route?.unconfirmed ? { unconfirmed: route.unconfirmed } : {}),
    });
    if (!route)
      return this.#respond(participant, requestId, routed.seq, gatewayError(404, NOT_FOUND), 'gateway', origin);
    flow.seq = routed.seq;
    const def = this.definition.routes[route.routeKey];

    // 3. Authorization.
    let authorizer: HttpAuthorizerContext | undefined;
    let authLabel: KnownDifferenceId | undefined;
    if (def.authorizer) {
      const auth = this.definition.authorizers![def.authorizer];
      const result =
        auth.type === 'JWT' ? this.#authorizeJwt(flow, auth, def) : await this.#authorizeLambda(flow, auth, route);
      if ('response' in result)
        return this.#respond(participant, requestId, flow.seq, result.response, 'gateway', origin);
      authorizer = result.context;
      authLabel = result.unconfirmed;
    }

    // 4. The integration.
    const v1 = def.integration.payloadFormatVersion === '1.0';
    const fn = def.integration.function;
    const event = v1
      ? buildEventV1(this.#facts, facts, route.routeKey, route.pathParameters, authorizer)
      : buildEventV2(this.#facts, facts, route.routeKey, route.pathParameters, authorizer);
    // The response is built at the moment the gateway answers (the function may run on after
    // an integration timeout), so it carries that moment's virtual time.
    return new Promise<GatewayHttpResponse>((resolve) => {
      void this.#lambda.invoke(
        {
          role: 'route',
          functionName: fn,
          participant: `integration:${fn}`,
          event,
          routeKey: route.routeKey,
          eventType: v1 ? 'HTTP payload 1.0' : 'HTTP payload 2.0',
          ids: { requestId },
          causeSeq: flow.seq,
          timeoutMs: def.integration.timeoutInMillis ?? HTTP_MAX_INTEGRATION_TIMEOUT_MS,
          unconfirmed: v1 ? 'http-v1-event' : (authLabel ?? (facts.isBase64Encoded ? 'http-body-base64' : undefined)),
        },
        (outcome, causeSeq) => resolve(this.#answerIntegration(flow, outcome, causeSeq, v1)),
      );
    });
  }

  #answerIntegration(flow: Flow, outcome: InvocationOutcome, causeSeq: number, v1: boolean): GatewayHttpResponse {
    const { participant, requestId, origin } = flow;
    // Integration timeout first → 503 Service Unavailable (aws-api-gateway.md §4).
    if (outcome.kind === 'integration-timeout')
      return this.#respond(
        participant,
        requestId,
        causeSeq,
        gatewayError(503, SERVICE_UNAVAILABLE),
        'gateway',
        origin,
        'integration timeout',
      );
    // A throw or the function's own timeout → 500 Internal Server Error (DG http-api-troubleshooting-lambda).
    if (outcome.kind !== 'ok')
      return this.#respond(
        participant,
        requestId,
        causeSeq,
        gatewayError(500, INTERNAL_SERVER_ERROR),
        'gateway',
        origin,
        outcome.kind === 'error' ? `${outcome.error.errorType}` : 'function timed out',
      );
    const shaped = v1 ? shapeResponseV1(outcome.value) : shapeResponseV2(outcome.value);
    if (!shaped.ok) {
      const res = gatewayError(500, INTERNAL_SERVER_ERROR);
      res.unconfirmed = 'http-response-shape';
      return this.#respond(
        participant,
        requestId,
        causeSeq,
        res,
        'gateway',
        origin,
        `malformed response: ${shaped.reason}`,
      );
    }
    return this.#respond(participant, requestId, causeSeq, shaped.response, 'integration', origin);
  }

  // ---------------------------------------------------------------- CORS preflight

  #answerPreflight(flow: Flow, modelled: boolean): GatewayHttpResponse {
    const cors = this.definition.cors!;
    const pairs = flow.facts.allHeaders;
    const origin = flow.origin!;
    const requestMethod = getHeader(pairs, 'access-control-request-method') ?? '';
    const requestHeaders = (getHeader(pairs, 'access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    const allowed = originAllowed(cors, origin);
    let causeSeq = flow.seq;
    // A modelled preflight gets one cors.preflight, from the browser's side, once it has the answer.
    if (!modelled)
      causeSeq = this.trace.append({
        kind: 'cors.preflight',
        from: 'gateway',
        to: flow.participant,
        causeSeq: flow.seq,
        requestId: flow.requestId,
        origin,
        requestMethod,
        requestHeaders,
        status: 204,
        allowed,
        modelled: false,
        summary: allowed
          ? `preflight answered by the gateway (origin ${origin} allowed)`
          : `preflight: origin ${origin} not allowed`,
        unconfirmed: 'http-cors-details',
      }).seq;
    const res: ShapedResponse = {
      status: 204,
      headers: preflightHeaders(cors, origin),
      multiValueHeaders: {},
      body: '',
      unconfirmed: 'http-cors-details',
    };
    return this.#respond(flow.participant, flow.requestId, causeSeq, res, 'gateway', undefined, 'CORS preflight');
  }

  // ---------------------------------------------------------------- authorizers

  #authorizeJwt(
    flow: Flow,
    auth: JwtAuthorizerDefinition,
    def: HttpRouteDefinition,
  ): { context: HttpAuthorizerContext; unconfirmed?: KnownDifferenceId } | { response: ShapedResponse } {
    const source = auth.identitySource?.[0] ?? DEFAULT_JWT_IDENTITY_SOURCE;
    const found = resolveHttpIdentity([source], {
      headers: flow.facts.allHeaders,
      query: flow.facts.query,
      stageVariables: this.#facts.stageVariables ?? {},
      context: {},
    });
    const check = checkJwt(
      found.ok ? found.values[0] : undefined,
      auth.jwtConfiguration,
      def.authorizationScopes ?? [],
      this.#jwks,
      this.clock.now(),
    );
    const ev = this.trace.append({
      kind: 'auth.jwt',
      from: 'gateway',
      to: 'gateway',
      causeSeq: flow.seq,
      requestId: flow.requestId,
      outcome: check.outcome,
      reason: check.outcome === 'allow' ? 'the token is valid' : check.reason,
      ...('subject' in check && check.subject !== undefined ? { subject: check.subject } : {}),
      ...(check.outcome !== 'unauthorized' && check.scopes ? { scopes: check.scopes } : {}),
      summary:
        check.outcome === 'allow'
          ? `JWT valid${check.subject ? ` (sub ${check.subject})` : ''}`
          : check.outcome === 'forbidden'
            ? `403: ${check.reason}`
            : `401: ${check.reason}`,
      ...(check.unconfirmed ? { unconfirmed: check.unconfirmed } : {}),
    });
    flow.seq = ev.seq;
    if (check.outcome === 'unauthorized') {
      const res = gatewayError(401, UNAUTHORIZED);
      // DG http-api-troubleshooting-jwt: `www-authenticate: Bearer scope="" error="invalid_token" error_description="…"`.
      if (check.description !== undefined)
        res.headers['www-authenticate'] =
          `Bearer scope="" error="invalid_token" error_description="${check.description.replace(/["\\\r\n]/g, '')}"`;
      if (check.unconfirmed) res.unconfirmed = check.unconfirmed;
      return { response: res };
    }
    if (check.outcome === 'forbidden') {
      const res = gatewayError(403, FORBIDDEN);
      res.unconfirmed = check.unconfirmed;
      return { response: res };
    }
    return { context: { jwt: { claims: check.claims, scopes: check.scopes } }, unconfirmed: check.unconfirmed };
  }

  async #authorizeLambda(
    flow: Flow,
    auth: HttpLambdaAuthorizerDefinition,
    route: RouteMatch,
  ): Promise<{ context: HttpAuthorizerContext; unconfirmed?: KnownDifferenceId } | { response: ShapedResponse }> {
    const { facts, requestId } = flow;
    const name = this.definition.routes[route.routeKey].authorizer!;
    const participant: Participant = `authorizer:${auth.function}`;
    const found = resolveHttpIdentity(auth.identitySource ?? [], {
      headers: facts.allHeaders,
      query: facts.query,
      stageVariables: this.#facts.stageVariables ?? {},
      context: this.#contextVariables(facts, route.routeKey),
    });
    if (!found.ok) {
      // A missing identity source: 401 without invoking the authorizer (DG http-api-lambda-authorizer).
      const reason = `identity source ${found.missing} is missing`;
      const ev = this.trace.append({
        kind: 'gateway.reject',
        from: 'gateway',
        to: flow.participant,
        causeSeq: flow.seq,
        requestId,
        status: 401,
        reason,
        summary: `401: ${reason}`,
      });
      flow.seq = ev.seq;
      return { response: gatewayError(401, UNAUTHORIZED) };
    }
    const arn = routeArn(this.region, this.#facts, facts.method, flow.path);
    const simple = auth.authorizerPayloadFormatVersion === '2.0' && auth.enableSimpleResponses === true;
    const ttl = auth.resultTtlInSeconds ?? 0;
    // Cached by identity for resultTtlInSeconds (apigatewayv2 authorizerResultTtlInSeconds).
    const cacheKey = `${name}\u0000${found.values.join('\u0000')}`;
    const now = this.clock.now();
    const cached = ttl > 0 ? this.#authCache.get(cacheKey) : undefined;
    if (cached && cached.expiresAt > now)
      return this.#applyAuthorizer(
        flow,
        auth,
        evaluateLambdaAuthorizer(cached.value, simple, arn),
        flow.seq,
        ` (cached, ${Math.ceil((cached.expiresAt - now) / 1000)} s left)`,
      );
    if (cached) this.#authCache.delete(cacheKey);
    const event =
      auth.authorizerPayloadFormatVersion === '2.0'
        ? buildAuthorizerEventV2(this.#facts, facts, route.routeKey, route.pathParameters, arn, found.values)
        : buildAuthorizerEventV1(this.#facts, facts, route.routeKey, route.pathParameters, arn, found.values);
    // The decision is applied when the gateway has the answer (before a timed-out authorizer ends).
    return new Promise((resolve) => {
      void this.#lambda.invoke(
        {
          role: 'authorizer',
          functionName: auth.function,
          participant,
          event,
          routeKey: route.routeKey,
          eventType: `HTTP authorizer ${auth.authorizerPayloadFormatVersion}`,
          ids: { requestId },
          causeSeq: flow.seq,
          timeoutMs: HTTP_AUTHORIZER_TIMEOUT_MS,
          identity: found.identity,
        },
        (outcome, causeSeq) => {
          if (outcome.kind !== 'ok') {
            // The authorizer could not be invoked or failed: 500 (aws-api-gateway.md §5.7).
            const reason =
              outcome.kind === 'error'
                ? `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`
                : 'the authorizer timed out';
            return resolve(this.#applyAuthorizer(flow, auth, { decision: 'error', status: 500, reason }, causeSeq, ''));
          }
          const decision = evaluateLambdaAuthorizer(outcome.value, simple, arn);
          let note = '';
          if (ttl > 0 && decision.decision !== 'error') {
            this.#authCache.set(cacheKey, { expiresAt: this.clock.now() + ttl * 1000, value: outcome.value });
            note = ` (cached for ${ttl} s)`;
          }
          resolve(this.#applyAuthorizer(flow, auth, decision, causeSeq, note));
        },
      );
    });
  }

  /** Traces the authorizer's decision and turns it into a context or a gateway response. */
  #applyAuthorizer(
    flow: Flow,
    auth: HttpLambdaAuthorizerDefinition,
    decision: LambdaAuthorizerDecision,
    causeSeq: number,
    note: string,
  ): { context: HttpAuthorizerContext; unconfirmed?: KnownDifferenceId } | { response: ShapedResponse } {
    const labelled: KnownDifferenceId | undefined =
      decision.decision === 'deny'
        ? 'http-authorizer-deny-body'
        : decision.decision === 'allow'
          ? 'http-authorizer-context'
          : undefined;
    const ev = this.trace.append({
      kind: 'authorizer.result',
      from: `authorizer:${auth.function}`,
      to: 'gateway',
      causeSeq,
      requestId: flow.requestId,
      functionName: auth.function,
      decision: decision.decision,
      status: decision.status,
      ...('principalId' in decision && decision.principalId !== undefined ? { principalId: decision.principalId } : {}),
      summary:
        (decision.decision === 'allow'
          ? 'Allow'
          : decision.decision === 'deny'
            ? `403 deny: ${decision.reason}`
            : `500: ${decision.reason}`) + note,
      ...(labelled ? { unconfirmed: labelled } : {}),
    });
    flow.seq = ev.seq;
    if (decision.decision === 'deny') {
      const res = gatewayError(403, FORBIDDEN);
      res.unconfirmed = 'http-authorizer-deny-body';
      return { response: res };
    }
    if (decision.decision === 'error') return { response: gatewayError(500, INTERNAL_SERVER_ERROR) };
    return { context: { lambda: decision.context }, unconfirmed: 'http-authorizer-context' };
  }

  /** `$context.*` for identity sources. */
  #contextVariables(facts: HttpRequestFacts, routeKey: string): Record<string, unknown> {
    return {
      accountId: this.#accountId,
      apiId: this.apiId,
      domainName: this.domainName,
      domainPrefix: this.apiId,
      httpMethod: facts.method,
      identity: { sourceIp: facts.sourceIp, userAgent: facts.userAgent },
      path: facts.rawPath,
      protocol: facts.protocol,
      requestId: facts.requestId,
      requestTime: facts.time,
      requestTimeEpoch: facts.timeEpoch,
      routeKey,
      stage: this.stage,
    };
  }

  // ---------------------------------------------------------------- the response

  /**
   * Finishes a response as the client receives it: CORS headers when configured (the
   * backend's are ignored, DG http-api-cors), then content-length, date and apigw-requestid.
   */
  #respond(
    participant: Participant,
    requestId: string,
    causeSeq: number,
    shaped: ShapedResponse,
    source: 'integration' | 'gateway',
    origin: string | undefined,
    note?: string,
  ): GatewayHttpResponse {
    const headers: Record<string, string> = { ...shaped.headers };
    const multi: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(shaped.multiValueHeaders)) multi[k] = [...v];
    let unconfirmed = shaped.unconfirmed;
    const cors = this.definition.cors;
    if (cors && !(shaped.status === 204 && source === 'gateway' && 'access-control-allow-origin' in headers)) {
      stripCorsHeaders(headers, multi);
      Object.assign(headers, responseCorsHeaders(cors, origin));
      if (source === 'gateway' && origin !== undefined && originAllowed(cors, origin))
        unconfirmed ??= 'http-cors-details';
    }
    const size = utf8Length(shaped.body);
    headers['content-length'] = String(size);
    headers['date'] = new Date(this.clock.now()).toUTCString();
    headers['apigw-requestid'] = requestId;
    const ev = this.trace.append({
      kind: 'http.response',
      from: 'gateway',
      to: participant,
      causeSeq,
      requestId,
      status: shaped.status,
      headers,
      bodySize: size,
      bodyPreview: preview(shaped.body),
      bytes: size,
      source,
      summary: `${shaped.status}${shaped.body ? ' ' + preview(shaped.body, 80) : ''}${note ? ` (${note})` : ''}`,
      ...(unconfirmed ? { unconfirmed } : {}),
    });
    const res: GatewayHttpResponse = { status: shaped.status, headers, body: shaped.body };
    if (Object.keys(multi).length) res.multiValueHeaders = multi;
    this.#responseSeq.set(res, ev.seq);
    return res;
  }
}

/**
 * Creates one isolated HTTP API stage from a definition (validated; throws an Error listing
 * every problem) and an Invoker. Behaviour: aws-api-gateway.md §4–§5 (HTTP API columns).
 */
export function createHttpApi(options: CreateHttpApiOptions): HttpApi {
  return new HttpApiEngine(options);
}
