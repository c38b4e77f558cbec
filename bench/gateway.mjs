// `npm run bench -- gateway`: the local gateway (npm run gateway) under load on loopback.
// 1,000 concurrent WebSocket clients each send 100 messages to a two-way echo route (a handler in
// a worker thread), one at a time, and time each reply. Prints messages/s and p50/p99 latency,
// and checks that nothing was lost and no socket closed unexpectedly.
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from 'vite';
import WebSocket from 'ws';

const CLIENTS = Number(process.env.GATEWAY_BENCH_CLIENTS ?? 1000);
const MESSAGES = Number(process.env.GATEWAY_BENCH_MESSAGES ?? 100);
const root = fileURLToPath(new URL('..', import.meta.url));

const definition = {
  protocolType: 'WEBSOCKET',
  name: 'bench-echo',
  stage: { name: 'dev' },
  routeSelectionExpression: '$request.body.action',
  routes: {
    $default: { integration: { type: 'AWS_PROXY', function: 'echo' }, routeResponseSelectionExpression: '$default' },
  },
  functions: { echo: { handler: 'echo.handler' } },
};
const files = { 'echo.js': 'export const handler = async (event) => ({ statusCode: 200, body: event.body });' };

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** One client: connects, then sends MESSAGES messages one after the other, timing each echo. */
function runClient(url, latencies) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let sent = 0;
    let got = 0;
    let t0 = 0;
    let unexpected = false;
    const send = () => {
      t0 = performance.now();
      ws.send(`m${sent++}`);
    };
    ws.on('open', send);
    ws.on('message', () => {
      latencies.push(performance.now() - t0);
      got++;
      if (sent < MESSAGES) send();
      else ws.close(1000);
    });
    ws.on('close', (code) => {
      if (code !== 1000) unexpected = true;
      resolve({ got, unexpected });
    });
    ws.on('error', () => {
      unexpected = true;
    });
  });
}

export async function gatewayFigures(line) {
  // The handler threads run the host bundle, as `npm run gateway` does.
  execFileSync(
    process.execPath,
    [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', 'src/host/vite.config.ts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const vite = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    server: { middlewareMode: true },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const { startGateway } = await vite.ssrLoadModule('/src/host/server.ts');
    const { createWorkerInvoker } = await vite.ssrLoadModule('/src/host/worker-invoker.ts');
    const workerUrl = pathToFileURL(`${root}build/gateway/worker.js`);
    const { createNodeInvoker } = await vite.ssrLoadModule('/src/runtime/node.ts');
    const inProcess = process.env.GATEWAY_BENCH_IN_PROCESS === '1';
    const server = await startGateway({
      definition,
      files,
      createInvoker: inProcess ? createNodeInvoker : (o) => createWorkerInvoker({ ...o, workerUrl }),
      onError: () => undefined,
    });
    try {
      const latencies = [];
      const start = performance.now();
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, () => runClient(server.urls.client, latencies)),
      );
      const seconds = (performance.now() - start) / 1000;
      const received = results.reduce((n, r) => n + r.got, 0);
      const lost = CLIENTS * MESSAGES - received;
      const closes = results.filter((r) => r.unexpected).length;
      line(`Local gateway: ${CLIENTS} clients × ${MESSAGES} echo messages`, `${received.toLocaleString('en')} replies`);
      line('  messages/s (send → echo from a worker thread)', Math.round(received / seconds).toLocaleString('en'));
      line('  latency p50 / p99', `${pct(latencies, 50).toFixed(1)} / ${pct(latencies, 99).toFixed(1)} ms`);
      line('  lost / unexpected closes', `${lost} / ${closes}`, 'goal 0 / 0');
    } finally {
      await server.close();
    }
  } finally {
    await vite.close();
  }
}
