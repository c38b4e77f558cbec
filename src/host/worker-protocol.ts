/**
 * Messages between the local gateway and one handler worker thread (./worker.ts). The same
 * shape as the page's sandbox protocol: an invocation in, log lines and a result out, and the
 * SDK shims' calls (tables, `@connections`) served by the gateway's thread, where the tables
 * and connections live, so they outlive a worker killed at its timeout.
 */
import type { InvocationRequest, LogLine } from '../gateway';
import type { DynamoDbCall, DynamoDbCallResult, ManagementCall, ManagementCallResult } from '../runtime/node';

export type ToWorker =
  /** `files` come with a thread's first invocation only: a thread runs one function version for life. */
  | { type: 'invoke'; request: InvocationRequest; files?: Readonly<Record<string, string>> }
  | { type: 'service-result'; callId: number; result: ManagementCallResult | DynamoDbCallResult }
  | { type: 'service-error'; callId: number; message: string };

/** A result as it crosses: the gateway keeps the lines it received one by one. */
export type WorkerResult =
  | { status: 'ok'; value: unknown; durationMs: number }
  | { status: 'error'; error: { errorType: string; errorMessage: string; stack?: string[] }; durationMs: number };

export type FromWorker =
  | { type: 'ready' }
  /** The handler's own lines go at once (a thread killed at its timeout keeps what it had written). */
  | { type: 'log'; invocationId: string; lines: LogLine[] }
  /** `logs`: the lines not yet sent (the platform's START, END, REPORT), one message with the result. */
  | { type: 'result'; invocationId: string; result: WorkerResult; logs: LogLine[] }
  | { type: 'service'; callId: number; kind: 'management'; req: ManagementCall }
  | { type: 'service'; callId: number; kind: 'dynamodb'; req: DynamoDbCall };
