/**
 * The local gateway's Invoker: learner handlers in Node `worker_threads` (./worker.ts), one
 * Lambda execution environment per thread, warm across invocations of one function version,
 * several per function for concurrent requests (Lambda scales out). The gateway's thread is the
 * watchdog: at the function's timeout, in the handler's own milliseconds (less its waits for SDK
 * calls this thread serves), it terminates ONLY that thread and reports Lambda's own timeout
 * (`Task timed out after N.00 seconds`), so a synchronous `for (;;) {}` ends too, which the
 * in-process Node invoker (src/runtime/node-invoker.ts) cannot do. Tables and connections live
 * in this thread, so they survive the kill, as a real table and API outlive a timed-out Lambda.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InvocationHooks, InvocationRequest, InvocationResult, Invoker, LogLine } from '../gateway';
import { WaitClock } from '../runtime/lambda/wait-clock';
import { timedOutResult } from '../runtime/lambda/logs';
import { createVersionKeys, type InvokerFactoryOptions } from '../runtime/node';
import type { FromWorker, ToWorker } from './worker-protocol';

/** Threads per function version; concurrent invocations beyond wait (uncharged: `defersStart`). */
export const WORKERS_PER_FUNCTION = 8;

export interface WorkerInvokerOptions extends InvokerFactoryOptions {
  /** The bundled worker (build/gateway/worker.js). Default: `worker.js` beside the running entry. */
  workerUrl?: URL;
  /** Default WORKERS_PER_FUNCTION. */
  poolSize?: number;
}

export interface WorkerInvoker extends Invoker {
  stats(): { threads: number; killed: number; queued: number };
  dispose(): void;
}

interface Slot {
  worker: Worker;
  version: string;
  busy: boolean;
  dead: boolean;
  /** The thread has its version's files (sent with its first invocation only). */
  hasFiles: boolean;
  /** Resolves when the thread has loaded the runtime (or died): a cold thread's boot is not the handler's time. */
  ready: Promise<void>;
  /** `ready` has resolved: a warm thread's invocation need not wait a microtask for it. */
  isReady: boolean;
  markReady(): void;
  /** Why the thread ended, once it has. */
  deathReason?: string;
  /** The running invocation: its log lines, wait clock, timeout and how to finish it. */
  running?: Running;
  /**
   * The thread's watchdog, armed while it runs invocations. One timer per thread rather than one
   * per invocation: a timer set for an earlier invocation is left to fire (its deadline is never
   * later than the current one's) and re-armed for what the running one has left, so a busy
   * thread costs the gateway's thread no timer work per invocation.
   */
  watchdog?: ReturnType<typeof setTimeout>;
}

interface Running {
  id: string;
  logs: LogLine[];
  clock: WaitClock;
  /** The handler's own ms so far (its wait clock's time since the start). */
  used(): number;
  timeoutMs: number;
  request: InvocationRequest;
  finish(r: InvocationResult): void;
}

interface Pool {
  version: string;
  slots: Set<Slot>;
  waiting: ((slot: Slot) => void)[];
}

