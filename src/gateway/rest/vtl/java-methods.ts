/**
 * The Java methods a mapping template may call on its values: java.lang.String, java.util.List,
 * java.util.Map, and a few on numbers and booleans (DG api-gateway-mapping-template-reference;
 * Velocity calls the Java object's own methods). Only the methods listed here exist: an unknown
 * method, or one called with the wrong number of arguments, has no value (undefined), as
 * Velocity leaves a reference it cannot resolve.
 */
import { compileSafeRegex, expandJavaReplacement, javaSplit } from './regex';
import { VtlRuntimeError, isMap, javaTrim, newMap, ownGet, ownSet, type JavaRuntime, type VtlMap } from './values';

/** A method call on a template value (not `$input` or `$util`, which ./bindings.ts answers). */
export function javaCall(rt: JavaRuntime, target: unknown, name: string, args: unknown[], at: number): unknown {
  if (typeof target === 'string') return stringCall(rt, target, name, args, at);
  if (Array.isArray(target)) return listCall(rt, target, name, args, at);
  if (isMap(target)) return mapCall(rt, target, name, args);
  if (typeof target === 'number' || typeof target === 'boolean') return scalarCall(rt, target, name, args);
  return undefined;
}

/** The Java String methods templates use. */
function stringCall(rt: JavaRuntime, s: string, name: string, args: unknown[], at: number): unknown {
  const a = args.map((x) => (x == null ? x : rt.str(x)));
  const n = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) ? x : undefined);
  const regex = (pattern: string, global: boolean) => {
    const r = compileSafeRegex(pattern, 'java', global);
    if (!r.ok) throw new VtlRuntimeError(`.${name}(): ${r.message}`, at, true);
    return r.regex;
  };
  const bounds = (i: number | undefined) => {
    if (i === undefined || i < 0 || i > s.length) {
      throw new VtlRuntimeError(
        `.${name}(): index ${String(args[0])} is out of range for a string of length ${s.length}`,
        at,
      );
    }
    return i;
  };
  if (a.some((x) => x == null) && name !== 'equals') return undefined;
  switch (`${name}/${args.length}`) {
    case 'length/0':
      return s.length;
    case 'isEmpty/0':
      return s.length === 0;
    case 'trim/0':
      return javaTrim(s);
    case 'toLowerCase/0':
      return s.toLowerCase();
    case 'toUpperCase/0':
      return s.toUpperCase();
    case 'toString/0':
      return s;
    case 'contains/1':
      return s.includes(a[0] as string);
    case 'startsWith/1':
      return s.startsWith(a[0] as string);
    case 'endsWith/1':
      return s.endsWith(a[0] as string);
    case 'equals/1':
      return typeof args[0] === 'string' && s === args[0];
    case 'equalsIgnoreCase/1':
      return s.toLowerCase() === (a[0] as string).toLowerCase();
    case 'concat/1':
      return s + (a[0] as string);
    case 'indexOf/1':
      return s.indexOf(a[0] as string);
    case 'indexOf/2':
      return s.indexOf(a[0] as string, n(args[1]) ?? 0);
    case 'lastIndexOf/1':
      return s.lastIndexOf(a[0] as string);
    case 'charAt/1': {
      const i = n(args[0]);
      if (i === undefined || i < 0 || i >= s.length) bounds(-1);
      return s[i!];
    }
    case 'substring/1':
      return s.slice(bounds(n(args[0])));
    case 'substring/2': {
      const from = bounds(n(args[0]));
      const to = n(args[1]);
      if (to === undefined || to < from || to > s.length) {
        throw new VtlRuntimeError(
          `.substring(): end ${String(args[1])} is out of range (begin ${from}, length ${s.length})`,
          at,
        );
      }
      return s.slice(from, to);
    }
    case 'replace/2':
      return s.split(a[0] as string).join(a[1] as string);
    case 'replaceAll/2':
    case 'replaceFirst/2': {
      const re = regex(a[0] as string, name === 'replaceAll');
      try {
        return s.replace(re, (...m: unknown[]) => {
          const last = m[m.length - 1];
          const named =
            typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
          const groups = m.slice(0, named ? -3 : -2) as (string | undefined)[];
          return expandJavaReplacement(a[1] as string, groups, named);
        });
      } catch (e) {
        if (e instanceof VtlRuntimeError) throw e;
        throw new VtlRuntimeError(`.${name}(): ${(e as Error).message} in the replacement "${a[1]}"`, at);
      }
    }
    case 'split/1': {
      return rt.javaList(javaSplit(s, regex(a[0] as string, false)));
    }
    case 'matches/1': {
      const r = compileSafeRegex(`(?:${a[0] as string})`, 'java');
      if (!r.ok) throw new VtlRuntimeError(`.matches(): ${r.message}`, at, true);
      const m = r.regex.exec(s);
      return m !== null && m.index === 0 && m[0].length === s.length;
    }
    default:
      return undefined;
  }
}

