/**
 * The function's memory size as a cap, as far as a browser lets one be measured.
 *
 * Lambda kills an environment whose process goes over the function's memory size: the
 * invocation fails with `Runtime exited with error: signal: killed` (error type
 * `Runtime.OutOfMemory`) and its REPORT line says Max Memory Used equal to the memory size. A
 * worker's heap has no cap of its own, and measured in Chromium 156 inside the sandbox's worker
 * (a module worker from a data: URL in an opaque-origin frame) nothing measures it either:
 * `performance.memory` is undefined there, `performance.measureUserAgentSpecificMemory` needs
 * cross-origin isolation, which an opaque-origin frame never has. Left alone, a memory bomb
 * grows the frame's renderer to V8's limit (about 4 GB) before that process dies.
 *
 * So the runtime meters the allocations that can grow memory fastest, before any learner code
 * loads: `Array(n)` and `Array.from({ length: n })` (8 bytes an element), typed arrays and
 * `ArrayBuffer`s (their bytes), and strings made by `repeat`, `padStart`, `padEnd` and `join`.
 * Each of at least COUNTED_BYTES is charged; an object is credited back when the garbage
 * collector reclaims it (a FinalizationRegistry, which reports between tasks), a string at the
 * end of the task that made it (a string cannot be watched). When what is charged passes the
 * function's memory size less the environment's own BASELINE_MB, the runtime tells the page,
 * which ends the worker at once and fails the invocation as Lambda's out-of-memory error; until
 * then every metered allocation throws, so the handler cannot grow further in the meantime.
 * Known differences: `runtime-memory-cap` (what is not metered; garbage made and dropped within
 * one task counts until that task ends).
 */

/** What the environment itself uses, as the REPORT line states it (../lambda/logs.ts). */
export const BASELINE_MB = 64;

const MB = 1024 * 1024;

/** No function gets more than this in a tab (a worker could take the frame's renderer to its limit). */
export const MAX_MB = 1024;

/**
 * What is charged and not yet reclaimed may reach this many times the memory size (within
 * MAX_MB): the garbage collector may leave dropped memory unreclaimed for a while (measured: 12
 * invocations of 16 MB of garbage each went past 64 MB before any was reclaimed).
 */
export const KEPT_FACTOR = 4;

/** Smaller allocations are not charged: the cost of metering stays off ordinary code. */
export const COUNTED_BYTES = 1 << 20;

const TYPED = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export interface Meter {
  /** The function's memory size, in MB: the cap is this less BASELINE_MB. */
  setMemorySize(mb: number): void;
  /** Bytes charged now. */
  readonly used: number;
}

type Ctor = abstract new (...args: never[]) => object;

/**
 * Meters big allocations on `scope` (the worker's global); `exceeded(bytes)` is called once,
 * when the cap is passed. Call before learner code loads.
 */
