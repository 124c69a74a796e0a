/**
 * Scenario family "worker-kill": an embedded cluster of 4 workers whose random
 * worker gets `kill -9` every 2–4 s under load, with the counters' retries and
 * snapshots as the variant says. The workers are this process's children.
 */
import { init, inspect, shutdown } from "@rayx/core";
import type { CounterSpec } from "./counterLoad.js";
import { loadUnderKills, spawnCounters } from "./counterLoad.js";
import type { Kill } from "./load.js";
import { childrenOf, killHard } from "./processes.js";
import type { Scenario, ScenarioResult } from "./Scenario.js";

const WORKERS = 4;

export function workerKill(name: string, description: string, spec: CounterSpec): Scenario {
  return {
    name,
    description,
    async run(context): Promise<ScenarioResult> {
      await init({ numWorkers: WORKERS, storageDir: context.dir });
      try {
        const counters = await spawnCounters(spec);
        const kill = async (): Promise<Kill | undefined> => {
          const workers = childrenOf(process.pid);
          const victim = workers[Math.floor(Math.random() * workers.length)];
          if (victim === undefined) return undefined;
          const pids = await Promise.all(
            counters.map((c) =>
              inspect(c).then(
                (info) => info.pid,
                () => undefined,
              ),
            ),
          );
          const hosted = new Set(pids.flatMap((pid, i) => (pid === victim ? [i] : [])));
          const at = Date.now();
          if (!killHard(victim)) return undefined;
          return { at, victim: `worker ${victim}`, counters: hosted };
        };
        return await loadUnderKills(counters, context, kill);
      } finally {
        await shutdown();
      }
    },
  };
}
