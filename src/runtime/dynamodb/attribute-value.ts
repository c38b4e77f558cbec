/**
 * DynamoDB attribute values (`{S:'…'}`, `{N:'1'}`, `{BOOL:true}`, `{M:…}`, `{L:…}`, `{NULL:true}`,
 * `{B:bytes}`, `{SS|NS|BS:[…]}`), the wire format of the low-level API, and the conversions the
 * document client (`@aws-sdk/lib-dynamodb`, `@aws-sdk/util-dynamodb`) makes to plain JS values.
 * DynamoDB DG: HowItWorks.NamingRulesDataTypes; SDK v3 util-dynamodb marshall/unmarshall.
 */

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Uint8Array[] };

export type AttributeMap = Record<string, AttributeValue>;

export const AV_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const;
export type AvType = (typeof AV_TYPES)[number];

/** A DynamoDB service error as the service reports it (the SDK shim adds `$metadata` etc.). */
export class DynamoDbError extends Error {
  constructor(
    name: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = name;
  }
}

export function validation(message: string): DynamoDbError {
  return new DynamoDbError('ValidationException', message);
}

/** The single type key of a valid attribute value; throws ValidationException otherwise. */
export function avType(v: unknown): AvType {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw validation(`Supplied AttributeValue is empty, must contain exactly one of the supported datatypes`);
  }
  const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !(AV_TYPES as readonly string[]).includes(keys[0])) {
    throw validation(
      keys.length > 1
        ? 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'
        : 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  return keys[0] as AvType;
}

/** Checks an attribute value deeply (numbers parse, sets are non-empty). */
export function validateValue(v: unknown): AttributeValue {
  const t = avType(v);
  const raw = (v as Record<string, unknown>)[t];
  const badNumber = (n: unknown) => typeof n !== 'string' || n.trim() === '' || !Number.isFinite(Number(n));
  switch (t) {
    case 'S':
      if (typeof raw !== 'string') throw validation('Invalid attribute value type: S must be a string');
      break;
    case 'N':
      if (badNumber(raw)) throw validation(`The parameter cannot be converted to a numeric value: ${String(raw)}`);
      break;
    case 'BOOL':
      if (typeof raw !== 'boolean') throw validation('Invalid attribute value type: BOOL must be a boolean');
      break;
    case 'NULL':
      if (raw !== true)
        throw validation(
          'One or more parameter values were invalid: Null attribute value types must have the value of true',
        );
      break;
    case 'M':
      if (!raw || typeof raw !== 'object') throw validation('Invalid attribute value type: M must be a map');
      for (const x of Object.values(raw)) validateValue(x);
      break;
    case 'L':
      if (!Array.isArray(raw)) throw validation('Invalid attribute value type: L must be a list');
      for (const x of raw) validateValue(x);
      break;
    case 'SS':
    case 'NS':
    case 'BS':
      if (!Array.isArray(raw) || raw.length === 0) {
        throw validation('One or more parameter values were invalid: An string set  may not be empty');
      }
      if (t === 'NS' && raw.some(badNumber)) throw validation('The parameter cannot be converted to a numeric value');
      if (new Set(raw.map((x) => (t === 'BS' ? String(Array.from(x as Uint8Array)) : x))).size !== raw.length) {
        throw validation('One or more parameter values were invalid: Input collection contains duplicates');
      }
      break;
    case 'B':
      if (!(raw instanceof Uint8Array)) throw validation('Invalid attribute value type: B must be binary');
      break;
  }
  return v as AttributeValue;
}

export function validateItem(item: unknown, what = 'Item'): AttributeMap {
  if (!item || typeof item !== 'object' || Array.isArray(item))
    throw validation(
      `1 validation error detected: Value null at '${what.toLowerCase()}' failed to satisfy constraint: Member must not be null`,
    );
  for (const v of Object.values(item)) validateValue(v);
  return item as AttributeMap;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Deep equality as DynamoDB's `=` sees it (numbers by value, sets unordered). */
export function avEquals(a: AttributeValue, b: AttributeValue): boolean {
  const ta = avType(a);
  if (ta !== avType(b)) return false;
  const x = (a as Record<string, unknown>)[ta];
  const y = (b as Record<string, unknown>)[ta];
  switch (ta) {
    case 'N':
      return Number(x) === Number(y);
    case 'B':
      return bytesEqual(x as Uint8Array, y as Uint8Array);
    case 'M': {
      const mx = x as AttributeMap;
      const my = y as AttributeMap;
      const kx = Object.keys(mx);
      return kx.length === Object.keys(my).length && kx.every((k) => k in my && avEquals(mx[k], my[k]));
    }
    case 'L': {
      const lx = x as AttributeValue[];
      const ly = y as AttributeValue[];
      return lx.length === ly.length && lx.every((v, i) => avEquals(v, ly[i]));
    }
    case 'SS':
    case 'NS': {
      const norm = (s: string[]) => new Set(ta === 'NS' ? s.map((n) => String(Number(n))) : s);
      const sx = norm(x as string[]);
      const sy = norm(y as string[]);
      return sx.size === sy.size && [...sx].every((v) => sy.has(v));
    }
    case 'BS': {
      const bx = x as Uint8Array[];
      const by = y as Uint8Array[];
      return bx.length === by.length && bx.every((v) => by.some((w) => bytesEqual(v, w)));
    }
    default:
      return x === y;
  }
}

/**
 * Orders two scalar values of the same type (N numerically, S by code point, B bytewise), as
 * DynamoDB orders sort keys and evaluates `<`, `>`, BETWEEN. Returns undefined when the types
 * differ or are not ordered (the comparison is then false).
 */
export function avCompare(a: AttributeValue, b: AttributeValue): number | undefined {
  const ta = avType(a);
  if (ta !== avType(b)) return undefined;
  const x = (a as Record<string, unknown>)[ta];
  const y = (b as Record<string, unknown>)[ta];
  if (ta === 'N') return Number(x) - Number(y);
  if (ta === 'S') return (x as string) < (y as string) ? -1 : (x as string) > (y as string) ? 1 : 0;
  if (ta === 'B') return compareBytes(x as Uint8Array, y as Uint8Array);
  return undefined;
}

/** Options of `marshall` as in `@aws-sdk/util-dynamodb`. */
export interface MarshallOptions {
  removeUndefinedValues?: boolean;
  convertEmptyValues?: boolean;
  convertClassInstanceToMap?: boolean;
}

/** Plain JS → attribute value, as `@aws-sdk/util-dynamodb`'s `convertToAttr`. */
export function toAttr(value: unknown, options: MarshallOptions = {}): AttributeValue {
  if (value === null) return { NULL: true };
  if (value === undefined) {
    throw new Error('Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.');
  }
  switch (typeof value) {
    case 'string':
      return options.convertEmptyValues && value === '' ? { NULL: true } : { S: value };
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new Error(`Number ${value} is greater than Number.MAX_SAFE_INTEGER. Use BigInt.`);
      }
      return { N: String(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object': {
      if (value instanceof Uint8Array) return { B: value };
      if (ArrayBuffer.isView(value)) {
        const v = value as ArrayBufferView;
        return { B: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) };
      }
      if (value instanceof ArrayBuffer) return { B: new Uint8Array(value) };
      if (Array.isArray(value)) {
        const items = options.removeUndefinedValues ? value.filter((v) => v !== undefined) : value;
        return { L: items.map((v) => toAttr(v, options)) };
      }
      if (value instanceof Set) {
        const items = [...value].filter((v) => !(options.removeUndefinedValues && v === undefined));
        if (items.length === 0) {
          if (options.convertEmptyValues) return { NULL: true };
          throw new Error('Pass a non-empty set, or options.convertEmptyValues=true.');
        }
        if (items.every((v) => typeof v === 'number' || typeof v === 'bigint')) return { NS: items.map(String) };
        if (items.every((v) => typeof v === 'string')) return { SS: items as string[] };
        if (items.every((v) => v instanceof Uint8Array)) return { BS: items as Uint8Array[] };
        throw new Error('Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.');
      }
      if (value instanceof Map) {
        const m: AttributeMap = {};
        for (const [k, v] of value) {
          if (v === undefined && options.removeUndefinedValues) continue;
          m[String(k)] = toAttr(v, options);
        }
        return { M: m };
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null && !options.convertClassInstanceToMap) {
        throw new Error(
          `Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`,
        );
      }
      return { M: marshallItem(value as Record<string, unknown>, options) };
    }
    default:
      throw new Error(`Unsupported type passed: ${String(value)}`);
  }
}

/** Plain object → attribute map (`marshall`). */
export function marshallItem(obj: Record<string, unknown>, options: MarshallOptions = {}): AttributeMap {
  const out: AttributeMap = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) {
      if (options.removeUndefinedValues) continue;
      throw new Error('Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.');
    }
    out[k] = toAttr(v, options);
  }
  return out;
}

/** Attribute value → plain JS (`convertToNative`): N → number, sets → Set. */
export function fromAttr(av: AttributeValue): unknown {
  const t = avType(av);
  const raw = (av as Record<string, unknown>)[t];
  switch (t) {
    case 'N':
      return Number(raw);
    case 'NULL':
      return null;
    case 'M':
      return unmarshallItem(raw as AttributeMap);
    case 'L':
      return (raw as AttributeValue[]).map(fromAttr);
    case 'NS':
      return new Set((raw as string[]).map(Number));
    case 'SS':
    case 'BS':
      return new Set(raw as unknown[]);
    default:
      return raw;
  }
}

/** Attribute map → plain object (`unmarshall`). */
export function unmarshallItem(item: AttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) out[k] = fromAttr(v);
  return out;
}
