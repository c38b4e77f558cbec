/**
 * Loading lesson folders (the format in ./types.ts). Pure: it takes a map of path → text, so
 * the same code loads the bundled course (`import.meta.glob`, ./bundled.ts), a trainer's pack
 * at run time, and the course in Node tests. Every problem names the file and the field.
 */
import { validateWebSocketDefinition } from '../gateway';
import { validateHttpDefinition } from '../gateway';
import { validateRestDefinition } from '../gateway';
import { parseChecks } from './checks-format';
import { parseFrontMatter, splitMermaid } from './markdown';
import type { Check, Course, Files, Lesson, LessonApi, LessonMeta, LessonProblem, LoadResult, ParsedLesson } from './types';

/** `lessons/07-authorize-connect/checks.json: checks[1].steps[0].send.client: unknown client "Carol" (connect it first)` */
export function formatProblem(p: LessonProblem): string {
  return `${p.file}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** Thrown by the `…OrThrow` helpers; `problems` has every problem found. */
export class LessonLoadError extends Error {
  readonly problems: LessonProblem[];
  constructor(problems: LessonProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LessonLoadError';
    this.problems = problems;
  }
}

const LESSON_DIR = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const APIS: readonly LessonApi[] = ['websocket', 'http', 'rest', 'compare'];
const META_KEYS = ['title', 'api', 'focus', 'summary', 'estimate'];
const PROTOCOL: Record<Exclude<LessonApi, 'compare'>, string> = { websocket: 'WEBSOCKET', http: 'HTTP', rest: 'REST' };
/** The file every non-compare lesson's workspace holds: the API definition. */
export const API_FILE = 'api.json';

const q = (v: unknown) => JSON.stringify(v);

function safeRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * Parses one lesson folder. `files` maps full paths (`lessons/03-no-default-route/index.md`,
 * `…/start/api.json`) to text; every key must be inside the same `NN-slug` folder.
 */
export function parseLesson(files: Record<string, string>): LoadResult<ParsedLesson> {
  const paths = Object.keys(files).sort();
  if (!paths.length) return { ok: false, problems: [{ file: '', field: '', message: 'no files' }] };
  const first = paths[0].split('/');
  const at = first.findIndex((s) => LESSON_DIR.test(s));
  if (at < 0)
    return {
      ok: false,
      problems: [{ file: paths[0], field: '', message: 'not inside a lesson folder named like "03-no-default-route"' }],
    };
  const dir = first.slice(0, at + 1).join('/');
  const id = first[at];
  const [, num, slug] = LESSON_DIR.exec(id)!;
  const problems: LessonProblem[] = [];
  const problem = (file: string, field: string, message: string) => problems.push({ file, field, message });

  const start: Files = {};
  const solution: Files = {};
  const alternatives: Record<string, Files> = {};
  let hasStart = false;
  let indexText: string | undefined;
  let checksText: string | undefined;
  for (const path of paths) {
    if (!path.startsWith(dir + '/')) {
      problem(path, '', `is not inside ${dir}/ (parse one lesson folder at a time)`);
      continue;
    }
    const rel = path.slice(dir.length + 1);
    const text = files[path];
    if (typeof text !== 'string') {
      problem(path, '', 'is not text');
      continue;
    }
    const m = /^(start|solution)\/(.+)$/.exec(rel);
    const alt = /^alternatives\/([^/]+)\/(.+)$/.exec(rel);
    if (rel === 'index.md') indexText = text;
    else if (rel === 'checks.json') checksText = text;
    else if (m) {
      if (!safeRelative(m[2])) problem(path, '', 'has an unusable path');
      else if (m[1] === 'start') {
        start[m[2]] = text;
        hasStart = true;
      } else solution[m[2]] = text;
    } else if (alt) {
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(alt[1]))
        problem(path, '', `alternative names are kebab-case, like "document-client"; got ${q(alt[1])}`);
      else if (!safeRelative(alt[2])) problem(path, '', 'has an unusable path');
      else (alternatives[alt[1]] ??= {})[alt[2]] = text;
    } else
      problem(path, '', 'unexpected file (a lesson holds index.md, checks.json, start/, solution/ and alternatives/<name>/)');
  }

  // index.md: front matter and prose.
  const indexFile = `${dir}/index.md`;
  let meta: LessonMeta | undefined;
  let body = '';
  let segments: ParsedLesson['segments'] = [];
  if (indexText === undefined) problem(indexFile, '', 'missing: every lesson needs an index.md');
  else {
    const fm = parseFrontMatter(indexText);
    if (!fm.ok) problem(indexFile, `line ${fm.line}`, fm.message);
    else {
      body = fm.body;
      const f = fm.fields;
      for (const k of Object.keys(f)) if (!META_KEYS.includes(k)) problem(indexFile, k, `unknown front matter key (allowed: ${META_KEYS.join(', ')})`);
      for (const k of ['title', 'api', 'focus', 'summary']) if (!f[k]) problem(indexFile, k, 'required');
      if (f.api && !APIS.includes(f.api as LessonApi)) problem(indexFile, 'api', `must be one of ${APIS.join(', ')}; got ${q(f.api)}`);
      let estimate: number | undefined;
      if (f.estimate !== undefined) {
        estimate = Number(f.estimate);
        if (!Number.isInteger(estimate) || estimate < 1 || estimate > 60) {
          problem(indexFile, 'estimate', `must be whole minutes from 1 to 60; got ${q(f.estimate)}`);
          estimate = undefined;
        }
      }
      meta = {
        title: f.title ?? '',
        api: (f.api ?? 'websocket') as LessonApi,
        focus: f.focus ?? '',
        summary: f.summary ?? '',
        ...(estimate !== undefined ? { estimate } : {}),
      };
      const split = splitMermaid(body);
      if (!split.ok) problem(indexFile, `body line ${split.line}`, split.message);
      else segments = split.segments;
      if (!body.trim()) problem(indexFile, 'body', 'the lesson has no text');
    }
  }

  // checks.json.
  const checksFile = `${dir}/checks.json`;
  let checks: Check[] = [];
  if (checksText === undefined) problem(checksFile, '', 'missing: every lesson needs its checks');
  else {
    const parsed = parseChecks(checksText, checksFile);
    if (!parsed.ok) problems.push(...parsed.problems);
    else checks = parsed.value;
  }
  if (meta && APIS.includes(meta.api) && checks.length) checkStepsFitApi(meta.api, checks, checksFile, problem);

  if (!Object.keys(solution).length) problem(`${dir}/solution/`, '', 'missing: every lesson needs a solution/ with the files that change');

  // JSON files must parse wherever they are.
  const sets: [string, Files][] = [
    ['start', start],
    ['solution', solution],
    ...Object.entries(alternatives).map(([n, f]): [string, Files] => [`alternatives/${n}`, f]),
  ];
  for (const [where, set] of sets)
    for (const [path, text] of Object.entries(set))
      if (path.endsWith('.json'))
        try {
          JSON.parse(text);
        } catch (e) {
          problem(`${dir}/${where}/${path}`, '', `not valid JSON: ${(e as Error).message}`);
        }

  if (problems.length || !meta) return { ok: false, problems };
  return {
    ok: true,
    value: {
      dir,
      id,
      slug,
      number: Number(num),
      meta,
      body,
      segments,
      ...(hasStart ? { start } : {}),
      solution,
      alternatives,
      checks,
    },
  };
}

function checkStepsFitApi(
  api: LessonApi,
  checks: Check[],
  file: string,
  problem: (file: string, field: string, message: string) => void,
): void {
  if (api === 'compare') return;
  checks.forEach((check, i) =>
    // A check that deploys another definition file (`"api"`) may drive any API type.
    (check.api === undefined ? check.steps : []).forEach((step, j) => {
      const kind = Object.keys(step).find((k) => k !== 'id')!;
      if (api === 'websocket' && kind === 'http')
        problem(file, `checks[${i}].steps[${j}].http`, 'http steps need an HTTP or REST lesson (this one is websocket)');
      // A comparison runs its own engines, so any lesson may run one.
      if (api !== 'websocket' && kind !== 'http' && kind !== 'advanceClock' && kind !== 'waitForIdle' && kind !== 'compare')
        problem(file, `checks[${i}].steps[${j}].${kind}`, `WebSocket actions need a websocket lesson (this one is ${api})`);
    }),
  );
}

/** Validates an api.json text against the lesson's API type; problems name `file`. */
function validateApiFile(api: LessonApi, text: string, file: string): LessonProblem[] {
  if (api === 'compare') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return []; // already reported where the file is
  }
  const expected = PROTOCOL[api];
  const actual = (data as { protocolType?: unknown } | null)?.protocolType;
  if (actual !== expected)
    return [{ file, field: 'protocolType', message: `must be ${q(expected)} in a ${api} lesson; got ${q(actual)}` }];
  const result =
    api === 'websocket' ? validateWebSocketDefinition(data) : api === 'http' ? validateHttpDefinition(data) : validateRestDefinition(data);
  return result.ok ? [] : result.errors.map((e) => ({ file, field: e.path, message: e.message }));
}

function tableNames(text: string | undefined): Set<string> | undefined {
  if (text === undefined) return undefined;
  try {
    const tables = (JSON.parse(text) as { tables?: unknown }).tables;
    return new Set(tables && typeof tables === 'object' ? Object.keys(tables) : []);
  } catch {
    return undefined;
  }
}

/** Resolves one parsed lesson against the previous one's solution (start inheritance). */
function resolveLesson(
  parsed: ParsedLesson,
  previous: Lesson | undefined,
  isFirst: boolean,
  problems: LessonProblem[],
): Lesson | undefined {
  const { dir, meta } = parsed;
  let start: Files;
  let startOrigin: (path: string) => string;
  if (parsed.start) {
    start = parsed.start;
    startOrigin = (p) => `${dir}/start/${p}`;
  } else if (previous) {
    start = previous.files.solution;
    startOrigin = (p) => `${dir}/start/${p} (inherited from ${previous.dir})`;
  } else {
    problems.push({
      file: `${dir}/start/`,
      field: '',
      message: isFirst
        ? 'missing: the first lesson of a course needs a start/ folder'
        : 'missing, and the previous lesson did not load, so there is nothing to start from',
    });
    return undefined;
  }
  const before = problems.length;
  const overlay = (name: string, diff: Files): Files => {
    for (const [path, text] of Object.entries(diff))
      if (start[path] === text)
        problems.push({
          file: `${dir}/${name}/${path}`,
          field: '',
          message: `identical to the start's ${path} (list only files that change)`,
        });
    return { ...start, ...diff };
  };
  const solution = overlay('solution', parsed.solution);
  const alternatives: Record<string, Files> = {};
  for (const [name, diff] of Object.entries(parsed.alternatives)) {
    alternatives[name] = overlay(`alternatives/${name}`, diff);
    const paths = Object.keys(diff);
    if (paths.length === Object.keys(parsed.solution).length && paths.every((p) => parsed.solution[p] === diff[p]))
      problems.push({
        file: `${dir}/alternatives/${name}/`,
        field: '',
        message: 'the same as solution/ (an alternative must be written differently)',
      });
  }

  if (!(meta.focus in start))
    problems.push({
      file: `${dir}/index.md`,
      field: 'focus',
      message: `${q(meta.focus)} is not one of the start files (${Object.keys(start).sort().join(', ')})`,
    });

  if (meta.api !== 'compare') {
    if (!(API_FILE in start)) problems.push({ file: startOrigin(API_FILE), field: '', message: 'missing: the start needs the API definition' });
    const where = (name: string, set: Files, diff: Files) =>
      API_FILE in diff ? `${dir}/${name}/${API_FILE}` : startOrigin(API_FILE) + (set === start ? '' : ` (used by ${name}/)`);
    const seen = new Set<string>();
    for (const [name, set, diff] of [
      ['start', start, parsed.start ?? {}] as const,
      ['solution', solution, parsed.solution] as const,
      ...Object.entries(parsed.alternatives).map(([n, d]) => [`alternatives/${n}`, alternatives[n], d] as const),
    ]) {
      const text = set[API_FILE];
      if (text === undefined || seen.has(text)) continue;
      seen.add(text);
      problems.push(...validateApiFile(meta.api, text, where(name, set, diff)));
    }
    // Table names in checks must exist in the solution's definition (a typo would never match).
    const names = tableNames(solution[API_FILE]);
    const noTable = (field: string, name: string) =>
      problems.push({ file: `${dir}/checks.json`, field, message: `no table ${q(name)} in the solution's api.json` });
    if (names)
      parsed.checks.forEach((check, i) => {
        for (const name of Object.keys(check.tables ?? {})) if (!names.has(name)) noTable(`checks[${i}].tables.${name}`, name);
        check.expect.forEach((e, j) => {
          if ('table' in e && !names.has(e.table.name)) noTable(`checks[${i}].expect[${j}].table.name`, e.table.name);
        });
      });
  }
  // A check that deploys another definition file (`"api": "banking/api.json"`) needs it in the start.
  parsed.checks.forEach((check, i) => {
    if (check.api !== undefined && !(check.api in start))
      problems.push({ file: `${dir}/checks.json`, field: `checks[${i}].api`, message: `${q(check.api)} is not one of the start files` });
  });
  if (problems.length > before) return undefined;
  return { ...parsed, files: { start, solution, alternatives } };
}

