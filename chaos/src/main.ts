/**
 * `npm run chaos [-- --duration <s>] [--scenario <name,…>] [--list]`: runs the chaos
 * scenarios one after the other (each in a process group of its own), prints the
 * report, writes it as JSON to `chaos/results/`, and exits 1 when any scenario lost
 * or doubled an acknowledged call, applied a call its caller was told failed, or
 * produced no result. Loopback only; bounded by the duration plus a grace period.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ReportRow } from "./report.js";
import { formatReport } from "./report.js";
import { abortScenarios, runInProcessGroup } from "./runInProcessGroup.js";
import { failed } from "./Scenario.js";
import { scenarios } from "./scenarios.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    scenario: { type: "string" },
    list: { type: "boolean", default: false },
  },
});
if (values.list) {
  for (const s of scenarios.values()) console.log(`${s.name.padEnd(32)} ${s.description}`);
  process.exit(0);
}
const seconds = Number(values.duration);
if (!(seconds > 0)) {
  console.error(`--duration must be a positive number of seconds, got '${values.duration}'`);
  process.exit(2);
}
const selected = values.scenario?.split(",") ?? [...scenarios.keys()];
const unknown = selected.filter((name) => !scenarios.has(name));
if (unknown.length > 0) {
  console.error(
    `unknown scenario ${unknown.join(", ")}; known: ${[...scenarios.keys()].join(", ")}`,
  );
  process.exit(2);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    abortScenarios();
    process.exit(130);
  });
}
const rows: ReportRow[] = [];
for (const name of selected) {
  console.error(`chaos: ${name} for ${seconds} s`);
  try {
    rows.push({ scenario: name, result: await runInProcessGroup(name, seconds * 1000) });
  } catch (error) {
    rows.push({ scenario: name, error: (error as Error).message });
  }
}
console.log(formatReport(rows));
const dir = new URL("../results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const file = new URL(`chaos-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, dir);
writeFileSync(file, `${JSON.stringify({ durationS: seconds, rows }, null, 2)}\n`);
console.log(`written: ${file.pathname}`);
process.exit(rows.some((row) => row.result === undefined || failed(row.result)) ? 1 : 0);
