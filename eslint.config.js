import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/**
 * Boundaries inside src/gateway (DESIGN.md, "Modules and their boundaries"). The shared core
 * (core/) and the top-level shared modules (clock, ids, trace, invoker, integration/lambda, …)
 * import nothing from the API-type folders or the public entry (api.ts, api-type.ts, index.ts);
 * each API-type folder (websocket/, http/, rest/) imports only the core, the top-level shared
 * modules and itself. Nothing in the gateway imports from outside it. Tests and their fixtures
 * may use the public entry.
 *
 * no-restricted-imports sees the import as written, so each rule is made for files at one depth:
 * from `src/gateway/<area>/x.ts` the gateway root is `../`, from `<area>/sub/x.ts` it is `../../`.
 */
const API_TYPES = ['websocket', 'http', 'rest'];
const ENTRY = ['api', 'api-type', 'index'];
const GATEWAY_TESTS = ['src/gateway/**/*.test.ts', 'src/gateway/**/test-support.ts'];

function gatewayBoundary(files, depth, forbidden, message) {
  const up = depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`;
  const root = depth === 0 ? '\\.' : `(?:\\.\\./){${depth - 1}}\\.\\.`;
  return {
    files,
    ignores: GATEWAY_TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: `^${up}(?:${forbidden.join('|')})(?:/|\\.ts$|$)`, message },
            { regex: `^${root}/?$`, message: `${message} (a bare directory import is src/gateway/index.ts)` },
            {
              regex: `^(?:\\.\\./){${depth + 1}}`,
              message: 'src/gateway imports nothing from outside itself (DESIGN.md).',
            },
          ],
        },
      ],
    },
  };
}

const gatewayBoundaries = [
  // Top-level shared modules (the public entry files may import everything in the gateway).
  gatewayBoundary(
    ['src/gateway/*.ts'],
    0,
    [...API_TYPES, ...ENTRY],
    'A top-level shared module of src/gateway imports only src/gateway/core and the other shared modules.',
  ),
  ...['core', 'integration'].flatMap((area) =>
    [1, 2].map((depth) =>
      gatewayBoundary(
        [`src/gateway/${area}/${'*/'.repeat(depth - 1)}*.ts`],
        depth,
        [...API_TYPES, ...ENTRY],
        `src/gateway/${area} imports only src/gateway/core and the top-level shared modules, never an API-type folder or the public entry.`,
      ),
    ),
  ),
  ...API_TYPES.flatMap((area) =>
    [1, 2].map((depth) =>
      gatewayBoundary(
        [`src/gateway/${area}/${'*/'.repeat(depth - 1)}*.ts`],
        depth,
        [...API_TYPES.filter((t) => t !== area), ...ENTRY],
        `src/gateway/${area} imports only src/gateway/core, the top-level shared modules and itself.`,
      ),
    ),
  ),
];

export default ts.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'public/mockServiceWorker.js',
      'coverage/**',
      'lessons/**',
      'src/examples/**',
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
  ...gatewayBoundaries,
  // The public entry of the gateway: one path in, so it may import every part of it.
  {
    files: ['src/gateway/api.ts', 'src/gateway/api-type.ts', 'src/gateway/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
