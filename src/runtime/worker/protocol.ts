/**
 * Messages between the page and one sandbox worker, over the MessagePort the frame hands to
 * the worker. The page never trusts what arrives: learner code runs in the worker, so the page
 * checks every message (../sandbox/messages.ts) and attributes calls to the invocation it started.
 */
import type { InvocationRequest, LogLine } from '../../gateway';
import type { DynamoDbCall, DynamoDbCallResult, ManagementCall, ManagementCallResult } from '../services';

export type PageToWorker =
  | {
      type: 'invoke';
      request: InvocationRequest;
      files: Record<string, string>;
    }
  | { type: 'service-result'; callId: number; result: ManagementCallResult | DynamoDbCallResult }
  | { type: 'service-error'; callId: number; message: string }
  /** Are you idle? Sent before a warm worker runs anything (see ../worker/freeze.ts). */
  | { type: 'ping'; n: number };

/** A result as it crosses: without logs (the page keeps the lines it received one by one). */
export type WireResult =
  | { status: 'ok'; value: unknown; durationMs: number }
  | { status: 'error'; error: { errorType: string; errorMessage: string; stack?: string[] }; durationMs: number };

export type WorkerToPage =
  | { type: 'ready' }
  | { type: 'pong'; n: number }
  /** The function went over its memory size (../worker/memory.ts): `bytes` metered. */
  | { type: 'oom'; bytes: number }
  | { type: 'log'; invocationId: string; line: LogLine }
  | { type: 'result'; invocationId: string; result: WireResult }
  /** `sentAt`: `performance.timeOrigin + performance.now()` in the worker, so the page can tell how long the call waited for it. */
  | { type: 'service'; callId: number; sentAt: number; kind: 'management'; req: ManagementCall }
  | { type: 'service'; callId: number; sentAt: number; kind: 'dynamodb'; req: DynamoDbCall };

/** Page ↔ frame messages (window.postMessage). */
export type PageToFrame =
  | { type: 'source'; code: string }
  | { type: 'spawn'; id: number; port: MessagePort }
  | { type: 'kill'; id: number }
  /** The port the frame answers the page's heartbeat on (../sandbox/heartbeat.ts). */
  | { type: 'heartbeat'; port: MessagePort };

/** What the frame hands a new worker (worker.postMessage). */
export type FrameToWorker = { type: 'connect'; port: MessagePort };
