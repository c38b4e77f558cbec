/**
 * What `npm run gateway` serves: a built-in example, a lesson's start or solution (the same
 * files the page loads, bundled by Vite), a project folder on disk (an `api.json` and its
 * handler files, or a project exported to AWS: `template.yaml` and the handlers under
 * `functions/`), or a share link / `.agp.json` file. Every source ends as a validated
 * definition plus its files.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ApiDefinition } from '../gateway';
import { readDefinition } from '../runtime/node';

export interface Project {
  /** What was loaded, for the banner: `example chat`, `lesson 06-serverless-chat (solution)`. */
  label: string;
  definition: ApiDefinition;
  /** Handler files (path → source), without api.json. */
  files: Record<string, string>;
}

export const DEFINITION_FILE = 'api.json';

/** A definition file plus handlers as one project; throws with every problem, naming the file. */
export function projectFromFiles(label: string, all: Readonly<Record<string, string>>): Project {
  const text = all[DEFINITION_FILE];
  if (text === undefined) throw new Error(`${label} has no ${DEFINITION_FILE}`);
  const read = readDefinition(DEFINITION_FILE, text);
  if (!read.ok) throw new Error(read.message);
  const files = { ...all };
  delete files[DEFINITION_FILE];
  return { label, definition: read.definition, files };
}

/** A built-in example by id (`chat`, `http-orders`, `rest-orders`). */
export async function exampleProject(id: string): Promise<Project> {
  const { EXAMPLES } = await import('../examples');
  const example = Object.values(EXAMPLES).find((e) => e.id === id);
  if (!example) {
    const ids = Object.values(EXAMPLES).map((e) => e.id);
    throw new Error(`no example ${JSON.stringify(id)}; the examples are ${ids.join(', ')}`);
  }
  return {
    label: `example ${example.id}`,
    definition: structuredClone(example.definition),
    files: { ...example.files },
  };
}

/** A lesson's start (or solution) by slug (`serverless-chat`) or folder (`06-serverless-chat`). */
export async function lessonProject(slug: string, variant: 'start' | 'solution'): Promise<Project> {
  const { loadBundledCourse } = await import('../lessons/bundled');
  const { lessonFiles } = await import('../lessons/lesson');
  const course = await loadBundledCourse();
  if (!course.ok) throw new Error(`the course does not load: ${course.problems.map((p) => p.message).join('; ')}`);
  const lesson = course.value.lessons.find((l) => l.slug === slug || l.dir.endsWith(slug));
  if (!lesson) {
    const slugs = course.value.lessons.map((l) => l.slug);
    throw new Error(`no lesson ${JSON.stringify(slug)}; the lessons are ${slugs.join(', ')}`);
  }
  return projectFromFiles(`lesson ${lesson.slug} (${variant})`, lessonFiles(lesson, variant));
}

/** Skipped when reading a folder: never handler code. */
const SKIP = new Set(['node_modules', '.git', '.aws-sam']);

/** Handler files under `dir` (`.ts`, `.js`, `.mjs`, `.cjs`, `.json`), by path relative to it. */
function handlerFilesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (SKIP.has(name)) continue;
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs|cjs|json)$/.test(name))
        files[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/**
 * A project folder: `api.json` and the handler files beside it (`.ts`, `.js`, `.mjs`, `.json`),
 * or a project exported to AWS (`npm run export-aws`, the page's Export menu): its
 * `template.yaml` read back into a definition and the compiled handlers under `functions/`.
 */
export async function folderProject(dir: string): Promise<Project> {
  if (!existsSync(join(dir, DEFINITION_FILE)) && existsSync(join(dir, 'template.yaml'))) {
    const { definitionFromTemplate } = await import('../aws-export/read');
    const { CODE_DIR } = await import('../aws-export/template');
    const template = join(dir, 'template.yaml');
    const definition = definitionFromTemplate(readFileSync(template, 'utf8'), template);
    const code = join(dir, CODE_DIR);
    const files = existsSync(code) ? handlerFilesIn(code) : {};
    // sam build's package.json, not a handler.
    delete files['package.json'];
    return projectFromFiles(`exported project ${dir}`, {
      ...files,
      [DEFINITION_FILE]: JSON.stringify(definition, null, 2),
    });
  }
  return projectFromFiles(`folder ${dir}`, handlerFilesIn(dir));
}

/**
 * A share link (`…#/share/v1.<codec>.<payload>`) or the text of a `.agp.json` file: the example
 * or lesson it starts from with its changes applied, checked as the page checks them.
 */
export async function sharedProject(linkOrJson: string): Promise<Project> {
  const share = await import('../share');
  const { readShareState, applyShare } = await import('../share/state');
  let raw: unknown;
  const link = linkOrJson.match(/#\/share\/v1\.([a-z])\.([A-Za-z0-9_-]+)/);
  if (link) raw = await share.decodePayload(link[1], link[2]);
  else {
    try {
      raw = JSON.parse(linkOrJson);
    } catch {
      throw new Error('not a share link (…#/share/v1.…) nor a .agp.json file (JSON)');
    }
  }
  const state = readShareState(raw);
  const from = state.from;
  const base =
    'example' in from
      ? await exampleProject(from.example)
      : await lessonProject(from.lesson, from.start ? 'start' : 'solution');
  const setup = applyShare(state, {
    kind: base.definition.protocolType,
    definition: base.definition,
    files: base.files,
    focus: Object.keys(base.files)[0] ?? '',
  });
  if (!setup.definition) throw new Error('the shared setup has no api.json');
  return {
    label: `shared ${'example' in from ? `example ${from.example}` : `lesson ${from.lesson}`}`,
    definition: setup.definition,
    files: setup.files,
  };
}

/** Where a project comes from, as `npm run gateway` and `npm run export-aws` take it on the command line. */
export interface ProjectSource {
  example?: string;
  lesson?: string;
  /** With `lesson`: its solution rather than its start. */
  solution?: boolean;
  dir?: string;
  /** A share link, or the path of a `.agp.json` file. */
  share?: string;
}

/** The project a command line names (the first of lesson, folder, share link; else the example, chat by default). */
export async function projectOf(source: ProjectSource): Promise<Project> {
  if (source.lesson !== undefined) return lessonProject(source.lesson, source.solution ? 'solution' : 'start');
  if (source.dir !== undefined) return folderProject(source.dir);
  if (source.share !== undefined)
    return sharedProject(/^https?:|#\/share\//.test(source.share) ? source.share : readFileSync(source.share, 'utf8'));
  return exampleProject(source.example ?? 'chat');
}
