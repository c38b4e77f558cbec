/**
 * Regular expressions from untrusted text (mapping templates' `replaceAll`/`split`/`matches`, which
 * API Gateway runs as Java regexes, and model `pattern`s, which are ECMA 262), compiled to a
 * JavaScript RegExp only when they cannot backtrack catastrophically.
 *
 * The engine runs on the page, so a pattern such as `(a+)+$` from a shared link would freeze it.
 * We refuse the shapes behind exponential backtracking: a repeated group (`*`, `+`, `{n,}`) that
 * itself contains a quantifier or an alternation, and backreferences. Java-only syntax with no JS
 * equivalent (possessive quantifiers, atomic groups, `\p{…}`, class intersections) is refused
 * with a message, never silently reinterpreted.
 */

export type RegexResult = { ok: true; regex: RegExp } | { ok: false; message: string };

/** Longer patterns are refused: templates and models never need them, and scanning stays cheap. */
export const MAX_PATTERN_LENGTH = 1000;

interface Frame {
  /** The group contains a quantifier or an alternation somewhere inside. */
  risky: boolean;
}

/**
 * Compiles `pattern` written for `dialect` into a RegExp (flags: `g` when `global`). Java syntax
 * that JS spells differently is translated (`\Q…\E`, `\A`, `\z`, `\e`, a leading `(?i)`).
 */
export function compileSafeRegex(pattern: string, dialect: 'java' | 'ecma', global = false): RegexResult {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  const refuse = (what: string): RegexResult => ({ ok: false, message: `${what} (in /${pattern}/)` });
  let flags = global ? 'g' : '';
  let src = '';
  let i = 0;
  if (dialect === 'java') {
    const inline = /^\(\?([imsx]+)\)/u.exec(pattern);
    if (inline) {
      if (inline[1].includes('x')) return refuse('the (?x) comments flag is not supported');
      for (const f of inline[1]) if (!flags.includes(f)) flags += f;
      i = inline[0].length;
    }
  }
  const stack: Frame[] = [{ risky: false }];
  /** What the last atom was, for the quantifier that may follow it. */
  let lastAtom: 'none' | 'atom' | 'group-risky' | 'group' = 'none';

  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return refuse('a pattern cannot end with a backslash');
      if (dialect === 'java' && next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        src += literal.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&');
        i = end < 0 ? pattern.length : end + 2;
        lastAtom = 'atom';
        continue;
      }
      if (/[1-9]/u.test(next) || next === 'k') return refuse('backreferences are not supported by the playground');
      if (dialect === 'java') {
        if ('pPhHRXG0'.includes(next)) return refuse(`\\${next} is not supported by the playground`);
        if (next === 'A') src += '^';
        else if (next === 'z' || next === 'Z') src += '$';
        else if (next === 'e') src += '\\x1B';
        else if (next === 'a') src += '\\x07';
        else src += '\\' + next;
      } else {
        if (next === 'p' || next === 'P') return refuse(`\\${next} is not supported by the playground`);
        src += '\\' + next;
      }
      i += 2;
      lastAtom = 'atom';
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++; // a leading ']' is literal
      for (; j < pattern.length && pattern[j] !== ']'; j++) {
        if (pattern[j] === '\\') j++;
        else if (dialect === 'java' && (pattern[j] === '[' || (pattern[j] === '&' && pattern[j + 1] === '&'))) {
          return refuse('character class unions and intersections are not supported by the playground');
        }
      }
      if (j >= pattern.length) return refuse("unclosed character class: expected ']'");
      src += pattern.slice(i, j + 1);
      i = j + 1;
      lastAtom = 'atom';
      continue;
    }
    if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const rest = pattern.slice(i + 2, i + 4);
        if (rest[0] === '>') return refuse('atomic groups are not supported by the playground');
        const ok = rest[0] === ':' || rest[0] === '=' || rest[0] === '!' || rest === '<=' || rest === '<!';
        const named = /^\(\?<[A-Za-z][A-Za-z0-9]*>/u.exec(pattern.slice(i));
        if (!ok && !named) return refuse('inline flags are supported only at the start of the pattern');
        const head = named ? named[0] : pattern.slice(i, i + (rest === '<=' || rest === '<!' ? 4 : 3));
        src += head;
        i += head.length;
      } else {
        src += ch;
        i++;
      }
      stack.push({ risky: false });
      lastAtom = 'none';
      continue;
    }
    if (ch === ')') {
      if (stack.length === 1) return refuse("unmatched ')'");
      const frame = stack.pop()!;
      if (frame.risky) stack[stack.length - 1].risky = true;
      src += ch;
      i++;
      lastAtom = frame.risky ? 'group-risky' : 'group';
      continue;
    }
    if (ch === '|') {
      stack[stack.length - 1].risky = true;
      src += ch;
      i++;
      lastAtom = 'none';
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      let q = ch;
      let unbounded = ch === '*' || ch === '+';
      if (ch === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/u.exec(pattern.slice(i));
        if (!m) {
          if (dialect === 'java') return refuse("'{' must start a quantifier such as {2} or {1,3}");
          src += '\\{';
          i++;
          lastAtom = 'atom';
          continue;
        }
        q = m[0];
        unbounded = m[2] !== undefined && m[3] === '';
      }
      if (lastAtom === 'none') return refuse(`a quantifier '${q}' must follow something to repeat`);
      const after = pattern[i + q.length];
      if (after === '+') return refuse('possessive quantifiers are not supported by the playground');
      if (unbounded && lastAtom === 'group-risky') {
        return refuse(
          'a repeated group that contains a quantifier or "|" can take exponential time, so the playground refuses it',
        );
      }
      stack[stack.length - 1].risky = true;
      src += q;
      i += q.length;
      if (after === '?') {
        src += '?';
        i++;
      }
      lastAtom = 'none';
      continue;
    }
    src += ch;
    i++;
    lastAtom = 'atom';
  }
  if (stack.length > 1) return refuse("unclosed group: expected ')'");
  try {
    return { ok: true, regex: new RegExp(src, flags) };
  } catch (e) {
    return refuse(`invalid pattern: ${(e as Error).message}`);
  }
}

