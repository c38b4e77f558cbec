/**
 * Resolves in a task of its own, at once: a message through a `MessageChannel` (a zero
 * `setTimeout` is clamped to 4 ms once nested, and is throttled in background tabs). For work
 * that arrives inside someone else's task (a Svelte flush, a loop that opens 200 sockets) and
 * should not make that task longer. One channel serves every caller, each message one waiter in
 * order: a channel per call cost more to close than the work it split (46 ms for 200 sockets).
 */
let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

export function nextTask(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
      // Node (unit tests) keeps a process alive for a port that listens; a browser has no unref.
      (channel.port1 as { unref?: () => void }).unref?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
