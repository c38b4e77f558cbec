import { describe, expect, it } from 'vitest';
import { formatProblem, lessonFiles, loadCourse, LessonLoadError, loadCourseOrThrow, parseLesson } from './lesson';

const API = JSON.stringify({
  protocolType: 'WEBSOCKET',
  name: 'x',
  routeSelectionExpression: '$request.body.action',
  routes: { $default: { integration: { type: 'AWS_PROXY', function: 'echo' } } },
  functions: { echo: { handler: 'echo.handler' } },
  tables: { members: { partitionKey: 'roomId' } },
});

const CHECKS = JSON.stringify({
  checks: [
    {
      id: 'echo',
      title: 'It echoes',
      kind: 'scenario',
      steps: [{ connect: { client: 'Alice' } }, { send: { client: 'Alice', text: 'hi' } }],
      expect: [{ received: { client: 'Alice', text: 'hi' } }],
      hints: [],
    },
  ],
});

function lesson(dir: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const files: Record<string, string | undefined> = {
    [`${dir}/index.md`]: '---\ntitle: Echo\napi: websocket\nfocus: echo.ts\nsummary: Echo things.\nestimate: 5\n---\n\nSome text.\n',
    [`${dir}/checks.json`]: CHECKS,
    [`${dir}/start/api.json`]: API,
    [`${dir}/start/echo.ts`]: 'export const handler = async () => ({ statusCode: 200 });\n',
    [`${dir}/solution/echo.ts`]: 'export const handler = async () => ({ statusCode: 200, body: "hi" });\n',
  };
  for (const [k, v] of Object.entries(overrides)) files[k.startsWith('lessons/') ? k : `${dir}/${k}`] = v;
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}

const problems = (files: Record<string, string>) => {
  const r = loadCourse(files);
  return r.ok ? [] : r.problems.map(formatProblem);
};

describe('parseLesson', () => {
  it('reads the folder: number, slug, front matter, prose, files and checks', () => {
    const r = parseLesson(lesson('lessons/03-echo-things'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      dir: 'lessons/03-echo-things',
      id: '03-echo-things',
      slug: 'echo-things',
      number: 3,
      meta: { title: 'Echo', api: 'websocket', focus: 'echo.ts', summary: 'Echo things.', estimate: 5 },
      body: 'Some text.\n',
      segments: [{ type: 'markdown', text: 'Some text.' }],
      solution: { 'echo.ts': expect.stringContaining('body') },
      alternatives: {},
    });
    expect(Object.keys(r.value.start!)).toEqual(['api.json', 'echo.ts']);
    expect(r.value.checks.map((c) => c.id)).toEqual(['echo']);
  });

  it('names the file and the field of every front matter problem', () => {
    const r = parseLesson(lesson('lessons/01-a', { 'index.md': '---\ntitle: A\napi: soap\nfocus: echo.ts\ncolour: red\nestimate: 90\n---\ntext' }));
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      'lessons/01-a/index.md: colour: unknown front matter key (allowed: title, api, focus, summary, estimate)',
      'lessons/01-a/index.md: summary: required',
      'lessons/01-a/index.md: api: must be one of websocket, http, rest, compare; got "soap"',
      'lessons/01-a/index.md: estimate: must be whole minutes from 1 to 60; got "90"',
    ]);
  });

  it('rejects unexpected files, a missing index.md, checks.json or solution, and broken JSON', () => {
    const files = lesson('lessons/01-a', { 'index.md': undefined, 'checks.json': undefined, 'solution/echo.ts': undefined, 'notes.txt': 'x', 'start/data.json': '{' });
    const r = parseLesson(files);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^lessons\/01-a\/notes\.txt: unexpected file/),
      'lessons/01-a/index.md: missing: every lesson needs an index.md',
      'lessons/01-a/checks.json: missing: every lesson needs its checks',
      'lessons/01-a/solution/: missing: every lesson needs a solution/ with the files that change',
      expect.stringMatching(/^lessons\/01-a\/start\/data\.json: not valid JSON: /),
    ]);
  });

  it('rejects http steps in a websocket lesson', () => {
    const checks = JSON.parse(CHECKS);
    checks.checks[0].steps.push({ http: { client: 'Bob', method: 'GET', path: '/' } });
    const r = parseLesson(lesson('lessons/01-a', { 'checks.json': JSON.stringify(checks) }));
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      'lessons/01-a/checks.json: checks[0].steps[2].http: http steps need an HTTP or REST lesson (this one is websocket)',
    ]);
  });
});

