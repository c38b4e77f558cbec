/**
 * Lambda's platform log lines, in the text Lambda writes to CloudWatch Logs, so the
 * playground's log panel reads like the real one. Shared by the in-process invoker and the
 * worker runtime.
 */
import type { LogLine } from './invoker';

/** `START RequestId: … Version: $LATEST` */
export function startLine(requestId: string, version = '$LATEST'): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

/** `END RequestId: …` */
export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMB: number;
  /** The playground does not measure memory; callers pass a plausible figure. */
  maxMemoryUsedMB: number;
  initDurationMs?: number;
  /** Set on a timeout: Lambda appends `Status: timeout`. */
  status?: 'timeout' | 'error';
}

/**
 * `REPORT RequestId: …\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 68 MB`
 * Tab-separated; billed duration is rounded up to the next millisecond (1 ms billing since 2020).
 */
export function reportLine(f: ReportFields): string {
  return `REPORT RequestId: ${f.requestId}` + reportFigures(f);
}

/**
 * The last figures a REPORT line was built for, and their text. An in-process function reports
 * the same figures on every call (messages are routed at up to 100k/s): reusing the text saves
 * a dozen string pieces per invocation. A pure memo: it never changes what a line says.
 */
let lastFigures: (Omit<ReportFields, 'requestId'> & { text: string }) | undefined;

/** The REPORT line after its request id: `\tDuration: … ms\tBilled Duration: …` and so on. */
function reportFigures(f: ReportFields): string {
  const last = lastFigures;
  if (
    last !== undefined &&
    last.durationMs === f.durationMs &&
    last.memorySizeMB === f.memorySizeMB &&
    last.maxMemoryUsedMB === f.maxMemoryUsedMB &&
    last.initDurationMs === f.initDurationMs &&
    last.status === f.status
  )
    return last.text;
  let text =
    `\tDuration: ${f.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${Math.max(1, Math.ceil(f.durationMs + (f.initDurationMs ?? 0)))} ms\t` +
    `Memory Size: ${f.memorySizeMB} MB\tMax Memory Used: ${f.maxMemoryUsedMB} MB`;
  if (f.initDurationMs !== undefined) text += `\tInit Duration: ${f.initDurationMs.toFixed(2)} ms`;
  if (f.status) text += `\tStatus: ${f.status}`;
  lastFigures = {
    durationMs: f.durationMs,
    memorySizeMB: f.memorySizeMB,
    maxMemoryUsedMB: f.maxMemoryUsedMB,
    initDurationMs: f.initDurationMs,
    status: f.status,
    text,
  };
  return text;
}

/**
 * The line Lambda logs when a function exceeds its timeout, after REPORT:
 * `2026-01-15T12:00:03.000Z <requestId> Task timed out after 3.00 seconds` (observed in
 * CloudWatch, e.g. apex/up#663). Without a time and id, just the message.
 */
export function timeoutLine(timeoutSeconds: number, at?: { epochMs: number; requestId: string }): string {
  const message = `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
  return at ? `${new Date(at.epochMs).toISOString()} ${at.requestId} ${message}` : message;
}

/**
 * What the Node.js runtime logs for an unhandled error:
 * `Invoke Error \t{"errorType":"Error","errorMessage":"boom","stack":[…]}` at ERROR level.
 */
export function invokeErrorLine(error: { errorType: string; errorMessage: string; stack?: string[] }): string {
  const { errorType, errorMessage, stack = [] } = error;
  return `Invoke Error \t${JSON.stringify({ errorType, errorMessage, stack })}`;
}

/** The platform lines around one invocation's own lines, in Lambda's order. */
export function wrapPlatformLines(
  requestId: string,
  lines: LogLine[],
  durationMs: number,
  memorySizeMB: number,
  outcome:
    | { status: 'ok' }
    | { status: 'error'; error: { errorType: string; errorMessage: string; stack?: string[] } }
    | { status: 'timeout'; timeoutSeconds: number },
  maxMemoryUsedMB = Math.min(memorySizeMB, 64),
  startedAt?: number,
): LogLine[] {
  const start: LogLine = { level: 'platform', text: startLine(requestId), at: 0 };
  const end: LogLine = { level: 'platform', text: endLine(requestId), at: durationMs };
  const report: LogLine = {
    level: 'platform',
    text: reportLine({
      requestId,
      durationMs,
      memorySizeMB,
      maxMemoryUsedMB,
      status: outcome.status === 'timeout' ? 'timeout' : undefined,
    }),
    at: durationMs,
  };
  // Every routed message's case (no lines of its own, no error) in one array of its final size.
  if (lines.length === 0 && outcome.status === 'ok') return [start, end, report];
  const out: LogLine[] = [start, ...lines];
  if (outcome.status === 'error') out.push({ level: 'error', text: invokeErrorLine(outcome.error), at: durationMs });
  out.push(end, report);
  // The sandbox runtime writes the same lines in the same order (src/runtime/lambda/logs.ts).
  if (outcome.status === 'timeout') {
    const at = startedAt === undefined ? undefined : { epochMs: startedAt + durationMs, requestId };
    out.push({ level: 'platform', text: timeoutLine(outcome.timeoutSeconds, at), at: durationMs });
  }
  return out;
}
