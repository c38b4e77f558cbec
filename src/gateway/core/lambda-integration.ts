/**
 * The Lambda invocation core shared by the WebSocket, HTTP and REST engines: one
 * `LambdaIntegration` per engine instance runs a function under the gateway's integration
 * timeout and records the hops (`lambda.invoke` / `authorizer.invoke`, `lambda.log`,
 * `lambda.result`, `integration.timeout`). What differs per API type is passed in per call.
 *
 * Usage (REST and HTTP engines do the same as the WebSocket engine):
 *
 * ```ts
 * const lambda = new LambdaIntegration({
 *   invoker, clock, ids, trace, region, accountId,
 *   functions: definition.functions,               // { [name]: { handler, timeout?, memorySize?, environment? } }
 *   track: { begin: () => pending++, end: () => pending-- }, // optional: counts in-flight invocations
 * });
 * const { outcome, causeSeq } = await lambda.invokeForAnswer({
 *   role: 'route',                                   // 'authorizer' traces authorizer.invoke and no lambda.result
 *   functionName: 'getItem',
 *   participant: 'integration:getItem',              // or `authorizer:${fn}`
 *   event,                                           // the exact event AWS sends
 *   routeKey: 'GET /items/{id}',
 *   eventType: 'HTTP',                               // a label in lambda.invoke: CONNECT/MESSAGE/DISCONNECT/HTTP/REST…
 *   ids: { requestId },                              // stamped on every event (connectionId/messageId for WebSocket)
 *   causeSeq: routed.seq,
 *   timeoutMs: 30_000,                               // the integration timeout
 * });
 * // outcome.kind: 'ok' (value) | 'error' (errorType/errorMessage) | 'function-timeout' | 'integration-timeout'
 * // causeSeq: the seq of the last event before the answer (lambda.result or integration.timeout).
 * lambda.dispose();                                  // on engine dispose: drops pending deadlines
 * ```
 *
 * `invoke(call, respond)` is the lower-level form: `respond` fires once, when the gateway
 * answers, and the returned promise resolves when the invocation is fully recorded (after an
 * integration timeout the function runs on and its logs and result are still traced).
 *
 * Behaviour: the function's own timeout is the Invoker's job (`function-timeout`); the
 * integration timeout is the gateway's (`integration-timeout`, docs/aws-behaviour.md §4: HTTP
 * 503, REST 504, WebSocket UNCONFIRMED). Both measure the handler's own run: with an Invoker
 * that `defersStart` (the browser sandbox queues for a free worker), the clock of an invocation
 * starts at `hooks.start()`, so the simulator's own slowness is never charged to the API.
 * Handler time is virtual: the Clock is moved to start + reported duration after each invocation.
 */
import type { Clock, TimerHandle } from './clock';
import type { IdGenerator } from './ids';
import type {
  FunctionConfig,
  InvocationHooks,
  InvocationRequest,
  InvocationResult,
  Invoker,
  LambdaContextInfo,
  LogLine,
} from './invoker';
import type { KnownDifferenceId } from './known-differences';
import { TRACE_VERSION, type Participant, type TraceInput, type TraceLog } from './trace';
import { LAMBDA_DEFAULT_MEMORY_MB, LAMBDA_DEFAULT_TIMEOUT_S, type LambdaFunctionDefinition } from './functions';

/** How an invocation ended, from the gateway's side. */
export type InvocationOutcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: { errorType: string; errorMessage: string } }
  | { kind: 'function-timeout' }
  | { kind: 'integration-timeout' };

/** Ids stamped on every trace event of one invocation (besides its own invocationId). */
export interface CallIds {
  connectionId?: string;
  requestId?: string;
  messageId?: string;
}

