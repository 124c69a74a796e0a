/**
 * Timing helpers shared by the suites. The machines are noisy (±20–50 %), so every
 * figure is the median of several iterations, and suites report ratios to peers
 * measured in the same run rather than absolute targets alone.
 */
import { performance } from "node:perf_hooks";

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RateOptions {
  /** Rounds measured after warm-up; defaults to 5. */
  readonly iterations?: number;
  /** Unmeasured rounds first (JIT, page faults); defaults to 1. */
  readonly warmup?: number;
}

/** Forces a full GC when node runs with --expose-gc (the bench script passes it). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** What a timed body may return: work to undo after the clock stops (e.g. stop the actors it spawned). */
export type Cleanup = (() => Promise<void> | void) | void;

/**
 * Median wall time in milliseconds of each subject's `body`, measured in rounds: every
 * round runs each subject once. The machine's load drifts during a run; interleaving
 * makes every subject see the same drift, so their ratio holds. The order within a
 * round is shuffled (with a fixed seed, so runs repeat): in a fixed or rotating order a
 * subject would always follow the same one and pay for its garbage. No GC is forced
 * between samples: a full GC deoptimizes some hot code (V8 "weak objects"), which
 * would charge one subject for a cost a real program pays once per GC, not per sample.
 * A body may return a cleanup, which runs untimed.
 */
export async function interleavedTimes<K extends string>(
  bodies: Readonly<Record<K, () => Promise<Cleanup> | Cleanup>>,
  { iterations = 5, warmup = 1 }: RateOptions = {},
): Promise<Record<K, number>> {
  const names = Object.keys(bodies) as K[];
  const times = new Map<K, number[]>(names.map((name) => [name, []]));
  const random = seededRandom(names.length);
  for (let round = 0; round < warmup + iterations; round++) {
    for (const name of shuffled(names, random)) {
      const start = performance.now();
      const cleanup = await bodies[name]();
      const elapsed = performance.now() - start;
      if (round >= warmup) times.get(name)!.push(elapsed);
      if (cleanup) await cleanup();
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times.get(name)!)])) as Record<
    K,
    number
  >;
}

/** mulberry32: a small, fast PRNG in [0, 1); enough to shuffle benchmark rounds reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle into a new array. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
