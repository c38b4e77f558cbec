/**
 * The diagram for a forum post or an issue: a fenced `mermaid` block (GitHub, GitLab and most
 * forums draw it) and the drawn steps as a numbered list with their summaries.
 *
 * Summaries are untrusted (a chat message, a header, a function's error), so each is cut to one
 * line and every character Markdown or HTML could read as syntax is escaped: a summary can
 * never become a link, an image, emphasis, a heading, a tag or the end of the code block.
 */
import type { TraceEvent } from '../gateway';
import type { DiagramText } from '../diagram';
import { previewText } from '../diagram/escape';

/** Longest summary written (whole summaries are in the trace file). */
const SUMMARY_LENGTH = 300;

/** One drawn step: its number in the whole trace, who to whom, and the trace's summary of it. */
export interface NumberedStep {
  n: number;
  from: string;
  to: string;
  summary: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Untrusted text as inline Markdown that shows exactly that text: whitespace collapsed to one
 * line, `& < > "` as HTML entities, and every other ASCII punctuation Markdown (CommonMark,
 * GitHub's extensions: tables, strikethrough, math, autolinks) reads as syntax backslash-escaped.
 */
export function escapeMarkdown(raw: unknown, maxLength = SUMMARY_LENGTH): string {
  return previewText(raw, maxLength)
    .replace(/[&<>"]/g, (ch) => ENTITIES[ch]!)
    .replace(/[\\`*_{}[\]()#+\-.!|~$:@^=']/g, '\\$&');
}

/**
 * The steps `diagram` draws, numbered as in the whole trace (`first` is the number of the first
 * drawn step, counting steps no longer kept), each with its event's summary (or the diagram's
 * label when the event has none).
 */
export function numberedSteps(diagram: DiagramText, events: readonly TraceEvent[], first: number): NumberedStep[] {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  return diagram.items
    .filter((item) => item.seq !== undefined)
    .map((item, i) => ({
      n: first + i,
      from: item.from,
      to: item.to,
      summary: bySeq.get(item.seq!)?.summary || item.full,
    }));
}

/** A fence longer than any run of backticks in `text` (Mermaid text never has one, but a fence must not end early). */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The Markdown: a heading, a line on what the diagram shows, the mermaid block, the numbered steps. */
export function traceMarkdown(options: {
  title: string;
  /** A line under the heading (plain text, escaped here): which steps of how many. */
  caption?: string;
  mermaid: string;
  steps: readonly NumberedStep[];
}): string {
  const fence = fenceFor(options.mermaid);
  const out = [`## ${escapeMarkdown(options.title, 120)}`, ''];
  if (options.caption) out.push(escapeMarkdown(options.caption), '');
  out.push(`${fence}mermaid`, options.mermaid.trimEnd(), fence, '');
  if (options.steps.length) {
    // A list that starts past 1 (a window of a long trace) keeps its numbers: Markdown starts at the first.
    for (const s of options.steps)
      out.push(`${s.n}. ${escapeMarkdown(s.from, 60)} → ${escapeMarkdown(s.to, 60)}: ${escapeMarkdown(s.summary)}`);
    out.push('');
  }
  return out.join('\n');
}
