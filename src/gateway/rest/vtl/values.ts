/**
 * The values a mapping template works with, in Java's shapes (VTL runs on Java): strings,
 * numbers, booleans, null, lists (arrays) and maps (plain objects, own keys only), plus the
 * helpers every part of the interpreter shares (own-key access, Java's printing of numbers,
 * Velocity's truthiness) and the runtime error with its place in the template.
 */
import type { TemplateNode } from './ast';

export class VtlRuntimeError extends Error {
  constructor(
    message: string,
    readonly at: number,
    /** A playground guard, not an AWS behaviour (rest-vtl-playground-limits). */
    readonly playgroundLimit = false,
  ) {
    super(message);
  }
}

/** A `#define` block: renders where it is referenced, with the variables of that moment. */
export class BlockValue {
  constructor(readonly body: readonly TemplateNode[]) {}
}

export type VtlMap = Record<string, unknown>;

export function isMap(v: unknown): v is VtlMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function ownGet(m: VtlMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Own-property write that cannot reach `__proto__` or setters. */
export function ownSet(m: VtlMap, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
}

export function newMap(): VtlMap {
  return {};
}

/** An output buffer that refuses to grow past the limit. */
export class OutputBuffer {
  parts: string[] = [];
  length = 0;
  constructor(
    private readonly max: number,
    private readonly at: () => number,
  ) {}
  add(s: string): void {
    if (!s) return;
    this.length += s.length;
    if (this.length > this.max) {
      throw new VtlRuntimeError(
        `the template's output would exceed ${this.max} characters (playground limit)`,
        this.at(),
        true,
      );
    }
    this.parts.push(s);
  }
  toString(): string {
    return this.parts.join('');
  }
}

/**
 * What the Java method implementations (./java-methods.ts) and the `$input`/`$util` bindings
 * (./bindings.ts) need from the renderer: Java's `toString` and `equals` for template values,
 * and marking a list as made in the template (printed `[a, b]`, not as JSON).
 */
export interface JavaRuntime {
  str(v: unknown): string;
  equals(a: unknown, b: unknown): boolean;
  javaList(items: unknown[]): unknown[];
}

/** Java's `String.trim()`: strips every character up to U+0020 (control characters too) at both ends. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

export function truthy(v: unknown): boolean {
  // Velocity 1.7: null and false are false; everything else, even "" and 0, is true.
  return v != null && v !== false;
}

/**
 * Java's `String.valueOf` for the numbers JSON gives: integers without ".0", NaN/Infinity by name.
 * JavaScript has one number type, so a JSON `1.0` (a Java Double, printed "1.0") prints "1" here,
 * and `7.0 / 2` divides as integers.
 */
export function javaNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}
