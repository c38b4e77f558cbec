import { describe, expect, it } from 'vitest';
import { parseFrontMatter, splitMermaid } from './markdown';

describe('parseFrontMatter', () => {
  it('reads key: value lines between --- fences and returns the body after them', () => {
    const r = parseFrontMatter('---\ntitle: A first API\napi: websocket\nestimate: 10\n---\n\n# Hello\n');
    expect(r).toEqual({ ok: true, fields: { title: 'A first API', api: 'websocket', estimate: '10' }, body: '# Hello\n' });
  });

  it('unquotes double-quoted (JSON) and single-quoted values, keeping colons inside them', () => {
    const r = parseFrontMatter(`---\ntitle: "Routes: the \\"action\\" key"\nsummary: 'It''s fine: really'\n---\nx`);
    expect(r).toMatchObject({ ok: true, fields: { title: 'Routes: the "action" key', summary: "It's fine: really" } });
  });

  it('rejects a file without front matter, naming line 1', () => {
    expect(parseFrontMatter('# Title\n')).toEqual({ ok: false, line: 1, message: expect.stringContaining('front matter') });
  });

  it('rejects an unclosed block, a duplicate key and a line that is not key: value, with the line', () => {
    expect(parseFrontMatter('---\ntitle: x\n')).toMatchObject({ ok: false, message: expect.stringContaining('not closed') });
    expect(parseFrontMatter('---\ntitle: x\ntitle: y\n---\n')).toMatchObject({ ok: false, line: 3, message: 'duplicate key "title"' });
    expect(parseFrontMatter('---\n- item\n---\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseFrontMatter('---\ntitle: "open\n---\n')).toMatchObject({ ok: false, line: 2, message: expect.stringContaining('quotes') });
  });
});

describe('splitMermaid', () => {
  it('splits prose from mermaid blocks and keeps other code blocks in the prose', () => {
    const md = 'Intro\n\n```json\n{"a": 1}\n```\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\nAfter';
    expect(splitMermaid(md)).toEqual({
      ok: true,
      segments: [
        { type: 'markdown', text: 'Intro\n\n```json\n{"a": 1}\n```' },
        { type: 'mermaid', text: 'sequenceDiagram\n  A->>B: hi' },
        { type: 'markdown', text: 'After' },
      ],
    });
  });

  it('does not close a ```` fence on ``` and accepts ~~~ fences', () => {
    const md = '````mermaid\nflowchart LR\n```\nA-->B\n````\n~~~mermaid\nflowchart TD\n~~~';
    const r = splitMermaid(md);
    expect(r).toEqual({
      ok: true,
      segments: [
        { type: 'mermaid', text: 'flowchart LR\n```\nA-->B' },
        { type: 'mermaid', text: 'flowchart TD' },
      ],
    });
  });

  it('rejects an unclosed block and an empty mermaid block, naming the line where it opens', () => {
    expect(splitMermaid('a\n```mermaid\nflowchart LR\n')).toEqual({ ok: false, line: 2, message: expect.stringContaining('never closed') });
    expect(splitMermaid('```mermaid\n\n```')).toEqual({ ok: false, line: 1, message: 'empty mermaid block' });
  });
});
