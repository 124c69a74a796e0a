// Runs every test file of the workspace with Node's built-in test runner.
// Node 20's runner neither discovers `.ts` files nor expands globs, so the files
// are listed here. Usage: `npm test` (all) or `npm test -- packages/actors` (under a path).
// A `*.long.test.ts` file (one that builds, packs and installs, restarts a head, or runs
// chaos under kills) runs after the rest, in
// a runner of its own whose per-file timeout fits it (Node 20's runner applies
// --test-timeout to each whole file); run beside them, its builds starved their timeouts.
import { spawn } from "node:child_process";
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

/**
 * Runs `batch` under Node's test runner; resolves its exit code (0 for an empty batch).
 */
function runBatch(batch, timeoutMs) {
  if (batch.length === 0) return Promise.resolve(0);
  const child = spawn(
    process.execPath,
    [
      "--conditions=rayx-source",
      "--import",
      "tsx",
      "--test",
      `--test-timeout=${timeoutMs}`,
      ...batch,
    ],
    { cwd: root, stdio: "inherit" },
  );
  return new Promise((resolve) => child.once("close", (code) => resolve(code ?? 1)));
}

const long = files.filter((file) => file.endsWith(".long.test.ts"));
const codes = [
  await runBatch(
    files.filter((file) => !long.includes(file)),
    120_000,
  ),
  await runBatch(long, 480_000),
];
process.exit(codes.every((code) => code === 0) ? 0 : 1);
