/**
 * What one invocation may send to the page. The worker cuts its output to these limits; the page
 * checks them again (src/runtime/sandbox/messages.ts), since learner code shares the worker.
 */
import type { LogLine } from '../../gateway';

/**
 * Log lines kept per invocation. Lambda has no such cap, but a handler that logs in a tight loop
 * must not flood the page (every line crosses a message channel) before the watchdog ends it.
 */
export const MAX_LOG_LINES = 1000;

/** CloudWatch Logs' maximum event size, 256 KB (docs: AmazonCloudWatchLogs/latest/logs/cloudwatch_limits_cwl). */
export const MAX_LINE_BYTES = 256 * 1024;

/**
 * Log output kept per invocation: 1 MB, the most one CloudWatch PutLogEvents batch carries
 * (same page). 1,000 lines of 256 KB (256 MB) froze the page for 37 s before this cap.
 */
export const MAX_LOG_BYTES = 1024 * 1024;

/**
 * Lines the runtime itself may add beyond the caps: START, END, REPORT, an error line, the
 * truncation and boundary notices.
 */
export const PLATFORM_LINES = 8;

/** Lambda's response payload limit for synchronous invocations, 6 MB (docs: lambda/latest/dg/gettingstarted-limits). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/**
 * `@connections` calls one invocation may make. AWS has no per-invocation limit (only account
 * throttling). The page now draws the live diagram without Mermaid and stays responsive through
 * a 1,000-post invocation (`npm run bench -- burst`: 1,000 posts in ~9 s, no task over 100 ms),
 * so the cap only stops a runaway loop before its function timeout would: at 10,000 the next
 * call throws to the handler. Listed as a known difference.
 */
export const MAX_POSTS_PER_INVOCATION = 10_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 length, as CloudWatch counts event size. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** The marker a cut line ends with. */
export function cutMarker(bytes: number): string {
  return ` … [cut: ${bytes} bytes; CloudWatch Logs keeps at most ${MAX_LINE_BYTES} bytes per event]`;
}

/** A line cut to MAX_LINE_BYTES of UTF-8 (never mid-character), with a marker saying so. */
export function cutLine(line: LogLine): LogLine {
  if (line.text.length <= MAX_LINE_BYTES / 3) return line;
  const bytes = encoder.encode(line.text);
  if (bytes.length <= MAX_LINE_BYTES) return line;
  // A cut inside a character decodes to U+FFFD: drop it.
  const head = decoder.decode(bytes.subarray(0, MAX_LINE_BYTES)).replace(/\uFFFD$/, '');
  return { ...line, text: head + cutMarker(bytes.length) };
}
