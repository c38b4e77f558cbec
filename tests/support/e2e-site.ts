/**
 * The harness every end-to-end test file shares: the built site served under a sub-path (as on
 * S3/CloudFront), one headless Chromium per file, and a fresh browser context (empty storage)
 * with its own page for every test. Page errors are collected so tests can assert there were none.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.ts';
import { serveDist, type StaticServer } from './static-server.ts';

export interface BuiltSite {
  server: StaticServer;
  page: Page;
  pageErrors: string[];
}

export interface BuiltSiteOptions {
  viewport: { width: number; height: number };
  /** The built site (default `dist`; E2E_DIST_DIR overrides it). */
  root?: string;
  /** Extra Chromium flags, e.g. `--host-resolver-rules=…`. */
  args?: string[];
  /** Response headers for every file (the hosting test serves deploy/headers.ts's). */
  headers?: Record<string, string>;
}

/** Registers the hooks; `use` receives the server, page and errors before each test. */
export function useBuiltSite(options: BuiltSiteOptions, use: (site: BuiltSite) => void): void {
  const root = options.root ?? process.env.E2E_DIST_DIR ?? 'dist';
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    if (!existsSync(join(root, 'index.html')))
      throw new Error(`${root}/ is missing: run \`npm run build\` before the e2e tests`);
    server = await serveDist({ prefix: '/some/prefix/', root, headers: options.headers });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...chromiumArgs, ...(options.args ?? [])],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext({ viewport: options.viewport });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    use({ server, page, pageErrors });
  });
}
