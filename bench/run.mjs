// npm run bench: prints the playground's size and speed figures (no pass/fail; goals shown
// beside each figure). Runs after `npm run build` on the pinned Node 22.
//  1. JavaScript (gzip, on the wire) fetched until the shell is interactive with MSW started,
//     and until the chat example's editor is usable and its first diagram drawn, with times.
//  2. Engine throughput in Node: messages routed per second (expression + in-process handler).
//  3. Trace event appended → SVG in the DOM, p50/p95, while 200 events accumulate.
//  4. Responsiveness under load (bench/responsive.mjs): a 50 messages/s stream, 200 clients,
//     50 client consoles broadcasting through the chat example, and one invocation posting 1,000.
// Name scenarios to run only those: `npm run bench -- stream` (page, engine, stream, clients, clients50, burst).
//  0. `--peer <folder or url>`: cold loads side by side with a peer (bench/peer.mjs), before the rest;
//     `peer` as the only scenario runs just that. `--runs N` (default 7) for quick checks.
//     `--cpu-busy`: everything with one core held by a child process the bench starts and stops.
//  5. `npm run bench -- gateway [--clients N --messages N --rounds N --no-offline]` (only when
//     named): the local gateway and serverless-offline side by side under 1,000 WebSocket
//     clients × 100 messages on loopback (bench/gateway.mjs).
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { serveDist } from '../tests/support/static-server.ts';
import { gzipBytes, jsClosure, readManifest } from '../tests/support/bundle-size.ts';
import { SIZE_BUDGET } from '../tests/size-budget.ts';
import { responsiveFigures } from './responsive.mjs';
import { gatewayFigures } from './gateway.mjs';
import { peerComparison } from './peer.mjs';
import { withBusyCore } from './cpu-busy.mjs';

