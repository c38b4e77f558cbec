/**
 * The boundary between the gateway and whatever runs Lambda functions.
 *
 * The engine builds the event exactly as API Gateway would and hands it to an Invoker. In
 * the browser the Invoker is `src/runtime` (sandboxed module workers with a watchdog); in
 * Node tests it is `createInProcessInvoker` (plain functions). Either way the function's own
 * timeout is the Invoker's job; the integration timeout is the gateway's.
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

export interface Invoker {
  invoke(request: InvocationRequest): Promise<InvocationResult>;
}