/** The java.util.List methods templates use (JSON arrays and template lists alike). */
function listCall(rt: JavaRuntime, list: unknown[], name: string, args: unknown[], at: number): unknown {
  const index = (x: unknown) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= list.length) {
      throw new VtlRuntimeError(`.${name}(): index ${String(x)} is out of bounds for a list of ${list.length}`, at);
    }
    return x;
  };
  switch (`${name}/${args.length}`) {
    // DG api-gateway-mapping-template-reference: "$input.path('$.pets').count() would return "3"".
    case 'size/0':
    case 'count/0':
      return list.length;
    case 'isEmpty/0':
      return list.length === 0;
    case 'get/1':
      return list[index(args[0])];
    case 'contains/1':
      return list.some((x) => rt.equals(x, args[0]));
    case 'indexOf/1':
      return list.findIndex((x) => rt.equals(x, args[0]));
    case 'add/1':
      list.push(args[0]);
      return true;
    case 'set/2': {
      const i = index(args[0]);
      const old = list[i];
      list[i] = args[1];
      return old;
    }
    case 'remove/1':
      return list.splice(index(args[0]), 1)[0];
    case 'toString/0':
      return rt.str(list);
    default:
      return undefined;
  }
}

/** The java.util.Map methods templates use. */
function mapCall(rt: JavaRuntime, map: VtlMap, name: string, args: unknown[]): unknown {
  const key = (x: unknown) => (x == null ? '' : rt.str(x));
  switch (`${name}/${args.length}`) {
    case 'get/1':
      return ownGet(map, key(args[0]));
    case 'containsKey/1':
      return Object.hasOwn(map, key(args[0]));
    case 'containsValue/1':
      return Object.values(map).some((v) => rt.equals(v, args[0]));
    case 'put/2': {
      const k = key(args[0]);
      const old = ownGet(map, k);
      ownSet(map, k, args[1]);
      return old;
    }
    case 'remove/1': {
      const k = key(args[0]);
      const old = ownGet(map, k);
      delete map[k];
      return old;
    }
    case 'size/0':
      return Object.keys(map).length;
    case 'isEmpty/0':
      return Object.keys(map).length === 0;
    case 'keySet/0':
      return rt.javaList(Object.keys(map));
    case 'values/0':
      return rt.javaList(Object.values(map));
    case 'entrySet/0':
      return rt.javaList(
        Object.entries(map).map(([k, v]) => {
          const e = newMap();
          ownSet(e, 'key', k);
          ownSet(e, 'value', v);
          return e;
        }),
      );
    case 'toString/0':
      return rt.str(map);
    default:
      return undefined;
  }
}

/** Numbers and booleans answer the few methods templates call on them. */
function scalarCall(rt: JavaRuntime, target: number | boolean, name: string, args: unknown[]): unknown {
  if (typeof target === 'number') {
    if (name === 'toString' && args.length === 0) return rt.str(target);
    if (name === 'intValue' || name === 'longValue') return args.length === 0 ? Math.trunc(target) : undefined;
    if (name === 'doubleValue' && args.length === 0) return target;
    return undefined;
  }
  if (name === 'toString' && args.length === 0) return String(target);
  return undefined;
}
