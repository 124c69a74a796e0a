/**
 * What a benchmark suite is: a named function that measures rayx beside its peers
 * and the machine's limits in the same run, and returns rows for the report.
 * Suites live in `suites/<name>.ts` and default-export a `Suite`.
 */

/** One figure of one subject (rayx, a peer, or a limit). `null` = could not be measured (say why in `note`). */
export interface Figure {
  readonly subject: string;
  readonly value: number | null;
  readonly note?: string;
}

/** A target from BENCHMARKS.md, checked against this run's figures. */
export interface Target {
  readonly description: string;
  readonly met: boolean;
}

/** One measured quantity: rayx's figure first, then peers/limits measured in the same run. */
export interface Row {
  readonly metric: string;
  readonly unit: string;
  /** true when more is better (ops/s, GB/s); false for times and sizes. */
  readonly higherIsBetter: boolean;
  readonly rayx: Figure;
  readonly peers: readonly Figure[];
  readonly target?: Target;
}

export interface SuiteResult {
  readonly suite: string;
  readonly rows: readonly Row[];
  /** Free-form lines printed under the table (reference rows, install notes). */
  readonly notes: readonly string[];
}

export interface Suite {
  readonly name: string;
  readonly description: string;
  run(): Promise<SuiteResult>;
}
