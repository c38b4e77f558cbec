import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { getAtt, ref, sub, toYaml } from './yaml';

const tags = ['Ref', 'Sub', 'GetAtt'].map((name) => ({ tag: `!${name}`, resolve: (v: string) => ({ [name]: v }) }));
const read = (text: string) => parseDocument(text, { customTags: tags }).toJS();

describe('toYaml', () => {
  it('writes strings a plain scalar would misread so they read back as the same strings', () => {
    const tricky = [
      'true',
      'No',
      'null',
      '~',
      '123',
      '1e3',
      '0x1F',
      '.5',
      '',
      ' padded',
      'a: b',
      'x #y',
      '- dash',
      '*star',
      '!bang',
      '@at',
      '"quoted"',
      "it's",
      'two\nlines',
      '{"statusCode": 200}',
      '$default',
      '$request.body.action',
      'GET /orders/{id}',
      'ANY /{proxy+}',
      "'POST,OPTIONS'",
      'método',
      '2012-10-17',
      'method.request.path.id',
    ];
    const doc = { Strings: tricky, Map: Object.fromEntries(tricky.filter(Boolean).map((t) => [t, t])) };
    expect(read(toYaml(doc))).toEqual(doc);
  });

  it('keeps numbers and booleans typed, and leaves undefined entries out', () => {
    expect(read(toYaml({ Timeout: 3, Enabled: false, Gone: undefined, Nested: { Zero: 0 } }))).toEqual({
      Timeout: 3,
      Enabled: false,
      Nested: { Zero: 0 },
    });
  });

  it('writes intrinsics in their short form: !Ref, !Sub, !GetAtt', () => {
    const text = toYaml({ A: ref('Table'), B: sub('${Api}/*'), C: [getAtt('Fn', 'Arn')] });
    expect(text).toBe('A: !Ref Table\nB: !Sub ${Api}/*\nC:\n  - !GetAtt Fn.Arn\n');
    expect(read(text)).toEqual({ A: { Ref: 'Table' }, B: { Sub: '${Api}/*' }, C: [{ GetAtt: 'Fn.Arn' }] });
  });

  it('nests mappings inside sequences and writes empty collections inline', () => {
    const doc = { List: [{ Effect: 'Allow', Action: ['a', 'b'] }, []], Empty: {} };
    expect(read(toYaml(doc))).toEqual(doc);
  });
});