describe('loadCourse', () => {
  it('orders lessons by number and lets a lesson without start/ begin from the previous solution', () => {
    const second = lesson('lessons/02-more', { 'start/api.json': undefined, 'start/echo.ts': undefined, 'solution/echo.ts': 'export const handler = async () => 2;\n' });
    const course = loadCourseOrThrow({ ...second, ...lesson('lessons/01-first'), 'lessons/README.md': '# pack' });
    expect(course.lessons.map((l) => l.id)).toEqual(['01-first', '02-more']);
    const [first, next] = course.lessons;
    expect(next.start).toBeUndefined();
    expect(next.files.start).toEqual(first.files.solution);
    expect(lessonFiles(next, 'solution')['echo.ts']).toBe('export const handler = async () => 2;\n');
    expect(lessonFiles(next, 'solution')['api.json']).toBe(API);
  });

  it('rejects a first lesson without start/, and a solution file identical to the start', () => {
    expect(problems(lesson('lessons/01-a', { 'start/api.json': undefined, 'start/echo.ts': undefined }))).toEqual([
      'lessons/01-a/start/: missing: the first lesson of a course needs a start/ folder',
    ]);
    expect(problems(lesson('lessons/01-a', { 'solution/api.json': API }))).toEqual([
      "lessons/01-a/solution/api.json: identical to the start's api.json (list only files that change)",
    ]);
  });

  it('validates api.json with the gateway, naming the file and the field', () => {
    const broken = JSON.stringify({ ...JSON.parse(API), routeSelectionExpression: '' });
    expect(problems(lesson('lessons/01-a', { 'solution/api.json': broken }))).toEqual([
      'lessons/01-a/solution/api.json: routeSelectionExpression: required for WebSocket APIs, e.g. "$request.body.action"',
    ]);
    const http = JSON.stringify({ ...JSON.parse(API), protocolType: 'HTTP' });
    expect(problems(lesson('lessons/01-a', { 'start/api.json': http }))).toContain(
      'lessons/01-a/start/api.json: protocolType: must be "WEBSOCKET" in a websocket lesson; got "HTTP"',
    );
  });

  it('rejects a focus file that is not in the start, and a table the definition lacks', () => {
    const checks = JSON.parse(CHECKS);
    checks.checks[0].expect.push({ table: { name: 'rooms', count: 0 } });
    checks.checks[0].tables = { member: [{ roomId: 'r1' }] };
    const files = lesson('lessons/01-a', {
      'index.md': '---\ntitle: A\napi: websocket\nfocus: main.ts\nsummary: s\n---\ntext',
      'checks.json': JSON.stringify(checks),
    });
    expect(problems(files)).toEqual([
      'lessons/01-a/index.md: focus: "main.ts" is not one of the start files (api.json, echo.ts)',
      `lessons/01-a/checks.json: checks[0].tables.member: no table "member" in the solution's api.json`,
      `lessons/01-a/checks.json: checks[0].expect[1].table.name: no table "rooms" in the solution's api.json`,
    ]);
  });

  it('rejects badly named folders, duplicate numbers, and an alternative that is the solution again', () => {
    expect(problems({ ...lesson('lessons/01-a'), 'lessons/Intro/index.md': 'x' })).toEqual([
      expect.stringMatching(/^lessons\/Intro\/: lesson folders are named like/),
    ]);
    expect(problems({ ...lesson('lessons/01-a'), ...lesson('lessons/01-b') })).toEqual([
      'lessons/01-b/: has the same number as lessons/01-a',
    ]);
    const same = lesson('lessons/01-a', { 'alternatives/copy/echo.ts': 'export const handler = async () => ({ statusCode: 200, body: "hi" });\n' });
    expect(problems(same)).toEqual(['lessons/01-a/alternatives/copy/: the same as solution/ (an alternative must be written differently)']);
  });

  it('throws a LessonLoadError listing every problem', () => {
    expect(() => loadCourseOrThrow(lesson('lessons/01-a', { 'checks.json': '[]' }))).toThrow(LessonLoadError);
    expect(() => loadCourseOrThrow({})).toThrow('lessons/: no lessons found');
  });
});
