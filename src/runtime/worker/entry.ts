/**
 * The sandbox worker: one Lambda execution environment per worker. Bundled into a single
 * string (vite-plugins/sandbox-worker.ts) and started from a data: URL inside an opaque-origin
 * frame, so learner code here cannot reach the app's storage, caches or page.
 *
 * Its only channel is the MessagePort the frame transfers in the first message; it answers
 * invocations and forwards SDK shim calls to the page's services over that port.
 */
import type { InvocationRequest, InvocationResult } from '../../gateway';
import { ExecutionEnvironment, toLambdaError } from '../lambda/environment';
import type { DynamoDbCallResult, ManagementCallResult, RuntimeServices } from '../services';
import type { FrameToWorker, PageToWorker, WorkerToPage } from './protocol';

function start(port: MessagePort): void {
  let env: ExecutionEnvironment | undefined;
  let nextCall = 1;
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const post = (m: WorkerToPage) => port.postMessage(m);

  const call = <T>(m: Omit<Extract<WorkerToPage, { type: 'service' }>, 'callId'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const callId = nextCall++;
      calls.set(callId, { resolve: resolve as (v: unknown) => void, reject });
      try {
        post({ ...m, callId } as WorkerToPage);
      } catch (e) {
        // Input that cannot be cloned (a function, a class instance with private state…).
        calls.delete(callId);
        reject(e as Error);
      }
    });

  const services: RuntimeServices = {
    management: (req) => call<ManagementCallResult>({ type: 'service', kind: 'management', req }),
    dynamodb: (req) => call<DynamoDbCallResult>({ type: 'service', kind: 'dynamodb', req }),
  };

  const invoke = async (request: InvocationRequest, files: Record<string, string>) => {
    env ??= new ExecutionEnvironment({
      functionName: request.functionName,
      files,
      config: request.config,
      region: request.region,
      services,
      installGlobals: true,
      onLog: (invocationId, line) => post({ type: 'log', invocationId, line }),
    });
    let result: InvocationResult;
    try {
      result = await env.invoke(request);
    } catch (e) {
      // The environment itself failed (not the learner's handler): report it, never go silent.
      result = { status: 'error', error: toLambdaError(e), durationMs: 0, logs: [] };
    }
    post({ type: 'result', invocationId: request.invocationId, result });
  };

  port.onmessage = (e: MessageEvent<PageToWorker>) => {
    const m = e.data;
    if (m.type === 'invoke') {
      void invoke(m.request, m.files);
    } else if (m.type === 'service-result' || m.type === 'service-error') {
      const pending = calls.get(m.callId);
      calls.delete(m.callId);
      if (m.type === 'service-result') pending?.resolve(m.result);
      else pending?.reject(new Error(m.message));
    }
  };
  post({ type: 'ready' });
}

// The worker's global scope (typed loosely: the app's tsconfig has the DOM lib, not WebWorker).
const scope = self as unknown as { onmessage: ((e: MessageEvent<FrameToWorker>) => void) | null };
scope.onmessage = (e: MessageEvent<FrameToWorker>) => {
  if (e.data?.type !== 'connect' || !(e.data.port instanceof MessagePort)) return;
  scope.onmessage = null;
  start(e.data.port);
};
