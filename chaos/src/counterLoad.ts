/**
 * The load every scenario runs against its cluster: 20 token counters spawned with
 * the scenario's options, 200 lanes of increments for the run's duration while a
 * killer works, then each counter's tokens read back and tallied against the ledger.
 */
import { spawn } from "@rayx/core";
import type { ActorHandle, SpawnOptions } from "@rayx/core";
import { SnapshotTokenCounter, TokenCounter } from "./counters.js";
import { Ledger } from "./Ledger.js";
import type { Kill } from "./load.js";
import { recoveryTimes, runKiller, runLoad } from "./load.js";
import type { ScenarioContext, ScenarioResult } from "./Scenario.js";

export const COUNTERS = 20;
export const LANES = 200;

/** How the counters are spawned. */
export interface CounterSpec {
  readonly maxTaskRetries?: number;
  /** Snapshot every this many calls; no snapshots when absent. */
  readonly snapshotEvery?: number;
  /** Extra spawn options (e.g. `detached`, `name`). */
  readonly options?: (index: number) => SpawnOptions;
}

/** Spawns the counters of `spec`. */
export async function spawnCounters(spec: CounterSpec): Promise<ActorHandle<TokenCounter>[]> {
  const Class = spec.snapshotEvery === undefined ? TokenCounter : SnapshotTokenCounter;
  return Promise.all(
    Array.from({ length: COUNTERS }, (_, i) =>
      spawn(Class, [], {
        ...(spec.maxTaskRetries === undefined ? {} : { maxTaskRetries: spec.maxTaskRetries }),
        ...(spec.snapshotEvery === undefined ? {} : { snapshotEvery: spec.snapshotEvery }),
        ...spec.options?.(i),
      }),
    ),
  );
}

/** Reads every counter's tokens (a counter that cannot answer holds none). */
export async function readTokens(
  counters: readonly ActorHandle<TokenCounter>[],
  context: ScenarioContext,
): Promise<number[][]> {
  return Promise.all(
    counters.map(async (counter, i) => {
      try {
        return await counter.tokens();
      } catch (error) {
        context.log(
          `counter ${i} cannot be read: ${(error as Error).name}: ${(error as Error).message}`,
        );
        return [];
      }
    }),
  );
}

/** Loads `counters` for the run while `kill` runs every 2–4 s, then tallies. */
export async function loadUnderKills(
  counters: readonly ActorHandle<TokenCounter>[],
  context: ScenarioContext,
  kill: () => Promise<Kill | undefined>,
  pauseMs?: readonly [number, number],
): Promise<ScenarioResult> {
  const ledger = new Ledger();
  const until = Date.now() + context.durationMs;
  const progress = setInterval(() => context.log(`${ledger.size} calls sent`), 10_000);
  let kills: Kill[];
  try {
    [kills] = await Promise.all([
      runKiller({ until, kill, ...(pauseMs === undefined ? {} : { pauseMs }) }),
      runLoad({ counters, lanes: LANES, ledger, until }),
    ]);
  } finally {
    clearInterval(progress);
  }
  const held = await readTokens(counters, context);
  return { ...ledger.tally(held), kills: kills.length, recoveryMs: recoveryTimes(kills, ledger) };
}
