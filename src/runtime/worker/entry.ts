/**
 * The sandbox worker: one Lambda execution environment per worker. Bundled into a single
 * string (vite-plugins/sandbox-worker.ts) and started from a data: URL inside an opaque-origin
 * frame, so learner code here cannot reach the app's storage, caches or page.
 *
 * Its only channel is the MessagePort the frame transfers in the first message, sealed by
 * ./boundary.ts before any learner code loads; it answers invocations and forwards SDK shim calls
 * to the page's services over that port. The page checks everything it sends
 * (src/runtime/sandbox/messages.ts): learner code can still corrupt built-ins the runtime uses.
 */
import type { InvocationRequest, InvocationResult } from '../../gateway';
import { ExecutionEnvironment, toLambdaError } from '../lambda/environment';
import { MAX_LINE_BYTES } from '../lambda/limits';
import { WaitClock } from '../lambda/wait-clock';
import type { DynamoDbCallResult, ManagementCallResult, RuntimeServices } from '../services';
import { messageData, removeNetwork, seal } from './boundary';
import { installFreezer } from './freeze';
import { installMeter } from './memory';
import type { FrameToWorker, PageToWorker, WireResult, WorkerToPage } from './protocol';

/** Where lines about blocked network use go: the environment, once it exists. */
let report: (text: string) => void = () => undefined;
removeNetwork(globalThis, (text) => report(text));
/** Where the meter says the function went over its memory size: the page, once connected. */
let overMemory: (bytes: number) => void = () => undefined;
const meter = installMeter(globalThis, (bytes) => overMemory(bytes));
/** The environment freezes when a result is sent and thaws when the next invocation starts. */
const freezer = installFreezer(globalThis);

/** The result as the page accepts it: no logs, an error message up to 256 KB, at most 100 stack lines of 4 KB. */
function bounded(result: InvocationResult): WireResult {
  if (result.status === 'ok') return { status: 'ok', value: result.value, durationMs: result.durationMs };
  if (result.status === 'timeout') throw new Error('the environment never reports a timeout');
  const { errorType, errorMessage, stack } = result.error;
  return {
    status: 'error',
    durationMs: result.durationMs,
    error: {
      errorType: String(errorType).slice(0, 4096),
      errorMessage: String(errorMessage).slice(0, MAX_LINE_BYTES),
      ...(stack ? { stack: stack.slice(0, 100).map((l) => String(l).slice(0, 4096)) } : {}),
    },
  };
}

/** The host's clocks, taken before learner code could replace `performance.now`. */
const monotonic = performance.now.bind(performance);
const timeOrigin = performance.timeOrigin;

function start(port: MessagePort): void {
  let env: ExecutionEnvironment | undefined;
  let nextCall = 1;
  // Duration, log times and the handler's Date stand still while it waits for the page.
  const clock = new WaitClock(monotonic);
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const post: (m: WorkerToPage) => void = seal(port, (data) => receive(data));
  // The page ends this worker when it hears this: sent at once, even from inside a busy loop.
  overMemory = (bytes) => post({ type: 'oom', bytes: Math.round(bytes) });

  const call = <T>(m: Omit<Extract<WorkerToPage, { type: 'service' }>, 'callId' | 'sentAt'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const callId = nextCall++;
      calls.set(callId, { resolve: resolve as (v: unknown) => void, reject });
      try {
        post({ ...m, callId, sentAt: timeOrigin + monotonic() } as WorkerToPage);
        clock.waitBegins();
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
    freezer.thaw();
    if (!env) {
      meter.setMemorySize(request.config.memorySize);
      env = new ExecutionEnvironment({
        functionName: request.functionName,
        files,
        config: request.config,
        region: request.region,
        services,
        installGlobals: true,
        monotonic: clock.now,
        onLog: (invocationId, line) => post({ type: 'log', invocationId, line }),
      });
      const e = env;
      report = (text) => e.runtimeLine(text);
    }
    let result: InvocationResult;
    try {
      result = await env.invoke(request);
    } catch (e) {
      // The environment itself failed (not the learner's handler): report it, never go silent.
      result = { status: 'error', error: toLambdaError(e), durationMs: 0, logs: [] };
    }
    // From here on, what the handler left pending waits for the next invocation, as on Lambda.
    freezer.freeze();
    // The page keeps the lines it received one by one; the result carries none.
    post({ type: 'result', invocationId: request.invocationId, result: bounded(result) });
  };

  function receive(data: unknown): void {
    const m = data as PageToWorker | null;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'invoke') {
      void invoke(m.request, m.files);
    } else if (m.type === 'ping') {
      // Answered only when nothing else runs here: the page's proof this worker is idle.
      post({ type: 'pong', n: m.n });
    } else if (m.type === 'service-result' || m.type === 'service-error') {
      const pending = calls.get(m.callId);
      if (!pending) return;
      calls.delete(m.callId);
      clock.waitEnds();
      if (m.type === 'service-result') pending.resolve(m.result);
      else pending.reject(new Error(m.message));
    }
  }
  post({ type: 'ready' });
}

// The worker's global scope (typed loosely: the app's tsconfig has the DOM lib, not WebWorker).
const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null };
scope.onmessage = (e: MessageEvent) => {
  const m = messageData(e) as Partial<FrameToWorker> | null;
  if (m?.type !== 'connect' || !(m.port instanceof MessagePort)) return;
  scope.onmessage = null;
  start(m.port);
};
