/**
 * Messages between the page and one sandbox worker, over the MessagePort the frame hands to
 * the worker. The page never trusts what arrives: learner code runs in the worker and could
 * post anything, so the page checks shapes and attributes calls to the invocation it started.
 */
import type { InvocationRequest, InvocationResult, LogLine } from '../../gateway';
import type { DynamoDbCall, DynamoDbCallResult, ManagementCall, ManagementCallResult } from '../services';

export type PageToWorker =
  | {
      type: 'invoke';
      request: InvocationRequest;
      files: Record<string, string>;
    }
  | { type: 'service-result'; callId: number; result: ManagementCallResult | DynamoDbCallResult }
  | { type: 'service-error'; callId: number; message: string };

export type WorkerToPage =
  | { type: 'ready' }
  | { type: 'log'; invocationId: string; line: LogLine }
  | { type: 'result'; invocationId: string; result: InvocationResult }
  | { type: 'service'; callId: number; kind: 'management'; req: ManagementCall }
  | { type: 'service'; callId: number; kind: 'dynamodb'; req: DynamoDbCall };

/** Page ↔ frame messages (window.postMessage). */
export type PageToFrame =
  { type: 'source'; code: string } | { type: 'spawn'; id: number; port: MessagePort } | { type: 'kill'; id: number };

export type FrameToPage = { type: 'frame-ready' } | { type: 'worker-error'; id: number; message: string };

/** What the frame hands a new worker (worker.postMessage). */
export type FrameToWorker = { type: 'connect'; port: MessagePort };
