#!/usr/bin/env node
/**
 * Serves the API Gateway Playground from this folder, with nothing to install: Node.js 18 or
 * later, no internet. For a workshop without Wi-Fi: each learner runs it on their own machine.
 *
 *   node serve.mjs                 # http://localhost:8080/
 *   node serve.mjs --port 3000     # another port
 *
 * Open the address in Chrome, Edge or Firefox. Use localhost (not another machine's address):
 * browsers allow the service worker the playground runs on only there or over https.
 * This file is copied into the offline bundle by `npm run bundle` (scripts/bundle.ts).
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, 'site');
/** The response headers the hosted site has (Content-Security-Policy and others), from the bundle. */
const headers = JSON.parse(readFileSync(join(here, 'headers.json'), 'utf8'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const port = Number(option('port', '8080'));
const host = option('host', '127.0.0.1');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port ${option('port', '')}: not a port number (0-65535).`);
  process.exit(2);
}

const server = createServer(async (req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  if (!file.startsWith(root + sep)) {
    res.writeHead(404).end('not found');
    return;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed files never change; everything else is checked on every load (the service worker's
      // script above all, so a newer bundle is noticed).
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  }
});

server.on('error', (error) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is already in use: try another one, e.g. node serve.mjs --port ${port + 1}`
      : `Could not start: ${error.message}`,
  );
  process.exit(1);
});

server.listen(port, host, () => {
  const address = server.address();
  const shown = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  console.log(`API Gateway Playground: http://${shown}:${address.port}/  (Ctrl+C to stop)`);
});
