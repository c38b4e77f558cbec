/**
 * The local gateway's admin page (./index.html, ./main.ts): a small browser bundle of its own,
 * built into `build/gateway/admin` after the host's Node bundle (`npm run gateway` runs both), and
 * served by the gateway at `/_admin/` (./endpoints.ts). It draws the trace with the playground's
 * own diagram modules (src/diagram, src/adapters/mermaid); Mermaid stays a lazily loaded chunk.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Asset URLs relative to the page, which the gateway serves under /_admin/.
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../../build/gateway/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Mermaid is one big lazily loaded chunk, as on the playground's page.
    chunkSizeWarningLimit: 4096,
  },
});
