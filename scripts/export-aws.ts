#!/usr/bin/env node
/**
 * Exports a project to an AWS SAM folder (docs/export-to-aws.md):
 *
 *   npm run export-aws -- --example chat --out dir
 *   npm run export-aws -- --lesson serverless-chat [--solution] --out dir
 *   npm run export-aws -- --dir <project folder with api.json> --out dir
 *   npm run export-aws -- --share '<share link>' | --share file.agp.json --out dir
 *
 * The project loaders are the local gateway's (src/host/project.ts), which import the
 * examples' `?raw` sources and the lessons' `import.meta.glob`: they load through Vite's SSR
 * module loader, so they resolve exactly as in `npm run gateway` and the page.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

const USAGE = `Usage: npm run export-aws -- <source> --out <folder> [--force]
  source, one of:
    --example <id>          chat, http-orders or rest-orders
    --lesson <slug>         a lesson's start files; with --solution, its solution
    --dir <folder>          a project folder: api.json and its handler files
    --share <link | file>   a share link (…#/share/v1.…) or a .agp.json file
  --out <folder>            where to write template.yaml, functions/ and README.md (must be empty)
  --force                   write into a folder that is not empty`;

const root = fileURLToPath(new URL('..', import.meta.url));

type Project = typeof import('../src/host/project.ts');
type Exporter = typeof import('../src/aws-export/index.ts');

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        example: { type: 'string' },
        lesson: { type: 'string' },
        solution: { type: 'boolean' },
        dir: { type: 'string' },
        share: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sources = ['example', 'lesson', 'dir', 'share'].filter(
    (k) => typeof values[k as keyof typeof values] === 'string',
  );
  if (sources.length !== 1 || !values.out) {
    console.error(`${sources.length > 1 ? 'Give one source, not several.' : 'Give a source and --out.'}\n\n${USAGE}`);
    return 2;
  }
  const out = resolve(values.out);
  if (existsSync(out) && readdirSync(out).length > 0 && !values.force) {
    console.error(`${out} is not empty: choose an empty folder, or add --force to write into it.`);
    return 2;
  }

  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const project = (await vite.ssrLoadModule('/src/host/project.ts')) as Project;
    const exporter = (await vite.ssrLoadModule('/src/aws-export/index.ts')) as Exporter;
    const loaded = await project.projectOf(values);
    const exported = exporter.exportToAws(loaded.definition, loaded.files);
    for (const [path, text] of Object.entries(exported.files)) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), text);
    }
    console.log(`Exported ${loaded.label} (${loaded.definition.protocolType} API) to ${out}:`);
    for (const path of Object.keys(exported.files).sort()) console.log(`  ${path}`);
    if (exported.notes.length > 0) {
      console.log('\nWhat does not map exactly (also in its README.md):');
      for (const note of exported.notes) console.log(`  - ${note}`);
    }
    console.log(`\nDeploy it:\n  cd ${out}\n  sam deploy --guided\nRun it locally:\n  npm run gateway -- --dir ${out}`);
    return 0;
  } catch (e) {
    console.error(`Export failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await vite.close();
  }
}

process.exitCode = await main();
