// Responsiveness under load, against the built site in Chromium (issue 9, "responsive at any
// event rate"). Two scenarios, each printing its own figures:
//  stream:  a handler posts to its caller's connection at 50 messages/s for 2 minutes
//           (BENCH_STREAM_SECONDS overrides the length), from page-side sockets;
//  clients: 200 page-side clients connect at once, then each sends messages answered through
//           @connections (BENCH_CLIENTS, BENCH_CLIENT_MESSAGES override the counts);
//  clients50: the chat example with 50 client consoles added by "Add clients…", connected by
//           "Connect all", each broadcasting through sendmessage by its script, so every
//           broadcast reaches all 52 consoles (BENCH_CLIENTS50, BENCH_CLIENTS50_MESSAGES);
//  burst:   one invocation posts 1,000 messages to its caller back to back (BENCH_BURST).
// Main-thread tasks are counted while traffic flows (until the last message arrived); what comes
// after (Mermaid drawing the diagram once the traffic stopped) is shown on a line of its own.
// A probe in the page records the longest main-thread stall (long tasks and gaps between
// animation frames) and how long the page takes to answer a round trip from outside; memory is
// the JS heap after a forced garbage collection, before and after.
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';
import { serveDist } from '../tests/support/static-server.ts';
import { openStreamWorkspace } from '../tests/support/stream-workspace.ts';

