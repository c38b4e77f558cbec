/**
 * The browser Invoker: learner Lambda handlers run in module workers inside an opaque-origin
 * frame (./frame.ts), one execution environment per worker, as Lambda runs one invocation at a
 * time per execution environment.
 *
 * - Warm reuse: a finished worker stays assigned to its function and code version and keeps its
 *   module state; a changed file or configuration is a new version, so the next invocation gets
 *   a fresh worker (a cold start) and the old ones are retired.
 * - A pool: at most POOL_SIZE workers per function and MAX_WORKERS in all; invocations beyond
 *   wait in one FIFO queue (MAX_QUEUED at most). The Invoker `defersStart`: it calls the
 *   gateway's `hooks.start()` when the handler is about to run, so neither that wait nor a
 *   worker's cold start counts against the integration or function timeout (Lambda would have
 *   scaled out). A wait over a second is said in the invocation's log.
 * - Watchdog: the page times each invocation against the function's `timeout`, in the handler's
 *   own milliseconds (real time less its waits for the page to serve an SDK call, ../lambda/wait-clock.ts),
 *   and terminates ONLY that worker, reporting `{status:'timeout'}` with Lambda's
 *   `Task timed out after N.00 seconds` line. Tables and connections live in the page, so they
 *   survive; so do the other workers.
 * - Services: SDK shim calls arrive over each worker's port and go to `services`, tagged with
 *   the invocation the page started in that worker (never what the worker claims), at most
 *   MAX_POSTS_PER_INVOCATION PostToConnection calls per invocation.
 * - Freeze after return (../worker/freeze.ts): the worker holds the timers a handler leaves
 *   pending until its next invocation. What it cannot hold (a callback that never ends, an
 *   endless promise chain) would steal the next invocation's time, so after every result the
 *   page asks the worker to answer, and one that does not within PROBE_GRACE_MS is replaced
 *   before anything else runs there: the next invocation gets a new environment (a cold start,
 *   said in its log), never the blame.
 * - A frame that dies is rebuilt: memory grown by means the meter does not see kills the frame's
 *   process, silently. The frame answers a heartbeat (./heartbeat.ts); when it falls silent, every
 *   invocation running in it fails as Lambda reports a killed runtime (`Runtime.ExitError`,
 *   `Runtime exited with error: signal: killed`) with a line saying the sandbox was restarted,
 *   a new frame is built, and waiting invocations run there, each a cold start.
 * - A boundary: every message from a worker or the frame is checked (./messages.ts) before it
 *   touches state. The page keeps an invocation's log lines itself, within the log limits, and
 *   takes its result once, for the invocation id it started. Anything else is ignored, counted
 *   in `stats().ignored`, and said once in the invocation's log (IGNORED_NOTICE).
 */
import type { InvocationHooks, InvocationRequest, InvocationResult, Invoker, LogLine } from '../../gateway';
import { MAX_LOG_BYTES, MAX_LOG_LINES, MAX_POSTS_PER_INVOCATION, PLATFORM_LINES } from '../lambda/limits';
import { outOfMemoryResult, platform, timedOutResult } from '../lambda/logs';
import { WaitClock } from '../lambda/wait-clock';
import type { RuntimeServices } from '../services';
import { createVersionKeys } from '../version';
import type { PageToWorker } from '../worker/protocol';
import { killedResult, simulatorFailure, workerFailure } from './failures';
import { createSandboxFrame, type FrameHeartbeat, type SandboxFrame } from './frame';
import { MAX_LINE_CHARS, checkWorkerMessage, type CheckedWorkerMessage } from './messages';

/** The line an invocation's log gets, once, when something other than the runtime spoke for it. */
export const IGNORED_NOTICE = 'The playground ignored a message that did not come from the runtime.';

/** Characters of log text the page keeps per invocation: the function's 1 MB plus the runtime's own lines. */
const MAX_LOG_CHARS = MAX_LOG_BYTES + PLATFORM_LINES * MAX_LINE_CHARS;

