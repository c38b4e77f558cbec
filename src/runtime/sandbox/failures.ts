/**
 * How the sandbox reports invocations that never got to run their handler to the end for a
 * reason of the simulator's or the worker's own (not a timeout, not the memory meter's cap,
 * ../lambda/logs.ts `outOfMemoryResult`).
 */
import type { InvocationRequest, InvocationResult, LogLine } from '../../gateway';
import { killedRuntimeResult, platform } from '../lambda/logs';

/** An invocation the simulator could not run at all: said in its log, as the playground's failure. */
export function simulatorFailure(reason: string): InvocationResult {
  return {
    status: 'error',
    error: { errorType: 'Playground.SimulatorOverloaded', errorMessage: reason },
    durationMs: 0,
    logs: [platform(reason, 0)],
  };
}

/** A worker that died for a reason other than the timeout (it failed to load, or dispose). */
export function workerFailure(request: InvocationRequest, logs: LogLine[], reason: string): InvocationResult {
  return {
    status: 'error',
    error: {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${request.invocationId} Error: Runtime exited: ${reason}`,
    },
    durationMs: 0,
    logs,
  };
}

/**
 * An invocation whose environment was killed under it: the sandbox frame's process died (most
 * likely memory grown past what the meter sees, ../worker/memory.ts). Lambda reports a runtime
 * process ended by a signal as `Runtime.ExitError` with `Runtime exited with error: signal:
 * killed`, and CloudWatch shows END, a REPORT line with `Status: error` and the error type, then
 * the message and the type, as for its out-of-memory kill (../lambda/logs.ts `outOfMemoryResult`,
 * whose shape this follows). Which invocation grew the frame cannot be told (every worker shares
 * its process), so Max Memory Used says the memory size, as a kill for memory would. `note`,
 * the playground's own line saying the sandbox was restarted, comes first.
 */
export function killedResult(
  request: { invocationId: string; config: { memorySize: number } },
  logsSoFar: readonly LogLine[],
  note: string,
  durationMs: number,
): InvocationResult {
  return killedRuntimeResult(request, logsSoFar, durationMs, 'Runtime.ExitError', note);
}