/** A worker that ended for a reason other than the timeout (it failed to load, or dispose). */
function exitError(request: InvocationRequest, logs: LogLine[], reason: string): InvocationResult {
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

export function createWorkerInvoker(options: WorkerInvokerOptions): WorkerInvoker {
  const workerUrl = options.workerUrl ?? new URL('./worker.js', pathToFileURL(process.argv[1] ?? '.'));
  const poolSize = Math.max(1, options.poolSize ?? WORKERS_PER_FUNCTION);
  const pools = new Map<string, Pool>();
  let killed = 0;
  let disposed = false;

  function spawn(pool: Pool): Slot {
    const worker = new Worker(workerUrl);
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    const slot: Slot = {
      worker,
      version: pool.version,
      busy: true,
      dead: false,
      hasFiles: false,
      ready,
      isReady: false,
      markReady() {
        slot.isReady = true;
        resolveReady();
      },
    };
    worker.on('message', (m: FromWorker) => onMessage(slot, m));
    worker.on('error', (e) => end(slot, `the worker failed: ${e.message}`));
    worker.on('exit', (code) => end(slot, `the worker exited with code ${code}`));
    pool.slots.add(slot);
    return slot;
  }

  /** A worker is gone: its running invocation (if any) fails, and it leaves its pool. */
  function end(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.deathReason = reason;
    clearTimeout(slot.watchdog);
    slot.markReady();
    for (const pool of pools.values()) pool.slots.delete(slot);
    const running = slot.running;
    slot.running = undefined;
    running?.finish(exitError({ invocationId: running.id } as InvocationRequest, running.logs, reason));
    void slot.worker.terminate();
  }

  function onMessage(slot: Slot, m: FromWorker): void {
    const running = slot.running;
    switch (m.type) {
      case 'ready':
        slot.markReady();
        break;
      case 'log':
        if (running && m.invocationId === running.id) for (const line of m.lines) running.logs.push(line);
        break;
      case 'result':
        if (running && m.invocationId === running.id) {
          slot.running = undefined;
          for (const line of m.logs) running.logs.push(line);
          running.finish({ ...m.result, logs: running.logs });
        }
        break;
      case 'service':
        void serve(slot, m);
        break;
    }
  }

  async function serve(slot: Slot, m: Extract<FromWorker, { type: 'service' }>): Promise<void> {
    const clock = slot.running?.clock;
    clock?.waitBegins();
    const reply = (msg: ToWorker) => {
      if (!slot.dead) slot.worker.postMessage(msg);
    };
    try {
      const result =
        m.kind === 'management' ? await options.services.management(m.req) : await options.services.dynamodb(m.req);
      reply({ type: 'service-result', callId: m.callId, result });
    } catch (e) {
      reply({ type: 'service-error', callId: m.callId, message: String((e as Error)?.message ?? e) });
    } finally {
      clock?.waitEnds();
    }
  }

  /** A free warm thread of this version, a new one, or (pool full) the next one freed. */
  function acquire(functionName: string, version: string): Slot | Promise<Slot> {
    let pool = pools.get(functionName);
    if (!pool || pool.version !== version) {
      // A new version: the old threads' code is gone (they finish what they run, then end).
      if (pool) for (const s of pool.slots) if (!s.busy) end(s, 'retired');
      pool = { version, slots: new Set(), waiting: [] };
      pools.set(functionName, pool);
    }
    for (const s of pool.slots)
      if (!s.busy && !s.dead) {
        s.busy = true;
        return s;
      }
    if (pool.slots.size < poolSize) return spawn(pool);
    const p = pool;
    return new Promise<Slot>((resolve) => p.waiting.push(resolve));
  }

  function release(functionName: string, slot: Slot): void {
    const pool = pools.get(functionName);
    if (!pool || !pool.slots.has(slot) || slot.dead) {
      if (!slot.dead) end(slot, 'retired');
      return;
    }
    const next = pool.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** Hands a waiting invocation a new thread when one ended. */
  function refill(functionName: string): void {
    const pool = pools.get(functionName);
    if (!pool || disposed) return;
    while (pool.waiting.length && pool.slots.size < poolSize) pool.waiting.shift()!(spawn(pool));
  }

  const versionOf = createVersionKeys();

  /** A thread's watchdog fired: re-arm for the running invocation's remainder, or kill the thread at its timeout. */
  function watch(slot: Slot): void {
    slot.watchdog = undefined;
    const running = slot.running;
    if (!running || slot.dead) return;
    const left = running.timeoutMs - running.used();
    if (left >= 1) {
      slot.watchdog = setTimeout(() => watch(slot), left).unref();
      return;
    }
    // Lambda's own timeout: this thread only, whatever it is doing (a sync loop included).
    slot.running = undefined;
    killed++;
    slot.dead = true;
    slot.markReady();
    for (const pool of pools.values()) pool.slots.delete(slot);
    void slot.worker.terminate();
    running.finish(timedOutResult(running.request, running.logs));
  }

  async function invoke(queued: InvocationRequest, hooks?: InvocationHooks): Promise<InvocationResult> {
    if (disposed) return exitError(queued, [], 'the local gateway is stopping');
    const files = options.getFiles();
    const version = versionOf(queued.functionName, files, queued.config, queued.region);
    const acquired = acquire(queued.functionName, version);
    const slot = acquired instanceof Promise ? await acquired : acquired;
    if (!slot.isReady) await slot.ready;
    // The handler starts now: the timeouts count from here, on a clock that stands still during SDK calls.
    const clock = new WaitClock(() => performance.now());
    const origin = clock.now();
    const used = () => clock.now() - origin;
    const request = hooks?.start(used) ?? queued;
    const result = await new Promise<InvocationResult>((resolve) => {
      const logs: LogLine[] = [];
      if (slot.dead)
        return resolve(exitError(request, logs, slot.deathReason ?? 'the worker ended before the invocation started'));
      slot.running = {
        id: request.invocationId,
        logs,
        clock,
        used,
        timeoutMs: request.config.timeout * 1000,
        request,
        finish: resolve,
      };
      // A timer left from an earlier invocation fires first and re-arms for this one's remainder.
      slot.watchdog ??= setTimeout(() => watch(slot), slot.running.timeoutMs).unref();
      slot.worker.postMessage(
        (slot.hasFiles ? { type: 'invoke', request } : { type: 'invoke', request, files }) satisfies ToWorker,
      );
      slot.hasFiles = true;
    });
    if (slot.dead) refill(queued.functionName);
    else release(queued.functionName, slot);
    return result;
  }

  return {
    invoke,
    defersStart: true,
    stats() {
      let threads = 0;
      let queued = 0;
      for (const p of pools.values()) {
        threads += p.slots.size;
        queued += p.waiting.length;
      }
      return { threads, killed, queued };
    },
    dispose() {
      disposed = true;
      for (const pool of pools.values()) for (const s of [...pool.slots]) end(s, 'the local gateway is stopping');
      pools.clear();
    },
  };
}
