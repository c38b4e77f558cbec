import { describe, expect, it } from 'vitest';
import { compileSafeRegex, expandJavaReplacement, javaSplit } from './regex';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './util';

describe('$util functions (DG api-gateway-mapping-template-reference, "$util variables")', () => {
  it("escapeJavaScript turns ' into \\' (DG) and escapes \", \\, / and control characters as Commons Lang does", () => {
    expect(escapeJavaScript(`it's "x" \\ a/b\t\r\n\b\f\u0001`)).toBe(`it\\'s \\"x\\" \\\\ a\\/b\\t\\r\\n\\b\\f\\u0001`);
  });

  it('escapeJavaScript writes every character above U+007F as \\uXXXX, one per UTF-16 unit', () => {
    expect(escapeJavaScript('é€😀')).toBe('\\u00E9\\u20AC\\uD83D\\uDE00');
  });

  it("urlEncode follows Java's URLEncoder: space is +, only .-*_ stay unescaped", () => {
    expect(urlEncode("a b.c-d*e_f~g!h'i(j)k")).toBe('a+b.c-d*e_f%7Eg%21h%27i%28j%29k');
    expect(urlEncode('x=a+b')).toBe('x%3Da%2Bb');
  });

  it('urlDecode turns + into a space and decodes UTF-8 escapes; a bad escape throws', () => {
    expect(urlDecode('x%3Da+b%E2%82%AC')).toBe('x=a b€');
    expect(() => urlDecode('100%')).toThrow(/illegal hex/u);
  });

  it('base64Encode encodes UTF-8 with padding; base64Decode accepts it with or without padding', () => {
    expect(['', 'f', 'fo', 'foo', 'foob'].map(base64Encode)).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==']);
    expect(base64Decode('Zm9vYg')).toBe('foob');
    expect(base64Decode(base64Encode('naïve 😀'))).toBe('naïve 😀');
    expect(() => base64Decode('Zm9v!A')).toThrow(/illegal base64 character/u);
  });

  it("encodes a lone surrogate as U+FFFD, the bytes module's one rule (core/bytes.ts)", () => {
    expect(urlEncode('a\uD800')).toBe('a%EF%BF%BD');
    expect(base64Encode('\uDC00')).toBe('77+9');
  });

  it('base64Decode replaces invalid UTF-8 with U+FFFD, as Java decodes bytes', () => {
    expect(base64Decode('/w==')).toBe('\uFFFD');
  });
});

describe('regexes from untrusted templates and models', () => {
  it('compiles ordinary Java patterns and translates \\Q…\\E, \\A, \\z and a leading (?i)', () => {
    const r = compileSafeRegex('(?i)\\Aa.b\\Q*+\\E\\z', 'java');
    expect(r.ok && r.regex.test('A-B*+')).toBe(true);
    expect(r.ok && r.regex.test('axb+')).toBe(false);
  });

  it('refuses shapes that backtrack exponentially, backreferences and Java-only syntax', () => {
    for (const p of ['(a+)+', '(a|aa)*', '(x*y?)*z', '(a)\\1', 'a*+', '(?>a)', '\\p{Alpha}', '[a-z&&[^b]]']) {
      expect(compileSafeRegex(p, 'java').ok, p).toBe(false);
    }
    for (const p of ['(ab)+', '(a+)?', '[0-9]+(\\.[0-9]+)?', '^[A-Z][a-z]*$'])
      expect(compileSafeRegex(p, 'java').ok, p).toBe(true);
  });

  it("split follows Java: trailing empty strings go, a zero-width match at 0 adds no leading ''", () => {
    const split = (s: string, p: string) => {
      const r = compileSafeRegex(p, 'java');
      if (!r.ok) throw new Error(r.message);
      return javaSplit(s, r.regex);
    };
    expect(split('a,b,,', ',')).toEqual(['a', 'b']);
    expect(split(',a', ',')).toEqual(['', 'a']);
    expect(split('abc', '')).toEqual(['a', 'b', 'c']);
    expect(split('abc', 'x')).toEqual(['abc']);
    expect(split(',', ',')).toEqual([]);
  });

  it('expands $n, ${name} and \\x in replacements; a stray $ is an error, as in Java', () => {
    expect(expandJavaReplacement('$2-$1 \\$ ${w}', ['ab', 'a', 'b'], { w: 'W' })).toBe('b-a $ W');
    expect(() => expandJavaReplacement('cost $', ['x'], undefined)).toThrow(/Illegal group reference/u);
  });
});
