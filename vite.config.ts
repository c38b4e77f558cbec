import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { msw } from 'msw/vite';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './tests/support/chromium.ts';
import { sandboxWorker } from './vite-plugins/sandbox-worker.ts';
import { offlineSite } from './vite-plugins/offline-site.ts';
import { preloadEditor } from './vite-plugins/preload-editor.ts';

export default defineConfig({
  // Relative base: the built site works at / and under any S3/CloudFront prefix.
  base: './',
  plugins: [svelte(), msw({ mode: 'worker-only' }), sandboxWorker(), preloadEditor(), offlineSite()],
  // Module workers: the Lambda sandbox and Monaco's language workers.
  worker: { format: 'es' },
  // The manifest lets tests/size.test.ts follow what each entry needs (sizes that cannot creep).
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, manifest: true },
  // Pre-bundle mermaid and Monaco up front: discovering them mid-run makes vitest's browser mode
  // reload the page under a running test.
  optimizeDeps: {
    include: [
      'mermaid',
      'monaco-editor/editor',
      // The features src/adapters/monaco/editor.ts imports (instead of register.all).
      ...[
        'codicon',
        'find',
        'hover',
        'parameterHints',
        'gotoError',
        'codeAction',
        'wordOperations',
        'linesOperations',
        'comment',
        'bracketMatching',
        'wordHighlighter',
        'clipboard',
        'contextmenu',
        'cursorUndo',
        'multicursor',
        'indentation',
        'format',
        'smartSelect',
        'gotoLine',
      ].map((f) => `monaco-editor/features/${f}/register`),
      'monaco-editor/editor/contrib/suggest/browser/suggestController',
      'monaco-editor/languages/definitions/typescript/register',
      'monaco-editor/languages/definitions/javascript/register',
      'monaco-editor/languages/features/typescript/register',
      'monaco-editor/languages/features/json/register',
    ],
  },
  resolve: {
    alias: {
      // MSW's cookie jar (and http.ts's) is a small stand-in: the real tough-cookie measured +6.9 KB
      // gzip of first load even with its public-suffix list (tldts) aliased to vendor/public-suffix.ts.
      // cookie-jar.test.ts holds both to the calls MSW and http.ts make.
      'tough-cookie': fileURLToPath(new URL('./src/adapters/msw/vendor/tough-cookie-lite.ts', import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', 'tests/e2e/**', 'node_modules/**'],
          // CI runs on 2 busy cores: measured with a CPU hog beside other work, tests that take well
          // under a second idle took 5-20 s (course type-check, lesson runs, comparison properties),
          // past vitest's defaults (5 s, hooks 10 s). Tests that need more set their own.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts', 'tests/**/*.browser.test.ts'],
          // Local ws and http servers for the MSW adapter's real mode (inject('wsServerUrl'), inject('httpServerUrl')).
          globalSetup: ['./tests/support/ws-server.global.ts', './tests/support/http-server.global.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          // As for unit, for a busy 2-core machine: the comparison view and Mermaid tests took 4-9 s
          // under load (vitest's browser defaults: 15 s, hooks 30 s); Monaco's type-check sets its own.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
          },
        },
      },
      {
        extends: true,
        test: {
          // Real headless Chromium against the built site (npm run build first),
          // served under a sub-path as on S3/CloudFront.
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A page that is busy (CI's two cores, a build beside it) can take seconds to show a
          // state, and expect.poll's own default gives it one: a poll without its own timeout
          // waits up to 20 s, still well within the test's.
          expect: { poll: { timeout: 20_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
