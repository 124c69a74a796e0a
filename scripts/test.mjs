// Runs every test file of the workspace with Node's built-in test runner.
// Node 20's runner neither discovers `.ts` files nor expands globs, so the files
// are listed here. Usage: `npm test` (all) or `npm test -- packages/actors` (under a path).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const roots =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ["packages", "apps", "benchmarks", "chaos"];

/** @param {string} dir @returns {string[]} */
function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(path));
    else if (entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = roots
  .map((r) => join(root, r))
  .flatMap((p) => (statSync(p).isDirectory() ? findTests(p) : [p]))
  .sort()
  .map((p) => relative(root, p));

if (files.length === 0) {
  console.error(`no *.test.ts files under ${roots.join(", ")}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ["--conditions=rayx-source", "--import", "tsx", "--test", "--test-timeout=120000", ...files],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
