/**
 * What a built page needs, read from Vite's build manifest (build.manifest in vite.config.ts):
 * used by tests/size.test.ts (budgets) and bench/run.mjs (the shell figure).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  imports?: string[];
}
export type Manifest = Record<string, Chunk>;

export function readManifest(dist = 'dist'): Manifest {
  const path = join(dist, '.vite/manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first.`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** The JS files of the entries the patterns name and of every chunk they import statically. */
export function jsClosure(manifest: Manifest, patterns: RegExp[]): string[] {
  const seen = new Set<string>();
  const todo = Object.keys(manifest).filter((k) => patterns.some((p) => p.test(k)));
  while (todo.length) {
    const key = todo.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    todo.push(...(manifest[key]?.imports ?? []));
  }
  return [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
}

/** Bytes on the wire at gzip level 9 (as the bench's and the tests' static servers send them). */
export function gzipBytes(files: string[], dist = 'dist'): number {
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
}
