/**
 * The one transpiler for learner code, used alike in the sandbox worker, in Node tests and
 * in CI lesson checks, so a handler behaves the same wherever it runs. Monaco only diagnoses.
 *
 * Sucrase strips TypeScript types and rewrites ESM to CommonJS (`require`/`exports`), so our
 * own loader (./loader.ts) can resolve imports between learner files and to the SDK shims.
 * Sucrase keeps line numbers, so stack traces point at the learner's own lines.
 */
import { transform } from 'sucrase';

/** A syntax error with a 1-based position, ready for an editor marker. */
export interface TranspileError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Sucrase's message without the file prefix and position suffix, e.g. `Unexpected token`. */
  message: string;
}

export type TranspileResult = { ok: true; code: string } | { ok: false; error: TranspileError };

const TS_EXT = /\.(ts|mts|cts)$/;

/**
 * Transpiles one learner file to CommonJS. `.ts`/`.mts`/`.cts` get the TypeScript transform;
 * `.js`/`.mjs`/`.cjs` only the module transform (TS parsing would misread some JS).
 */
export function transpile(source: string, file: string): TranspileResult {
  try {
    const { code } = transform(source, {
      transforms: TS_EXT.test(file) ? ['typescript', 'imports'] : ['imports'],
      filePath: file,
      // Modern V8 runs class fields, optional chaining etc. as written; no downlevelling.
      disableESTransforms: true,
    });
    return { ok: true, code };
  } catch (e) {
    return { ok: false, error: toTranspileError(e, file) };
  }
}

function toTranspileError(e: unknown, file: string): TranspileError {
  const err = e as { message?: string; loc?: { line: number; column: number } };
  const raw = String(err?.message ?? e);
  // Sucrase formats `Error transforming <file>: <message> (<line>:<column>)`; keep the middle.
  const message = raw.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
  return { file, line: err?.loc?.line ?? 1, column: err?.loc?.column ?? 1, message };
}