export interface LambdaCall {
  /**
   * `route` traces lambda.invoke + lambda.result; `authorizer` traces authorizer.invoke only
   * (the engine traces the decision).
   */
  role: 'route' | 'authorizer';
  functionName: string;
  /** The function's lane: `integration:<fn>` for routes, `authorizer:<fn>` for authorizers. */
  participant: Participant;
  event: unknown;
  /** The route key (or REST `METHOD /resource`) the invocation serves. */
  routeKey: string;
  /** A label for lambda.invoke's `eventType`: `CONNECT`/`MESSAGE`/`DISCONNECT` for WebSocket, `HTTP`, `REST`. */
  eventType: string;
  ids: CallIds;
  causeSeq: number;
  /** The gateway's integration timeout for this call, in ms. */
  timeoutMs: number;
  /** Authorizer calls: the resolved identity sources (shown in authorizer.invoke). */
  identity?: Record<string, string>;
  /** Labels lambda.invoke when the event follows an UNCONFIRMED choice. */
  unconfirmed?: KnownDifferenceId;
}

export interface LambdaIntegrationOptions {
  invoker: Invoker;
  clock: Clock;
  /** The engine's own generator: ids are drawn in a fixed order, so replays match. */
  ids: IdGenerator;
  trace: TraceLog;
  region: string;
  accountId: string;
  functions: Readonly<Record<string, LambdaFunctionDefinition>>;
  /** Called around every invocation (e.g. for an engine's `whenIdle()`). */
  track?: { begin(): void; end(): void };
}

type FixedContext = Pick<
  LambdaContextInfo,
  'invokedFunctionArn' | 'memoryLimitInMB' | 'logGroupName' | 'logStreamName'
>;

/** With a deferring invoker, how long a result already on its way may take to reach the gateway after the deadline. */
const RESULT_GRACE_MS = 250;

/** An integration deadline of one invocation in flight. */
interface Deadline {
  at: number;
  flight: InFlight;
}

/**
 * One invocation between its call and its last trace event. Kept as data that the integration's
 * methods take, rather than as a dozen closures made per call: WebSocket messages are routed at
 * up to 100k/s, and those closures were a measurable share of what each message allocated.
 */
interface InFlight {
  readonly call: LambdaCall;
  readonly respond: (outcome: InvocationOutcome, causeSeq: number) => void;
  /** Set once the gateway has answered (`respond` fires exactly once). */
  responded: boolean;
  readonly invocationId: string;
  /** The seq of lambda.invoke / authorizer.invoke: the cause of everything the invocation traces. */
  readonly invokeSeq: number;
  readonly calledAt: number;
  readonly config: FunctionConfig;
  /** The request as built at the call. */
  readonly request: InvocationRequest;
  /** The request the handler got, once it started (its clock may start later than the call). */
  running: InvocationRequest | undefined;
  deadline: Deadline | undefined;
  /** How long the handler itself has run, from a deferring invoker's `hooks.start(meter)`. */
  meter: (() => number) | undefined;
  readonly defers: boolean;
}

