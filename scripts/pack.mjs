// Packs every published package into installable tarballs: builds them all with one
// `tsc -b` (what each package's `prepack` does for a lone `npm pack`), then packs.
// Usage: `npm run pack` (into ./packs) or `node scripts/pack.mjs DIR`; prints one
// tarball path a line.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The published packages, in dependency order. */
export const PACKAGES = ["gcs", "dashboard", "objectstore", "actors", "core", "cli"];

const root = fileURLToPath(new URL("..", import.meta.url));

/** Packs every package into `dir` (made if missing); returns the tarballs' absolute paths. */
export function packAll(dir) {
  mkdirSync(dir, { recursive: true });
  execFileSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-b", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  const workspaces = PACKAGES.flatMap((name) => ["-w", `packages/${name}`]);
  const out = execFileSync(
    "npm",
    ["pack", "--json", "--pack-destination", dir, ...workspaces, "--ignore-scripts"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out.slice(out.indexOf("["))).map((pack) => join(dir, pack.filename));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of packAll(resolve(process.argv[2] ?? join(root, "packs")))) console.log(file);
}
