/**
 * The Node build of `npm run gateway`: the host's entry and its handler worker bundled for Node
 * (Vite's SSR build), so the repo's bundler-style imports (`./engine` without an extension,
 * `?raw` example sources, the lessons' `import.meta.glob`) resolve exactly as they do for the page.
 * Packages (`ws`, `sucrase`) stay external and load from node_modules at run time.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where the bundle goes; `npm run gateway` runs `main.js` from here. */
export const HOST_OUT_DIR = fileURLToPath(new URL('../../build/gateway', import.meta.url));

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node22',
    outDir: HOST_OUT_DIR,
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./main.ts', import.meta.url)),
        worker: fileURLToPath(new URL('./worker.ts', import.meta.url)),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