export class LambdaIntegration {
  readonly #invoker: Invoker;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #trace: TraceLog;
  readonly #region: string;
  readonly #accountId: string;
  readonly #functions: Readonly<Record<string, LambdaFunctionDefinition>>;
  readonly #track: { begin(): void; end(): void } | undefined;
  readonly #configs = new Map<string, FunctionConfig>();
  readonly #fixedContexts = new Map<string, FixedContext>();
  /** Summaries repeat per route and function; built once (WebSocket messages are traced at up to 100k/s). */
  readonly #summaries: Record<'invoke' | 'auth' | 'result', Map<string, Map<string, string>>> = {
    invoke: new Map(),
    auth: new Map(),
    result: new Map(),
  };
  readonly #deadlines = new Set<Deadline>();
  #deadlineTimer: TimerHandle | undefined;
  #deadlineTimerAt = Infinity;

  constructor(options: LambdaIntegrationOptions) {
    this.#invoker = options.invoker;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#trace = options.trace;
    this.#region = options.region;
    this.#accountId = options.accountId;
    this.#functions = options.functions;
    this.#track = options.track;
  }

  /** Stops watching in-flight deadlines (the engine is going away). */
  dispose(): void {
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimer(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
    this.#deadlineTimerAt = Infinity;
    this.#deadlines.clear();
  }

  /** The Lambda configuration of a declared function, with Lambda's defaults filled in. */
  functionConfig(name: string): FunctionConfig {
    let config = this.#configs.get(name);
    if (!config) {
      const fn = this.#functions[name];
      if (!fn) throw new Error(`No function named ${JSON.stringify(name)} is defined`);
      config = {
        handler: fn.handler,
        timeout: fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT_S,
        memorySize: fn.memorySize ?? LAMBDA_DEFAULT_MEMORY_MB,
        environment: fn.environment ?? {},
      };
      this.#configs.set(name, config);
    }
    return config;
  }

  /** Invokes and resolves at the moment the gateway answers (the invocation may still be running). */
  invokeForAnswer(call: LambdaCall): Promise<{ outcome: InvocationOutcome; causeSeq: number }> {
    return new Promise((resolve) => {
      void this.invoke(call, (outcome, causeSeq) => resolve({ outcome, causeSeq }));
    });
  }

  /**
   * Invokes a function under the integration timeout, counted from the moment its handler starts
   * (Invoker `defersStart`/`hooks.start()`; docs/aws-behaviour.md §4). `respond` is called exactly once, at the
   * moment the gateway answers: when the function returns, or when the integration timeout
   * passes first. The integration timeout fires either on the Clock (a function still
   * running) or because the reported duration exceeds it (the in-process invoker reports
   * simulated durations); in both cases the function keeps running and its result is still
   * traced. Afterwards the clock is moved to start + duration, so handler time is virtual time.
   * Resolves when the invocation is fully recorded; never rejects.
   */
  async invoke(call: LambdaCall, respond: (outcome: InvocationOutcome, causeSeq: number) => void): Promise<void> {
    this.#track?.begin();
    let flight: InFlight | undefined;
    try {
      flight = this.#begin(call, respond);
      const hooks: InvocationHooks = { start: (meter) => this.#start(flight!, meter) };
      let result: InvocationResult;
      try {
        result = await this.#invoker.invoke(flight.running ?? flight.request, hooks);
      } catch (e) {
        // An invoker that fails outright is a failed integration, like a function that throws.
        const err = e as { name?: unknown; message?: unknown };
        result = {
          status: 'error',
          error: {
            errorType: typeof err?.name === 'string' ? err.name : 'Error',
            errorMessage: String(err?.message ?? e),
          },
          durationMs: 0,
          logs: [],
        };
      }
      // An invocation the invoker ended before its handler ran (it could not start) ends now.
      const { startedAt } = this.#start(flight);
      this.#deadlines.delete(flight.deadline!);
      this.#finish(flight, startedAt, result);
    } catch (e) {
      // A bug or a throwing trace listener must not leave a client waiting forever.
      const failed: InvocationOutcome = {
        kind: 'error',
        error: { errorType: 'InternalError', errorMessage: String(e) },
      };
      if (flight) this.#answer(flight, failed, flight.invokeSeq);
      else respond(failed, call.causeSeq);
    } finally {
      this.#track?.end();
    }
  }

  /** Draws the invocation's id, traces the call and builds its request; a non-deferring invoker's handler starts now. */
  #begin(call: LambdaCall, respond: (outcome: InvocationOutcome, causeSeq: number) => void): InFlight {
    const fn = call.functionName;
    const config = this.functionConfig(fn);
    const calledAt = this.#clock.now();
    const invocationId = this.#ids.uuid();
    const { connectionId, requestId, messageId } = call.ids;
    // The ids are written out (not spread from an object) in every event: the same keys, in the
    // same order, without a copy per event.
    const invokeInput: TraceInput =
      call.role === 'route'
        ? {
            kind: 'lambda.invoke',
            from: 'gateway',
            to: call.participant,
            causeSeq: call.causeSeq,
            connectionId,
            requestId,
            messageId,
            invocationId,
            functionName: fn,
            routeKey: call.routeKey,
            eventType: call.eventType,
            event: call.event,
            summary: this.#summary('invoke', call.routeKey, fn),
          }
        : {
            kind: 'authorizer.invoke',
            from: 'gateway',
            to: call.participant,
            causeSeq: call.causeSeq,
            connectionId,
            requestId,
            messageId,
            invocationId,
            functionName: fn,
            identity: call.identity ?? {},
            summary: this.#summary('auth', call.routeKey, fn),
          };
    if (call.unconfirmed) invokeInput.unconfirmed = call.unconfirmed;
    const invokeSeq = this.#trace.append(invokeInput).seq;
    const fixed = this.#contextFor(fn, config);
    const request: InvocationRequest = {
      invocationId,
      functionName: fn,
      config,
      event: call.event,
      context: {
        functionName: fn,
        functionVersion: '$LATEST',
        invokedFunctionArn: fixed.invokedFunctionArn,
        memoryLimitInMB: fixed.memoryLimitInMB,
        awsRequestId: invocationId,
        logGroupName: fixed.logGroupName,
        logStreamName: fixed.logStreamName,
        deadlineMs: calledAt + config.timeout * 1000,
      },
      startedAt: calledAt,
      region: this.#region,
    };
    const flight: InFlight = {
      call,
      respond,
      responded: false,
      invocationId,
      invokeSeq,
      calledAt,
      config,
      request,
      running: undefined,
      deadline: undefined,
      meter: undefined,
      defers: this.#invoker.defersStart === true,
    };
    // The integration timeout measures the handler's own run: it starts when the handler does.
    if (!flight.defers) this.#start(flight);
    return flight;
  }

  /** The handler starts (`hooks.start`): its clock and the integration timeout start now. Idempotent. */
  #start(flight: InFlight, handlerMeter?: () => number): InvocationRequest {
    if (flight.running) return flight.running;
    flight.meter = handlerMeter;
    const now = this.#clock.now();
    const { request, config } = flight;
    flight.running =
      now === flight.calledAt
        ? request
        : { ...request, startedAt: now, context: { ...request.context, deadlineMs: now + config.timeout * 1000 } };
    this.#arm(flight, now + flight.call.timeoutMs);
    return flight.running;
  }

  #arm(flight: InFlight, at: number): void {
    const deadline: Deadline = { at, flight };
    flight.deadline = deadline;
    this.#addDeadline(deadline);
  }

  /** A deadline's time has come on the Clock. */
  #deadlinePassed({ at, flight }: Deadline): void {
    // A deferring invoker's result may already wait in the host's task queue behind this
    // timer (a busy page, another invocation's deadline firing first): decide on a later
    // timer, one virtual millisecond on, so a result delivered in time is taken first.
    if (flight.defers) void this.#clock.setTimer(1, () => this.#expire(flight, at, false));
    else this.#timeOut(flight, this.#clock.now());
  }

  #expire(flight: InFlight, at: number, graced: boolean): void {
    if (flight.responded) return;
    // What the handler spent waiting for its host is not its run: give that time back.
    const left = flight.meter ? flight.call.timeoutMs - flight.meter() : 0;
    if (left >= 1) this.#arm(flight, this.#clock.now() + Math.ceil(left));
    // A host may deliver a worker's messages in batches: a result already sent gets a moment more.
    else if (!graced) this.#clock.setTimer(RESULT_GRACE_MS, () => this.#expire(flight, at, true));
    else this.#timeOut(flight, at);
  }

  #timeOut(flight: InFlight, at: number): void {
    if (!flight.responded) this.#answer(flight, { kind: 'integration-timeout' }, this.#traceTimeout(flight, at));
  }

  /** The gateway answers, once: later answers (a result after the integration timeout) are dropped. */
  #answer(flight: InFlight, outcome: InvocationOutcome, causeSeq: number): void {
    if (flight.responded) return;
    flight.responded = true;
    flight.respond(outcome, causeSeq);
  }

  #traceTimeout(flight: InFlight, t: number): number {
    const { call } = flight;
    const { connectionId, requestId, messageId } = call.ids;
    return this.#trace.append({
      kind: 'integration.timeout',
      from: 'gateway',
      to: 'gateway',
      causeSeq: flight.invokeSeq,
      connectionId,
      requestId,
      messageId,
      invocationId: flight.invocationId,
      functionName: call.functionName,
      timeoutMs: call.timeoutMs,
      summary: `integration timeout after ${call.timeoutMs} ms`,
      t,
    }).seq;
  }

  /**
   * Records the function's logs and result and answers, in time order: when the function ran past
   * the integration timeout, the gateway's answer comes at start + timeout, among its logs.
   * Afterwards the clock is at start + duration, so handler time is virtual time.
   */
  #finish(flight: InFlight, startedAt: number, result: InvocationResult): void {
    const timeoutMs = flight.call.timeoutMs;
    if (!flight.responded && result.durationMs > timeoutMs) {
      // The gateway gave up at start + timeout while the function ran on: show it in time order.
      this.#emitLogs(
        flight,
        startedAt,
        result.logs.filter((l) => l.at <= timeoutMs),
        flight.invokeSeq,
      );
      this.#clock.advanceTo(startedAt + timeoutMs);
      this.#answer(flight, { kind: 'integration-timeout' }, this.#traceTimeout(flight, startedAt + timeoutMs));
      this.#emitLogs(
        flight,
        startedAt,
        result.logs.filter((l) => l.at > timeoutMs),
        flight.invokeSeq,
      );
      this.#clock.advanceTo(startedAt + result.durationMs);
      if (flight.call.role === 'route') this.#traceResult(flight, result);
    } else {
      this.#clock.advanceTo(startedAt + result.durationMs);
      const lastLog = this.#emitLogs(flight, startedAt, result.logs, flight.invokeSeq);
      // An authorizer's answer follows its last log line (the engine traces the decision).
      const seq = flight.call.role === 'route' ? this.#traceResult(flight, result) : lastLog;
      const outcome: InvocationOutcome =
        result.status === 'ok'
          ? { kind: 'ok', value: result.value }
          : result.status === 'error'
            ? { kind: 'error', error: result.error }
            : { kind: 'function-timeout' };
      this.#answer(flight, outcome, seq);
    }
  }

  /** Traces log lines; returns the seq of the last one (`lastSeq` when there are none). */
  #emitLogs(flight: InFlight, startedAt: number, logs: LogLine[], lastSeq: number): number {
    const { call, invocationId, invokeSeq } = flight;
    const { connectionId, requestId, messageId } = call.ids;
    for (const line of logs)
      lastSeq = this.#trace.append({
        kind: 'lambda.log',
        from: call.participant,
        to: call.participant,
        causeSeq: invokeSeq,
        connectionId,
        requestId,
        messageId,
        invocationId,
        functionName: call.functionName,
        level: line.level,
        text: line.text,
        summary: line.text.length > 200 ? line.text.slice(0, 200) + '…' : line.text,
        t: startedAt + line.at,

        // Reserved for the log (TraceLog.append): this event, one per routed message, has its final shape at once.
        v: TRACE_VERSION,
        seq: 0,
        apiId: '',
        stage: '',
      }).seq;
    return lastSeq;
  }

  /** lambda.result (routes only; an authorizer's result is the engine's decision). */
  #traceResult(flight: InFlight, result: InvocationResult): number {
    const { call, invocationId, invokeSeq } = flight;
    const fn = call.functionName;
    const { connectionId, requestId, messageId } = call.ids;
    if (result.status === 'ok') {
      // Every routed message's case, in one literal.
      return this.#trace.append({
        kind: 'lambda.result',
        from: call.participant,
        to: 'gateway',
        causeSeq: invokeSeq,
        connectionId,
        requestId,
        messageId,
        invocationId,
        functionName: fn,
        durationMs: result.durationMs,
        outcome: 'ok',
        value: result.value,
        summary: this.#summary('result', fn, fn),

        // Reserved for the log (TraceLog.append): this event, one per routed message, has its final shape at once.
        v: TRACE_VERSION,
        seq: 0,
        t: undefined,
        apiId: '',
        stage: '',
      }).seq;
    }
    const detail =
      result.status === 'error'
        ? {
            outcome: 'error' as const,
            error: { errorType: result.error.errorType, errorMessage: result.error.errorMessage },
          }
        : { outcome: 'timeout' as const };
    return this.#trace.append({
      kind: 'lambda.result',
      from: call.participant,
      to: 'gateway',
      causeSeq: invokeSeq,
      connectionId,
      requestId,
      messageId,
      invocationId,
      functionName: fn,
      durationMs: result.durationMs,
      ...detail,
      summary: result.status === 'error' ? `${fn} failed: ${result.error.errorType}` : `${fn} timed out`,
    }).seq;
  }

  // ---------------------------------------------------------------- internals

  #summary(kind: 'invoke' | 'auth' | 'result', routeKey: string, fn: string): string {
    // Nested lookups: no key string is built per call on the hot path.
    const byFn = this.#summaries[kind];
    let cache = byFn.get(fn);
    if (!cache) byFn.set(fn, (cache = new Map()));
    let text = cache.get(routeKey);
    if (text === undefined) {
      if (kind === 'invoke') text = `${routeKey} → ${fn}`;
      else if (kind === 'auth') text = `authorize ${routeKey} → ${fn}`;
      else text = `${fn} returned`;
      cache.set(routeKey, text);
    }
    return text;
  }

  /**
   * The parts of a Lambda context that do not change between invocations of one function here,
   * including its log stream (`yyyy/mm/dd/[$LATEST]<32 hex>`; one warm instance per function).
   */
  #contextFor(name: string, config: FunctionConfig): FixedContext {
    let fixed = this.#fixedContexts.get(name);
    if (!fixed) {
      const d = new Date(this.#clock.now());
      const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
      const day = `${d.getUTCFullYear()}/${mm}/${String(d.getUTCDate()).padStart(2, '0')}`;
      fixed = {
        invokedFunctionArn: `arn:aws:lambda:${this.#region}:${this.#accountId}:function:${name}`,
        memoryLimitInMB: String(config.memorySize),
        logGroupName: `/aws/lambda/${name}`,
        logStreamName: `${day}/[$LATEST]${this.#ids.uuid().replace(/-/g, '')}`,
      };
      this.#fixedContexts.set(name, fixed);
    }
    return fixed;
  }

  /**
   * One Clock timer serves every in-flight integration: it is armed for the earliest deadline
   * and left to fire harmlessly when that invocation already finished, so the common case
   * (the invoker answers at once) costs no timer churn per message.
   */
  #addDeadline(d: Deadline): void {
    this.#deadlines.add(d);
    if (d.at < this.#deadlineTimerAt) this.#armDeadlineTimer(d.at);
  }

  #armDeadlineTimer(at: number): void {
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimer(this.#deadlineTimer);
    this.#deadlineTimerAt = at;
    this.#deadlineTimer = this.#clock.setTimer(at - this.#clock.now(), () => this.#onDeadlineTimer());
  }

  #onDeadlineTimer(): void {
    this.#deadlineTimer = undefined;
    this.#deadlineTimerAt = Infinity;
    const now = this.#clock.now();
    let next = Infinity;
    for (const d of [...this.#deadlines]) {
      if (d.at <= now) {
        this.#deadlines.delete(d);
        this.#deadlinePassed(d);
      } else if (d.at < next) next = d.at;
    }
    if (next < this.#deadlineTimerAt) this.#armDeadlineTimer(next);
  }
}
