// `npm run bench -- gateway [--clients N] [--messages N] [--rounds N] [--no-offline]
// [--offline-workers] [--profile DIR]`: the local gateway (npm run gateway) and serverless-offline
// (the Serverless Framework's emulator) under the same load on loopback, side by side, in one run.
// docs/local-gateway.md, "Load", has the figures and what they mean.
//
// Both serve the same WebSocket API: `$connect` accepts, `$default` echoes the message back to the
// sender as a route response (`routeResponseSelectionExpression: $default`, which both support),
// from the same handler file (bench/serverless-offline/handler.mjs). The local gateway runs it in
// its worker threads; serverless-offline in its own thread (`--useInProcess`), since its default
// mode (a new thread per concurrent invocation, `--offline-workers`) refuses most of a crowd's
// handshakes while those threads start. Both run as their own child process, as a user starts
// them (`node build/gateway/main.js --quiet`; `serverless offline start`), and the same client
// driver (this process, `ws`) loads them: CLIENTS sockets connect (at most CONNECTING handshakes
// in flight, as a room arrives), then all of them at once send MESSAGES messages each, one after
// the other, timing each echo. Figures: messages/s over that messaging phase, p50/p99 echo
// latency, lost replies and unexpected closes. The machine is shared, so the gateways take turns
// (ABBA with --rounds 2, the default) and the ratio is read from the same run.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const root = fileURLToPath(new URL('..', import.meta.url));
const offlineDir = join(root, 'bench/serverless-offline');
/** The one handler file both gateways run. */
const HANDLER = readFileSync(join(offlineDir, 'handler.mjs'), 'utf8');
/** The local gateway's definition of the API in bench/serverless-offline/serverless.yml. */
const definition = {
  protocolType: 'WEBSOCKET',
  name: 'bench-echo',
  stage: { name: 'dev' },
  routeSelectionExpression: '$request.body.action',
  routes: {
    $connect: { integration: { type: 'AWS_PROXY', function: 'connect' } },
    $default: { integration: { type: 'AWS_PROXY', function: 'echo' }, routeResponseSelectionExpression: '$default' },
  },
  functions: { connect: { handler: 'handler.connect' }, echo: { handler: 'handler.echo' } },
};

/** Handshakes in flight at once while the clients connect. */
const CONNECTING = 50;
/** A round gives up on replies that have not come after this long without any progress. */
const STALL_MS = 30_000;

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** A free loopback port (serverless-offline needs fixed ones; other programs may hold the defaults). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server process, its output going to a file (a pipe back to this process would cost
 * both of them CPU per line), and resolves with its WebSocket URL once `ready` finds it there.
 */
function startProcess(label, command, args, options, ready) {
  const logDir = mkdtempSync(join(tmpdir(), 'agp-bench-log-'));
  const logFile = join(logDir, 'out.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(command, args, { ...options, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const output = () => readFileSync(logFile, 'utf8');
  const stop = async () => {
    await stopProcess(child);
    rmSync(logDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = setInterval(() => {
      const out = output();
      const url = ready(out);
      if (url) {
        clearInterval(poll);
        resolve({ url, child, stop });
      } else if (child.exitCode !== null || performance.now() - started > 180_000) {
        clearInterval(poll);
        void stop();
        reject(new Error(`${label} did not start:\n${out}`));
      }
    }, 200);
  });
}

function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}