/**
 * Loads a whole course: `files` maps paths under `root` (`lessons/01-first-websocket-api/index.md`
 * …) to text. Lessons are ordered by their number; a lesson without `start/` starts from the
 * previous lesson's solution. A `README.md` directly in `root` is allowed and ignored.
 */
export function loadCourse(files: Record<string, string>, root = 'lessons'): LoadResult<Course> {
  const problems: LessonProblem[] = [];
  const groups = new Map<string, Record<string, string>>();
  const prefix = root ? root.replace(/\/+$/, '') + '/' : '';
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith(prefix)) {
      problems.push({ file: path, field: '', message: `is not under ${prefix || 'the course root'}` });
      continue;
    }
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) {
      if (rest !== 'README.md') problems.push({ file: path, field: '', message: 'unexpected file (lessons live in NN-slug/ folders)' });
      continue;
    }
    const folder = rest.slice(0, slash);
    if (!LESSON_DIR.test(folder)) {
      problems.push({
        file: prefix + folder + '/',
        field: '',
        message: 'lesson folders are named like "03-no-default-route" (two digits, a dash, a kebab-case slug)',
      });
      continue;
    }
    let group = groups.get(folder);
    if (!group) groups.set(folder, (group = {}));
    group[path] = text;
  }
  // In folder order; undefined where a folder failed to parse (nothing can inherit across it).
  const parsed: (ParsedLesson | undefined)[] = [];
  for (const folder of [...groups.keys()].sort()) {
    const result = parseLesson(groups.get(folder)!);
    if (!result.ok) problems.push(...result.problems);
    parsed.push(result.ok ? result.value : undefined);
  }
  const numbers = new Map<number, string>();
  const slugs = new Map<string, string>();
  for (const l of parsed) {
    if (!l) continue;
    const n = numbers.get(l.number);
    if (n) problems.push({ file: l.dir + '/', field: '', message: `has the same number as ${n}` });
    numbers.set(l.number, l.dir);
    const s = slugs.get(l.slug);
    if (s) problems.push({ file: l.dir + '/', field: '', message: `has the same slug as ${s} (slugs are the lesson's URL)` });
    slugs.set(l.slug, l.dir);
  }
  const lessons: Lesson[] = [];
  let previous: Lesson | undefined;
  for (const [i, p] of parsed.entries()) {
    const resolved = p ? resolveLesson(p, previous, i === 0, problems) : undefined;
    if (resolved) lessons.push(resolved);
    previous = resolved;
  }
  if (!problems.length && !lessons.length) problems.push({ file: prefix, field: '', message: 'no lessons found' });
  return problems.length ? { ok: false, problems } : { ok: true, value: { lessons } };
}

/** `loadCourse`, throwing a LessonLoadError that lists every problem. */
export function loadCourseOrThrow(files: Record<string, string>, root = 'lessons'): Course {
  const result = loadCourse(files, root);
  if (!result.ok) throw new LessonLoadError(result.problems);
  return result.value;
}

/** The files of one variant of a lesson: `start`, `solution`, or an alternative's name. */
export function lessonFiles(lesson: Lesson, variant: 'start' | 'solution' | string): Files {
  if (variant === 'start') return lesson.files.start;
  if (variant === 'solution') return lesson.files.solution;
  const alt = lesson.files.alternatives[variant];
  if (!alt) throw new Error(`${lesson.dir} has no alternative ${q(variant)}`);
  return alt;
}
