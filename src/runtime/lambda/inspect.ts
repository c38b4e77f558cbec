/**
 * `util.format`/`util.inspect`, lite: how Node (and so Lambda) prints `console.log` arguments,
 * so a learner's log lines read as they would in CloudWatch (docs: lambda/latest/dg/nodejs-logging).
 * Covers what handlers log in practice: primitives, plain objects, arrays, Errors, Dates, Maps,
 * Sets, typed arrays, class instances, circular references; depth 2 like Node's default.
 */

const MAX_DEPTH = 2;
/** Node breaks an object over several lines when its one-line form is longer than this. */
const BREAK_LENGTH = 72;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

function key(k: string | symbol): string {
  if (typeof k === 'symbol') return `[${k.toString()}]`;
  return IDENT.test(k) ? k : quote(k);
}

function wrap(prefix: string, open: string, close: string, entries: string[], indent: string): string {
  if (entries.length === 0) return `${prefix}${open}${close}`;
  const oneLine = `${prefix}${open} ${entries.join(', ')} ${close}`;
  if (oneLine.length <= BREAK_LENGTH && !entries.some((e) => e.includes('\n'))) return oneLine;
  const inner = indent + '  ';
  return `${prefix}${open}\n${entries.map((e) => inner + e.replace(/\n/g, `\n${inner}`)).join(',\n')}\n${indent}${close}`;
}

function constructorName(v: object): string | undefined {
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  if (proto === null) return '[Object: null prototype]';
  return proto.constructor?.name;
}

function inspectValue(v: unknown, depth: number, seen: object[], indent: string, nested: boolean): string {
  switch (typeof v) {
    case 'string':
      return nested ? quote(v) : v;
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
    case 'undefined':
      return String(v);
    case 'symbol':
      return v.toString();
    case 'function': {
      const isClass = /^class\b/.test(Function.prototype.toString.call(v));
      const name = (v as { name?: string }).name;
      return isClass ? `[class ${name || '(anonymous)'}]` : `[Function: ${name || '(anonymous)'}]`;
    }
  }
  if (v === null) return 'null';
  const obj = v as object;
  if (seen.includes(obj)) return '[Circular *1]';
  if (obj instanceof Error) return obj.stack ?? `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return obj.toString();
  if (obj instanceof Promise) return 'Promise { <pending> }';
  const name = constructorName(obj);
  if (depth > MAX_DEPTH) {
    if (Array.isArray(obj)) return '[Array]';
    return `[${name && name !== 'Object' ? name : 'Object'}]`;
  }
  const next = [...seen, obj];
  const child = (x: unknown) => inspectValue(x, depth + 1, next, indent + '  ', true);
  if (Array.isArray(obj)) {
    const items = obj.slice(0, 100).map(child);
    if (obj.length > 100) items.push(`... ${obj.length - 100} more items`);
    return wrap('', '[', ']', items, indent);
  }
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    const arr = Array.from(obj as unknown as ArrayLike<number>);
    if (name === 'Buffer') {
      const hex = arr.slice(0, 50).map((b) => b.toString(16).padStart(2, '0'));
      return `<Buffer ${hex.join(' ')}${arr.length > 50 ? ` ... ${arr.length - 50} more bytes` : ''}>`;
    }
    return wrap(`${name}(${arr.length}) `, '[', ']', arr.slice(0, 100).map(String), indent);
  }
  if (obj instanceof Map) {
    const entries = [...obj].map(([k, val]) => `${child(k)} => ${child(val)}`);
    return wrap(`Map(${obj.size}) `, '{', '}', entries, indent);
  }
  if (obj instanceof Set) return wrap(`Set(${obj.size}) `, '{', '}', [...obj].map(child), indent);
  const entries = Reflect.ownKeys(obj)
    .filter((k) => Object.prototype.propertyIsEnumerable.call(obj, k))
    .map((k) => `${key(k)}: ${child((obj as Record<string | symbol, unknown>)[k])}`);
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  return wrap(prefix, '{', '}', entries, indent);
}

/** `util.inspect(value)` with Node's defaults (depth 2, strings quoted). */
export function inspect(value: unknown): string {
  return inspectValue(value, 0, [], '', true);
}

/** `util.format(...args)`: printf-style `%s %d %i %f %j %o %O %%` in a first string, the rest inspected. */
export function format(...args: unknown[]): string {
  const out: string[] = [];
  let rest = args;
  const first = args[0];
  if (typeof first === 'string' && first.includes('%') && args.length > 1) {
    let i = 1;
    const text = first.replace(/%([sdifjoOc%])/g, (m, f: string) => {
      if (f === '%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (f) {
        case 's':
          return typeof a === 'string'
            ? a
            : typeof a === 'object' && a !== null
              ? inspectValue(a, 1, [], '', true)
              : String(a);
        case 'd':
        case 'i': {
          const n = typeof a === 'bigint' ? a : Number(a);
          return typeof n === 'bigint' ? `${n}n` : String(f === 'i' ? Math.trunc(n) : n);
        }
        case 'f':
          return String(Number(a));
        case 'j':
          try {
            return JSON.stringify(a);
          } catch {
            return '[Circular]';
          }
        case 'c':
          return '';
        default:
          return inspect(a);
      }
    });
    out.push(text);
    rest = args.slice(i);
  } else if (args.length > 0) {
    out.push(inspectValue(first, 0, [], '', false));
    rest = args.slice(1);
  }
  for (const a of rest) out.push(inspectValue(a, 0, [], '', false));
  return out.join(' ');
}
