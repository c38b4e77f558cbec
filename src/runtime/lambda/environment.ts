/**
 * One Lambda execution environment: the learner's modules loaded once (init, a cold start),
 * then reused by every later invocation (warm), so module-level state persists as it does on
 * Lambda. A sandbox worker hosts exactly one; the Node invoker keeps a few per function.
 *
 * It runs an invocation the way Lambda's Node.js runtime does: `process.env` from the function
 * configuration plus the reserved AWS_* variables, a `context` with getRemainingTimeInMillis,
 * async or callback-style handlers, console output captured as CloudWatch-style lines tied to
 * the request id, START/END/REPORT platform lines, and errors reported as
 * `{errorType, errorMessage, stack}` (docs: lambda/latest/dg/nodejs-handler, nodejs-logging,
 * nodejs-exceptions). It does not enforce the timeout: that is the caller's watchdog.
 */
import type { FunctionConfig, InvocationRequest, InvocationResult, LogLine } from '../../gateway';
import { ModuleLoader, ModuleNotFoundError, UserCodeSyntaxError, fixStack, normalizePath } from '../loader';
import type { RuntimeServices } from '../services';
import { createShimModules, type ShimHost } from '../shims';
import { MiniBuffer } from './buffer';
import { format } from './inspect';
import { MAX_LOG_BYTES, MAX_LOG_LINES, cutLine, utf8Length } from './limits';
import { consoleLine, endLine, errorLine, platform, reportLine, startLine, type ConsoleMethod } from './logs';

export interface LambdaError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export interface EnvironmentOptions {
  functionName: string;
  files: Readonly<Record<string, string>>;
  config: FunctionConfig;
  region: string;
  services: RuntimeServices;
  /** Called for every log line as it is written, so a killed invocation still has its logs. */
  onLog?(invocationId: string, line: LogLine): void;
  /**
   * Also replace the host's globals (`Date`, `console`, `process`, `Buffer`). Only inside a
   * sandbox worker, which hosts nothing else; Node tests inject them into module scope only.
   */
  installGlobals?: boolean;
  /** Monotonic real milliseconds (default `performance.now`). */
  monotonic?(): number;
}

interface Current {
  invocationId: string | undefined;
  /** Lines written during init carry no request id (Lambda prints `undefined`). */
  phase: 'init' | 'invoke';
  startedAt: number;
  realStart: number;
  logs: LogLine[];
  /** Lines the function wrote in this invocation (platform lines excluded), and their UTF-8 bytes. */
  userLines: number;
  userBytes: number;
  /** Set once a cap is reached: later lines of the function are dropped. */
  capped: boolean;
}

const NODE_VERSION = 'v22.23.0';

/** The host's own Date, captured before a sandbox worker replaces the global. */
const RealDate = Date;
/** The host's clock, taken before learner code could replace `performance.now`. */
const hostNow = performance.now.bind(performance);

/** Splits `dir/file.export.path` as Lambda does: the module is up to the first dot of the last segment. */
export function parseHandler(handler: string): { module: string; exportPath: string[] } | undefined {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) return undefined;
  return { module: handler.slice(0, dot), exportPath: handler.slice(dot + 1).split('.') };
}

/** An error as Lambda reports it: `error.name`, `error.message`, the stack as lines. */
export function toLambdaError(e: unknown): LambdaError {
  if (e instanceof Error || (e && typeof e === 'object' && 'message' in e)) {
    const err = e as Error;
    const stack = typeof err.stack === 'string' ? fixStack(err.stack).split('\n') : [];
    return { errorType: err.name || err.constructor?.name || 'Error', errorMessage: String(err.message ?? ''), stack };
  }
  if (typeof e === 'string') return { errorType: 'string', errorMessage: e, stack: [] };
  let message: string;
  try {
    message = JSON.stringify(e) ?? String(e);
  } catch {
    message = String(e);
  }
  return { errorType: typeof e, errorMessage: message, stack: [] };
}

/** Thrown by init; carries the Lambda error type (Runtime.ImportModuleError, …). */
class InitError extends Error {
  constructor(readonly lambdaError: LambdaError) {
    super(lambdaError.errorMessage);
  }
}

