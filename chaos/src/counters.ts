/**
 * The actors the chaos scenarios load: counters that record the token of every
 * increment they applied, so a check afterwards counts per call — an acknowledged
 * token missing is a lost call, a token present twice a call applied twice — instead
 * of guessing from sums. Workers import this module to find the classes.
 */
import { actor, readonly } from "@rayx/core";

/** Applies increments and keeps their tokens, in the order applied. */
@actor()
export class TokenCounter {
  applied: number[] = [];

  /** Applies the increment `token`; returns how many it holds now. */
  add(token: number): number {
    return this.applied.push(token);
  }

  @readonly()
  tokens(): number[] {
    return this.applied;
  }
}

/** A `TokenCounter` that snapshots (spawn it with `snapshotEvery`). */
@actor()
export class SnapshotTokenCounter extends TokenCounter {
  snapshot(): number[] {
    return this.applied;
  }

  restore(state: unknown): void {
    this.applied = state as number[];
  }
}