const SCENARIOS = ['page', 'engine', 'stream', 'clients', 'clients50', 'burst'];
// The bench's own flags (--peer X, --runs N, --cpu-busy) anywhere; then scenario names, and
// from the first other option on (`--clients 200`), the gateway bench's options.
const flags = { peer: undefined, runs: '7', 'cpu-busy': false };
const rest = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const [name, inline] = a.split(/=(.*)/s);
  if (name === '--peer' || name === '--runs') flags[name.slice(2)] = inline ?? process.argv[++i];
  else if (a === '--cpu-busy') flags['cpu-busy'] = true;
  else rest.push(a);
}
const firstOption = rest.findIndex((a) => a.startsWith('--'));
const asked = rest.slice(0, firstOption < 0 ? undefined : firstOption);
const options = firstOption < 0 ? [] : rest.slice(firstOption);
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs wants a whole number ≥ 1, not "${flags.runs}".`);
  process.exit(2);
}
const onlyPeer = asked.length === 1 && asked[0] === 'peer';
if (onlyPeer && !flags.peer) {
  console.error('The peer scenario needs --peer <folder or url> (e.g. ../shared/peers/mermaid-live-editor).');
  process.exit(2);
}
if (onlyPeer) asked.length = 0;
const unknown = asked.filter((a) => !SCENARIOS.includes(a) && a !== 'gateway');
if (unknown.length) {
  console.error(`Unknown scenario ${unknown.join(', ')}: choose from ${SCENARIOS.join(', ')}.`);
  process.exit(2);
}
const which = new Set(onlyPeer ? [] : asked.length ? asked : SCENARIOS);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const line = (label, value, goal = '') => console.log(`${label.padEnd(58)} ${String(value).padStart(14)}  ${goal}`);

async function pageFigures() {
  const server = await serveDist({ prefix: '/bench/prefix/' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const jsBytes = () => server.log.filter((r) => /\.(m?js)$/.test(r.path)).reduce((sum, r) => sum + r.bytes, 0);
    const jsFiles = () => server.log.filter((r) => /\.(m?js)$/.test(r.path)).length;
    await page.goto(`${server.url}?instrument`);
    await page.waitForFunction(() => document.documentElement.dataset.gateway === 'started', null, {
      polling: 'raf',
      timeout: 60_000,
    });
    const shell = { bytes: jsBytes(), files: jsFiles() };
    const shellMs = await page.evaluate(() => globalThis.__agpInstrument.mswStartedAt);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=code-editor][data-ready=true]') &&
        document.querySelector('[data-testid=diagram] svg') &&
        document.querySelector('[data-testid=deploy-status][data-status=deployed]'),
      null,
      { polling: 'raf', timeout: 120_000 },
    );
    const editorMs = await page.evaluate(() => performance.now());
    const editor = { bytes: jsBytes(), files: jsFiles() };

    // 3. Diagram latency: Alice and Bob chat until 200 trace events have accumulated.
    const client = (n) => page.getByTestId(`client-${n}`);
    for (const n of ['Alice', 'Bob']) {
      await client(n).getByTestId('connect').click();
      await client(n).locator('[data-testid=frames] li[data-kind=open]').waitFor();
    }
    await page.evaluate(() => {
      const target = document.querySelector('[data-testid=diagram]');
      const seen = (globalThis.__agpRendered = []);
      new MutationObserver(() => {
        const tag = Number(target.dataset.tag);
        if (target.querySelector('svg') && tag) seen.push([tag, performance.now()]);
      }).observe(target, { attributes: true, attributeFilter: ['data-tag'] });
    });
    const startSeq = await page.evaluate(() => Math.max(0, ...globalThis.__agpInstrument.appended.keys()));
    let i = 0;
    for (;;) {
      const maxSeq = await page.evaluate(() => Math.max(0, ...globalThis.__agpInstrument.appended.keys()));
      if (maxSeq - startSeq >= 200) break;
      i++;
      await client('Alice').getByTestId('message-input').fill(`{"action":"sendmessage","data":"bench ${i}"}`);
      await client('Alice').getByTestId('message-input').press('Enter');
      await client('Bob')
        .locator('[data-testid=frames] li[data-kind=received]', { hasText: `bench ${i}` })
        .waitFor();
    }
    await page.waitForFunction(
      () => {
        const last = Math.max(...globalThis.__agpInstrument.appended.keys());
        return Number(document.querySelector('[data-testid=diagram]').dataset.tag) >= last;
      },
      null,
      { polling: 'raf', timeout: 30_000 },
    );
    const { latencies, arrows, olderReachable } = await page.evaluate((from) => {
      const appended = [...globalThis.__agpInstrument.appended].filter(([seq]) => seq > from);
      const rendered = globalThis.__agpRendered;
      const latencies = [];
      for (const [seq, at] of appended) {
        const hit = rendered.find(([tag, t]) => tag >= seq && t >= at);
        if (hit) latencies.push(hit[1] - at);
      }
      const svg = document.querySelector('[data-testid=diagram] svg');
      return {
        latencies,
        arrows: svg.querySelectorAll('.messageText').length,
        olderReachable: !document.querySelector('[data-testid=diagram-older]').disabled,
      };
    }, startSeq);
    // Monaco is fetched from the first byte (modulepreload), in parallel with MSW's start, so what
    // was fetched by then is more than the shell needs: the build manifest says what it needs.
    const shellNeeds = gzipBytes(jsClosure(readManifest(), SIZE_BUDGET.shell.entries));
    return { shell, shellNeeds, shellMs, editor, editorMs, latencies, arrows, olderReachable, messages: i };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function engineFigures() {
  const vite = await createServer({
    configFile: false,
    logLevel: 'error',
    server: { middlewareMode: true },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const gw = await vite.ssrLoadModule('/src/gateway/index.ts');
    const definition = {
      protocolType: 'WEBSOCKET',
      name: 'bench',
      routeSelectionExpression: '$request.body.action',
      routes: {
        sendmessage: { integration: { type: 'AWS_PROXY', function: 'sendmessage' } },
        $default: { integration: { type: 'AWS_PROXY', function: 'fallback' } },
      },
      functions: { sendmessage: { handler: 'sendmessage.handler' }, fallback: { handler: 'fallback.handler' } },
    };
    const invoker = gw.createInProcessInvoker({
      sendmessage: async () => ({ statusCode: 200 }),
      fallback: async () => ({ statusCode: 200 }),
    });
    const run = async (n, traceLimit) => {
      const api = gw.createWebSocketApi({ definition, invoker, seed: 'bench', traceLimit });
      const res = await api.connect({ clientName: 'bench' });
      const conn = res.connection;
      const msgs = ['{"action":"sendmessage","data":"hi"}', '{"action":"other"}', 'not json'];
      for (let i = 0; i < 2000; i++) await conn.send(msgs[i % 3]); // warm-up
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await conn.send(msgs[i % 3]);
      const s = (performance.now() - t0) / 1000;
      api.dispose();
      return n / s;
    };
    const bounded = await run(100_000, 1000);
    // The page's engines keep TRACE_KEEP (10,000) events (src/state/services-impl.ts).
    const asUi = await run(100_000, 10_000);
    const unbounded = await run(30_000, undefined);
    return { bounded, asUi, unbounded };
  } finally {
    await vite.close();
  }
}

// Everything (the peer's loads included) with one core held busy under --cpu-busy.
const busy = flags['cpu-busy'] ? withBusyCore : (fn) => fn();

await busy(async () => {
  console.log(
    `API Gateway Playground benchmark (built site served gzip-compressed from /bench/prefix/)${flags['cpu-busy'] ? ', one core busy' : ''}\n`,
  );
  if (flags.peer) {
    console.log(
      `Cold load side by side with ${flags.peer} (1280×720, gzip over loopback, medians of ${runs} interleaved runs)`,
    );
    await peerComparison({ peer: flags.peer, runs });
    console.log('');
  }
  if (which.has('engine')) {
    const engine = await engineFigures();
    line(
      'Engine: routed messages/s (trace bounded to 1000 events)',
      Math.round(engine.bounded).toLocaleString('en'),
      'goal ≥ 100,000',
    );
    line(
      'Engine: routed messages/s (trace of 10,000 events, as the UI keeps)',
      Math.round(engine.asUi).toLocaleString('en'),
      'goal ≥ 50,000',
    );
    line('Engine: routed messages/s (unbounded trace)', Math.round(engine.unbounded).toLocaleString('en'));
  }
  if (which.has('page')) {
    const page = await pageFigures();
    line('JS the shell needs: entry + MSW adapter (gzip, manifest)', kb(page.shellNeeds), 'goal ≤ 200 KB');
    line('JS fetched until shell interactive + MSW started (gzip)', kb(page.shell.bytes));
    line('  files / time', `${page.shell.files} / ${page.shellMs.toFixed(0)} ms`);
    line('JS fetched until editor usable + first diagram (gzip)', kb(page.editor.bytes));
    line('  files / time', `${page.editor.files} / ${page.editorMs.toFixed(0)} ms`);
    line(
      `Trace event → SVG in DOM, p50 (${page.latencies.length} events, ${page.messages} messages)`,
      `${pct(page.latencies, 50).toFixed(0)} ms`,
    );
    line('Trace event → SVG in DOM, p95', `${pct(page.latencies, 95).toFixed(0)} ms`, 'goal ≤ 100 ms');
    line('Message arrows visible in the diagram window', page.arrows, 'goal ≥ 40');
    line('Older steps reachable (pager enabled)', page.olderReachable ? 'yes' : 'no');
  }
  if (['stream', 'clients', 'clients50', 'burst'].some((s) => which.has(s))) await responsiveFigures(which, line);
  if (which.has('gateway')) await gatewayFigures(line, options);
});
