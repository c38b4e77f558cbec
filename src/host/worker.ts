/**
 * One handler worker thread of the local gateway: one Lambda execution environment (the same
 * ExecutionEnvironment, transpiler, loader and SDK v3 shims as the page's sandbox), warm across
 * invocations of one function version. The gateway's thread times each invocation and
 * terminates this thread at the function's timeout, so even a synchronous `for (;;) {}` ends.
 */
import { parentPort } from 'node:worker_threads';
import type { InvocationRequest, InvocationResult, LogLine } from '../gateway';
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
/**
 * Lines not yet sent. Each message to the gateway's thread costs it time, and most lines are the
 * platform's (START before the handler, END and REPORT after it), so those wait and travel with
 * the result; a line the handler writes goes at once, with any before it, because the thread may
 * be killed in a loop right after (the gateway writes START itself for a handler that never returned).
 */
let pending: LogLine[] = [];
/** The invocation the pending lines belong to. */
let pendingId: string | undefined;

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

async function invoke(request: InvocationRequest, files: Readonly<Record<string, string>> = {}): Promise<void> {
  env ??= new ExecutionEnvironment({
    functionName: request.functionName,
    files,
    config: request.config,
    region: request.region,
    services,
    monotonic: clock.now,
    onLog: (invocationId, line) => {
      if (invocationId !== pendingId) {
        // A late line of an earlier invocation (a timer it left): alone, the pending ones stay.
        if (line.level !== 'platform') post({ type: 'log', invocationId, lines: [line] });
        return;
      }
      pending.push(line);
      if (line.level === 'platform') return;
      post({ type: 'log', invocationId, lines: pending });
      pending = [];
    },
  });
  pending = [];
  pendingId = request.invocationId;
  let result: InvocationResult;
  try {
    result = await env.invoke(request);
  } catch (e) {
    // The environment itself failed (not the handler): report it, never go silent.
    result = { status: 'error', error: toLambdaError(e), durationMs: 0, logs: [] };
  }
  const logs = pending;
  pending = [];
  pendingId = undefined;
  post({ type: 'result', invocationId: request.invocationId, result: wire(result), logs });
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'invoke') void invoke(m.request, m.files);
  else {
    const waiter = calls.get(m.callId);
    if (!waiter) return;
    calls.delete(m.callId);
    clock.waitEnds();
    if (m.type === 'service-result') waiter.resolve(m.result);
    else waiter.reject(new Error(m.message));
  }
});
post({ type: 'ready' });
