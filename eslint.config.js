import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const API_TYPES = ['websocket', 'http', 'rest'];
const ENTRY = ['src/gateway/index.ts', 'src/gateway/api.ts', 'src/gateway/api-type.ts'];

/**
 * Where a file sits, for the gateway's boundaries (README, "Layout"): `outside` src/gateway,
 * its public `entry` (index.ts and the api*.ts it re-exports), `core` (what the API types
 * share), one API-type folder, or a `test` beside the gateway's code (tests may use anything
 * in the gateway, the public entry included).
 */
function areaOf(path) {
  const rel = relative(ROOT, path).split('\\').join('/');
  if (rel === 'src/gateway') return 'entry';
  if (!rel.startsWith('src/gateway/')) return 'outside';
  if (/\.test\.ts$|\/test-support\.ts$/.test(rel)) return 'test';
  if (ENTRY.includes(rel)) return 'entry';
  const area = rel.split('/')[2];
  return area === 'core' || API_TYPES.includes(area) ? area : 'entry';
}

/** What an importer in `from` may not import from `to`, or null. */
function violation(from, to, target) {
  if (from === 'outside')
    return to === 'outside' || target === 'src/gateway/index.ts' || target === 'src/gateway'
      ? null
      : 'Code outside src/gateway imports only its public entry, src/gateway/index.ts.';
  if (to === 'outside')
    return 'src/gateway imports nothing from outside itself: it runs in Node, a worker and the page.';
  if (from === 'entry' || from === 'test') return null;
  if (from === 'core')
    return to === 'core'
      ? null
      : 'src/gateway/core is what the API types share: it imports only core, never an API-type folder or the public entry.';
  return to === 'core' || to === from
    ? null
    : `src/gateway/${from} imports only src/gateway/core and itself (what the API types share belongs in core).`;
}

/**
 * src/host is the Node host behind `npm run gateway` (node:http, ws, worker_threads): only it
 * imports itself, so nothing the page bundles can reach it.
 */
function hostViolation(filename, target) {
  const from = relative(ROOT, filename).split('\\').join('/');
  if (!target.startsWith('src/host/') && target !== 'src/host') return null;
  if (!from.startsWith('src/') || from.startsWith('src/host/')) return null;
  return 'Only src/host imports src/host: it is the Node host (node:http, ws, worker_threads), never part of the page.';
}

/**
 * The boundaries of src/gateway as a lint rule, so they cannot erode: it resolves every relative
 * import (and re-export, and dynamic import) against the importing file and checks the two areas.
 */
const gatewayBoundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = areaOf(context.filename);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const abs = resolve(dirname(context.filename), spec.split('?')[0]);
      const target = relative(ROOT, abs).split('\\').join('/').replace(/\.ts$/, '');
      const message =
        hostViolation(context.filename, target) ??
        violation(from, areaOf(abs), target === 'src/gateway/index' ? 'src/gateway/index.ts' : target);
      if (message) context.report({ node: node.source, message: `'${spec}': ${message}` });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default ts.config(
  {
    ignores: [
      'dist/**',
      'build/**',
      'node_modules/**',
      'public/mockServiceWorker.js',
      'coverage/**',
      'lessons/**',
      'src/examples/**',
      // serverless-offline for the gateway bench, with its own package.json: not the app's code.
      'bench/serverless-offline/**',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Learner code is never eval'd on the page; the worker sandbox is the only place it runs.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte', 'tests/**/*.ts', 'bench/**/*.ts'],
    plugins: { playground: { rules: { 'gateway-boundaries': gatewayBoundaries } } },
    rules: { 'playground/gateway-boundaries': 'error' },
  },
  {
    // Property tests only: fast-check must never reach a bundle.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'fast-check', message: 'fast-check is for tests only.' }] }],
    },
  },
);
