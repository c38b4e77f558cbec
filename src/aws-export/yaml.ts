/**
 * A small YAML writer for CloudFormation templates, so the page can export without bundling a
 * YAML library: block mappings and sequences, strings quoted whenever a plain scalar could be
 * misread (JSON's double-quoted form is valid YAML), and CloudFormation's short-form
 * intrinsics (`!Ref`, `!Sub`, `!GetAtt`) as tagged scalars.
 */

/** A CloudFormation intrinsic function in its short YAML form. */
export class Intrinsic {
  constructor(
    readonly tag: 'Ref' | 'Sub' | 'GetAtt',
    readonly value: string,
  ) {}
}

export const ref = (logicalId: string) => new Intrinsic('Ref', logicalId);
export const sub = (text: string) => new Intrinsic('Sub', text);
export const getAtt = (logicalId: string, attribute: string) => new Intrinsic('GetAtt', `${logicalId}.${attribute}`);

export type YamlValue = string | number | boolean | Intrinsic | YamlValue[] | { [key: string]: YamlValue | undefined };

/** YAML 1.1 and 1.2 words and shapes a plain scalar must not take (they would read as bool, null or number). */
const RESERVED =
  /^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?(?:\.?\d[\d_.:eE+-]*|\.inf|\.nan|0x[\da-fA-F]+|0o[0-7]+))$/i;
const PLAIN = /^[A-Za-z0-9_$/.][A-Za-z0-9_$/.:{}*+@ -]*$/;

function scalar(text: string): string {
  if (text !== '' && PLAIN.test(text) && !RESERVED.test(text) && !text.endsWith(' ') && !/: |:$| #/.test(text))
    return text;
  return JSON.stringify(text);
}

function isBlock(value: YamlValue | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return (
    typeof value === 'object' && !(value instanceof Intrinsic) && Object.values(value).some((v) => v !== undefined)
  );
}

function inline(value: YamlValue): string {
  if (value instanceof Intrinsic) return `!${value.tag} ${scalar(value.value)}`;
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? '[]' : '{}';
}

function lines(value: YamlValue, indent: string): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isBlock(item)) out.push(`${indent}- ${inline(item)}`);
      else {
        const inner = lines(item, `${indent}  `);
        out.push(`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1));
      }
    }
    return out;
  }
  for (const [key, v] of Object.entries(value as Record<string, YamlValue | undefined>)) {
    if (v === undefined) continue;
    if (isBlock(v)) out.push(`${indent}${scalar(key)}:`, ...lines(v, `${indent}  `));
    else out.push(`${indent}${scalar(key)}: ${inline(v)}`);
  }
  return out;
}

/** The document as YAML text; `undefined` entries of mappings are left out. */
export function toYaml(document: Record<string, YamlValue | undefined>): string {
  return lines(document, '').join('\n') + '\n';
}