async function startLocalGateway({ profile }) {
  // What `npm run gateway` runs: the host bundle, then its entry with a project folder.
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'src/host/vite.config.ts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const dir = mkdtempSync(join(tmpdir(), 'agp-bench-echo-'));
  writeFileSync(join(dir, 'api.json'), JSON.stringify(definition, null, 2));
  writeFileSync(join(dir, 'handler.mjs'), HANDLER);
  const server = await startProcess(
    'npm run gateway',
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      join(root, 'build/gateway/main.js'),
      ...['--dir', dir, '--port', '0', '--quiet'],
    ],
    { cwd: root },
    (out) => /WebSocket\s+(ws:\/\/\S+)/.exec(out)?.[1],
  );
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startOffline({ offlineWorkers }) {
  const bin = join(offlineDir, 'node_modules/serverless/bin/serverless.js');
  if (!existsSync(bin)) {
    console.log('Installing serverless-offline for the bench: npm ci --prefix bench/serverless-offline');
    execFileSync('npm', ['ci', '--prefix', offlineDir, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
  const [httpPort, websocketPort, lambdaPort] = [await freePort(), await freePort(), await freePort()];
  const server = await startProcess(
    'serverless offline',
    process.execPath,
    [
      ...[bin, 'offline', 'start', ...(offlineWorkers ? [] : ['--useInProcess'])],
      ...['--httpPort', httpPort, '--websocketPort', websocketPort, '--lambdaPort', lambdaPort].map(String),
    ],
    {
      cwd: offlineDir,
      // v3 runs without a login; no telemetry, update notices or prompts on a bench.
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', CI: '1' },
    },
    (out) => (/Offline \[websocket\] listening/.test(out) ? `ws://127.0.0.1:${websocketPort}` : undefined),
  );
  return server;
}

/**
 * One round on one gateway: CLIENTS sockets connect, then each sends MESSAGES messages, the next
 * one when the previous one's echo arrived, and closes with 1000.
 */
async function round(url, clients, messages) {
  const latencies = new Float64Array(clients * messages);
  let replies = 0;
  let unexpected = 0;
  let lastProgress = performance.now();
  const sockets = new Array(clients);

  // Phase 1: every client connects (CONNECTING handshakes at a time).
  const connectStart = performance.now();
  let nextClient = 0;
  const opened = [];
  const connectOne = (i) =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets[i] = ws;
      ws.once('open', () => resolve(true));
      // A refused or failed handshake: an unexpected close, and all its messages lost.
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
      });
      ws.once('error', () => resolve(false));
      ws.once('close', () => resolve(false));
    });
  await Promise.all(
    Array.from({ length: Math.min(CONNECTING, clients) }, async () => {
      while (nextClient < clients) {
        const i = nextClient++;
        if (await connectOne(i)) opened.push(i);
        else unexpected++;
      }
    }),
  );
  const connectSeconds = (performance.now() - connectStart) / 1000;

  // Phase 2: all connected clients send at once, each waiting for its echo before the next.
  const start = performance.now();
  const done = opened.map(
    (i) =>
      new Promise((resolve) => {
        const ws = sockets[i];
        let sent = 0;
        let t0 = 0;
        let finished = false;
        const send = () => {
          t0 = performance.now();
          ws.send(`{"client":${i},"n":${sent++}}`);
        };
        ws.on('message', () => {
          const now = performance.now();
          latencies[replies++] = now - t0;
          lastProgress = now;
          if (sent < messages) send();
          else {
            finished = true;
            ws.close(1000);
          }
        });
        ws.on('close', (code) => {
          if (!finished || code !== 1000) unexpected++;
          resolve(sent);
        });
        ws.on('error', () => undefined);
        send();
      }),
  );
  const stall = setInterval(() => {
    if (performance.now() - lastProgress < STALL_MS) return;
    // Replies that never came: those sockets end here (counted as lost, and as unexpected closes).
    for (const i of opened) if (sockets[i].readyState === WebSocket.OPEN) sockets[i].terminate();
  }, 1000);
  await Promise.all(done);
  clearInterval(stall);
  const lastReply = lastProgress;
  const seconds = (lastReply - start) / 1000;
  const sorted = latencies.subarray(0, replies).sort();
  return {
    clients,
    connected: opened.length,
    connectSeconds,
    replies,
    lost: clients * messages - replies,
    unexpected,
    seconds,
    rate: replies / seconds,
    p50: replies ? pct(sorted, 50) : NaN,
    p99: replies ? pct(sorted, 99) : NaN,
    sorted,
  };
}