export class ExecutionEnvironment {
  readonly functionName: string;
  readonly #options: EnvironmentOptions;
  readonly #monotonic: () => number;
  readonly #current: Current = {
    invocationId: undefined,
    phase: 'invoke',
    startedAt: 0,
    realStart: 0,
    logs: [],
    userLines: 0,
    userBytes: 0,
    capped: false,
  };
  #handler: ((...args: unknown[]) => unknown) | undefined;
  #invocations = 0;

  constructor(options: EnvironmentOptions) {
    this.functionName = options.functionName;
    this.#options = options;
    this.#monotonic = options.monotonic ?? hostNow;
  }

  /** True once init has succeeded: the next invocation is warm. */
  get initialized(): boolean {
    return this.#handler !== undefined;
  }

  /** The lines the current (or last) invocation has written so far: what a watchdog reports. */
  get currentLogs(): readonly LogLine[] {
    return [...this.#current.logs];
  }

  /** How many invocations this environment has run. */
  get invocations(): number {
    return this.#invocations;
  }

  /** Virtual epoch ms: the invocation's `startedAt` plus the real time elapsed since. */
  #virtualNow(): number {
    return Math.floor(this.#current.startedAt + (this.#monotonic() - this.#current.realStart));
  }

  #elapsed(): number {
    return Math.round((this.#monotonic() - this.#current.realStart) * 100) / 100;
  }

  #log(line: LogLine): void {
    const cur = this.#current;
    line = cutLine(line);
    if (line.level !== 'platform') {
      if (cur.capped) return;
      const bytes = utf8Length(line.text);
      if (cur.userLines >= MAX_LOG_LINES || cur.userBytes + bytes > MAX_LOG_BYTES) {
        // Said once, then the function's later lines are dropped; platform lines still follow.
        cur.capped = true;
        line = platform(
          cur.userLines >= MAX_LOG_LINES
            ? `The playground keeps ${MAX_LOG_LINES} log lines per invocation; later lines are dropped.`
            : `The playground keeps ${MAX_LOG_BYTES / 1024 / 1024} MB of log output per invocation (one CloudWatch Logs batch); later lines are dropped.`,
          line.at,
        );
      } else {
        cur.userLines++;
        cur.userBytes += bytes;
      }
    }
    cur.logs.push(line);
    if (cur.invocationId !== undefined) this.#options.onLog?.(cur.invocationId, line);
  }

  /** A line from the runtime about what the function tried (a blocked network call), counted as the function's. */
  runtimeLine(text: string): void {
    this.#write('error', [text]);
  }

  #write(method: ConsoleMethod, args: unknown[]): void {
    // Past a cap nothing more is kept: skip the formatting too.
    if (this.#current.capped) return;
    const message = format(...args).replace(/\/var\/task\/[^\s():]+:\d+:\d+/g, (m) => fixStack(m));
    this.#log(
      consoleLine(
        method,
        message,
        this.#virtualNow(),
        this.#current.phase === 'init' ? undefined : this.#current.invocationId,
        this.#elapsed(),
      ),
    );
  }

  /** Runs one invocation to completion (ok or error). Never resolves 'timeout': the caller enforces it. */
  async invoke(request: InvocationRequest): Promise<InvocationResult> {
    this.#invocations++;
    const cur = this.#current;
    cur.invocationId = request.invocationId;
    cur.startedAt = request.startedAt;
    cur.realStart = this.#monotonic();
    cur.logs = [];
    cur.userLines = 0;
    cur.userBytes = 0;
    cur.capped = false;
    const id = request.invocationId;

    let initDuration: number | undefined;
    if (!this.#handler) {
      const t0 = this.#monotonic();
      cur.phase = 'init';
      try {
        this.#handler = this.#init(request);
      } catch (e) {
        cur.phase = 'invoke';
        const error = e instanceof InitError ? e.lambdaError : toLambdaError(e);
        // Lambda logs the failed init, then the invocation that could not run.
        this.#log(errorLine('Uncaught Exception', error, this.#virtualNow(), undefined, 0));
        this.#log(startLine(id, 0));
        this.#log(endLine(id, 0));
        this.#log(reportLine(id, 0, request.config.memorySize, 0, this.#monotonic() - t0));
        return { status: 'error', error, durationMs: 0, logs: cur.logs };
      }
      initDuration = this.#monotonic() - t0;
      cur.phase = 'invoke';
      // The handler's clock starts after init, as Lambda's Duration excludes Init Duration.
      cur.realStart = this.#monotonic();
    }

    this.#log(startLine(id, 0));
    let outcome: { ok: true; value: unknown } | { ok: false; error: LambdaError };
    try {
      const value = await this.#run(this.#handler, request);
      // Lambda returns the JSON serialisation of the value (undefined → null).
      outcome = { ok: true, value: JSON.parse(JSON.stringify(value) ?? 'null') };
    } catch (e) {
      outcome = { ok: false, error: toLambdaError(e) };
    }
    const durationMs = this.#elapsed();
    if (!outcome.ok) this.#log(errorLine('Invoke Error', outcome.error, this.#virtualNow(), id, durationMs));
    this.#log(endLine(id, durationMs));
    this.#log(reportLine(id, durationMs, request.config.memorySize, durationMs, initDuration));
    const logs = cur.logs;
    return outcome.ok
      ? { status: 'ok', value: outcome.value, durationMs, logs }
      : { status: 'error', error: outcome.error, durationMs, logs };
  }

  #run(handler: (...args: unknown[]) => unknown, request: InvocationRequest): Promise<unknown> {
    const ctx = request.context;
    return new Promise((resolve, reject) => {
      let settled = false;
      const callback = (err?: unknown, value?: unknown) => {
        if (settled) return;
        settled = true;
        if (err !== undefined && err !== null) reject(err);
        else resolve(value);
      };
      const context = {
        ...ctx,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, ctx.deadlineMs - this.#virtualNow()),
        // The legacy context methods, still honoured by the Node.js runtime.
        done: callback,
        succeed: (value: unknown) => callback(null, value),
        fail: (err: unknown) => callback(err ?? new Error('handled')),
      };
      let returned: unknown;
      try {
        returned = handler(request.event, context, callback);
      } catch (e) {
        callback(e);
        return;
      }
      if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
        (returned as PromiseLike<unknown>).then(
          (v) => callback(null, v),
          (e) => callback(e ?? new Error('Promise rejected with a falsy value')),
        );
      } else if (handler.length < 3) {
        // A non-async handler that never takes the callback answers null once its work is
        // done (Lambda: "the event loop is empty"); a macrotask approximates that moment.
        setTimeout(() => callback(null, null), 0);
      }
      // Otherwise wait for the callback (or the watchdog).
    });
  }

  #init(request: InvocationRequest): (...args: unknown[]) => unknown {
    const { config, functionName, region, files, services } = this.#options;
    const parsed = parseHandler(config.handler);
    if (!parsed) {
      throw new InitError({
        errorType: 'Runtime.MalformedHandlerName',
        errorMessage: `Bad handler ${config.handler}`,
        stack: [],
      });
    }
    const process = this.#process(request);
    const console = this.#console();
    const VirtualDate = this.#dateClass();
    const cur = this.#current;
    // The shims tag each call with the invocation running now (one at a time per environment).
    const host: ShimHost = {
      region,
      management: (req) => services.management({ ...req, invocationId: cur.invocationId ?? '', functionName }),
      dynamodb: (req) => services.dynamodb({ ...req, invocationId: cur.invocationId ?? '', functionName }),
    };
    const globals = { process, console, Date: VirtualDate, Buffer: MiniBuffer };
    if (this.#options.installGlobals) Object.assign(globalThis, globals);
    const scope = { ...globals, global: globalThis };
    const loader = new ModuleLoader({ files, builtins: createShimModules(host), scope });
    const file = loader.resolveFile(`./${normalizePath(parsed.module)}`);
    if (file === undefined) {
      throw new InitError({
        errorType: 'Runtime.ImportModuleError',
        errorMessage: `Error: Cannot find module '${parsed.module}'\nRequire stack:\n- /var/runtime/index.mjs`,
        stack: [
          `Runtime.ImportModuleError: Error: Cannot find module '${parsed.module}'`,
          'Require stack:',
          '- /var/runtime/index.mjs',
        ],
      });
    }
    let exports: unknown;
    try {
      exports = loader.requireFile(file);
    } catch (e) {
      if (e instanceof UserCodeSyntaxError) {
        const errorMessage = `SyntaxError: ${e.message}`;
        throw new InitError({
          errorType: 'Runtime.UserCodeSyntaxError',
          errorMessage,
          stack: [`Runtime.UserCodeSyntaxError: ${errorMessage}`],
        });
      }
      if (e instanceof ModuleNotFoundError) {
        const errorMessage = `Error: ${e.message}`;
        throw new InitError({
          errorType: 'Runtime.ImportModuleError',
          errorMessage,
          stack: [`Runtime.ImportModuleError: ${errorMessage}`],
        });
      }
      throw e;
    }
    let fn: unknown = exports;
    for (const key of parsed.exportPath) fn = fn == null ? undefined : (fn as Record<string, unknown>)[key];
    if (typeof fn !== 'function') {
      const errorMessage = `${config.handler} is undefined or not exported`;
      throw new InitError({
        errorType: 'Runtime.HandlerNotFound',
        errorMessage,
        stack: [`Runtime.HandlerNotFound: ${errorMessage}`],
      });
    }
    return fn as (...args: unknown[]) => unknown;
  }

  #process(request: InvocationRequest): Record<string, unknown> {
    const { config, functionName, region } = this.#options;
    const ctx = request.context;
    const env: Record<string, string> = {
      ...config.environment,
      // Reserved variables Lambda sets (docs: lambda/latest/dg/configuration-envvars-runtime); they win.
      _HANDLER: config.handler,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: ctx.logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: ctx.logStreamName,
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
      LAMBDA_TASK_ROOT: '/var/task',
      LAMBDA_RUNTIME_DIR: '/var/runtime',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
      NODE_PATH:
        '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
    };
    const write = (method: ConsoleMethod) => (chunk: unknown) => {
      this.#write(method, [String(chunk).replace(/\n$/, '')]);
      return true;
    };
    const started = this.#monotonic();
    return {
      env,
      version: NODE_VERSION,
      versions: { node: NODE_VERSION.slice(1) },
      platform: 'linux',
      arch: 'x64',
      argv: ['/var/lang/bin/node', '/var/runtime/index.mjs'],
      pid: 8,
      cwd: () => '/var/task',
      uptime: () => (this.#monotonic() - started) / 1000,
      hrtime: Object.assign(
        (prev?: [number, number]) => {
          const ns = Math.round(this.#monotonic() * 1e6);
          const t: [number, number] = [Math.floor(ns / 1e9), ns % 1e9];
          return prev ? [t[0] - prev[0], t[1] - prev[1]] : t;
        },
        { bigint: () => BigInt(Math.round(this.#monotonic() * 1e6)) },
      ),
      memoryUsage: () => ({
        rss: 64 * 2 ** 20,
        heapTotal: 32 * 2 ** 20,
        heapUsed: 16 * 2 ** 20,
        external: 0,
        arrayBuffers: 0,
      }),
      nextTick: (fn: (...a: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
      on: () => undefined,
      once: () => undefined,
      off: () => undefined,
      emitWarning: (w: unknown) => this.#write('warn', [w]),
      exit: (code?: number) => {
        throw new Error(`process.exit(${code ?? 0}) is not supported in the playground`);
      },
      stdout: { write: write('log') },
      stderr: { write: write('error') },
    };
  }

  #console(): Record<string, unknown> {
    const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
    const c: Record<string, unknown> = {};
    for (const m of methods) c[m] = (...args: unknown[]) => this.#write(m, args);
    const counts = new Map<string, number>();
    const timers = new Map<string, number>();
    c.dir = (v: unknown) => this.#write('log', [v]);
    c.table = (v: unknown) => this.#write('log', [v]);
    c.assert = (cond: unknown, ...args: unknown[]) => {
      if (!cond) this.#write('error', ['Assertion failed' + (args.length ? ':' : ''), ...args]);
    };
    c.count = (label = 'default') => {
      counts.set(label, (counts.get(label) ?? 0) + 1);
      this.#write('log', [`${label}: ${counts.get(label)}`]);
    };
    c.time = (label = 'default') => timers.set(label, this.#monotonic());
    c.timeEnd = (label = 'default') => {
      const t = timers.get(label);
      if (t !== undefined) this.#write('log', [`${label}: ${(this.#monotonic() - t).toFixed(3)}ms`]);
      timers.delete(label);
    };
    c.timeLog = (label = 'default') => {
      const t = timers.get(label);
      if (t !== undefined) this.#write('log', [`${label}: ${(this.#monotonic() - t).toFixed(3)}ms`]);
    };
    c.group = c.groupEnd = c.groupCollapsed = () => undefined;
    return c;
  }

  /**
   * `Date` whose `now()` and argument-less construction give virtual time. A Proxy over the real
   * constructor keeps `Date.prototype`, so `instanceof Date` holds for dates from anywhere.
   */
  #dateClass(): DateConstructor {
    const now = () => this.#virtualNow();
    return new Proxy(RealDate, {
      construct(target, args, newTarget) {
        return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object;
      },
      apply() {
        return new RealDate(now()).toString();
      },
      get(target, prop, receiver) {
        if (prop === 'now') return now;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  }
}
