import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline, safeHref } from './markdown-blocks';

describe('lesson Markdown as data', () => {
  it('keeps raw HTML as literal text', () => {
    expect(parseBlocks('<img src=x onerror=alert(1)>')).toEqual([
      { t: 'paragraph', children: [{ t: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it('drops a javascript: link target and keeps its text', () => {
    expect(parseInline('[click](javascript:void)')).toEqual([{ t: 'text', text: 'click' }]);
    expect(parseInline('[AWS](https://docs.aws.amazon.com/)')[0]).toMatchObject({ t: 'link', href: 'https://docs.aws.amazon.com/' });
  });

  it('drops a javascript: target hidden behind control characters, which the browser would strip', () => {
    for (const target of ['\u0001javascript:void', '\u0000javascript:void', '\u001fJavaScript:void', 'javascript\u007f:x'])
      expect(parseInline(`[click](${target})`)).toEqual([{ t: 'text', text: 'click' }]);
    // A tab or newline ends the link syntax itself: literal text, never a link.
    expect(parseInline('[click](java\tscript:alert(1))').some((n) => n.t === 'link')).toBe(false);
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref('\u0001javascript:alert(1)')).toBeNull();
    expect(safeHref(' #/lessons/01-first ')).toBe('#/lessons/01-first');
  });

  it('reads headings, lists, tables, code blocks and inline code', () => {
    const blocks = parseBlocks('## Task\n\n1. Add `joinRoom`\n2. Write **leaveRoom**\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```json\n{"a":1}\n```');
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'list', 'table', 'code']);
    expect(blocks[1]).toMatchObject({ t: 'list', ordered: true, items: [[{ t: 'text' }, { t: 'code', text: 'joinRoom' }], expect.anything()] });
    expect(blocks[3]).toEqual({ t: 'code', lang: 'json', text: '{"a":1}' });
  });
});
