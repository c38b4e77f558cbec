/**
 * Browser-test helpers for the MSW adapter: record what a WebSocket's user sees, in order, and
 * await it without sleeping.
 */

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** `Promise.withResolvers()`, which the project's lib (ES2023) does not type yet. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface SocketRecording {
  /** `open`, `error`, `message <data>`, `close <code>` in the order they fired. */
  readonly log: string[];
  readonly messages: unknown[];
  readonly opened: Promise<Event>;
  readonly closed: Promise<CloseEvent>;
  /** Resolves with the next message event's data. */
  nextMessage(): Promise<unknown>;
}

export function recordSocket(ws: WebSocket): SocketRecording {
  const log: string[] = [];
  const messages: unknown[] = [];
  const opened = deferred<Event>();
  const closed = deferred<CloseEvent>();
  const waiting: ((data: unknown) => void)[] = [];
  let delivered = 0;
  // An `open` that never comes must not surface as an unhandled rejection; tests assert on `log`.
  opened.promise.catch(() => {});
  ws.addEventListener('open', (e) => {
    log.push('open');
    opened.resolve(e);
  });
  ws.addEventListener('error', () => log.push('error'));
  ws.addEventListener('message', (e) => {
    log.push(`message ${typeof e.data === 'string' ? e.data : '<binary>'}`);
    messages.push(e.data);
    const next = waiting.shift();
    if (next) {
      delivered++;
      next(e.data);
    }
  });
  ws.addEventListener('close', (e) => {
    log.push(`close ${e.code}`);
    opened.reject(new Error(`closed before open (${e.code})`));
    closed.resolve(e);
  });
  return {
    log,
    messages,
    opened: opened.promise,
    closed: closed.promise,
    nextMessage() {
      if (delivered < messages.length) return Promise.resolve(messages[delivered++]);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
