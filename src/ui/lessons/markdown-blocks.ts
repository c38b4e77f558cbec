/**
 * Lesson Markdown as data: blocks and inline spans that the Svelte view renders as text nodes.
 * No HTML from a lesson ever reaches the page (a lesson pack may come from anyone): raw HTML
 * stays literal text, and a link is kept only when it is http(s), a fragment or a relative path.
 * The subset the course uses: headings, paragraphs, lists, tables, quotes, code blocks, rules;
 * inline code, bold, italics and links.
 */

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'strong'; children: Inline[] }
  | { t: 'em'; children: Inline[] }
  | { t: 'link'; href: string; children: Inline[] };

export type Block =
  | { t: 'heading'; level: number; children: Inline[] }
  | { t: 'paragraph'; children: Inline[] }
  | { t: 'code'; lang: string; text: string }
  | { t: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { t: 'quote'; children: Block[] }
  | { t: 'rule' };

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^\s{0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^\\s{0,3}\\${fence[1][0]}{${fence[1].length},}\\s*$`).test(lines[i])) {
        body.push(lines[i]);
        i++;
      }
      i++;
      out.push({ t: 'code', lang: fence[2], text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push({ t: 'heading', level: heading[1].length, children: parseInline(heading[2]) });
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push({ t: 'rule' });
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) body.push(lines[i++].replace(/^\s{0,3}>\s?/, ''));
      out.push({ t: 'quote', children: parseBlocks(body.join('\n')) });
      continue;
    }
    if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
      const head = cells(line);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(cells(lines[i++]));
      out.push({ t: 'table', head, rows });
      continue;
    }
    const item = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+/.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const start = ordered ? Number(item[2]) : 1;
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i];
        const m = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(l);
        if (m && (m[2] !== undefined) === ordered) {
          items.push([m[3]]);
          i++;
        } else if (l.trim() && /^\s{2,}/.test(l) && items.length) {
          // A continuation line of the item above (indented).
          items[items.length - 1].push(l.trim());
          i++;
        } else break;
      }
      out.push({ t: 'list', ordered, start, items: items.map((parts) => parseInline(parts.join(' '))) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !startsBlock(lines[i])) para.push(lines[i++].trim());
    if (!para.length) para.push(lines[i++].trim());
    out.push({ t: 'paragraph', children: parseInline(para.join(' ')) });
  }
  return out;
}

function startsBlock(line: string): boolean {
  return /^\s{0,3}(`{3,}|~{3,}|#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|\|)/.test(line);
}

function cells(line: string): Inline[][] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => parseInline(c.trim().replace(/\\\|/g, '|')));
}

/** A link target that can't run script: http(s), mailto, a fragment or a relative path. */
export function safeHref(href: string): string | null {
  // The browser's URL parser drops leading C0 controls and spaces and tabs or newlines anywhere
  // before it reads the scheme, so `\u0001javascript:` would pass a scheme test and still run:
  // a lesson link has no reason to hold a control character at all.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(href)) return null;
  const h = href.trim();
  if (/^(https?:|mailto:)/i.test(h)) return h;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return null;
  return h;
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ t: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()#|<>!-]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        flush();
        out.push({ t: 'code', text: text.slice(i + ticks.length, end).trim() });
        i = end + ticks.length;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = text.indexOf(c + c, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ t: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] && text[i + 1] !== ' ' && (c === '*' || !/\w/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf(c, i + 1);
      if (end > i + 1 && text[end - 1] !== ' ' && (c === '*' || !/\w/.test(text[end + 1] ?? ''))) {
        flush();
        out.push({ t: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const m = /^\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/.exec(text.slice(i));
      if (m) {
        flush();
        const href = safeHref(m[2]);
        const children = parseInline(m[1]);
        if (href === null) out.push(...children);
        else out.push({ t: 'link', href, children });
        i += m[0].length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}
