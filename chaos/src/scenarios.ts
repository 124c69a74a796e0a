/**
 * The registry of chaos scenarios, in the order `npm run chaos` runs them. A new
 * scenario is one module exporting a `Scenario` and one `register` line here.
 */
import { driverKill } from "./driverKill.js";
import { headKill } from "./headKill.js";
import { nodeKill } from "./nodeKill.js";
import type { Scenario } from "./Scenario.js";
import { workerKill } from "./workerKill.js";

export const scenarios = new Map<string, Scenario>();

function register(scenario: Scenario): void {
  if (scenarios.has(scenario.name))
    throw new Error(`scenario '${scenario.name}' is registered twice`);
  scenarios.set(scenario.name, scenario);
}

register(workerKill("worker-kill", "worker kill -9, default retries", {}));
register(
  workerKill("worker-kill-snapshots", "worker kill -9, default retries, snapshotEvery 100", {
    snapshotEvery: 100,
  }),
);
register(
  workerKill("worker-kill-retries", "worker kill -9, maxTaskRetries 3", { maxTaskRetries: 3 }),
);
register(
  workerKill(
    "worker-kill-retries-snapshots",
    "worker kill -9, maxTaskRetries 3, snapshotEvery 100",
    { maxTaskRetries: 3, snapshotEvery: 100 },
  ),
);
register(nodeKill);
register(driverKill);
register(headKill);
