#!/usr/bin/env node
/**
 * The offline bundle: a zip of the built site with a dependency-free server (scripts/bundle-serve.mjs),
 * for a trainer to hand out on a USB stick when the room has no usable Wi-Fi.
 *
 *   npm run bundle                      # builds, then writes build/api-gateway-playground-offline.zip
 *   node scripts/bundle.ts --dist dist --out some.zip
 *
 * In the zip, one folder: site/ (dist/ as built), serve.mjs, headers.json (the hosted site's
 * security headers, deploy/headers.ts, so the bundle runs under the same Content-Security-Policy)
 * and README.txt. Learners unzip it and run `node serve.mjs`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { SECURITY_HEADERS } from '../deploy/headers.ts';

const FOLDER = 'api-gateway-playground';
const SERVE = new URL('./bundle-serve.mjs', import.meta.url);

const README = `API Gateway Playground, offline
================================

Needs Node.js 18 or later (https://nodejs.org), and nothing else: no internet, no npm install.

1. Copy this folder to your computer.
2. In a terminal, in this folder:   node serve.mjs
3. Open http://localhost:8080/ in Chrome, Edge or Firefox.

Another port: node serve.mjs --port 3000
Use localhost on your own machine: browsers run the playground's service worker only on
localhost or over https.
`;

/** Writes the zip and returns its size and the number of site files in it. */
export function bundleSite({ dist, out }: { dist: string; out: string }): { bytes: number; files: number } {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'mockServiceWorker.js')))
    throw new Error(`${dist}/ holds no built site: run \`npm run build\` first.`);
  const site: Zippable = {};
  let files = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        site[relative(dist, full).split(sep).join('/')] = readFileSync(full);
        files++;
      }
    }
  };
  walk(dist);
  // Strict-Transport-Security means nothing on http://localhost; the rest is the hosted site's.
  const headers = Object.fromEntries(
    Object.entries(SECURITY_HEADERS).filter(([k]) => k !== 'strict-transport-security'),
  );
  const zip = zipSync(
    {
      [FOLDER]: {
        site,
        'serve.mjs': readFileSync(SERVE),
        'headers.json': strToU8(`${JSON.stringify(headers, null, 2)}\n`),
        'README.txt': strToU8(README),
      },
    },
    { level: 9 },
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  return { bytes: zip.length, files };
}

function main(argv: string[]): number {
  let values: { dist: string; out: string };
  try {
    values = parseArgs({
      args: argv,
      options: {
        dist: { type: 'string', default: 'dist' },
        out: { type: 'string', default: join('build', `${FOLDER}-offline.zip`) },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\nUsage: npm run bundle [-- --dist <dir>] [-- --out <file.zip>]`);
    return 2;
  }
  try {
    const { bytes, files } = bundleSite({ dist: resolve(values.dist), out: resolve(values.out) });
    console.log(`${values.out}: ${files} files of the site, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