export interface SandboxRuntimeOptions {
  /** The learner's files now (read at every invocation, so an edit deploys a new version). */
  getFiles(): Record<string, string>;
  services: RuntimeServices;
  /** Workers per function: concurrent invocations beyond this wait, uncharged. Default POOL_SIZE. */
  poolSize?: number;
  /** Workers across all functions; idle ones are retired, least recently used first. Default MAX_WORKERS. */
  maxWorkers?: number;
  /** Invocations that may wait for a worker; beyond it one fails, saying why. Default MAX_QUEUED. */
  maxQueued?: number;
  /** Where the hidden frame goes. Default `document.body`. */
  container?: HTMLElement;
  /** The worker bundle; defaults to the `virtual:sandbox-worker-source` module (loaded lazily). */
  workerSource?: () => Promise<string>;
  /** The frame heartbeat's timing (./heartbeat.ts); tests shorten it. */
  heartbeat?: FrameHeartbeat;
}

export interface SandboxStats {
  /** Live workers by function name (a spare not yet assigned counts under ''). */
  workers: Record<string, number>;
  /** Workers started since creation (each is a cold start once assigned). */
  spawned: number;
  /** Workers ended by the watchdog. */
  killed: number;
  /** Messages from the sandbox that were not the runtime's (malformed, over a limit, or posted to the frame). */
  ignored: number;
  /** Invocations waiting for a worker now. */
  queued: number;
  /** The most that ever waited at once. */
  maxQueuedSeen: number;
  /** Invocations refused because MAX_QUEUED were already waiting. */
  overloaded: number;
  /** Times the frame stopped answering its heartbeat and was rebuilt. */
  restarts: number;
}

export interface SandboxRuntime extends Invoker {
  /** Resolves when the frame is up and a spare worker is starting. */
  readonly ready: Promise<void>;
  stats(): SandboxStats;
  /** Ends every worker and removes the frame; pending invocations resolve as errors. */
  dispose(): void;
}

interface Slot {
  id: number;
  port: MessagePort;
  /** Undefined while the worker is a spare. */
  functionName?: string;
  version?: string;
  ready: Promise<void>;
  markReady(): void;
  busy: boolean;
  lastUsed: number;
  dead: boolean;
  /** Why the worker ended, once it has. */
  deathReason?: string;
  /** The invocation running now (or last): services calls are attributed to it. */
  invocation?: { id: string; functionName: string; timeoutMs: number; posts: number; clock: WaitClock };
  /** Whether the worker proved idle after its last invocation (true until it has run one). */
  settled: Promise<boolean>;
  /** Ends the pending idle check: true on the worker's answer, false when it ended first. */
  settle?: (idle: boolean, n?: number) => void;
  /** The running invocation's state; cleared once its result is taken. */
  current?: Running;
  onDeath?: (message: string) => void;
}

interface Running {
  logs: LogLine[];
  chars: number;
  noticed: boolean;
  onResult(result: InvocationResult): void;
}

/** An invocation waiting for a worker of its function and version. */
interface Queued {
  functionName: string;
  version: string;
  take(slot: Slot): void;
  fail(error: Error): void;
}

/**
 * Workers per function. Lambda scales out to one execution environment per concurrent request;
 * the page cannot: every worker is a JavaScript heap in the tab's renderer, and the main
 * thread serves every SDK call they make. Four let handlers that wait (timers, SDK calls)
 * overlap, as concurrent environments would, while a storm queues instead of spawning
 * hundreds of heaps. Waiting is not charged to any timeout (`defersStart`), so the bound
 * costs time on the page, never a 504. Known differences: `runtime-simulator-waits`.
 */
export const POOL_SIZE = 4;

/** Workers across all functions (a WebSocket API's four chat functions at POOL_SIZE each). */
export const MAX_WORKERS = 16;

/**
 * Invocations that may wait for a worker at once. Far above a 200-client storm or a 1,000
 * message burst; beyond it the simulator is not keeping up, and says so instead of queueing
 * without bound.
 */
export const MAX_QUEUED = 10_000;

/** The page's clock in the workers' terms (their `timeOrigin + now()`), for the time a call was sent. */
const pageTime = () => performance.timeOrigin + performance.now();

/** How long the watchdog lets a result that is already on its way reach a busy page (real ms). */
const RESULT_GRACE_MS = 250;

/**
 * How long a worker may take to answer after its invocation returned (real ms), then
 * RESULT_GRACE_MS more for an answer already on its way. An idle worker answers in well under a
 * millisecond; generous, so two busy cores never cost a warm worker its state.
 */
const PROBE_GRACE_MS = 1000;

/** Why a worker the memory meter stopped ended (../worker/memory.ts). */
const OUT_OF_MEMORY = 'out of memory';

