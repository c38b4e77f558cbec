/**
 * The opaque-origin frame that hosts the sandbox workers (browser only).
 *
 * Workers start from a `data:` URL, not a Blob URL: in Chromium 156 a MODULE worker from a Blob
 * URL created in an opaque-origin document fails to load (an error event without a message),
 * while a data: URL module worker loads (verified on this machine). A data: worker also gets a
 * fresh opaque origin of its own.
 *
 * `<iframe sandbox="allow-scripts">` WITHOUT allow-same-origin gives the frame, and every worker
 * it starts from a data: URL, an opaque origin (`'null'`): no access to the app's localStorage,
 * IndexedDB, Cache Storage or DOM, and the app's origin treats its requests as cross-origin.
 * The frame only starts and ends workers; each worker gets a MessagePort whose other end the
 * page holds, so invocations never pass through the frame. What a worker posts to its Worker
 * object here (only learner code does: the runtime talks over its port) is ignored, and counted
 * to the page in batches, so a flood costs the page one message per batch.
 *
 * The page pings the frame over a port of its own (./heartbeat.ts), which the frame's main thread
 * answers at once: when the frame's process dies (a memory bomb the meter does not see), the
 * page hears silence and rebuilds the frame.
 *
 * The frame's Content-Security-Policy (a <meta> in the srcdoc) is inherited by its data: URL
 * workers (verified in Chromium by src/runtime/sandbox.browser.test.ts): no connections at all
 * (fetch, XHR, WebSocket, EventSource), no script from any URL (import() of http(s) or data:,
 * even from eval'd code), workers only from data: URLs (the frame's own; the runtime removes
 * `Worker` from the worker's globals). `'unsafe-eval'` is what the loader's `new Function` needs.
 */
import type { PageToFrame } from '../worker/protocol';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { checkFrameMessage } from './messages';

/**
 * The frame's whole program: receive the worker source, spawn workers with a port, kill them,
 * answer the heartbeat.
 * A hosted site's Content-Security-Policy allows it by its hash (deploy/headers.mjs).
 */
export const SANDBOX_BOOTSTRAP = `(() => {
  const host = parent;
  const workers = new Map();
  const pending = new Map();
  let url;
  let beat;
  let flushing = false;
  const ignored = (id) => {
    pending.set(id, (pending.get(id) || 0) + 1);
    if (flushing) return;
    flushing = true;
    setTimeout(() => {
      flushing = false;
      for (const [wid, count] of pending) host.postMessage({ type: 'ignored', id: wid, count }, '*');
      pending.clear();
    }, 50);
  };
  addEventListener('message', (e) => {
    if (e.source !== host) return;
    const m = e.data;
    if (m && m.type === 'source' && typeof m.code === 'string' && !url) {
      url = 'data:text/javascript;charset=utf-8,' + encodeURIComponent(m.code);
    } else if (m && m.type === 'spawn' && url && Number.isInteger(m.id) && !workers.has(m.id) && m.port instanceof MessagePort) {
      const w = new Worker(url, { type: 'module', name: 'lambda-' + m.id });
      w.onerror = (ev) => host.postMessage({ type: 'worker-error', id: m.id, message: String(ev.message || 'worker failed to start') }, '*');
      w.onmessage = w.onmessageerror = () => ignored(m.id);
      workers.set(m.id, w);
      w.postMessage({ type: 'connect', port: m.port }, [m.port]);
    } else if (m && m.type === 'heartbeat' && m.port instanceof MessagePort && !beat) {
      beat = m.port;
      beat.onmessage = (e) => beat.postMessage(e.data);
    } else if (m && m.type === 'kill' && Number.isInteger(m.id)) {
      const w = workers.get(m.id);
      if (w) w.terminate();
      workers.delete(m.id);
    }
  });
  host.postMessage({ type: 'frame-ready' }, '*');
})();`;

/** What the frame and (by inheritance) its workers may load and reach. */
export const SANDBOX_CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

const SRCDOC = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}"><title>lambda sandbox</title></head><body><script>${SANDBOX_BOOTSTRAP}</script></body></html>`;

export interface SandboxFrame {
  spawn(id: number, port: MessagePort): void;
  kill(id: number): void;
  /** Called when a worker fails to start (its script did not load or threw at top level). */
  onWorkerError: ((id: number, message: string) => void) | undefined;
  /** Called with how many messages a worker posted to its frame-side Worker object (ignored there). */
  onIgnored: ((id: number, count: number) => void) | undefined;
  /**
   * Called once when the frame stopped answering its heartbeat (its process died): every worker
   * in it is gone. The caller disposes it and builds another.
   */
  onLost: ((silentMs: number) => void) | undefined;
  dispose(): void;
}

/** The heartbeat's timing (./heartbeat.ts); tests shorten it. */
export interface FrameHeartbeat {
  intervalMs?: number;
  deadAfterMs?: number;
}

/**
 * Adds the hidden frame to `container` and resolves once it has the worker source. Messages to
 * the frame use targetOrigin '*' because an opaque origin cannot be named; none carries secrets.
 */
export function createSandboxFrame(
  workerSource: string,
  container: HTMLElement = document.body,
  heartbeat: FrameHeartbeat = {},
): Promise<SandboxFrame> {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.setAttribute('tabindex', '-1');
  iframe.title = 'Lambda sandbox';
  iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  iframe.srcdoc = SRCDOC;

  return new Promise((resolve, reject) => {
    let beat: Heartbeat | undefined;
    let beatPort: MessagePort | undefined;
    const frame: SandboxFrame = {
      spawn: (id, port) => send({ type: 'spawn', id, port }, [port]),
      kill: (id) => send({ type: 'kill', id }),
      onWorkerError: undefined,
      onIgnored: undefined,
      onLost: undefined,
      dispose() {
        beat?.stop();
        beatPort?.close();
        window.removeEventListener('message', onMessage);
        iframe.remove();
      },
    };
    function listen() {
      const channel = new MessageChannel();
      const port = channel.port1;
      beatPort = port;
      beat = startHeartbeat({
        ...heartbeat,
        ping: (n) => port.postMessage(n),
        onDead: (silentMs) => frame.onLost?.(silentMs),
      });
      port.onmessage = (e: MessageEvent) => beat?.pong(e.data as number);
      send({ type: 'heartbeat', port: channel.port2 }, [channel.port2]);
    }
    function send(m: PageToFrame, transfer: Transferable[] = []) {
      iframe.contentWindow?.postMessage(m, '*', transfer);
    }
    function onMessage(e: MessageEvent) {
      if (e.source !== iframe.contentWindow) return;
      const m = checkFrameMessage(e.data);
      if (m?.type === 'frame-ready') {
        // Once: a second 'frame-ready' (the frame's document replaced) changes nothing here.
        if (beat) return;
        send({ type: 'source', code: workerSource });
        listen();
        resolve(frame);
      } else if (m?.type === 'worker-error') {
        frame.onWorkerError?.(m.id, m.message);
      } else if (m?.type === 'ignored') {
        frame.onIgnored?.(m.id, m.count);
      }
    }
    window.addEventListener('message', onMessage);
    iframe.addEventListener('error', () => reject(new Error('the sandbox frame failed to load')));
    container.appendChild(iframe);
  });
}
