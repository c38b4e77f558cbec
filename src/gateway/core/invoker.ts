/**
 * The boundary between the gateway and whatever runs Lambda functions.
 *
 * The engine builds the event exactly as API Gateway would and hands it to an Invoker. In
 * the browser the Invoker is `src/runtime` (sandboxed module workers with a watchdog); in
 * Node tests it is `createInProcessInvoker` (plain functions). Either way the function's own
 * timeout is the Invoker's job; the integration timeout is the gateway's.
 *
 * Both timeouts measure the handler's own run, as on AWS, where Lambda scales out to meet
 * concurrent requests. An Invoker that may hold a request before its handler runs (waiting for a
 * free sandbox worker, or for a busy page) says so with `defersStart` and calls `hooks.start()`
 * when the handler is about to run: the gateway's clock for that invocation starts then, so the
 * simulator's own slowness is never charged to the API.
 */

/** Per-function configuration, as Lambda has it. */
export interface FunctionConfig {
  /** `file.export`, e.g. `onconnect.handler` for `export const handler` in `onconnect.ts`/`.js`. */
  handler: string;
  /** Seconds; Lambda's default is 3. */
  timeout: number;
  /** MB; a label here (Lambda's default is 128). */
  memorySize: number;
  /** Readable through `process.env` inside the function. */
  environment: Record<string, string>;
}

export interface LambdaContextInfo {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  /** Virtual epoch ms when the function must have finished (start + timeout). */
  deadlineMs: number;
}

export interface InvocationRequest {
  /** The Lambda request id (`context.awsRequestId`), also the trace's invocationId. */
  invocationId: string;
  functionName: string;
  config: FunctionConfig;
  event: unknown;
  context: LambdaContextInfo;
  /** Virtual epoch ms at which the invocation starts: `Date.now()` inside the handler counts from here. */
  startedAt: number;
  /** AWS region, for `process.env.AWS_REGION`. */
  region: string;
}

export interface LogLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'platform';
  text: string;
  /** Virtual ms since the invocation started. */
  at: number;
}

export type InvocationResult =
  | { status: 'ok'; value: unknown; durationMs: number; logs: LogLine[] }
  | {
      status: 'error';
      error: { errorType: string; errorMessage: string; stack?: string[] };
      durationMs: number;
      logs: LogLine[];
    }
  /** The function's own timeout: Lambda logs `Task timed out after N.00 seconds`. */
  | { status: 'timeout'; durationMs: number; logs: LogLine[] };

/** What the gateway lends an Invoker for one invocation. */
export interface InvocationHooks {
  /**
   * The handler is about to run. The integration timeout counts from now; returns the request
   * to hand the handler, with `startedAt` and the context's `deadlineMs` moved to now. Calls
   * after the first return the same request.
   *
   * `meter`, when given, tells how many ms of its own run the handler has used so far: its
   * time since the start less what it spent waiting for the host (SDK calls the page serves
   * while busy). The integration timeout is held to it rather than to the clock alone.
   */
  start(meter?: () => number): InvocationRequest;
}

export interface Invoker {
  /** Runs one invocation; `hooks` come from the gateway (an Invoker without `defersStart` may ignore them). */
  invoke(request: InvocationRequest, hooks?: InvocationHooks): Promise<InvocationResult>;
  /**
   * True when `invoke` may hold a request before its handler runs, and calls `hooks.start()`
   * when it does. Otherwise the handler is taken to start with the call.
   */
  readonly defersStart?: boolean;
}
