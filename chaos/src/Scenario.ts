/**
 * What a chaos scenario is: a named run that starts its cluster under `dir`, loads
 * it for `durationMs` while it kills parts of it, then tallies the counters' state
 * against what the callers were told. Each scenario runs in a process of its own
 * (`runScenario.ts`), so whatever it leaves behind dies with its process group.
 */
import type { Tally } from "./Ledger.js";

export interface ScenarioContext {
  /** How long the load and the kills last, ms. */
  readonly durationMs: number;
  /** A fresh temp dir the scenario owns (removed after it). */
  readonly dir: string;
  /** Prints a progress line (to stderr). */
  readonly log: (line: string) => void;
}

export interface ScenarioResult extends Tally {
  /** Kills made. */
  readonly kills: number;
  /** Ms from each kill until the counters it took down answered again. */
  readonly recoveryMs: readonly number[];
}

export interface Scenario {
  /** Unique, kebab-case: what `--scenario` selects. */
  readonly name: string;
  /** One line for the report. */
  readonly description: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

/** True when a result breaks the delivery contract (or the run proved nothing). */
export function failed(result: ScenarioResult): boolean {
  return (
    result.lost > 0 ||
    result.doubled > 0 ||
    result.appliedButRejected > 0 ||
    result.unsettled > 0 ||
    result.unknownTokens > 0 ||
    result.acknowledged === 0
  );
}
