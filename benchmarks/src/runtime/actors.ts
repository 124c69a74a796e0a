/**
 * The actor classes the actors and recovery suites spawn. Workers import this module to
 * find them, so it holds classes only — no driver code runs at its top level.
 */
import { actor, readonly } from "@rayx/core";

/** A logged counter: `add` mutates (so it is logged), `read` is `@readonly`. */
@actor()
export class Counter {
  count = 0;
  add(n: number): number {
    return (this.count += n);
  }
  /** Logged like `add`; takes a byte array (sent as a ref) and counts its bytes. */
  addBytes(bytes: Uint8Array): number {
    return (this.count += bytes.byteLength);
  }
  @readonly()
  read(): number {
    return this.count;
  }
}

/** `Counter` with `snapshot()`/`restore()`: a rebuild starts from the latest snapshot. */
@actor()
export class SnapshotCounter {
  count = 0;
  add(n: number): number {
    return (this.count += n);
  }
  @readonly()
  read(): number {
    return this.count;
  }
  snapshot(): number {
    return this.count;
  }
  restore(state: unknown): void {
    this.count = state as number;
  }
}
