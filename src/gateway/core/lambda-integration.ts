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
  InvocationRequest,
  InvocationResult,
  Invoker,
  LambdaContextInfo,
  LogLine,
} from './invoker';
import type { KnownDifferenceId } from './known-differences';
import type { Participant, TraceLog } from './trace';
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

interface Deadline {
  at: number;
  fire(): void;
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
    let responded = false;
    const answer = (outcome: InvocationOutcome, causeSeq: number) => {
      if (responded) return;
      responded = true;
      respond(outcome, causeSeq);
    };
    let invokeSeq = call.causeSeq;
    try {
      const fn = call.functionName;
      const config = this.functionConfig(fn);
      const calledAt = this.#clock.now();
      const invocationId = this.#ids.uuid();
      const ids = {
        connectionId: call.ids.connectionId,
        requestId: call.ids.requestId,
        messageId: call.ids.messageId,
        invocationId,
      };
      const invokeEvent =
        call.role === 'route'
          ? this.#trace.append({
              kind: 'lambda.invoke',
              from: 'gateway',
              to: call.participant,
              causeSeq: call.causeSeq,
              ...ids,
              functionName: fn,
              routeKey: call.routeKey,
              eventType: call.eventType,
              event: call.event,
              summary: this.#summary('invoke', call.routeKey, fn),
              ...(call.unconfirmed ? { unconfirmed: call.unconfirmed } : {}),
            })
          : this.#trace.append({
              kind: 'authorizer.invoke',
              from: 'gateway',
              to: call.participant,
              causeSeq: call.causeSeq,
              ...ids,
              functionName: fn,
              identity: call.identity ?? {},
              summary: this.#summary('auth', call.routeKey, fn),
              ...(call.unconfirmed ? { unconfirmed: call.unconfirmed } : {}),
            });
      invokeSeq = invokeEvent.seq;
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
      const traceTimeout = (t: number) =>
        this.#trace.append({
          kind: 'integration.timeout',
          from: 'gateway',
          to: 'gateway',
          causeSeq: invokeSeq,
          ...ids,
          functionName: fn,
          timeoutMs: call.timeoutMs,
          summary: `integration timeout after ${call.timeoutMs} ms`,
          t,
        }).seq;
      const timeOut = (at: number) => {
        if (!responded) answer({ kind: 'integration-timeout' }, traceTimeout(at));
      };
      const defers = this.#invoker.defersStart === true;
      // The integration timeout measures the handler's own run: it starts when the handler does.
      let running: { request: InvocationRequest; deadline: Deadline } | undefined;
      let meter: (() => number) | undefined;
      const arm = (at: number) => {
        const deadline: Deadline = {
          at,
          // A deferring invoker's result may already wait in the host's task queue behind this
          // timer (a busy page, another invocation's deadline firing first): decide on a later
          // timer, one virtual millisecond on, so a result delivered in time is taken first.
          fire: defers ? () => void this.#clock.setTimer(1, () => expire(at, false)) : () => timeOut(this.#clock.now()),
        };
        running!.deadline = deadline;
        this.#addDeadline(deadline);
      };
      const expire = (at: number, graced: boolean) => {
        if (responded) return;
        // What the handler spent waiting for its host is not its run: give that time back.
        const left = meter ? call.timeoutMs - meter() : 0;
        if (left >= 1) arm(this.#clock.now() + Math.ceil(left));
        // A host may deliver a worker's messages in batches: a result already sent gets a moment more.
        else if (!graced) this.#clock.setTimer(RESULT_GRACE_MS, () => expire(at, true));
        else timeOut(at);
      };
      const start = (handlerMeter?: () => number): InvocationRequest => {
        if (running) return running.request;
        meter = handlerMeter;
        const now = this.#clock.now();
        const started =
          now === calledAt
            ? request
            : { ...request, startedAt: now, context: { ...request.context, deadlineMs: now + config.timeout * 1000 } };
        running = { request: started, deadline: { at: now + call.timeoutMs, fire: () => undefined } };
        arm(now + call.timeoutMs);
        return started;
      };
      if (!defers) start();
      let result: InvocationResult;
      try {
        result = await this.#invoker.invoke(running?.request ?? request, { start });
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
      start();
      const { startedAt } = running!.request;
      this.#deadlines.delete(running!.deadline);
      let lastSeq = invokeSeq;
      const emitLogs = (logs: LogLine[]) => {
        for (const line of logs)
          lastSeq = this.#trace.append({
            kind: 'lambda.log',
            from: call.participant,
            to: call.participant,
            causeSeq: invokeSeq,
            ...ids,
            functionName: fn,
            level: line.level,
            text: line.text,
            summary: line.text.length > 200 ? line.text.slice(0, 200) + '…' : line.text,
            t: startedAt + line.at,
          }).seq;
      };
      const traceResult = (): number => {
        if (call.role !== 'route') return lastSeq;
        const detail =
          result.status === 'ok'
            ? { outcome: 'ok' as const, value: result.value }
            : result.status === 'error'
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
          ...ids,
          functionName: fn,
          durationMs: result.durationMs,
          ...detail,
          summary:
            result.status === 'ok'
              ? this.#summary('result', fn, fn)
              : result.status === 'error'
                ? `${fn} failed: ${result.error.errorType}`
                : `${fn} timed out`,
        }).seq;
      };
      const outcome: InvocationOutcome =
        result.status === 'ok'
          ? { kind: 'ok', value: result.value }
          : result.status === 'error'
            ? { kind: 'error', error: result.error }
            : { kind: 'function-timeout' };
      if (!responded && result.durationMs > call.timeoutMs) {
        // The gateway gave up at start + timeout while the function ran on: show it in time order.
        emitLogs(result.logs.filter((l) => l.at <= call.timeoutMs));
        this.#clock.advanceTo(startedAt + call.timeoutMs);
        answer({ kind: 'integration-timeout' }, traceTimeout(startedAt + call.timeoutMs));
        emitLogs(result.logs.filter((l) => l.at > call.timeoutMs));
        this.#clock.advanceTo(startedAt + result.durationMs);
        traceResult();
      } else {
        this.#clock.advanceTo(startedAt + result.durationMs);
        emitLogs(result.logs);
        const seq = traceResult();
        answer(outcome, seq);
      }
    } catch (e) {
      // A bug or a throwing trace listener must not leave a client waiting forever.
      answer({ kind: 'error', error: { errorType: 'InternalError', errorMessage: String(e) } }, invokeSeq);
    } finally {
      this.#track?.end();
    }
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
        d.fire();
      } else if (d.at < next) next = d.at;
    }
    if (next < this.#deadlineTimerAt) this.#armDeadlineTimer(next);
  }
}
