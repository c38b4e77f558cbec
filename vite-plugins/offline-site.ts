/**
 * Makes the built site work offline after one visit, from MSW's own service worker (a second
 * registration in the same scope would replace MSW's and break interception).
 *
 * After the build is written, dist/mockServiceWorker.js (which the msw/vite plugin emitted) is
 * rewritten as three parts:
 *   1. `self.__AGP_OFFLINE__ = {"version":…,"files":{path: hash}}`: every file in dist with a hash
 *      of its content (the worker script itself excepted: the browser stores that on its own);
 *   2. src/offline/service-worker.ts, bundled into one classic script;
 *   3. MSW's worker, verbatim (its integrity check still matches).
 * Any change to any file changes part 1, so the browser sees a new worker: that is how a new
 * deployment is noticed (README, "Offline"). The name stays mockServiceWorker.js, so hosting (no-cache, its content type:
 * scripts/deploy.ts, deploy/headers.ts) and MSW's registration are unchanged.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';
import { HASH_LENGTH, type OfflineManifest } from '../src/offline/manifest.ts';

export const WORKER_FILE = 'mockServiceWorker.js';
const ENTRY = fileURLToPath(new URL('../src/offline/service-worker.ts', import.meta.url));
const MANIFEST_LINE = /^self\.__AGP_OFFLINE__ = .*;\n/;

/** Every file under `dir` (its worker excepted) with the hash the worker checks downloads against. */
export function manifestOf(dir: string): OfflineManifest {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const path = relative(dir, full).split(sep).join('/');
        if (path !== WORKER_FILE)
          files[path] = createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, HASH_LENGTH);
      }
    }
  };
  walk(dir);
  const version = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12);
  return { version, files };
}

const manifestLine = (manifest: OfflineManifest) => `self.__AGP_OFFLINE__ = ${JSON.stringify(manifest)};\n`;

/**
 * Rewrites the manifest at the top of `dir`'s worker to list `dir` as it is now: what a new build
 * does to it (the offline e2e test "deploys" a changed copy of dist this way).
 */
export function refreshOfflineWorker(dir: string): OfflineManifest {
  const file = join(dir, WORKER_FILE);
  const source = readFileSync(file, 'utf8');
  if (!MANIFEST_LINE.test(source))
    throw new Error(`${file} has no offline manifest: build the site with offlineSite()`);
  const manifest = manifestOf(dir);
  writeFileSync(file, source.replace(MANIFEST_LINE, manifestLine(manifest)));
  return manifest;
}

/** src/offline/service-worker.ts as one classic script (a service worker's imports would be more requests to keep fresh). */
async function bundleWorker(): Promise<string> {
  const output = (await build({
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      minify: true,
      target: 'es2022',
      lib: { entry: ENTRY, formats: ['iife'], name: 'agpOffline', fileName: 'offline-worker' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o) => o.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`offline worker: expected one chunk, got ${chunks.length}`);
  return chunks[0].code;
}

export function offlineSite(): Plugin {
  let outDir = '';
  return {
    name: 'offline-site',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (this.environment.config.consumer !== 'client') return;
        const msw = readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8');
        const worker = await bundleWorker();
        writeFileSync(join(outDir, WORKER_FILE), `${manifestLine(manifestOf(outDir))}${worker}\n${msw}`);
      },
    },
  };
}
