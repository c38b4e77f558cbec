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
 * page holds, so invocations never pass through the frame.
 */
import type { FrameToPage, PageToFrame } from '../worker/protocol';

/** The frame's whole program: receive the worker source, spawn workers with a port, kill them. */
const BOOTSTRAP = `(() => {
  const host = parent;
  const workers = new Map();
  let url;
  addEventListener('message', (e) => {
    if (e.source !== host) return;
    const m = e.data;
    if (m && m.type === 'source' && typeof m.code === 'string' && !url) {
      url = 'data:text/javascript;charset=utf-8,' + encodeURIComponent(m.code);
    } else if (m && m.type === 'spawn' && url && m.port instanceof MessagePort) {
      const w = new Worker(url, { type: 'module', name: 'lambda-' + m.id });
      w.onerror = (ev) => host.postMessage({ type: 'worker-error', id: m.id, message: String(ev.message || 'worker failed to start') }, '*');
      workers.set(m.id, w);
      w.postMessage({ type: 'connect', port: m.port }, [m.port]);
    } else if (m && m.type === 'kill') {
      const w = workers.get(m.id);
      if (w) w.terminate();
      workers.delete(m.id);
    }
  });
  host.postMessage({ type: 'frame-ready' }, '*');
})();`;

const SRCDOC = `<!doctype html><html><head><meta charset="utf-8"><title>lambda sandbox</title></head><body><script>${BOOTSTRAP}</script></body></html>`;

export interface SandboxFrame {
  spawn(id: number, port: MessagePort): void;
  kill(id: number): void;
  /** Called when a worker fails to start (its script did not load or threw at top level). */
  onWorkerError: ((id: number, message: string) => void) | undefined;
  dispose(): void;
}

/**
 * Adds the hidden frame to `container` and resolves once it has the worker source. Messages to
 * the frame use targetOrigin '*' because an opaque origin cannot be named; none carries secrets.
 */
export function createSandboxFrame(
  workerSource: string,
  container: HTMLElement = document.body,
): Promise<SandboxFrame> {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.setAttribute('tabindex', '-1');
  iframe.title = 'Lambda sandbox';
  iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  iframe.srcdoc = SRCDOC;

  return new Promise((resolve, reject) => {
    const frame: SandboxFrame = {
      spawn: (id, port) => send({ type: 'spawn', id, port }, [port]),
      kill: (id) => send({ type: 'kill', id }),
      onWorkerError: undefined,
      dispose() {
        window.removeEventListener('message', onMessage);
        iframe.remove();
      },
    };
    function send(m: PageToFrame, transfer: Transferable[] = []) {
      iframe.contentWindow?.postMessage(m, '*', transfer);
    }
    function onMessage(e: MessageEvent<FrameToPage>) {
      if (e.source !== iframe.contentWindow || !e.data || typeof e.data !== 'object') return;
      if (e.data.type === 'frame-ready') {
        send({ type: 'source', code: workerSource });
        resolve(frame);
      } else if (e.data.type === 'worker-error' && typeof e.data.id === 'number') {
        frame.onWorkerError?.(e.data.id, String(e.data.message));
      }
    }
    window.addEventListener('message', onMessage);
    iframe.addEventListener('error', () => reject(new Error('the sandbox frame failed to load')));
    container.appendChild(iframe);
  });
}