export function installMeter(scope: typeof globalThis, exceeded: (bytes: number) => void): Meter {
  const realSet = scope.setTimeout.bind(scope);
  /** The cap on what one task makes (garbage included: the collector's credit comes between tasks). */
  let perTask = Infinity;
  /** The cap on what is charged and not yet reclaimed, across tasks. */
  let kept = Infinity;
  /** Bytes made in the running task (objects and strings), and objects not yet reclaimed. */
  let task = 0;
  let objects = 0;
  let resetting = false;
  let over = false;
  const registry = new FinalizationRegistry<number>((bytes) => (objects -= bytes));
  const endOfTask = () => {
    resetting = false;
    task = 0;
  };

  const outOfMemory = () => new RangeError('Runtime exited with error: signal: killed (out of memory)');
  /** Charges `bytes` before the allocation happens, so an allocation over a cap never does. */
  const charge = (bytes: number, object: boolean): number => {
    if (!(bytes >= COUNTED_BYTES)) return 0;
    if (over) throw outOfMemory();
    task += bytes;
    if (object) objects += bytes;
    if (!resetting) {
      resetting = true;
      realSet(endOfTask, 0);
    }
    if (task > perTask || objects > kept) {
      over = true;
      exceeded(Math.max(task, objects));
      throw outOfMemory();
    }
    return bytes;
  };
  const reserve = (bytes: number) => charge(bytes, true);
  /** An allocation that failed after all: nothing to reclaim. */
  const refund = (bytes: number) => {
    task -= bytes;
    objects -= bytes;
  };
  /** A string of `chars` characters (a byte each, as V8 stores Latin-1): counted in its task only, as no one can watch a string. */
  const chargeString = (chars: number) => void charge(chars, false);
  /** Makes a counted object: charged first, tracked once made, refunded if making it throws. */
  const make = <T extends object>(bytes: number, create: () => T): T => {
    reserve(bytes);
    try {
      const made = create();
      registry.register(made, bytes);
      return made;
    } catch (e) {
      refund(bytes);
      throw e;
    }
  };
  /** Replaces a constructor by a Proxy that charges `size(args)` bytes per object it makes. */
  const meter = (name: string, size: (args: unknown[]) => number, callable: boolean) => {
    const Real = (scope as unknown as Record<string, Ctor>)[name];
    if (typeof Real !== 'function') return;
    const handler: ProxyHandler<Ctor> = {
      construct(target, args, newTarget) {
        // `new Array(8)` names the Proxy as new.target: passing the real constructor keeps V8's
        // fast path (measured: 11 times slower otherwise). A subclass keeps its own.
        const nt = newTarget === proxy ? target : newTarget;
        const bytes = size(args);
        // Small ones, nearly all, go straight through.
        if (!(bytes >= COUNTED_BYTES)) return Reflect.construct(target, args, nt) as object;
        return make(bytes, () => Reflect.construct(target, args, nt) as object);
      },
    };
    // `Array(n)` without `new` allocates too; typed arrays and ArrayBuffer throw without it.
    if (callable)
      handler.apply = (target, self, args: unknown[]) => {
        const fn = target as unknown as (...a: unknown[]) => object;
        const bytes = size(args);
        if (!(bytes >= COUNTED_BYTES)) return Reflect.apply(fn, self, args);
        return make(bytes, () => Reflect.apply(fn, self, args));
      };
    const proxy = new Proxy(Real, handler);
    Object.defineProperty(scope, name, {
      value: proxy,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  };
  const lengthOf = (v: unknown): number => {
    if (typeof v === 'number') return v;
    if (v && typeof v === 'object' && !(v instanceof ArrayBuffer)) {
      const n = (v as { length?: unknown }).length;
      return typeof n === 'number' ? n : 0;
    }
    return 0;
  };

  const RealArray = scope.Array;
  const realFrom = RealArray.from;
  meter('Array', (args) => (args.length === 1 && typeof args[0] === 'number' ? args[0] * 8 : 0), true);
  Object.defineProperty(RealArray, 'from', {
    value: function from(this: unknown, ...args: unknown[]) {
      const bytes = lengthOf(args[0]) * 8;
      if (!(bytes >= COUNTED_BYTES)) return Reflect.apply(realFrom, this, args) as unknown[];
      return make(bytes, () => Reflect.apply(realFrom, this, args) as unknown[]);
    },
    writable: true,
    configurable: true,
  });
  for (const name of TYPED) {
    const per = (scope as unknown as Record<string, { BYTES_PER_ELEMENT?: number }>)[name]?.BYTES_PER_ELEMENT ?? 1;
    meter(name, (args) => lengthOf(args[0]) * per, false);
  }
  meter('ArrayBuffer', (args) => Number(args[0]) || 0, false);

  // String methods, with fixed parameters (cheaper than rest arguments on a hot path).
  const call = Function.prototype.call.bind(Function.prototype.call) as (
    fn: unknown,
    self: unknown,
    ...args: unknown[]
  ) => string;
  const { repeat, padStart, padEnd } = String.prototype;
  const { join } = RealArray.prototype;
  const replace = (proto: object, name: string, value: unknown) =>
    Object.defineProperty(proto, name, { value, writable: true, configurable: true });
  replace(
    String.prototype,
    'repeat',
    {
      repeat(this: unknown, count?: unknown) {
        const chars = typeof this === 'string' ? this.length * Number(count) : 0;
        // A string over the cap is refused before it is made.
        if (chars >= COUNTED_BYTES) chargeString(chars);
        return call(repeat, this, count);
      },
    }.repeat,
  );
  for (const [name, real] of [
    ['padStart', padStart],
    ['padEnd', padEnd],
  ] as const) {
    const pad = function (this: unknown, length?: unknown, fill?: unknown) {
      if (Number(length) >= COUNTED_BYTES) chargeString(Number(length));
      return call(real, this, length, fill);
    };
    Object.defineProperty(pad, 'name', { value: name });
    replace(String.prototype, name, pad);
  }
  replace(
    RealArray.prototype,
    'join',
    {
      join(this: unknown, separator?: unknown) {
        const made = call(join, this, separator);
        if (made.length >= COUNTED_BYTES) chargeString(made.length);
        return made;
      },
    }.join,
  );

  return {
    setMemorySize(mb) {
      const size = Math.min(mb, MAX_MB);
      perTask = Math.max(0, size - BASELINE_MB) * MB;
      kept = Math.max(perTask, Math.min(KEPT_FACTOR * mb, MAX_MB) * MB);
    },
    get used() {
      return Math.max(task, objects);
    },
  };
}