/** Why a worker ended when its frame died (the frame is rebuilt; see ./heartbeat.ts). */
const FRAME_LOST = 'the sandbox frame died';

/** Waits longer than this are said in the invocation's log, as the simulator's, not the function's. */
const WAIT_NOTICE_MS = 1000;

async function defaultWorkerSource(): Promise<string> {
  return (await import('virtual:sandbox-worker-source')).default;
}

export function createSandboxRuntime(options: SandboxRuntimeOptions): SandboxRuntime {
  const poolSize = Math.max(1, options.poolSize ?? POOL_SIZE);
  const maxWorkers = Math.max(poolSize, options.maxWorkers ?? MAX_WORKERS);
  const maxQueued = Math.max(0, options.maxQueued ?? MAX_QUEUED);
  const slots = new Set<Slot>();
  /** Invocations waiting for a worker, oldest first. */
  let queue: Queued[] = [];
  const versionOf = createVersionKeys();
  let nextId = 1;
  let spawned = 0;
  let killed = 0;
  let ignored = 0;
  let maxQueuedSeen = 0;
  let overloaded = 0;
  let restarts = 0;
  let disposed = false;
  let spare: Slot | undefined;
  let clock = 0;
  let pings = 0;
  /** Per function: why its last environment was replaced, for the log of the invocation that starts anew. */
  const replacedNotes = new Map<string, string>();

  const workerSource = (options.workerSource ?? defaultWorkerSource)();
  /** The frame workers start in; undefined while it is being (re)built. */
  let frame: SandboxFrame | undefined;

  /** Builds a frame; once it is up, workers start there and waiting invocations get them. */
  async function buildFrame(): Promise<void> {
    const f = await createSandboxFrame(await workerSource, options.container, options.heartbeat);
    if (disposed) {
      f.dispose();
      return;
    }
    frame = f;
    f.onWorkerError = (id, message) => {
      for (const s of slots) if (s.id === id) kill(s, `the worker failed to start: ${message}`);
    };
    f.onIgnored = (id, count) => {
      for (const s of slots) if (s.id === id) ignore(s, count);
    };
    f.onLost = (silentMs) => frameLost(f, silentMs);
    spare = spawn();
    pump();
  }
  const ready = buildFrame();
  /** The line a running invocation gets when its frame died (set as the frame is declared lost). */
  let lostNote = '';

  /**
   * The frame fell silent: its process died, and every worker in it. Running invocations fail as
   * a killed runtime, every function's next invocation starts cold (said in its log), and a new
   * frame is built; invocations waiting for a worker wait for it.
   */
  function frameLost(lost: SandboxFrame, silentMs: number): void {
    if (lost !== frame || disposed) return;
    frame = undefined;
    restarts++;
    lost.dispose();
    const silence = (silentMs / 1000).toFixed(1);
    lostNote = `The playground restarted its sandbox: the frame this invocation ran in stopped answering for ${silence} s (its process most likely ran out of memory, grown by allocations the memory meter does not see), and every environment in it ended.`;
    for (const s of [...slots]) {
      if (s.functionName !== undefined)
        replacedNotes.set(
          s.functionName,
          `The playground restarted its sandbox: the frame its handlers run in stopped answering for ${silence} s (its process most likely ran out of memory). This invocation runs in a new environment (a cold start).`,
        );
      kill(s, FRAME_LOST);
    }
    // A failed rebuild leaves nothing to run on: whoever waits is told so.
    buildFrame().catch((e: unknown) => {
      const waiting = queue;
      queue = [];
      for (const q of waiting) q.fail(e instanceof Error ? e : new Error(String(e)));
    });
  }

  function spawn(): Slot {
    const f = frame!;
    // (Only ever called while a frame is up: tryAcquire and refillSpare check.)
    const channel = new MessageChannel();
    let markReady!: () => void;
    const ready = new Promise<void>((r) => (markReady = r));
    const slot: Slot = {
      id: nextId++,
      port: channel.port1,
      ready,
      markReady,
      busy: false,
      lastUsed: ++clock,
      dead: false,
      settled: Promise.resolve(true),
    };
    slot.port.onmessage = (e: MessageEvent) => onWorkerMessage(slot, e.data);
    slot.port.onmessageerror = () => ignore(slot);
    slots.add(slot);
    spawned++;
    f.spawn(slot.id, channel.port2);
    return slot;
  }

  function kill(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.deathReason = reason;
    slots.delete(slot);
    if (spare === slot) spare = undefined;
    frame?.kill(slot.id);
    slot.port.onmessage = null;
    slot.port.close();
    // Whoever waits for this worker to start, or to prove idle, must not wait forever.
    slot.markReady();
    slot.settle?.(false);
    slot.onDeath?.(reason);
    pump();
  }

  /** Counts what the runtime did not send, and says so once in the running invocation's log. */
  function ignore(slot: Slot, count = 1): void {
    ignored += count;
    const cur = slot.current;
    if (!cur || cur.noticed) return;
    cur.noticed = true;
    cur.logs.push(platform(IGNORED_NOTICE, cur.logs.at(-1)?.at ?? 0));
  }

  function onWorkerMessage(slot: Slot, raw: unknown): void {
    if (slot.dead) return;
    const m = checkWorkerMessage(raw, slot.invocation?.timeoutMs ?? 0);
    if (!m) return ignore(slot);
    const cur = slot.current;
    switch (m.type) {
      case 'ready':
        slot.markReady();
        break;
      case 'pong':
        slot.settle?.(true, m.n);
        break;
      case 'oom':
        // Ended at once, as Lambda kills the environment: the invocation fails as out of memory.
        if (!slot.current)
          replacedNotes.set(
            slot.functionName ?? '',
            "The playground replaced this function's execution environment: work its last invocation left running went over the function's memory size after the response. This invocation runs in a new environment (a cold start).",
          );
        kill(slot, OUT_OF_MEMORY);
        break;
      case 'log':
        // A line of an invocation that already ended (work it left running) has nowhere to go.
        if (!cur || m.invocationId !== slot.invocation?.id) break;
        if (
          m.line.at > slot.invocation.timeoutMs ||
          cur.logs.length >= MAX_LOG_LINES + PLATFORM_LINES ||
          cur.chars + m.line.text.length > MAX_LOG_CHARS
        )
          return ignore(slot);
        cur.logs.push(m.line);
        cur.chars += m.line.text.length;
        break;
      case 'result':
        // Taken once, for the invocation running: `current` is cleared as it is taken.
        if (cur && m.invocationId === slot.invocation?.id) cur.onResult(m.result);
        else ignore(slot);
        break;
      case 'service':
        void serve(slot, m);
        break;
    }
  }

  async function serve(slot: Slot, m: Extract<CheckedWorkerMessage, { type: 'service' }>): Promise<void> {
    const reply = (msg: PageToWorker) => {
      if (!slot.dead) slot.port.postMessage(msg);
    };
    const who = {
      invocationId: slot.invocation?.id ?? '',
      functionName: slot.invocation?.functionName ?? slot.functionName ?? '',
    };
    // From when the worker sent the call until the page answers, the handler waits for the page.
    const clock = slot.invocation?.clock;
    clock?.waitBegins(m.sentAt);
    try {
      if (m.kind === 'management' && m.req.operation === 'PostToConnection') {
        // Counted on the invocation, not the running state: work it leaves running counts too.
        const inv = slot.invocation;
        if (inv && ++inv.posts > MAX_POSTS_PER_INVOCATION)
          throw new Error(
            `The playground allows at most ${MAX_POSTS_PER_INVOCATION} PostToConnection calls per invocation, so one invocation cannot flood the page (AWS sets no such limit; see Known differences).`,
          );
      }
      const result =
        m.kind === 'management'
          ? await options.services.management({ ...m.req, ...who })
          : await options.services.dynamodb({ ...m.req, ...who });
      reply({ type: 'service-result', callId: m.callId, result });
    } catch (e) {
      reply({ type: 'service-error', callId: m.callId, message: String((e as Error)?.message ?? e) });
    } finally {
      clock?.waitEnds();
    }
  }

  let pumping = false;
  let pumpAgain = false;

  /** Hands free workers to waiting invocations, oldest first. */
  function pump(): void {
    // Retiring or evicting a worker on the way calls back here: finish this pass, then go again.
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        pumpOnce();
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  function pumpOnce(): void {
    if (!queue.length) return;
    // A function and version that found no worker now finds none for its later requests either.
    const full = new Set<string>();
    const waiting: Queued[] = [];
    for (const q of queue) {
      const key = `${q.functionName}\u0000${q.version}`;
      const slot = full.has(key) ? undefined : tryAcquire(q.functionName, q.version);
      if (slot) q.take(slot);
      else {
        full.add(key);
        waiting.push(q);
      }
    }
    queue = waiting;
  }

  /** An idle warm worker for this version, a spare, or a new worker; undefined while the pool is full. */
  function tryAcquire(functionName: string, version: string): Slot | undefined {
    // While the frame is rebuilt, invocations wait for it.
    if (!frame) return undefined;
    // Retire idle workers of older versions of this function: their code is gone.
    for (const s of slots) if (s.functionName === functionName && s.version !== version && !s.busy) kill(s, 'retired');
    let mine = 0;
    let idle: Slot | undefined;
    let assigned = 0;
    let lru: Slot | undefined;
    for (const s of slots) {
      if (s.functionName === undefined) continue;
      assigned++;
      if (!s.busy && (!lru || s.lastUsed < lru.lastUsed)) lru = s;
      if (s.functionName !== functionName || s.version !== version) continue;
      mine++;
      if (!s.busy && (!idle || s.lastUsed > idle.lastUsed)) idle = s;
    }
    if (idle) return claim(idle);
    if (mine >= poolSize) return undefined;
    if (spare && !spare.dead) {
      const s = spare;
      spare = undefined;
      s.functionName = functionName;
      s.version = version;
      refillSpare();
      return claim(s);
    }
    if (assigned >= maxWorkers) {
      if (!lru) return undefined;
      kill(lru, 'evicted');
    }
    const s = spawn();
    s.functionName = functionName;
    s.version = version;
    return claim(s);
  }

  /** A worker for this invocation: at once if one is free, else after the invocations queued before it. */
  function acquire(functionName: string, version: string): Promise<Slot> | Slot | 'overloaded' {
    if (disposed) throw new Error('the sandbox runtime was disposed');
    const now = queue.length ? undefined : tryAcquire(functionName, version);
    if (now) return now;
    if (queue.length >= maxQueued) return 'overloaded';
    return new Promise<Slot>((take, fail) => {
      queue.push({ functionName, version, take, fail });
      maxQueuedSeen = Math.max(maxQueuedSeen, queue.length);
    });
  }

  function claim(slot: Slot): Slot {
    slot.busy = true;
    slot.lastUsed = ++clock;
    return slot;
  }

  function refillSpare(): void {
    if (!disposed && frame && !spare) spare = spawn();
  }

  /**
   * Asks a worker whose invocation just returned to answer. A frozen environment answers at
   * once; one still running what its handler left (see ../worker/freeze.ts) is replaced.
   */
  function probe(slot: Slot): Promise<boolean> {
    const n = ++pings;
    const sentAt = performance.now();
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      slot.settle = (idle, k) => {
        if (idle && k !== n) return;
        clearTimeout(timer);
        slot.settle = undefined;
        resolve(idle);
      };
      timer = setTimeout(() => {
        // An answer may wait behind this timer on a busy page: let it through before judging.
        timer = setTimeout(() => {
          const fn = slot.functionName ?? '';
          const busyFor = ((performance.now() - sentAt) / 1000).toFixed(1);
          replacedNotes.set(
            fn,
            `The playground replaced this function's execution environment: work its last invocation left running (a callback that never ends, an endless promise chain) still kept it busy ${busyFor} s after the response, where Lambda would have frozen it. This invocation runs in a new environment (a cold start).`,
          );
          kill(slot, 'still busy after its invocation returned');
        }, RESULT_GRACE_MS);
      }, PROBE_GRACE_MS);
      slot.port.postMessage({ type: 'ping', n } satisfies PageToWorker);
    });
  }

  function release(slot: Slot): void {
    slot.settled = probe(slot);
    slot.busy = false;
    slot.current = undefined;
    slot.onDeath = undefined;
    slot.lastUsed = ++clock;
    pump();
  }

  /** An invocation beyond the queue's bound: the simulator's own failure, said as such. */
  function refuse(): InvocationResult {
    overloaded++;
    return simulatorFailure(
      `${maxQueued} invocations are already waiting for a sandbox worker: the playground cannot keep up, so this one did not run. This is the simulator's limit, not AWS's (Lambda would scale out).`,
    );
  }

  async function invoke(queued: InvocationRequest, hooks?: InvocationHooks): Promise<InvocationResult> {
    await ready;
    const files = options.getFiles();
    const version = versionOf(queued.functionName, files, queued.config, queued.region);
    const waitedFrom = performance.now();
    const waitingBefore = queue.length;
    const got = acquire(queued.functionName, version);
    if (got === 'overloaded') return refuse();
    let slot = await got;
    await slot.ready;
    // The wait for a free worker; a replaced worker's wait is said by its own line.
    const waited = performance.now() - waitedFrom;
    // A worker still busy after its last invocation returned is replaced, not blamed; one whose
    // frame died before this invocation started is replaced too.
    while (!(await slot.settled) || (slot.dead && slot.deathReason === FRAME_LOST)) {
      if (disposed) return workerFailure(queued, [], slot.deathReason ?? 'the sandbox runtime was disposed');
      const again = acquire(queued.functionName, version);
      if (again === 'overloaded') return refuse();
      slot = await again;
      await slot.ready;
    }
    // The handler starts now: the timeouts count from here (time spent waiting is the simulator's),
    // on a clock that also stands still while it waits for the page to answer an SDK call.
    const clock = new WaitClock(pageTime);
    const origin = clock.now();
    const used = () => clock.now() - origin;
    const request = hooks?.start(used) ?? queued;
    const notes: LogLine[] = [];
    if (waited > WAIT_NOTICE_MS)
      notes.push(
        platform(
          `The playground held this invocation ${(waited / 1000).toFixed(1)} s for a free sandbox worker (${waitingBefore} waiting before it, ${poolSize} workers per function). The simulator's wait, not counted against the function or integration timeout: Lambda would have scaled out.`,
          0,
        ),
      );
    const replaced = replacedNotes.get(queued.functionName);
    if (replaced !== undefined && !slot.invocation) {
      replacedNotes.delete(queued.functionName);
      notes.push(platform(replaced, 0));
    }
    if (slot.dead)
      return workerFailure(request, notes, slot.deathReason ?? 'the worker ended before the invocation started');
    return new Promise<InvocationResult>((resolve) => {
      const timeoutMs = request.config.timeout * 1000;
      slot.invocation = { id: request.invocationId, functionName: request.functionName, timeoutMs, posts: 0, clock };
      const finish = (result: InvocationResult) => {
        clearTimeout(timer);
        resolve(result);
      };
      const running: Running = {
        logs: notes,
        chars: 0,
        noticed: false,
        onResult: (result) => {
          release(slot);
          finish({ ...result, logs: running.logs });
        },
      };
      slot.current = running;
      slot.onDeath = (reason) =>
        finish(
          reason === OUT_OF_MEMORY
            ? outOfMemoryResult(request, running.logs, Math.min(timeoutMs, used()))
            : reason === FRAME_LOST
              ? killedResult(request, running.logs, lostNote, Math.min(timeoutMs, used()))
              : workerFailure(request, running.logs, reason),
        );
      // The watchdog: Lambda's own timeout, in the handler's own milliseconds, for this invocation only.
      const watch = (graced = false) => {
        const left = timeoutMs - used();
        if (left >= 1) {
          timer = setTimeout(() => watch(), left);
          return;
        }
        // A result the worker already sent may still wait behind this timer on a busy page (the
        // browser may deliver a port's messages in batches): let it through before judging.
        if (!graced) {
          timer = setTimeout(() => watch(true), RESULT_GRACE_MS);
          return;
        }
        slot.onDeath = undefined;
        killed++;
        kill(slot, 'timeout');
        finish(timedOutResult(request, running.logs));
      };
      let timer = setTimeout(() => watch(), timeoutMs);
      slot.port.postMessage({ type: 'invoke', request, files } satisfies PageToWorker);
    });
  }

  return {
    invoke,
    defersStart: true,
    ready,
    stats() {
      const workers: Record<string, number> = {};
      for (const s of slots) workers[s.functionName ?? ''] = (workers[s.functionName ?? ''] ?? 0) + 1;
      return { workers, spawned, killed, ignored, queued: queue.length, maxQueuedSeen, overloaded, restarts };
    },
    dispose() {
      disposed = true;
      const waiting = queue;
      queue = [];
      for (const s of [...slots]) kill(s, 'the sandbox runtime was disposed');
      frame?.dispose();
      for (const q of waiting) q.fail(new Error('the sandbox runtime was disposed'));
    },
  };
}