/**
 * Expands a Java `Matcher.replaceAll` replacement: `$n` and `${name}` insert groups, `\x` is a
 * literal x. Anything else after `$` is an error, as in Java ("Illegal group reference").
 */
export function expandJavaReplacement(
  replacement: string,
  groups: readonly (string | undefined)[],
  named: Record<string, string | undefined> | undefined,
): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '\\') {
      if (i + 1 >= replacement.length) throw new Error('character to be escaped is missing');
      out += replacement[++i];
    } else if (ch === '$') {
      const m = /^\$(?:(\d)|\{([A-Za-z][A-Za-z0-9]*)\})/u.exec(replacement.slice(i));
      if (!m) throw new Error('Illegal group reference');
      if (m[1] !== undefined) {
        const n = Number(m[1]);
        if (n >= groups.length) throw new Error(`No group ${n}`);
        out += groups[n] ?? '';
      } else {
        if (!named || !(m[2] in named)) throw new Error(`No group with name {${m[2]}}`);
        out += named[m[2]] ?? '';
      }
      i += m[0].length - 1;
    } else out += ch;
  }
  return out;
}

/** Java's `String.split(regex)`: no leading empty string for a zero-width match at 0, trailing empties dropped. */
export function javaSplit(s: string, regex: RegExp): string[] {
  if (s === '') return [''];
  const re = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : regex.flags + 'g');
  const parts: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[0].length === 0) {
      if (m.index >= s.length) break;
      re.lastIndex = m.index + 1;
      if (m.index === 0) continue;
    }
    parts.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  if (parts.length === 0) return [s];
  parts.push(s.slice(last));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
