/**
 * Freeze after return: Lambda freezes the execution environment once the runtime has sent the
 * response, and work the handler left pending (a timer, an interval) resumes only if the
 * environment is reused, during the next invocation (Lambda Developer Guide, "Understanding the
 * Lambda execution environment lifecycle": the environment is frozen when the runtime and every
 * extension have finished and no events are pending; "background processes or callbacks …
 * resume if Lambda reuses the execution environment").
 *
 * A worker cannot be stopped and resumed, so the runtime owns the scheduling learner code gets:
 * `setTimeout`, `setInterval`, `setImmediate` and `queueMicrotask` (so `process.nextTick`) are
 * replaced, before any learner code loads, by versions whose callbacks, when they come due while
 * the environment is frozen, are held, then released one per task while the next invocation
 * runs (and held again once that one's result is sent). Browser-only schedulers a Node handler
 * would not have (`requestAnimationFrame`, `scheduler`) are removed.
 *
 * What no runtime can hold — a callback that was already running when the result went out and
 * never ends, an endless promise chain, a learner's own MessageChannel loop — is the page's
 * part: it asks an idle worker to answer before it runs anything there, and replaces one that
 * does not (src/runtime/sandbox/sandbox.ts).
 */

type Callback = (...args: unknown[]) => unknown;

interface Timer {
  fn: Callback;
  args: unknown[];
  delay: number;
  repeat: boolean;
  /** The host timer while one is pending. */
  real?: number;
  cancelled: boolean;
}

export interface Freezer {
  /** The invocation's result is about to be sent: hold what comes due from now on. */
  freeze(): void;
  /** An invocation starts: release what was held, one callback per task, while it runs. */
  thaw(): void;
  readonly frozen: boolean;
  /** Callbacks held now. */
  readonly held: number;
}

interface Scope {
  setTimeout(fn: () => void, ms?: number): number;
  clearTimeout(id?: number): void;
  queueMicrotask(fn: () => void): void;
}

/** Browser schedulers Node does not have; left in place they would run while frozen. */
const REMOVED = ['requestAnimationFrame', 'cancelAnimationFrame', 'scheduler'] as const;

function define(scope: object, name: string, value: unknown): void {
  // Off the prototypes too, so the host's own version cannot be found there.
  for (let o = Object.getPrototypeOf(scope) as object | null; o; o = Object.getPrototypeOf(o) as object | null)
    if (Object.getOwnPropertyDescriptor(o, name)?.configurable) delete (o as Record<string, unknown>)[name];
  if (value === undefined) {
    if (Object.getOwnPropertyDescriptor(scope, name)?.configurable) delete (scope as Record<string, unknown>)[name];
    return;
  }
  Object.defineProperty(scope, name, { value, writable: true, configurable: true, enumerable: true });
}

/** Node's message for a callback that is not a function (`ERR_INVALID_ARG_TYPE`). */
function notAFunction(fn: unknown): TypeError {
  const err = new TypeError(
    `The "callback" argument must be of type function. Received ${fn === null ? 'null' : typeof fn}`,
  );
  (err as TypeError & { code: string }).code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

/** Installs the runtime's own timers on `scope` (the worker's global). Call before learner code loads. */
export function installFreezer(scope: typeof globalThis): Freezer {
  const host = scope as unknown as Scope;
  const realSet = host.setTimeout.bind(scope);
  const realClear = host.clearTimeout.bind(scope);
  const realMicrotask = host.queueMicrotask.bind(scope);
  const timers = new Map<number, Timer>();
  const held: (() => void)[] = [];
  let nextId = 1;
  let frozen = false;
  let releasing = false;

  const run = (id: number, t: Timer) => {
    if (t.cancelled) return;
    if (t.repeat) arm(id, t);
    else timers.delete(id);
    t.fn(...t.args);
  };
  const due = (id: number, t: Timer) => {
    t.real = undefined;
    if (t.cancelled) return;
    if (!frozen) return run(id, t);
    // An interval waits as one held tick, as a frozen process would: it does not pile up.
    held.push(() => run(id, t));
  };
  const arm = (id: number, t: Timer) => {
    t.real = realSet(() => due(id, t), t.delay);
  };
  const release = () => {
    releasing = false;
    if (frozen) return;
    const next = held.shift();
    if (!next) return;
    // One per task, so a later one still sees the freeze if the invocation ended meanwhile.
    if (held.length) {
      releasing = true;
      realSet(release, 0);
    }
    next();
  };

  const schedule = (repeat: boolean) =>
    function (fn: unknown, delay?: unknown, ...args: unknown[]): number {
      if (typeof fn !== 'function') throw notAFunction(fn);
      const ms = Number(delay);
      const t: Timer = {
        fn: fn as Callback,
        args,
        // Node: a delay that is not a number in [1, 2^31 - 1] becomes 1 ms.
        delay: ms >= 1 && ms <= 2 ** 31 - 1 ? ms : repeat ? 1 : 0,
        repeat,
        cancelled: false,
      };
      const id = nextId++;
      timers.set(id, t);
      arm(id, t);
      return id;
    };
  const cancel = (id: unknown) => {
    const t = timers.get(Number(id));
    if (!t) return;
    t.cancelled = true;
    timers.delete(Number(id));
    if (t.real !== undefined) realClear(t.real);
  };

  define(scope, 'setTimeout', schedule(false));
  define(scope, 'setInterval', schedule(true));
  define(scope, 'setImmediate', (fn: unknown, ...args: unknown[]) => schedule(false)(fn, 0, ...args));
  define(scope, 'clearTimeout', cancel);
  define(scope, 'clearInterval', cancel);
  define(scope, 'clearImmediate', cancel);
  define(scope, 'queueMicrotask', (fn: unknown) => {
    if (typeof fn !== 'function') throw notAFunction(fn);
    const cb = fn as () => void;
    realMicrotask(() => {
      if (frozen) held.push(cb);
      else cb();
    });
  });
  for (const name of REMOVED) define(scope, name, undefined);

  return {
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      if (held.length && !releasing) {
        releasing = true;
        realSet(release, 0);
      }
    },
    get frozen() {
      return frozen;
    },
    get held() {
      return held.length;
    },
  };
}
