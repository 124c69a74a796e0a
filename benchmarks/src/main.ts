/**
 * `npm run bench` runs every suite; `npm run bench -- <suite> [<suite>…]` runs some.
 * Each suite prints its table and writes benchmarks/results/<suite>.json.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Suite } from "./Suite.js";
import { renderTable, writeResult } from "./report.js";

const suitesDir = fileURLToPath(new URL("./suites/", import.meta.url));
const available = readdirSync(suitesDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; available: ${available.join(", ")}`);
  process.exit(2);
}

for (const name of requested.length > 0 ? requested : available) {
  const suite = ((await import(`./suites/${name}.ts`)) as { default: Suite }).default;
  console.log(`running ${suite.name}: ${suite.description}`);
  const result = await suite.run();
  console.log(renderTable(result));
  console.log(`wrote ${writeResult(result)}\n`);
}