const PROBE = () => {
  const p = (globalThis.__agpProbe = { tasks: [], rafGap: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) p.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
  // The diagram's renders: how many, by whom (drawn plain or by Mermaid), and the slowest of each.
  p.renders = 0;
  p.drawnBy = {};
  p.slowest = {};
  const canvas = document.querySelector('[data-testid=diagram]');
  if (canvas)
    new MutationObserver(() => {
      p.renders++;
      const by = canvas.dataset.drawnBy ?? 'mermaid';
      p.drawnBy[by] = (p.drawnBy[by] ?? 0) + 1;
      p.slowest[by] = Math.max(p.slowest[by] ?? 0, Number(canvas.dataset.renderMs) || 0);
    }).observe(canvas, { attributes: true, attributeFilter: ['data-render-ms'] });
  let last = performance.now();
  const tick = (t) => {
    p.rafGap = Math.max(p.rafGap, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function heapMB(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** Opens the site with the stream workspace deployed; returns the page, its CDP session and the API's URL. */
async function openDeployed(browser, server) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const url = await openStreamWorkspace(page, server.url);
  const cdp = await page.context().newCDPSession(page);
  return { page, cdp, url };
}

/** Times `page.evaluate` round trips once a second until `done()`; returns the slowest (ms). */
function answerProbe(page) {
  let slowest = 0;
  let stop = false;
  const run = (async () => {
    while (!stop) {
      const t0 = performance.now();
      await page.evaluate(() => 1);
      slowest = Math.max(slowest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return async () => {
    stop = true;
    await run;
    return slowest;
  };
}

/** The probe's figures; `trafficEnd` (the page's time of the last message) splits tasks into during and after. */
async function probeFigures(page, trafficEnd) {
  return page.evaluate((end) => {
    const p = globalThis.__agpProbe;
    const until = end ?? Infinity;
    const during = p.tasks.filter(([start]) => start <= until).map(([, d]) => d);
    const after = p.tasks.filter(([start]) => start > until).map(([, d]) => d);
    return {
      ...p,
      longTask: Math.max(0, ...during),
      longTasks: during.length,
      stalls: during.filter((d) => d > 200).map(Math.round),
      afterTraffic: Math.max(0, ...after),
      paused: !!document.querySelector('[data-testid=paused-diagram]'),
    };
  }, trafficEnd);
}

async function streamFigures(browser, server, seconds) {
  const { page, cdp, url } = await openDeployed(browser, server);
  const heapBefore = await heapMB(cdp);
  await page.evaluate(PROBE);
  const stopAnswer = answerProbe(page);
  // BENCH_PROFILE=file.cpuprofile: a CPU profile of the page's main thread (open it in DevTools).
  if (process.env.BENCH_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const perInvocation = 200;
  const rounds = Math.max(1, Math.round((seconds * 50) / perInvocation));
  const t0 = Date.now();
  // The driver lives in the page: one socket, a `stream` message every 4 s (200 posts at 50/s).
  await page.evaluate(
    ([u, rounds, n]) => {
      const s = (globalThis.__agpStream = { received: 0, sent: 0, errors: [], done: false, lastAt: 0 });
      const ws = new WebSocket(u);
      ws.onmessage = () => {
        s.received++;
        s.lastAt = performance.now();
      };
      ws.onerror = () => s.errors.push('socket error');
      ws.onclose = (e) => s.errors.push(`closed ${e.code}`);
      ws.onopen = () => {
        let i = 0;
        const next = () => {
          if (i >= rounds) return void (s.done = true);
          ws.send(JSON.stringify({ action: 'stream', n, every: 20, tag: `r${i}` }));
          s.sent += n;
          i++;
          setTimeout(next, (n * 20) | 0);
        };
        next();
      };
    },
    [url, rounds, perInvocation],
  );
  await page.waitForFunction(() => globalThis.__agpStream.done, null, {
    timeout: (seconds + 120) * 1000,
    polling: 1000,
  });
  // Every post has arrived, or 30 s passed since the last was due.
  await page
    .waitForFunction(() => globalThis.__agpStream.received >= globalThis.__agpStream.sent, null, {
      timeout: 30_000,
      polling: 500,
    })
    .catch(() => undefined);
  const streamSeconds = (Date.now() - t0) / 1000;
  if (process.env.BENCH_PROFILE) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(process.env.BENCH_PROFILE, JSON.stringify(profile));
  }
  const answer = await stopAnswer();
  const stream = await page.evaluate(() => globalThis.__agpStream);
  const probe = await probeFigures(page, stream.lastAt);
  const heapAfter = await heapMB(cdp);
  await page.close();
  return { seconds: streamSeconds, answer, probe, stream, heapBefore, heapAfter };
}

async function clientFigures(browser, server, clients, messages) {
  const { page, cdp, url } = await openDeployed(browser, server);
  const heapBefore = await heapMB(cdp);
  await page.evaluate(PROBE);
  const stopAnswer = answerProbe(page);
  const t0 = Date.now();
  await page.evaluate(
    ([u, clients, messages]) => {
      const s = (globalThis.__agpClients = {
        opened: 0,
        failed: [],
        received: 0,
        other: [],
        sent: 0,
        connectMs: 0,
        lastAt: 0,
      });
      const start = performance.now();
      for (let c = 0; c < clients; c++) {
        const ws = new WebSocket(u);
        let open = false;
        ws.onopen = () => {
          open = true;
          s.opened++;
          if (s.opened === clients) s.connectMs = performance.now() - start;
          for (let m = 0; m < messages; m++) {
            ws.send(JSON.stringify({ action: 'echo', from: c, m }));
            s.sent++;
          }
        };
        // Echoes count as received; anything else (an error frame from the gateway) is listed.
        ws.onmessage = (e) => {
          s.lastAt = performance.now();
          if (String(e.data).startsWith('echo ')) s.received++;
          else s.other.push(String(e.data));
        };
        ws.onclose = (e) => {
          if (!open) s.failed.push(`${e.code} ${e.reason}`.trim());
        };
      }
    },
    [url, clients, messages],
  );
  const expected = clients * messages;
  await page
    .waitForFunction(
      ([clients, expected]) => {
        const s = globalThis.__agpClients;
        return (
          s.opened + s.failed.length >= clients && s.received >= s.sent && s.sent === s.opened * (expected / clients)
        );
      },
      [clients, expected],
      { timeout: 240_000, polling: 500 },
    )
    .catch(() => undefined);
  const seconds = (Date.now() - t0) / 1000;
  const answer = await stopAnswer();
  const result = await page.evaluate(() => globalThis.__agpClients);
  const probe = await probeFigures(page, result.lastAt);
  const heapAfter = await heapMB(cdp);
  await page.close();
  return { seconds, answer, probe, result, expected, heapBefore, heapAfter };
}

/** One invocation posts `n` messages to its caller back to back (the stream route with no pause). */
async function burstFigures(browser, server, n) {
  const { page, cdp, url } = await openDeployed(browser, server);
  const heapBefore = await heapMB(cdp);
  await page.evaluate(PROBE);
  const stopAnswer = answerProbe(page);
  const t0 = Date.now();
  await page.evaluate(
    ([u, n]) => {
      const s = (globalThis.__agpBurst = { received: 0, errors: [], lastAt: 0 });
      const ws = new WebSocket(u);
      ws.onmessage = () => {
        s.received++;
        s.lastAt = performance.now();
      };
      ws.onclose = (e) => s.errors.push(`closed ${e.code}`);
      ws.onopen = () => ws.send(JSON.stringify({ action: 'stream', n, every: 0, tag: 'b' }));
    },
    [url, n],
  );
  await page
    .waitForFunction((n) => globalThis.__agpBurst.received >= n, n, { timeout: 300_000, polling: 500 })
    .catch(() => undefined);
  const seconds = (Date.now() - t0) / 1000;
  const answer = await stopAnswer();
  const burst = await page.evaluate(() => globalThis.__agpBurst);
  const probe = await probeFigures(page, burst.lastAt);
  const heapAfter = await heapMB(cdp);
  await page.close();
  return { seconds, answer, probe, burst, heapBefore, heapAfter };
}

/**
 * The chat example as a workshop would use it: `students` consoles added with "Add clients…"
 * (each scripted to broadcast `messages` times), "Connect all", "Run scripts". Every broadcast
 * goes to every connection, Alice's and Bob's included.
 */
async function consoleFigures(browser, server, students, messages) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.locator('[data-testid=deploy-status][data-status=deployed]').waitFor({ timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  const heapBefore = await heapMB(cdp);
  await page.evaluate(PROBE);
  const stopAnswer = answerProbe(page);
  const t0 = Date.now();
  await page.getByTestId('add-clients').click();
  await page.getByTestId('batch-count').fill(String(students));
  await page.getByTestId('batch-script').fill('{"action":"sendmessage","data":"hi from {name}"}');
  await page.getByTestId('batch-add').click();
  const total = students + 2;
  await page.getByTestId('connect-all').click();
  await page
    .getByTestId('clients-summary')
    .filter({ hasText: `${total} of ${total} open` })
    .waitFor({ timeout: 240_000 });
  const connectSeconds = (Date.now() - t0) / 1000;
  // Each console's script sends its broadcast `messages` times, 2 a second.
  if (messages > 1) {
    for (const b of await page.locator('[data-testid^=roster-student]').all()) {
      await b.click();
      const script = page.locator('[data-testid=script]');
      await script.getByTestId('script-repeat').fill(String(messages));
    }
  }
  await page.getByTestId('run-scripts').click();
  const expected = students * messages * total;
  const received = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^=roster-]')].reduce((n, b) => n + Number(b.dataset.received), 0),
    );
  // The page's time when every frame had arrived (checked every 250 ms): the traffic's end.
  const trafficEnd = await page
    .waitForFunction(
      (n) =>
        [...document.querySelectorAll('[data-testid^=roster-]')].reduce((s, b) => s + Number(b.dataset.received), 0) >=
          n && performance.now(),
      expected,
      { timeout: 600_000, polling: 250 },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => undefined);
  const seconds = (Date.now() - t0) / 1000;
  const got = await received();
  const answer = await stopAnswer();
  const probe = await probeFigures(page, trafficEnd);
  const heapAfter = await heapMB(cdp);
  await page.close();
  return { connectSeconds, seconds, expected, received: got, answer, probe, heapBefore, heapAfter };
}

/** Runs the chosen scenarios and prints their figures with `line`. */
export async function responsiveFigures(which, line) {
  const server = await serveDist({ prefix: '/bench/prefix/' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const mb = (n) => `${n.toFixed(1)} MB`;
  const ms = (n) => `${Math.round(n)} ms`;
  const stalls = (p) => `${p.stalls.length}${p.stalls.length ? ` (${p.stalls.slice(0, 6).join(', ')} ms…)` : ''}`;
  /** What every scenario says of the page: its longest tasks, its answers and the diagram's drawings. */
  const pageLines = (f) => {
    const p = f.probe;
    line('  longest main-thread task while traffic flows', ms(p.longTask), 'goal ≤ 200 ms');
    line('  tasks over 200 ms while traffic flows', stalls(p));
    line('  longest gap between animation frames', ms(p.rafGap));
    line('  slowest answer to a round trip from outside', ms(f.answer));
    const by = (k) => `${p.drawnBy[k] ?? 0} (slowest ${ms(p.slowest[k] ?? 0)})`;
    line('  diagram drawings: plain / by Mermaid', `${by('plain')} / ${by('mermaid')}`);
    line('  longest task after the traffic stopped', ms(p.afterTraffic), 'Mermaid redraws the diagram');
  };
  const heapLine = (f) =>
    line(
      '  JS heap before → after (after GC)',
      `${mb(f.heapBefore)} → ${mb(f.heapAfter)}`,
      `+${mb(f.heapAfter - f.heapBefore)}`,
    );
  try {
    if (which.has('stream')) {
      const seconds = Number(process.env.BENCH_STREAM_SECONDS) || 120;
      const f = await streamFigures(browser, server, seconds);
      console.log(`\nStream: a handler posts 50 messages/s to a page-side socket for ${seconds} s`);
      pageLines(f);
      line(
        '  messages posted / received / lost',
        `${f.stream.sent} / ${f.stream.received} / ${f.stream.sent - f.stream.received}`,
        'goal 0 lost',
      );
      if (f.stream.errors.length) line('  socket problems', f.stream.errors.join('; '));
      line('  stream length (until every message arrived)', `${f.seconds.toFixed(1)} s`);
      heapLine(f);
    }
    if (which.has('clients')) {
      const clients = Number(process.env.BENCH_CLIENTS) || 200;
      const messages = Number(process.env.BENCH_CLIENT_MESSAGES) || 5;
      const f = await clientFigures(browser, server, clients, messages);
      const r = f.result;
      console.log(
        `\nClients: ${clients} page-side clients connect at once, each sends ${messages} messages (echoed by @connections)`,
      );
      line('  connected / failed', `${r.opened} / ${r.failed.length}`, 'goal 0 failed');
      if (r.failed.length) {
        const counts = {};
        for (const why of r.failed) counts[why] = (counts[why] ?? 0) + 1;
        line(
          '  failures (close code, reason)',
          Object.entries(counts)
            .map(([k, n]) => `${k} ×${n}`)
            .join('; '),
        );
      }
      line('  time until all connected', r.opened === clients ? ms(r.connectMs) : 'not all');
      line(
        '  messages sent / echoes received / lost',
        `${r.sent} / ${r.received} / ${r.sent - r.received}`,
        'goal 0 lost',
      );
      if (r.other.length) line('  other frames received', `${r.other.length} (first: ${r.other[0].slice(0, 80)})`);
      pageLines(f);
      line('  total time', `${f.seconds.toFixed(1)} s`);
      heapLine(f);
    }
    if (which.has('burst')) {
      const n = Number(process.env.BENCH_BURST) || 1000;
      const f = await burstFigures(browser, server, n);
      console.log(`\nBurst: one invocation posts ${n} messages to its caller back to back`);
      line('  messages received / lost', `${f.burst.received} / ${n - f.burst.received}`, 'goal 0 lost');
      if (f.burst.errors.length) line('  socket problems', f.burst.errors.join('; '));
      pageLines(f);
      line('  time until every message arrived', `${f.seconds.toFixed(1)} s`);
      heapLine(f);
    }
    if (which.has('clients50')) {
      const students = Number(process.env.BENCH_CLIENTS50) || 50;
      const messages = Number(process.env.BENCH_CLIENTS50_MESSAGES) || 1;
      const f = await consoleFigures(browser, server, students, messages);
      console.log(
        `\nClient consoles: ${students} added with "Add clients…", "Connect all", each broadcasts ${messages}× through the chat example`,
      );
      line('  time until all connected', `${f.connectSeconds.toFixed(1)} s`);
      line(
        '  broadcast frames expected / received / lost',
        `${f.expected} / ${f.received} / ${f.expected - f.received}`,
        'goal 0 lost',
      );
      pageLines(f);
      line('  total time', `${f.seconds.toFixed(1)} s`);
      heapLine(f);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
