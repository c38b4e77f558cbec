/**
 * The page's schema for what arrives from the sandbox (a worker's port, the frame's window).
 * Learner code shares the worker with the runtime and may have replaced any built-in there, so
 * the page checks every message against these shapes and limits before it touches state: a
 * message that fails is ignored (and counted by the caller), never partly used. What passes is
 * rebuilt from the checked fields only, so nothing else a message carries reaches the gateway.
 */
import type { InvocationResult, LogLine } from '../../gateway';
import { MAX_LINE_BYTES, MAX_RESPONSE_BYTES } from '../lambda/limits';
import type { DynamoDbCall, ManagementCall } from '../services';

/** A line's text as the worker cuts it: 256 KB plus the cut marker (UTF-16 units never exceed UTF-8 bytes). */
export const MAX_LINE_CHARS = MAX_LINE_BYTES + 200;
/** An error's type, and each of at most MAX_STACK_LINES stack lines. */
const MAX_SHORT_CHARS = 4096;
export const MAX_STACK_LINES = 100;
/** A service call's request: 16 MB, DynamoDB's largest request (BatchWriteItem), so an oversized PostToConnection still gets the gateway's own 413. */
const MAX_SERVICE_BYTES = 16 * 1024 * 1024;

const LEVELS = new Set<LogLine['level']>(['log', 'info', 'warn', 'error', 'platform']);

export type CheckedWorkerMessage =
  | { type: 'ready' }
  | { type: 'pong'; n: number }
  | { type: 'oom'; bytes: number }
  | { type: 'log'; invocationId: string; line: LogLine }
  | { type: 'result'; invocationId: string; result: InvocationResult }
  | {
      type: 'service';
      callId: number;
      sentAt?: number;
      kind: 'management';
      req: Omit<ManagementCall, 'invocationId' | 'functionName'>;
    }
  | {
      type: 'service';
      callId: number;
      sentAt?: number;
      kind: 'dynamodb';
      req: Omit<DynamoDbCall, 'invocationId' | 'functionName'>;
    };

export type FrameMessage =
  | { type: 'frame-ready' }
  | { type: 'worker-error'; id: number; message: string }
  | { type: 'ignored'; id: number; count: number };

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
/** A finite number of milliseconds in [0, max]. */
const isDuration = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;

/**
 * The size of `value` as JSON text (strings counted in UTF-16 units), or undefined when it is
 * not plain JSON data (a Map, a Date, NaN, undefined…) or passes `budget`. With `bytes` (an
 * SDK call's request, which is cloned, not serialised), Uint8Arrays count too (binary
 * attributes, PostToConnection Data) and an absent optional field may be `undefined` (the
 * shims pass `{ data: undefined }` for GetConnection). Iterative, so a deep value cannot
 * overflow the page's stack, and it stops at the budget, so a cycle ends too.
 */
export function jsonSize(value: unknown, budget: number, bytes = false): number | undefined {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v === 'boolean' || (bytes && v === undefined)) size += 5;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return undefined;
      size += 24;
    } else if (typeof v === 'string') size += v.length + 2;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (bytes && v instanceof Uint8Array) size += v.byteLength;
    else if (isObject(v)) {
      size += 2;
      for (const k of Object.keys(v)) {
        size += k.length + 4;
        stack.push(v[k]);
      }
    } else return undefined;
    if (size > budget) return undefined;
  }
  return size;
}

/**
 * A line's `at` is only bounded here by being a time at all: a line that work left running writes
 * after its invocation ended may be later than the timeout. The caller holds a line of the
 * running invocation to its timeout.
 */
function checkLine(v: unknown): LogLine | undefined {
  if (!isObject(v)) return undefined;
  const { level, text, at } = v;
  if (
    !LEVELS.has(level as LogLine['level']) ||
    !isString(text, MAX_LINE_CHARS) ||
    !isDuration(at, Number.MAX_SAFE_INTEGER)
  )
    return undefined;
  return { level: level as LogLine['level'], text, at };
}

function checkError(v: unknown): { errorType: string; errorMessage: string; stack?: string[] } | undefined {
  if (!isObject(v) || !isString(v.errorType, MAX_SHORT_CHARS) || !isString(v.errorMessage, MAX_LINE_CHARS))
    return undefined;
  if (v.stack === undefined) return { errorType: v.errorType, errorMessage: v.errorMessage };
  const stack = v.stack;
  if (!Array.isArray(stack) || stack.length > MAX_STACK_LINES || !stack.every((l) => isString(l, MAX_SHORT_CHARS)))
    return undefined;
  return { errorType: v.errorType, errorMessage: v.errorMessage, stack: [...(stack as string[])] };
}

