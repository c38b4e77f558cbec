/**
 * The page's side of share links that only writing or opening one needs, loaded with them (out of
 * the first paint): which start a state names (an example, a lesson's start or its solution) and
 * what is open now as a state (src/state/share.svelte.ts calls both).
 */
import type { ApiType } from '../gateway';
import type { Example } from '../examples';
import type { Lesson } from '../lessons';
import { lessonExample } from '../state/lessons.svelte';
import type { OpenedShare, ShareEnvironment } from '../state/share.svelte';
import { exampleStart, type WorkspaceStart } from '../state/workspace.svelte';
import {
  diffShare,
  diffSize,
  SHARE_VERSION,
  ShareStateError,
  type Setup,
  type ShareBase,
  type SharedClient,
  type ShareState,
} from './state';

/** A lesson's start, or its solution (the start overlaid with solution/). */
function lessonExampleOf(lesson: Lesson, start: boolean, examples: Record<ApiType, Example>): WorkspaceStart | null {
  return lessonExample(lesson, start ? lesson.files.start : lesson.files.solution, examples);
}

/** The start a state names, or a ShareStateError saying this version has no such example or lesson. */
export async function startOf(env: ShareEnvironment, state: ShareState): Promise<WorkspaceStart & ShareBase> {
  const from = state.from;
  if ('example' in from) {
    const example = Object.values(env.examples).find((e) => e.id === from.example);
    if (!example)
      throw new ShareStateError(
        `This link starts from the example "${from.example}", which this version of the playground does not have.`,
      );
    return exampleStart(example);
  }
  const lessons = env.lessons;
  await lessons.load();
  const lesson = lessons.lessons.find((l) => l.slug === from.lesson);
  const start = lesson && lessonExampleOf(lesson, from.start, env.examples);
  if (!start)
    throw new ShareStateError(
      `This link starts from the lesson "${from.lesson}", which this version of the playground does not have.`,
    );
  return start;
}

/** What is open now as a state: the nearest start, what differs from it, the consoles, the view. */
export async function captureShare(env: ShareEnvironment, opened: OpenedShare | null): Promise<ShareState> {
  const { workspace: ws, lessons } = env;
  const setup: Setup = { definition: ws.definitionSnapshot(), files: ws.filesSnapshot(), focus: ws.activeFile };
  const lesson = lessons.current;
  let from: ShareState['from'];
  let diff: ReturnType<typeof diffShare>;
  if (lesson || (opened && 'lesson' in opened.state.from)) {
    const slug = lesson?.slug ?? (opened!.state.from as { lesson: string }).lesson;
    await lessons.load();
    const l = lessons.lessons.find((x) => x.slug === slug);
    // The lesson's start or its solution, whichever the setup is nearer to.
    const options = [true, false].flatMap((start) => {
      const base = l && lessonExampleOf(l, start, env.examples);
      return base ? [{ start, diff: diffShare(setup, base) }] : [];
    });
    options.sort((a, b) => diffSize(a.diff) - diffSize(b.diff));
    if (!options.length) throw new Error(`The lesson "${slug}" is not in this version of the playground.`);
    from = { lesson: slug, start: options[0].start };
    diff = options[0].diff;
  } else {
    const example = Object.values(env.examples).find((e) => e.id === ws.example.id);
    const start = exampleStart(example ?? env.examples[ws.apiType]);
    from = { example: start.id };
    diff = diffShare(setup, start);
  }
  const clients = env.clients().list.map((c) => {
    const out: SharedClient = { name: c.name };
    if (c.query !== `name=${encodeURIComponent(c.name)}`) out.query = c.query;
    const protocols = c.protocols
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (protocols.length) out.protocols = protocols;
    // A scripted console shares its messages (a link carries the list; repeat and rate are the console's).
    const { messages } = c.script;
    if (messages.length) out.script = [...messages];
    return out;
  });
  const cursor = env.cursor?.();
  return {
    v: SHARE_VERSION,
    from,
    view: lesson ? 'lesson' : (opened?.state.view ?? 'playground'),
    ...diff,
    clients,
    ...(cursor !== undefined ? { cursor } : {}),
  };
}
