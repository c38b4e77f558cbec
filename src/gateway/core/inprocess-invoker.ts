/**
 * An Invoker that calls plain functions in the same process: for Node tests, headless runs and
 * benchmarks. It keeps Lambda's contract (docs/aws-behaviour.md; Lambda DG nodejs-handler,
 * nodejs-context): the handler gets a JSON copy of the event and a Lambda-shaped context,
 * may be async or use the callback, its result is JSON-serialised, throws become
 * `{errorType, errorMessage}`, and a simulated duration over the function's timeout becomes
 * Lambda's own timeout with its exact log line.
 */
import type { InvocationRequest, InvocationResult, Invoker } from './invoker';
import { wrapPlatformLines } from './lambda-log';

/** The `context` object a Node.js Lambda handler receives (Lambda DG nodejs-context). */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  /** Milliseconds left before the function times out, on the gateway's virtual clock. */
  getRemainingTimeInMillis(): number;
}

export type LambdaCallback = (error?: unknown, result?: unknown) => void;

// Handlers receive whatever event their route produces; `any` keeps test handlers terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InProcessHandler = (event: any, context: LambdaContext, callback: LambdaCallback) => unknown;

export interface InProcessFunction {
  handler: InProcessHandler;
  /**
   * Simulated run time in ms (default 0), or a function of the event. It is what the gateway
   * sees as the invocation's duration: over the function's timeout it is a Lambda timeout;
   * over the route's integration timeout, a gateway timeout.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  durationMs?: number | ((event: any) => number);
}

/**
 * A copy with JSON's semantics (what Lambda's JSON transport gives a handler), without
 * building a string for the common case of plain data: plain objects and arrays are copied
 * member by member (dropping `undefined` and functions as JSON.stringify does); anything
 * else (Dates, class instances, `toJSON`, non-finite numbers) goes through JSON itself.
 */
export function jsonCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = value[i];
          out[i] = v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : jsonCopy(v);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      const plain = proto === Object.prototype || proto === null;
      if (!plain || typeof (value as { toJSON?: unknown }).toJSON === 'function')
        return JSON.parse(JSON.stringify(value));
      // Spread first: one native copy with the source's shape (adding members one by one to `{}`
      // regrew its property store several times per event). It keeps the same keys in the same
      // order as JSON; members JSON would drop or change (undefined, functions, symbols,
      // non-finite numbers) and symbol keys are rare, and send the value the member-by-member way.
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const k in out) {
        const v = out[k];
        if (typeof v === 'object') {
          if (v !== null) out[k] = jsonCopy(v);
        } else if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
          return memberCopy(value as Record<string, unknown>);
      }
      return Object.getOwnPropertySymbols(out).length === 0 ? out : memberCopy(value as Record<string, unknown>);
    }
    case 'bigint':
      // JSON.stringify throws on BigInt; so does this, as Lambda's serialisation would.
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
}

/** A plain object copied member by member as JSON would: undefined, functions and symbols dropped. */
function memberCopy(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in value) {
    const v = value[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out[k] = jsonCopy(v);
  }
  return out;
}

/** What Lambda reports for a thrown value: `Error` subclasses by name, anything else by its type. */
function toLambdaError(e: unknown): { errorType: string; errorMessage: string; stack?: string[] } {
  if (e instanceof Error || (e !== null && typeof e === 'object' && 'message' in e)) {
    const err = e as Error;
    return {
      errorType: err.name || 'Error',
      errorMessage: String(err.message),
      stack: typeof err.stack === 'string' ? err.stack.split('\n') : undefined,
    };
  }
  // The Node.js runtime reports `throw "boom"` / `callback("boom")` as errorType "string".
  return { errorType: typeof e, errorMessage: String(e) };
}

/**
 * Runs a handler to its end: an async handler (or one returning a promise) finishes with its
 * promise, a plain three-argument handler when it calls back, whichever comes first (Lambda DG
 * nodejs-handler). `done` gets the outcome once: `error` set when it threw, rejected or called
 * back with an error.
 */