/**
 * A result without its logs (the page keeps the lines it received and checked itself). A value
 * over Lambda's 6 MB response limit becomes Lambda's own error for it.
 */
function checkResult(v: unknown, timeoutMs: number): InvocationResult | undefined {
  if (!isObject(v) || !isDuration(v.durationMs, timeoutMs)) return undefined;
  const durationMs = v.durationMs;
  if (v.status === 'ok') {
    if (!('value' in v)) return undefined;
    // Measured against twice the limit, so an oversized (but plain) value is told apart from garbage.
    const size = jsonSize(v.value, 2 * MAX_RESPONSE_BYTES);
    if (size === undefined) return undefined;
    if (size > MAX_RESPONSE_BYTES)
      return {
        status: 'error',
        error: {
          errorType: 'Function.ResponseSizeTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        },
        durationMs,
        logs: [],
      };
    return { status: 'ok', value: v.value, durationMs, logs: [] };
  }
  if (v.status === 'error') {
    const error = checkError(v.error);
    return error ? { status: 'error', error, durationMs, logs: [] } : undefined;
  }
  return undefined;
}

function checkService(m: Obj): CheckedWorkerMessage | undefined {
  const { callId, kind, req, sentAt } = m;
  if (!isCount(callId, Number.MAX_SAFE_INTEGER) || !isObject(req)) return undefined;
  if (jsonSize(req, MAX_SERVICE_BYTES, true) === undefined) return undefined;
  // When the worker sent it (epoch ms of its clock); the page only trusts it within its own bounds.
  if (sentAt !== undefined && !isDuration(sentAt, Number.MAX_SAFE_INTEGER)) return undefined;
  const sent = sentAt !== undefined ? { sentAt } : {};
  if (kind === 'management') {
    const { endpoint, operation, connectionId, data } = req;
    if (!isString(endpoint, MAX_SHORT_CHARS) || !isString(operation, 64) || !isString(connectionId, MAX_SHORT_CHARS))
      return undefined;
    if (data !== undefined && typeof data !== 'string' && !(data instanceof Uint8Array)) return undefined;
    return {
      type: 'service',
      callId,
      ...sent,
      kind,
      req: {
        endpoint,
        operation: operation as ManagementCall['operation'],
        connectionId,
        ...(data !== undefined ? { data } : {}),
      },
    };
  }
  if (kind === 'dynamodb') {
    if (!isString(req.operation, 64)) return undefined;
    return { type: 'service', callId, ...sent, kind, req: { operation: req.operation, input: req.input } };
  }
  return undefined;
}

/** Checks one message from a worker's port. `timeoutMs` bounds every duration in it. */
export function checkWorkerMessage(m: unknown, timeoutMs: number): CheckedWorkerMessage | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'pong':
      return isCount(m.n, Number.MAX_SAFE_INTEGER) ? { type: 'pong', n: m.n } : undefined;
    case 'oom':
      return isCount(m.bytes, Number.MAX_SAFE_INTEGER) ? { type: 'oom', bytes: m.bytes } : undefined;
    case 'log': {
      const line = checkLine(m.line);
      return line && isString(m.invocationId, 256) ? { type: 'log', invocationId: m.invocationId, line } : undefined;
    }
    case 'result': {
      const result = checkResult(m.result, timeoutMs);
      return result && isString(m.invocationId, 256)
        ? { type: 'result', invocationId: m.invocationId, result }
        : undefined;
    }
    case 'service':
      return checkService(m);
  }
  return undefined;
}

/** Checks one message from the frame's window. */
export function checkFrameMessage(m: unknown): FrameMessage | undefined {
  if (!isObject(m)) return undefined;
  if (m.type === 'frame-ready') return { type: 'frame-ready' };
  if (m.type === 'worker-error' && isCount(m.id, Number.MAX_SAFE_INTEGER))
    return { type: 'worker-error', id: m.id, message: String(m.message).slice(0, MAX_SHORT_CHARS) };
  if (m.type === 'ignored' && isCount(m.id, Number.MAX_SAFE_INTEGER) && isCount(m.count, Number.MAX_SAFE_INTEGER))
    return { type: 'ignored', id: m.id, count: m.count };
  return undefined;
}