/** Several rounds of one gateway as one figure: every reply over the time of all its rounds. */
function combine(rounds) {
  const replies = rounds.reduce((n, r) => n + r.replies, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const all = new Float64Array(replies);
  let at = 0;
  for (const r of rounds) {
    all.set(r.sorted, at);
    at += r.sorted.length;
  }
  all.sort();
  return {
    replies,
    rate: replies / seconds,
    p50: pct(all, 50),
    p99: pct(all, 99),
    lost: rounds.reduce((n, r) => n + r.lost, 0),
    unexpected: rounds.reduce((n, r) => n + r.unexpected, 0),
    connectSeconds: rounds.reduce((n, r) => n + r.connectSeconds, 0) / rounds.length,
  };
}

export async function gatewayFigures(line, argv = []) {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string', default: '1000' },
      messages: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '2' },
      'no-offline': { type: 'boolean', default: false },
      'offline-workers': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const clients = Number(values.clients);
  const messages = Number(values.messages);
  const rounds = Number(values.rounds);
  for (const [name, n] of Object.entries({ clients, messages, rounds }))
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${values[name]}`);

  const gateways = [{ name: 'Local gateway', start: startLocalGateway, rounds: [] }];
  const offlineName = values['offline-workers'] ? 'serverless-offline (threads)' : 'serverless-offline (in-process)';
  if (!values['no-offline']) gateways.push({ name: offlineName, start: startOffline, rounds: [] });
  const startOptions = { profile: values.profile, offlineWorkers: values['offline-workers'] };
  for (const g of gateways) g.server = await g.start(startOptions);
  try {
    // Warm-up, not counted: the same clients, a few messages each, so that both have loaded their
    // handlers and started the threads they keep (the local gateway's pool, serverless-offline's
    // one thread per concurrent invocation with --offline-workers).
    for (const g of gateways) {
      const warm = await round(g.server.url, clients, Math.min(messages, 3));
      console.log(`  warm-up ${g.name}: ${warm.replies} replies, ${warm.lost} lost`);
    }
    // ABBA…: each gateway runs first as often as second, so a busier stretch of the shared machine
    // does not fall on one of them only.
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? gateways : [...gateways].reverse();
      for (const g of order) {
        const result = await round(g.server.url, clients, messages);
        g.rounds.push(result);
        console.log(
          `  round ${r + 1} ${g.name}: ${Math.round(result.rate).toLocaleString('en')} messages/s, ` +
            `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, lost ${result.lost}, ` +
            `unexpected closes ${result.unexpected}, ${clients} connects in ${result.connectSeconds.toFixed(1)} s`,
        );
      }
    }
  } finally {
    for (const g of gateways) await g.server?.stop();
  }

  const figures = gateways.map((g) => ({ name: g.name, ...combine(g.rounds) }));
  const rows = [
    ['messages/s', (f) => Math.round(f.rate).toLocaleString('en')],
    ['latency p50', (f) => `${f.p50.toFixed(1)} ms`],
    ['latency p99', (f) => `${f.p99.toFixed(1)} ms`],
    ['lost / unexpected closes', (f) => `${f.lost} / ${f.unexpected}`],
    [`${clients} connects (s, mean of rounds)`, (f) => f.connectSeconds.toFixed(1)],
  ];
  console.log();
  line(
    `Gateways: ${clients} clients × ${messages} echo messages, ${rounds} round${rounds > 1 ? 's' : ''} each`,
    figures.map((f) => f.name).join(' | '),
  );
  for (const [label, fmt] of rows) line(`  ${label}`, figures.map((f) => fmt(f).padStart(f.name.length)).join(' | '));
  if (figures.length === 2) {
    const [local, offline] = figures;
    line('  local / serverless-offline messages/s', `${(local.rate / offline.rate).toFixed(1)}×`, 'goal ≥ 3×');
    line('  p99 lower on the local gateway', local.p99 < offline.p99 ? 'yes' : 'no', 'goal yes');
  }
  line('  local gateway lost / unexpected closes', `${figures[0].lost} / ${figures[0].unexpected}`, 'goal 0 / 0');
}
