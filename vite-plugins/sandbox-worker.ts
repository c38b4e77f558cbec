/**
 * Exposes the sandbox worker (src/runtime/worker/entry.ts with the transpiler, loader and SDK
 * shims) as ONE self-contained ES module string: `import code from 'virtual:sandbox-worker-source'`.
 *
 * The page hands that string to an opaque-origin frame, which starts module workers from data:
 * URLs (Chromium refuses Blob-URL module workers in an opaque-origin frame: src/runtime/sandbox/frame.ts).
 * A string (not a `?worker` URL) is what the frame can use: it cannot fetch from the app's
 * origin. The load hook bundles the entry with Vite's own build API (write: false, one ES
 * chunk, minified), so the same code runs in dev, in vitest browser mode and in the build.
 */
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';

const VIRTUAL_ID = 'virtual:sandbox-worker-source';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const ENTRY = fileURLToPath(new URL('../src/runtime/worker/entry.ts', import.meta.url));

export function sandboxWorker(): Plugin {
  return {
    name: 'sandbox-worker-source',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
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
          lib: { entry: ENTRY, formats: ['es'], fileName: 'sandbox-worker' },
        },
      })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
      const chunks = (Array.isArray(output) ? output : [output])
        .flatMap((o) => o.output)
        .filter((o) => o.type === 'chunk');
      if (chunks.length !== 1) throw new Error(`sandbox worker: expected one chunk, got ${chunks.length}`);
      const [chunk] = chunks;
      // Rebuild when any bundled runtime file changes (dev server and vitest watch).
      for (const file of chunk.moduleIds)
        if (!file.startsWith('\0') && !file.includes('node_modules')) this.addWatchFile(file);
      return `export default ${JSON.stringify(chunk.code)};`;
    },
  };
}
