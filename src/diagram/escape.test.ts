import { describe, expect, it } from 'vitest';
import { encodeMermaidText, escapeMermaidText, previewText, PREVIEW_LENGTH } from './escape';
import { MALICIOUS } from './fixtures';

/** What the reader sees: Mermaid turns `#NN;` codes back into characters in the SVG. */
const decode = (s: string) => s.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
/** The label with its entity codes removed: only raw characters that came through unencoded. */
const raw = (s: string) => s.replace(/#\d+;/g, '');

describe('escapeMermaidText', () => {
  it.each(MALICIOUS.map((input) => [JSON.stringify(input).slice(0, 40), input]))(
    'leaves no Mermaid or HTML syntax from user text: %s',
    (_name, input) => {
      const out = escapeMermaidText(input);
      expect(raw(out)).not.toMatch(/[<>;#%:"`$&{}\\\n\r\u2028\u2029\ufb02\u00b6]/);
      expect(out).not.toContain('-->>');
      expect(out).not.toMatch(/ﬂ°/);
      // Only the entity codes it wrote itself contain `#` or `;`.
      expect(out.replace(/#\d+;/g, '')).toBe(raw(out));
      expect(Array.from(decode(out)).length).toBeLessThanOrEqual(PREVIEW_LENGTH);
    },
  );

  it('shows the reader the text the learner wrote, after whitespace is collapsed', () => {
    const input = '<img src=x onerror=alert(1)>; #x: "q" %%';
    expect(decode(escapeMermaidText(input))).toBe(input);
    expect(escapeMermaidText('a<b')).toBe('a#60;b');
  });

  it('collapses newlines, tabs and Unicode separators to single spaces', () => {
    expect(previewText('a\n\n b\t\tc\r\nd\u2028e\u2029f\u0000g')).toBe('a b c d e f g');
  });

  it('removes invisible format characters such as bidi overrides and zero-width spaces', () => {
    expect(previewText('ab\u202ecd\u200bef\ufeff')).toBe('abcdef');
  });

  it('cuts long text to the preview length with an ellipsis', () => {
    const out = previewText('x'.repeat(100));
    expect(Array.from(out)).toHaveLength(PREVIEW_LENGTH);
    expect(out.endsWith('…')).toBe(true);
    expect(previewText('short')).toBe('short');
    expect(previewText('abcdef', 4)).toBe('abc…');
  });

  it('cuts by code points, so an emoji is never split into a lone surrogate', () => {
    const out = previewText('😀'.repeat(10), 5);
    expect(out).toBe('😀😀😀😀…');
  });

  it('keeps non-ASCII letters and symbols readable', () => {
    expect(encodeMermaidText('héllo 日本 λ → 😀 ß °')).toBe('héllo 日本 λ → 😀 ß °');
  });

  it("encodes the characters of Mermaid's own entity placeholders so they cannot be forged", () => {
    expect(encodeMermaidText('ﬂ°°60¶ß')).toBe('#64258;°°60#182;ß');
  });

  it('turns non-strings into text', () => {
    expect(escapeMermaidText(undefined)).toBe('');
    expect(escapeMermaidText(null)).toBe('');
    expect(escapeMermaidText(42)).toBe('42');
    expect(escapeMermaidText({ toString: () => 'a;b' })).toBe('a#59;b');
  });
});