function callHandler(
  handler: InProcessHandler,
  event: unknown,
  context: LambdaContext,
  done: (failed: boolean, outcome: unknown) => void,
): void {
  let settled = false;
  const settle = (failed: boolean, outcome: unknown) => {
    if (settled) return;
    settled = true;
    done(failed, outcome);
  };
  const callback: LambdaCallback = (error, result) =>
    error !== undefined && error !== null ? settle(true, error) : settle(false, result);
  let returned: unknown;
  try {
    returned = handler(event, context, callback);
  } catch (e) {
    settle(true, e);
    return;
  }
  if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
    (returned as PromiseLike<unknown>).then(
      (v) => settle(false, v ?? null),
      (e) => settle(true, e),
    );
  } else if (handler.length < 3) settle(false, returned);
}

/** What the invoker reports for a handler's end (`failed`: it threw, rejected or called back with an error). */
function resultOf(request: InvocationRequest, durationMs: number, failed: boolean, outcome: unknown): InvocationResult {
  const requestId = request.context.awsRequestId;
  const memory = request.config.memorySize;
  const timeoutMs = request.config.timeout * 1000;
  let value: unknown;
  let error: ReturnType<typeof toLambdaError> | undefined;
  if (failed) error = toLambdaError(outcome);
  else {
    try {
      // Lambda JSON-serialises the result: `undefined` becomes null, functions vanish.
      value = outcome === undefined ? null : (jsonCopy(outcome) ?? null);
    } catch (e) {
      error = toLambdaError(e);
    }
  }
  if (durationMs > timeoutMs) {
    const timedOut = { status: 'timeout' as const, timeoutSeconds: request.config.timeout };
    return {
      status: 'timeout',
      durationMs: timeoutMs,
      logs: wrapPlatformLines(requestId, [], timeoutMs, memory, timedOut, undefined, request.startedAt),
    };
  }
  if (error) {
    const logs = wrapPlatformLines(requestId, [], durationMs, memory, { status: 'error', error });
    return { status: 'error', error, durationMs, logs };
  }
  return {
    status: 'ok',
    value,
    durationMs,
    logs: wrapPlatformLines(requestId, [], durationMs, memory, { status: 'ok' }),
  };
}

/**
 * Creates an Invoker over plain functions, keyed by function name (the keys of the
 * definition's `functions`).
 */
export function createInProcessInvoker(functions: Record<string, InProcessHandler | InProcessFunction>): Invoker {
  return {
    invoke(request: InvocationRequest): Promise<InvocationResult> {
      const spec = functions[request.functionName];
      const requestId = request.context.awsRequestId;
      if (!spec) {
        const memory = request.config.memorySize;
        // What the Node.js runtime reports when the configured export does not exist.
        const error = {
          errorType: 'Runtime.HandlerNotFound',
          errorMessage: `${request.config.handler} is undefined or not exported`,
        };
        const logs = wrapPlatformLines(requestId, [], 0, memory, { status: 'error', error });
        return Promise.resolve({ status: 'error', error, durationMs: 0, logs });
      }
      // One promise, settled straight from the handler's end (not an async function awaiting
      // another promise): messages are routed through here at up to 100k/s.
      return new Promise((resolve, reject) => {
        const handler = typeof spec === 'function' ? spec : spec.handler;
        // Lambda hands the function a JSON copy of the event: mutating it cannot touch the gateway's record.
        const event = jsonCopy(request.event);
        const duration = typeof spec === 'function' ? 0 : spec.durationMs;
        const simulated = typeof duration === 'function' ? duration(event) : (duration ?? 0);
        const durationMs = Math.max(0, simulated);
        const context: LambdaContext = {
          functionName: request.context.functionName,
          functionVersion: request.context.functionVersion,
          invokedFunctionArn: request.context.invokedFunctionArn,
          memoryLimitInMB: request.context.memoryLimitInMB,
          awsRequestId: requestId,
          logGroupName: request.context.logGroupName,
          logStreamName: request.context.logStreamName,
          callbackWaitsForEmptyEventLoop: true,
          // In process no virtual time passes while the handler runs; the simulated duration is applied after.
          getRemainingTimeInMillis: () => Math.max(0, request.context.deadlineMs - request.startedAt),
        };
        callHandler(handler, event, context, (failed, outcome) => {
          // A throw here (a value that cannot be reported) fails the invocation; it never leaves it pending.
          try {
            resolve(resultOf(request, durationMs, failed, outcome));
          } catch (e) {
            reject(e);
          }
        });
      });
    },
  };
}
