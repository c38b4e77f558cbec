/**
 * The sandbox worker's side of the boundary, set up when the worker bundle is evaluated, before
 * any learner code exists in the worker.
 *
 * - The runtime's channel: learner code shares this global scope and may replace any built-in
 *   (`MessagePort.prototype.postMessage`, the `MessageEvent` `data` getter, `Function.prototype.call`…).
 *   The runtime calls none of them through a lookup after this point: it holds the original
 *   functions, bound now, and the port only in closures, so a wrapper learner code installs is
 *   never handed the port.
 * - No network: the frame's Content-Security-Policy (src/runtime/sandbox/frame.ts) already denies
 *   connections and scripts from anywhere; removing the network globals too turns what would be a
 *   bare browser error into one that says why, written to the invocation's log.
 */

type AnyFn = (...args: never[]) => unknown;

/** `fn` as a plain function of (this, ...args), immune to later changes of `Function.prototype.call`. */
const uncurryThis = Function.prototype.bind.bind(Function.prototype.call) as <F extends AnyFn>(
  fn: F,
) => (self: unknown, ...args: Parameters<F>) => ReturnType<F>;

const postOnPort = uncurryThis(MessagePort.prototype.postMessage as (message: unknown) => void);
const eventData = uncurryThis(Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get! as () => unknown);
const setOnMessage = uncurryThis(
  Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!.set! as (fn: unknown) => void,
);

/** The runtime's end of its port: send, and receive message data, through functions taken before learner code. */
export function seal(port: MessagePort, receive: (data: unknown) => void): (message: unknown) => void {
  setOnMessage(port, (e: MessageEvent) => receive(eventData(e)));
  return (message) => postOnPort(port, message);
}

/** Reads a connect message's data before learner code exists (the frame sends it first). */
export const messageData = (e: MessageEvent): unknown => eventData(e);

const NO_NETWORK =
  'handlers in the playground have no network access (the SDK clients reach the playground by message passing)';

/** Globals that reach the network or start other scripts, as learner code would find them. */
const BLOCKED = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  'importScripts',
  'Worker',
  'SharedWorker',
] as const;

/**
 * Replaces the network globals with stand-ins that write `report(text)` to the invocation's log
 * and fail as the browser would (a TypeError; fetch rejects), and reports what the CSP blocks
 * (a dynamic `import()` of a URL, which no global can intercept).
 */
export function removeNetwork(scope: typeof globalThis, report: (text: string) => void): void {
  for (const name of BLOCKED) {
    if (!(name in scope)) continue;
    const fail = (what: unknown) => {
      const message = `${name}(${what === undefined ? '' : String(what).slice(0, 200)}) is blocked: ${NO_NETWORK}.`;
      report(message);
      return new TypeError(message);
    };
    const stand =
      name === 'fetch'
        ? (input?: unknown) => Promise.reject(fail(input))
        : function blocked(input?: unknown): never {
            throw fail(input);
          };
    // Off the prototypes too, so `Object.getPrototypeOf(self).fetch` finds nothing either.
    for (let o = Object.getPrototypeOf(scope) as object | null; o; o = Object.getPrototypeOf(o) as object | null)
      if (Object.getOwnPropertyDescriptor(o, name)?.configurable) delete (o as Record<string, unknown>)[name];
    Object.defineProperty(scope, name, { value: stand, writable: false, configurable: false, enumerable: false });
  }
  scope.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => {
    report(
      `The playground blocked ${String(e.blockedURI).slice(0, 200)} (${e.effectiveDirective}): ${NO_NETWORK}; import() of a URL cannot load code either.`,
    );
  });
}
