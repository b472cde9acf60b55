/** A small seeded PRNG (mulberry32): the same seed gives the same fuzz inputs on every machine. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** The fuzz budget: MG_FUZZ_ITERATIONS (engine inputs) and MG_FUZZ_SEED, bounded defaults for CI. */
export function fuzzBudget(defaultIterations: number): { iterations: number; seed: number } {
  const n = Number(process.env.MG_FUZZ_ITERATIONS);
  const s = Number(process.env.MG_FUZZ_SEED);
  return {
    iterations: Number.isInteger(n) && n > 0 ? n : defaultIterations,
    seed: Number.isInteger(s) ? s : 20261126,
  };
}
