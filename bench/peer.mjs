// `npm run bench -- --peer <folder or url>`: the playground's cold load side by side with a peer's
// (the Mermaid Live Editor, ../shared/peers/mermaid-live-editor/), interleaved in one run so both
// see the same machine: cold Chromium per load, 1280×720, gzip over loopback, medians of N runs.
// Figures: editor visible, diagram SVG visible, both visible, first contentful paint, JS (gzip,
// on the wire) and files until both visible; for us also "editor usable" (Monaco mounted, typing
// works). `--cpu-busy` runs it all with one core held by a child process (withBusyCore).
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tests/support/chromium.ts';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript',
  '.mjs': 'application/javascript',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * A static host for one built site, the same for both sides: files under `prefix`, gzip (level 9,
 * compressed once per file and kept, so the server's own CPU does not weigh on either side's
 * time), `no-cache` for HTML and service workers. `spa`: the peer's SvelteKit routing, where an
 * extensionless path is `<path>.html` and anything missing is `404.html`. Every response is logged
 * with the epoch time its request arrived, to count what a page fetched before a moment.
 */
export async function serveSite({ root, prefix = '/', spa = false }) {
  root = resolve(root);
  const log = [];
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) return res.writeHead(404).end('not under prefix');
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const candidates = [rel];
    if (spa && !extname(rel)) candidates.push(`${rel}.html`);
    if (spa) candidates.push('404.html');
    for (const c of candidates) {
      const file = normalize(join(root, c));
      if (!file.startsWith(root)) return res.writeHead(403).end();
      try {
        if (!(await stat(file)).isFile()) continue;
      } catch {
        continue;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type };
      headers['cache-control'] = /\.html$|mockServiceWorker\.js$|service-worker\.js$/.test(file)
        ? 'no-cache'
        : 'public, max-age=31536000, immutable';
      const gzip =
        /gzip/.test(String(req.headers['accept-encoding'] ?? '')) && /text|json|svg|javascript|xml/.test(type);
      let body;
      if (gzip) {
        body = gzipped.get(file);
        if (!body) gzipped.set(file, (body = gzipSync(await readFile(file), { level: 9 })));
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      } else body = await readFile(file);
      headers['content-length'] = String(body.length);
      log.push({ path: c, bytes: body.length, at });
      const status = c === '404.html' && rel !== '404.html' ? 404 : 200;
      return res.writeHead(status, headers).end(body);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    log,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** Records, in the top page, when an element matching each selector first has a non-empty box. */
function markVisible({ editor, diagram, usable }) {
  if (window !== window.top) return;
  const marks = (globalThis.__benchMarks = {});
  const shown = (sel) => {
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return true;
    }
    return false;
  };
  const tick = () => {
    const now = performance.now();
    if (marks.editor === undefined && shown(editor)) marks.editor = now;
    if (marks.diagram === undefined && shown(diagram)) marks.diagram = now;
    if (usable && marks.usable === undefined && document.querySelector(usable)) marks.usable = now;
    if (marks.editor === undefined || marks.diagram === undefined || (usable && marks.usable === undefined))
      requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** One cold load in a fresh browser: the marks, FCP and the JS fetched until both were visible. */
async function coldLoad(site, selectors) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(markVisible, selectors);
    const from = site.log?.length ?? 0;
    await page.goto(site.url);
    await page.waitForFunction(
      (usable) => {
        const m = globalThis.__benchMarks;
        return m && m.editor !== undefined && m.diagram !== undefined && (!usable || m.usable !== undefined);
      },
      selectors.usable,
      { polling: 100, timeout: 180_000 },
    );
    const r = await page.evaluate(() => {
      const m = globalThis.__benchMarks;
      const both = Math.max(m.editor, m.diagram);
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      // For a peer we do not serve (a URL): the page's own resource timing (misses worker scripts).
      const js = performance
        .getEntriesByType('resource')
        .filter((e) => /\.m?js(\?|$)/.test(e.name) && e.responseEnd <= both);
      return {
        ...m,
        both,
        fcp,
        bothEpoch: performance.timeOrigin + both,
        rtBytes: js.reduce((s, e) => s + e.encodedBodySize, 0),
        rtFiles: js.length,
      };
    });
    if (site.log) {
      const js = site.log.slice(from).filter((e) => /\.m?js$/.test(e.path) && e.at <= r.bothEpoch);
      r.jsBytes = js.reduce((s, e) => s + e.bytes, 0);
      r.jsFiles = js.length;
    } else {
      r.jsBytes = r.rtBytes;
      r.jsFiles = r.rtFiles;
    }
    return r;
  } finally {
    await browser.close();
  }
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The side-by-side: `peer` is a folder (served here: its `site/` if it has one) or a URL; ours is
 * `dist/` under a sub-path, as deployed. Loads alternate which side goes first.
 */
export async function peerComparison({ peer, runs = 7, dist = 'dist', log = console.log }) {
  const isUrl = /^https?:\/\//.test(peer);
  const peerRoot = !isUrl && existsSync(join(peer, 'site')) ? join(peer, 'site') : peer;
  const peerSite = isUrl ? { url: peer, close: async () => {} } : await serveSite({ root: peerRoot, spa: true });
  const ourSite = await serveSite({ root: dist, prefix: '/bench/prefix/' });
  const sides = {
    peer: { site: peerSite, selectors: { editor: '.monaco-editor', diagram: '#view svg' }, runs: [] },
    ours: {
      site: ourSite,
      selectors: {
        editor: '[data-testid=code-editor] .monaco-editor',
        diagram: '[data-testid=diagram] svg',
        usable: '[data-testid=code-editor][data-ready=true]',
      },
      runs: [],
    },
  };
  try {
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? ['ours', 'peer'] : ['peer', 'ours'];
      for (const name of order) {
        const side = sides[name];
        side.runs.push(await coldLoad(side.site, side.selectors));
      }
      log(`  run ${i + 1}/${runs} done`);
    }
  } finally {
    await peerSite.close();
    await ourSite.close();
  }
  const med = (name, key) => median(sides[name].runs.map((r) => r[key]));
  const rows = [
    ['editor visible', 'editor', 'ms'],
    ['diagram SVG visible', 'diagram', 'ms'],
    ['both visible', 'both', 'ms'],
    ['first contentful paint', 'fcp', 'ms'],
    ['JS (gzip) until both visible', 'jsBytes', 'KB'],
    ['JS files until both visible', 'jsFiles', ''],
  ];
  const fmt = (v, unit) =>
    !Number.isFinite(v)
      ? 'n/a'
      : unit === 'KB'
        ? `${Math.round(v / 1024).toLocaleString('en')} KB`
        : `${Math.round(v).toLocaleString('en')}${unit ? ` ${unit}` : ''}`;
  const out = [];
  out.push(`| | peer | this playground | ratio |`, `|---|---|---|---|`);
  for (const [label, key, unit] of rows) {
    const p = med('peer', key);
    const o = med('ours', key);
    out.push(`| ${label} | ${fmt(p, unit)} | ${fmt(o, unit)} | ${(o / p).toFixed(2)} |`);
  }
  const usable = med('ours', 'usable');
  out.push(
    `| editor usable (ours: Monaco mounted) | | ${fmt(usable, 'ms')} | ${(usable / med('peer', 'editor')).toFixed(2)} |`,
  );
  for (const l of out) log(l);
  return { peer: sides.peer.runs, ours: sides.ours.runs };
}
