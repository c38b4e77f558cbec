import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, cutLine, cutMarker, utf8Length } from './limits';

describe('log line limits', () => {
  it('keeps a line of up to 256 KB of UTF-8 as it is', () => {
    const line = { level: 'log' as const, text: 'x'.repeat(MAX_LINE_BYTES), at: 1 };
    expect(cutLine(line)).toBe(line);
  });

  it('cuts a longer line at 256 KB of UTF-8, never inside a character, and says so with its size', () => {
    // 3-byte characters: 262,144 is not a multiple of 3, so the cut falls inside one.
    const text = '€'.repeat(MAX_LINE_BYTES / 3 + 10);
    const cut = cutLine({ level: 'log', text, at: 1 });
    const marker = cutMarker(utf8Length(text));
    expect(cut.text.endsWith(marker)).toBe(true);
    const head = cut.text.slice(0, -marker.length);
    expect(head).toBe('€'.repeat(Math.floor(MAX_LINE_BYTES / 3)));
    expect(utf8Length(head)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(marker).toContain('CloudWatch Logs keeps at most 262144 bytes per event');
  });
});
