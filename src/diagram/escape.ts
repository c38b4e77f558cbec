/**
 * Making untrusted text safe for Mermaid's sequence-diagram grammar.
 *
 * Everything that reaches a label (chat messages, query strings, function names, error messages,
 * even numbers from an imported share link) is untrusted. Mermaid's sequence lexer ends a message,
 * note or display name at `#`, `;` or a newline, treats `%%` as a comment and `%%{…}%%` as a config
 * directive, renders `$$…$$` as KaTeX and splits lines on `<br>`. So: collapse whitespace, drop
 * invisible characters, cut to a preview length, then write every ASCII character outside a small
 * safe set as a Mermaid entity code (`#60;`). Mermaid swaps those codes for placeholders before
 * parsing and turns them into XML character references in the SVG, so they show as the original
 * character but can never become markup or grammar.
 */

/** The default preview length for user text in a label (frames, query strings, error messages). */
export const PREVIEW_LENGTH = 48;

/** ASCII characters that are inert in every label position we emit (text after `:` or `as`). */
const SAFE_ASCII = /^[A-Za-z0-9 ._,/?=!'()[\]*+@|~^-]$/;

/**
 * Mermaid's own entity placeholders are `ﬂ°°…¶ß` and `ﬂ°…¶ß`, decoded by a plain string replace on
 * the finished SVG. Encoding `ﬂ` and `¶` means user text can never forge one.
 */
const PLACEHOLDER_CHARS = new Set([0xfb02, 0xb6]);

/**
 * Collapses whitespace (newlines, tabs, Unicode line separators, control characters) to single
 * spaces, removes invisible format characters (zero-width, bidi overrides) and lone surrogates,
 * and cuts the result to `maxLength` code points with an ellipsis. Returns plain, unencoded text.
 */
export function previewText(raw: unknown, maxLength: number = PREVIEW_LENGTH): string {
  const text = (typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw))
    .replace(/[\p{Cf}\p{Cs}]/gu, '')
    .replace(/[\s\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .trim();
  const points = Array.from(text);
  if (points.length <= maxLength) return text;
  if (maxLength < 1) return '';
  return `${points
    .slice(0, maxLength - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * Writes plain text (already passed through `previewText`) with Mermaid entity codes for every
 * character that could mean something to Mermaid's sequence grammar or to HTML.
 */
export function encodeMermaidText(plain: string): string {
  let out = '';
  for (const ch of plain) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out += SAFE_ASCII.test(ch) ? ch : `#${cp};`;
    else out += PLACEHOLDER_CHARS.has(cp) ? `#${cp};` : ch;
  }
  return out;
}

/** `previewText` then `encodeMermaidText`: untrusted text in, a label fragment safe for Mermaid out. */
export function escapeMermaidText(raw: unknown, maxLength: number = PREVIEW_LENGTH): string {
  return encodeMermaidText(previewText(raw, maxLength));
}
