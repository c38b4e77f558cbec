/**
 * For the local gateway's tests: the host bundle built once per test file into a temporary
 * folder (worker threads run the built `worker.js`; Node cannot load the repo's .ts directly),
 * and small `ws` client helpers that await events instead of sleeping.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import type { InvokerFactory } from '../runtime/node';
import { createWorkerInvoker } from './worker-invoker';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the host bundle (`vite build --config src/host/vite.config.ts`) into a fresh folder under build/. */
export async function buildHost(): Promise<string> {
  // Inside the repo, so the bundle's packages (sucrase, ws) resolve from its node_modules.
  mkdirSync(join(root, 'build'), { recursive: true });
  const out = mkdtempSync(join(root, 'build', 'test-host-'));
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'src/host/vite.config.ts', '--outDir', out], {
    cwd: root,
  });
  return out;
}

/** Worker threads running the bundle in `out`. */
export function workerInvokers(out: string): InvokerFactory {
  return (o) => createWorkerInvoker({ ...o, workerUrl: pathToFileURL(join(out, 'worker.js')) });
}

/** A client that keeps every message it received and can wait for the next ones. */
export interface TestClient {
  ws: WebSocket;
  received: string[];
  /** Resolves with the n-th message (1-based) once it has arrived. */
  message(n: number): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

export function connectClient(url: string, protocols?: string[]): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const received: string[] = [];
    const waiters: { n: number; resolve(text: string): void }[] = [];
    ws.on('message', (data: Buffer) => {
      received.push(data.toString('utf8'));
      for (const w of waiters.filter((x) => x.n <= received.length)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(received[w.n - 1]);
      }
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code: number, reason: Buffer) => r({ code, reason: reason.toString('utf8') })),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        received,
        closed,
        message: (n) =>
          n <= received.length ? Promise.resolve(received[n - 1]) : new Promise((r) => waiters.push({ n, resolve: r })),
      }),
    );
  });
}

/** The status, headers and body of a refused upgrade, as a raw client sees it. */
export function refusedUpgrade(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => undefined);
  });
}
