/**
 * A tiny property-test generator for the comparison's tests: a seeded PRNG and `forAll`,
 * so every property runs over many inputs and the same seed always draws the same cases
 * (no new packages; failures name the case that broke).
 */

/** mulberry32: small, fast, and deterministic for a given seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Gen {
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
  bool(): boolean;
}

export function gen(seed: number): Gen {
  const r = prng(seed);
  return {
    int: (min, max) => min + Math.floor(r() * (max - min + 1)),
    pick: (items) => items[Math.floor(r() * items.length)],
    bool: () => r() < 0.5,
  };
}

/**
 * Runs `property` on `runs` cases drawn by `draw` from a generator seeded with `seed`.
 * A failing case is rethrown with its index and the drawn value, so it can be replayed.
 */
export async function forAll<T>(
  seed: number,
  runs: number,
  draw: (g: Gen) => T,
  property: (value: T) => void | Promise<void>,
): Promise<void> {
  const g = gen(seed);
  for (let i = 0; i < runs; i++) {
    const value = draw(g);
    try {
      await property(value);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(`property failed on case ${i} (seed ${seed}): ${JSON.stringify(value)}\n${message}`, {
        cause: e,
      });
    }
  }
}
