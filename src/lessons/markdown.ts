/**
 * The lesson text: a front matter block of `key: value` lines between `---` fences, then
 * Markdown whose fenced ```mermaid blocks render as diagrams. Only the YAML subset lessons
 * need (one scalar per key, optionally quoted), so no YAML library is shipped to the page.
 */
import type { BodySegment } from './types';

export type FrontMatterResult =
  | { ok: true; fields: Record<string, string>; body: string }
  | { ok: false; line: number; message: string };

/** Splits `---\nkey: value\n---\nbody`. Line numbers in errors are 1-based. */
export function parseFrontMatter(text: string): FrontMatterResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { ok: false, line: 1, message: 'must start with a front matter block ("---" on the first line)' };
  const fields: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '---') return { ok: true, fields, body: lines.slice(i + 1).join('\n').replace(/^\n+/, '') };
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$/.exec(line);
    if (!m) return { ok: false, line: i + 1, message: `expected "key: value", got ${JSON.stringify(line)}` };
    const [, key, rawValue] = m;
    if (key in fields) return { ok: false, line: i + 1, message: `duplicate key ${JSON.stringify(key)}` };
    const value = unquote(rawValue.trim());
    if (value === undefined) return { ok: false, line: i + 1, message: `unbalanced quotes in ${JSON.stringify(rawValue)}` };
    fields[key] = value;
  }
  return { ok: false, line: lines.length, message: 'the front matter block is not closed with "---"' };
}

function unquote(v: string): string | undefined {
  if (v.startsWith('"')) {
    if (!v.endsWith('"') || v.length < 2) return undefined;
    try {
      return JSON.parse(v) as string;
    } catch {
      return undefined;
    }
  }
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) return undefined;
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v;
}

export type SegmentResult = { ok: true; segments: BodySegment[] } | { ok: false; line: number; message: string };

/**
 * Splits Markdown into prose and ```mermaid blocks (the UI renders the first with a Markdown
 * renderer and the second with the strict Mermaid adapter). Other fenced blocks stay in the
 * Markdown. Fences may be ``` or ~~~, three or more.
 */
export function splitMermaid(markdown: string): SegmentResult {
  const lines = markdown.split(/\r?\n/);
  const segments: BodySegment[] = [];
  let prose: string[] = [];
  let fence: { marker: string; mermaid: boolean; start: number; lines: string[] } | undefined;
  const flush = () => {
    const text = prose.join('\n').trim();
    if (text) segments.push({ type: 'markdown', text });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!fence) {
      const open = /^\s{0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
      if (open) {
        const mermaid = open[2].toLowerCase() === 'mermaid';
        fence = { marker: open[1], mermaid, start: i + 1, lines: [] };
        if (mermaid) flush();
        else prose.push(line);
        continue;
      }
      prose.push(line);
      continue;
    }
    const close = new RegExp(`^\\s{0,3}${fence.marker[0] === '`' ? '`' : '~'}{${fence.marker.length},}\\s*$`).exec(line);
    if (close) {
      if (fence.mermaid) {
        const text = fence.lines.join('\n').trim();
        if (!text) return { ok: false, line: fence.start, message: 'empty mermaid block' };
        segments.push({ type: 'mermaid', text });
      } else prose.push(line);
      fence = undefined;
      continue;
    }
    if (fence.mermaid) fence.lines.push(line);
    else prose.push(line);
  }
  if (fence) return { ok: false, line: fence.start, message: `the ${fence.mermaid ? 'mermaid' : 'code'} block opened here is never closed` };
  flush();
  return { ok: true, segments };
}
