/**
 * Log lines in the shape Lambda's Node.js runtime writes them to CloudWatch
 * (docs: lambda/latest/dg/nodejs-logging, "Log format"):
 *
 *   START RequestId: <id> Version: $LATEST
 *   <ISO time>\t<id>\tINFO\t<message>
 *   <ISO time>\t<id>\tERROR\tInvoke Error \t{"errorType":…,"errorMessage":…,"stack":[…]}
 *   END RequestId: <id>
 *   REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB
 *   <ISO time> <id> Task timed out after 3.00 seconds
 */
import type { LogLine } from '../../gateway';
// One source for Lambda's platform line text, shared with the gateway's in-process invoker.
import * as text from '../../gateway';

export type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

const LEVEL_TAG: Record<ConsoleMethod, string> = {
  log: 'INFO',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  debug: 'DEBUG',
  trace: 'TRACE',
};

const LINE_LEVEL: Record<ConsoleMethod, LogLine['level']> = {
  log: 'log',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'log',
  trace: 'log',
};

/**
 * A line the function's own code wrote. `requestId` is `undefined` (the word) for lines written
 * during init, as Lambda prints them.
 */
export function consoleLine(
  method: ConsoleMethod,
  message: string,
  epochMs: number,
  requestId: string | undefined,
  at: number,
): LogLine {
  return {
    level: LINE_LEVEL[method],
    text: `${new Date(epochMs).toISOString()}\t${requestId ?? 'undefined'}\t${LEVEL_TAG[method]}\t${message}`,
    at,
  };
}

export function platform(text: string, at: number): LogLine {
  return { level: 'platform', text, at };
}

export function startLine(requestId: string, at = 0): LogLine {
  return platform(text.startLine(requestId), at);
}

export function endLine(requestId: string, at: number): LogLine {
  return platform(text.endLine(requestId), at);
}

/** Lambda bills in 1 ms increments, rounded up. */
export function reportLine(
  requestId: string,
  durationMs: number,
  memorySize: number,
  at: number,
  initDurationMs?: number,
  status?: 'timeout',
): LogLine {
  // There is no honest memory figure for a worker; a fixed plausible value, capped at the size.
  const maxMemoryUsedMB = Math.min(memorySize, 64);
  return platform(
    text.reportLine({ requestId, durationMs, memorySizeMB: memorySize, maxMemoryUsedMB, initDurationMs, status }),
    at,
  );
}

export function timeoutLine(requestId: string, epochMs: number, timeoutSeconds: number, at: number): LogLine {
  return platform(text.timeoutLine(timeoutSeconds, { epochMs, requestId }), at);
}

/** The ERROR line the runtime writes for a failed invocation (`Invoke Error`) or a failed init (`Uncaught Exception`). */
export function errorLine(
  kind: 'Invoke Error' | 'Uncaught Exception',
  error: { errorType: string; errorMessage: string; stack?: string[] },
  epochMs: number,
  requestId: string | undefined,
  at: number,
): LogLine {
  const json = JSON.stringify({
    errorType: error.errorType,
    errorMessage: error.errorMessage,
    stack: error.stack ?? [],
  });
  return {
    level: 'error',
    text: `${new Date(epochMs).toISOString()}\t${requestId ?? 'undefined'}\tERROR\t${kind} \t${json}`,
    at,
  };
}

/** The message part of a console line (drops `<time>\t<id>\t<LEVEL>\t`), for compact displays. */
export function logMessage(line: LogLine): string {
  if (line.level === 'platform') return line.text;
  const m = /^\S+\t\S+\t[A-Z]+\t([\s\S]*)$/.exec(line.text);
  return m ? m[1] : line.text;
}

/**
 * The result of an invocation the watchdog ended: the lines it wrote so far, then END, REPORT
 * (Duration = the timeout) and `Task timed out after N.00 seconds`, in the order CloudWatch
 * shows them (observed, e.g. https://github.com/apex/up/issues/663).
 */
export function timedOutResult(
  request: { invocationId: string; startedAt: number; config: { timeout: number; memorySize: number } },
  logsSoFar: readonly LogLine[],
): { status: 'timeout'; durationMs: number; logs: LogLine[] } {
  const id = request.invocationId;
  const ms = request.config.timeout * 1000;
  const logs = [...logsSoFar];
  if (!logs.some((l) => l.level === 'platform' && l.text.startsWith(`START RequestId: ${id}`)))
    logs.push(startLine(id, 0));
  logs.push(
    endLine(id, ms),
    reportLine(id, ms, request.config.memorySize, ms, undefined, 'timeout'),
    timeoutLine(id, request.startedAt + ms, request.config.timeout, ms),
  );
  return { status: 'timeout', durationMs: ms, logs };
}

/**
 * The result of an invocation that went over the function's memory size, as Lambda reports an
 * environment it killed for memory: error type `Runtime.OutOfMemory`, the message
 * `RequestId: <id> Error: Runtime exited with error: signal: killed`, and a REPORT line whose
 * Max Memory Used is the memory size, with `Status: error` and the error type; then the runtime's
 * exit line and the type (as CloudWatch shows a `Runtime.ExitError`, e.g. aws/aws-lambda-dotnet#480).
 */
export function outOfMemoryResult(
  request: { invocationId: string; config: { memorySize: number } },
  logsSoFar: readonly LogLine[],
  durationMs: number,
): KilledResult {
  return killedRuntimeResult(request, logsSoFar, durationMs, 'Runtime.OutOfMemory');
}

type KilledResult = {
  status: 'error';
  error: { errorType: string; errorMessage: string };
  durationMs: number;
  logs: LogLine[];
};

/**
 * An environment whose runtime process Lambda saw end by a signal (`Runtime exited with error:
 * signal: killed`), under `errorType`: END, a REPORT line with `Status: error`, Max Memory Used =
 * the memory size and the error type, then the message and the type. `note` (the playground's own
 * line saying why) comes before END. Shared by the memory cap above and the sandbox's dead frame
 * (../sandbox/failures.ts `killedResult`).
 */
export function killedRuntimeResult(
  request: { invocationId: string; config: { memorySize: number } },
  logsSoFar: readonly LogLine[],
  durationMs: number,
  errorType: 'Runtime.OutOfMemory' | 'Runtime.ExitError',
  note?: string,
): KilledResult {
  const id = request.invocationId;
  const errorMessage = `RequestId: ${id} Error: Runtime exited with error: signal: killed`;
  const size = request.config.memorySize;
  const logs = [...logsSoFar];
  if (!logs.some((l) => l.level === 'platform' && l.text.startsWith(`START RequestId: ${id}`)))
    logs.push(startLine(id, 0));
  const report =
    text.reportLine({ requestId: id, durationMs, memorySizeMB: size, maxMemoryUsedMB: size, status: 'error' }) +
    `\tError Type: ${errorType}`;
  if (note !== undefined) logs.push(platform(note, durationMs));
  logs.push(
    endLine(id, durationMs),
    platform(report, durationMs),
    platform(errorMessage, durationMs),
    platform(errorType, durationMs),
  );
  return { status: 'error', error: { errorType, errorMessage }, durationMs, logs };
}
