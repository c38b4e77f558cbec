/**
 * How the sandbox reports invocations that never got to run their handler to the end for a
 * reason of the simulator's or the worker's own (not a timeout, not out of memory).
 */
import type { InvocationRequest, InvocationResult, LogLine } from '../../gateway';
import { platform } from '../lambda/logs';

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
