/**
 * A tiny static host for the built site, standing in for S3/CloudFront in e2e tests and
 * benchmarks: it serves `dist/` under a sub-path (e.g. `/some/prefix/`), maps a prefix
 * ending in `/` to `index.html`, compresses text with gzip when asked, and sends
 * `no-cache` for `index.html` and `mockServiceWorker.js` (see README "Hosting").
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzipped bodies by file, modification time and size (the same file is compressed once per process). */
const GZIPPED = new Map<string, Buffer>();

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234/some/prefix/` */
  url: string;
  port: number;
  /** Every response: path, bytes sent on the wire (after compression) and whether it was gzipped. */
  log: { path: string; bytes: number; gzip: boolean }[];
  close(): Promise<void>;
}

export async function serveDist(
  options: {
    root?: string;
    prefix?: string;
    port?: number;
    /** Sent with every file, as a host's response headers policy would (e.g. deploy/headers.ts). */
    headers?: Record<string, string>;
  } = {},
): Promise<StaticServer> {
  const root = resolve(options.root ?? 'dist');
  const prefix = options.prefix ?? '/some/prefix/';
  const log: StaticServer['log'] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not under prefix');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      let body: Buffer = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers: Record<string, string> = { ...options.headers, 'content-type': type };
      headers['cache-control'] = /(^|\/)(index\.html|mockServiceWorker\.js)$/.test(rel)
        ? 'no-cache'
        : 'public, max-age=31536000, immutable';
      const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? '')) && /text|json|svg|javascript/.test(type);
      if (gzip) {
        // Compressed once per file version: a page that caches the whole site (the offline
        // worker's fill, ~19 MB) would otherwise cost seconds of CPU on every test's busy cores.
        const key = `${file}:${info.mtimeMs}:${info.size}`;
        let packed = GZIPPED.get(key);
        if (!packed) GZIPPED.set(key, (packed = gzipSync(body, { level: 9 })));
        body = packed;
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      headers['content-length'] = String(body.length);
      log.push({ path: rel, bytes: body.length, gzip });
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    log,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
