/**
 * The course proves itself: every lesson loads; every solution and every alternative passes
 * all of its checks; every start fails at least one; every learner-trace check can pass when
 * its demonstration is replayed. Runs the learner files through the same transpiler and SDK
 * shims as the browser sandbox (the Node invoker).
 */
import { createRequire } from 'node:module';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SDK_SHIM_TYPES } from '../src/adapters/monaco/shim-types';
import { bundledLessonFiles, loadBundledCourse } from '../src/lessons/bundled';
import { formatProblem, loadCourse } from '../src/lessons/lesson';
import { nodeInvokerFactory } from '../src/lessons/node';
import { runScenarioCheck, type CheckResult } from '../src/lessons/runner';
import type { Check, Files, Lesson } from '../src/lessons/types';

const loaded = await loadBundledCourse();
const lessons: Lesson[] = loaded.ok ? loaded.value.lessons : [];
const options = { createInvoker: nodeInvokerFactory };

/** Checks run concurrently: each has its own engine, and the slow ones only wait on timers. */
function runAll(checks: readonly Check[], files: Files): Promise<CheckResult[]> {
  return Promise.all(checks.map((c) => runScenarioCheck(c, files, options)));
}

const summary = (results: CheckResult[]) =>
  results.filter((r) => r.status !== 'pass').map((r) => `${r.checkId}: [${r.status}] ${r.message}`);

describe('the course', () => {
  it('loads: every lesson parses, with its files, front matter and checks', () => {
    expect(loaded.ok ? [] : loaded.problems.map(formatProblem)).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(11);
  });

  it('ships at least three lessons with an alternative solution', () => {
    expect(lessons.filter((l) => Object.keys(l.alternatives).length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('rejects a malformed lesson with a message naming the file and the field', async () => {
    const files = await bundledLessonFiles();
    const path = 'lessons/01-first-websocket-api/checks.json';
    const doc = JSON.parse(files[path]);
    doc.checks[1].steps[0] = { send: { client: 'Carol', text: 'hi' } };
    const broken = loadCourse({ ...files, [path]: JSON.stringify(doc) });
    expect(broken.ok ? [] : broken.problems.map(formatProblem)).toContain(
      'lessons/01-first-websocket-api/checks.json: checks[1].steps[0].send.client: unknown client "Carol" (connect it first)',
    );
  });

  // A whole TypeScript program over every lesson file: seconds of CPU, many more on a busy 2-core CI machine.
  it(
    "type-checks every handler file of every variant against the SDK shims' declarations, as Monaco would",
    {
      timeout: 120_000,
    },
    () => {
      expect(typeCheck(lessons)).toEqual([]);
    },
  );
});

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  const scenarios = lesson.checks.filter((c) => c.kind === 'scenario');
  const demos = lesson.checks.filter((c) => c.kind === 'learner-trace' && c.steps.length > 0);

  it('its solution passes every check', async () => {
    const results = await runAll(scenarios, lesson.files.solution);
    expect(summary(results)).toEqual([]);
  });

  it.each(Object.keys(lesson.files.alternatives))('its alternative "%s" passes every check', async (name) => {
    const results = await runAll(scenarios, lesson.files.alternatives[name]);
    expect(summary(results)).toEqual([]);
  });

  it('its start deploys but fails at least one check, each failure naming the input', async () => {
    const results = await runAll(scenarios, lesson.files.start);
    expect(results.filter((r) => r.status === 'error').map((r) => r.message)).toEqual([]);
    const failed = results.filter((r) => r.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed)
      expect(r.message).toMatch(
        /^(?:\S+ (?:sent|opened a connection|closed the connection)|a backend|the clock|After all the actions)/,
      );
  });

  if (demos.length)
    it('its learner-trace checks pass on their demonstration', async () => {
      const results = await Promise.all(
        demos.map((c) =>
          runScenarioCheck(c, c.demoOn === 'start' ? lesson.files.start : lesson.files.solution, options),
        ),
      );
      expect(summary(results)).toEqual([]);
    });
});

/**
 * Learner files are excluded from the project's tsconfig (they import modules that exist only
 * in the sandbox), so they are checked here with the declarations Monaco gives the editor:
 * the SDK shims (src/adapters/monaco/shim-types.ts) and @types/aws-lambda, in strict mode.
 */
function typeCheck(all: Lesson[]): string[] {
  const root = '/lessons-under-check';
  const virtual = new Map<string, string>([[`${root}/shims.d.ts`, Object.values(SDK_SHIM_TYPES).join('\n')]]);
  for (const lesson of all) {
    const variants: Record<string, Files> = {
      start: lesson.files.start,
      solution: lesson.files.solution,
      ...lesson.files.alternatives,
    };
    for (const [name, files] of Object.entries(variants))
      for (const [path, text] of Object.entries(files))
        if (path.endsWith('.ts')) virtual.set(`${root}/${lesson.id}/${name}/${path}`, text);
  }
  const awsLambda = createRequire(import.meta.url).resolve('@types/aws-lambda/index.d.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest);
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map(({ text }) => {
      if (text === 'aws-lambda')
        return { resolvedModule: { resolvedFileName: awsLambda, extension: ts.Extension.Dts } };
      if (text.startsWith('.')) return ts.resolveModuleName(text, containingFile, options, host);
      // The SDK modules are ambient declarations in shims.d.ts.
      return { resolvedModule: undefined };
    });
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(root))
    .map((d) => {
      const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${d.file!.fileName.slice(root.length + 1)}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}
