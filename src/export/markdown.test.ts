import { describe, expect, it } from 'vitest';
import { chatTrace, MALICIOUS } from '../diagram/fixtures';
import { traceToMermaid } from '../diagram';
import { escapeMarkdown, numberedSteps, traceMarkdown } from './markdown';
import { exportFileName } from './names';

describe('escapeMarkdown', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src\\=x onerror\\=alert\\(1\\)&gt;'],
    ['[click](javascript:alert(1))', '\\[click\\]\\(javascript\\:alert\\(1\\)\\)'],
    ['**bold** _em_ `code` ~~del~~', '\\*\\*bold\\*\\* \\_em\\_ \\`code\\` \\~\\~del\\~\\~'],
    ['$$x$$ & "q"', '\\$\\$x\\$\\$ &amp; &quot;q&quot;'],
    ['line\n# heading\n```', 'line \\# heading \\`\\`\\`'],
    ['a | b', 'a \\| b'],
    ['plain words, 200 OK', 'plain words, 200 OK'],
  ])('%j → %j', (raw, escaped) => {
    expect(escapeMarkdown(raw)).toBe(escaped);
  });

  it('never leaves a character that starts markup, a link, an entity or a new block', () => {
    for (const raw of MALICIOUS) {
      const out = escapeMarkdown(raw);
      expect(out).not.toMatch(/[<>\n]/);
      // Every `&` starts one of our entities; every punctuation mark is escaped.
      expect(out.replace(/&(amp|lt|gt|quot);/g, '')).not.toContain('&');
      expect(out).not.toMatch(/(^|[^\\])[[\]()`*_!]/);
    }
  });
});

describe('traceMarkdown', () => {
  const window = { window: { start: 2, size: 5 } };
  // The second drawn step says something hostile.
  const target = traceToMermaid(chatTrace(), window).items.filter((i) => i.seq !== undefined)[1]!.seq;
  const events = chatTrace().map((e) => (e.seq === target ? { ...e, summary: '<script>alert(1)</script> [x](y)' } : e));
  const diagram = traceToMermaid(events, window);
  const steps = numberedSteps(diagram, events, 3);

  it('numbers the drawn steps as in the whole trace, with who sent what to whom', () => {
    expect(steps.map((s) => s.n)).toEqual([3, 4, 5, 6, 7]);
    expect(steps[1]).toMatchObject({
      from: 'API Gateway',
      to: 'λ onconnect',
      summary: '<script>alert(1)</script> [x](y)',
    });
  });

  it('holds the diagram in a mermaid block and the steps as a numbered list, with summaries escaped', () => {
    const md = traceMarkdown({ title: 'Chat: Alice & Bob', caption: 'Steps 3–7 of 20', mermaid: diagram.text, steps });
    expect(md).toContain(`\`\`\`mermaid\n${diagram.text.trimEnd()}\n\`\`\`\n`);
    expect(md.startsWith('## Chat\\: Alice &amp; Bob\n\nSteps 3–7 of 20\n')).toBe(true);
    expect(md).toContain('\n4. API Gateway → λ onconnect: &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(y\\)\n');
    const list = md.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(list.map((l) => Number(l.split('.')[0]))).toEqual([3, 4, 5, 6, 7]);
  });

  it('fences the diagram with more backticks than it holds', () => {
    expect(traceMarkdown({ title: 't', mermaid: 'a ```` b', steps: [] })).toContain('`````mermaid\na ```` b\n`````');
  });
});

describe('exportFileName', () => {
  it('says what and when, in local time, without characters file systems refuse', () => {
    const at = new Date(2026, 11, 7, 14, 5);
    expect(exportFileName('trace', 'json', at)).toBe('api-gateway-playground-trace-2026-12-07T14-05.json');
    expect(exportFileName('diagram', 'png', at)).toBe('api-gateway-playground-diagram-2026-12-07T14-05.png');
  });
});
