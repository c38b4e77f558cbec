/**
 * One handler worker thread of the local gateway: one Lambda execution environment (the same
 * ExecutionEnvironment, transpiler, loader and SDK v3 shims as the page's sandbox), warm across
 * invocations of one function version. The gateway's thread times each invocation and
 * terminates this thread at the function's timeout, so even a synchronous `for (;;) {}` ends.
 */
import { parentPort } from 'node:worker_threads';
import type { InvocationRequest, InvocationResult } from '../gateway';
import { WaitClock } from '../runtime/lambda/wait-clock';
import {
  ExecutionEnvironment,
  toLambdaError,
  type DynamoDbCallResult,
  type ManagementCallResult,
  type RuntimeServices,
} from '../runtime/node';
import type { FromWorker, ToWorker, WorkerResult } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('src/host/worker.ts runs only as a worker thread');

/** Duration and the handler's Date stand still while it waits for the gateway to serve an SDK call. */
const clock = new WaitClock(performance.now.bind(performance));
const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
let nextCall = 1;
let env: ExecutionEnvironment | undefined;

const post = (m: FromWorker) => port.postMessage(m);

function call<T>(m: Omit<Extract<FromWorker, { type: 'service' }>, 'callId'>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const callId = nextCall++;
    calls.set(callId, { resolve: resolve as (v: unknown) => void, reject });
    try {
      post({ ...m, callId } as FromWorker);
      clock.waitBegins();
    } catch (e) {
      // Input that cannot be cloned (a function, a class instance with private state…).
      calls.delete(callId);
      reject(e as Error);
    }
  });
}

const services: RuntimeServices = {
  management: (req) => call<ManagementCallResult>({ type: 'service', kind: 'management', req }),
  dynamodb: (req) => call<DynamoDbCallResult>({ type: 'service', kind: 'dynamodb', req }),
};

function wire(result: InvocationResult): WorkerResult {
  if (result.status === 'ok') return { status: 'ok', value: result.value, durationMs: result.durationMs };
  if (result.status === 'timeout') throw new Error('the environment never reports a timeout');
  return { status: 'error', error: result.error, durationMs: result.durationMs };
}

async function invoke(request: InvocationRequest, files: Readonly<Record<string, string>>): Promise<void> {
  env ??= new ExecutionEnvironment({
    functionName: request.functionName,
    files,
    config: request.config,
    region: request.region,
    services,
    monotonic: clock.now,
    onLog: (invocationId, line) => post({ type: 'log', invocationId, line }),
  });
  let result: InvocationResult;
  try {
    result = await env.invoke(request);
  } catch (e) {
    // The environment itself failed (not the handler): report it, never go silent.
    result = { status: 'error', error: toLambdaError(e), durationMs: 0, logs: [] };
  }
  post({ type: 'result', invocationId: request.invocationId, result: wire(result) });
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'invoke') void invoke(m.request, m.files);
  else {
    const pending = calls.get(m.callId);
    if (!pending) return;
    calls.delete(m.callId);
    clock.waitEnds();
    if (m.type === 'service-result') pending.resolve(m.result);
    else pending.reject(new Error(m.message));
  }
});
post({ type: 'ready' });
