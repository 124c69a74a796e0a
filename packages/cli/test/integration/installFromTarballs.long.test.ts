/**
 * rayx as a user gets it: packs every package (`npm run pack`), installs the tarballs
 * into a fresh project outside the workspace (tsx and typescript from the npm cache),
 * and runs the same TypeScript app (fixtures/install-app) under tsx, compiled with plain
 * node, and with --enable-source-maps, on an embedded cluster and on a head started by
 * the installed `npx rayx start --head`. Built, packed and installed once; the runs go
 * side by side (each its own cluster: the head on port 0 in a temp storage dir).
 */
import assert from "node:assert/strict";
import { execFile, type ExecFileOptions } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { isAlive, killGroups } from "./processGroups.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const fixture = fileURLToPath(new URL("../fixtures/install-app/", import.meta.url));

/** What the app prints, step by step, on any runner. */
const lines = (cluster: "embedded" | "joined") =>
  ["ok task 42", "ok actor 7", "ok after kill -9 corner shop: 7 apple", `ok ${cluster}`].join("\n");

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], options: ExecFileOptions): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 300_000, ...options }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Runs and asserts exit 0, showing the output when it was not. */
async function ok(command: string, args: readonly string[], options: ExecFileOptions) {
  const started = Date.now();
  const result = await run(command, args, options);
  process.stderr.write(`# ${command} ${args.slice(0, 3).join(" ")}: ${Date.now() - started} ms\n`);
  assert.equal(
    result.code,
    0,
    `${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`,
  );
  return result;
}

/** The version the workspace installed of `name`, so the fresh install finds it in the npm cache. */
function installed(name: string): string {
  const manifest = readFileSync(join(repo, "node_modules", name, "package.json"), "utf8");
  return `${name}@${(JSON.parse(manifest) as { version: string }).version}`;
}

describe(
  "rayx installed from its tarballs into a project of one's own",
  { timeout: 600_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), "rayx-install-"));
    const app = join(dir, "app");
    const storage = join(dir, "storage");
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("RAYX_"))),
      RAYX_STORAGE: storage,
      APP_STORAGE: join(dir, "embedded"),
      NODE_OPTIONS: "",
    };
    const inApp = { cwd: app, env };
    const daemons = new Set<number>();

    before(async () => {
      const packed = await ok(
        process.execPath,
        [join(repo, "scripts/pack.mjs"), join(dir, "packs")],
        {
          cwd: repo,
          env,
        },
      );
      const tarballs = packed.stdout.trim().split("\n");
      assert.equal(tarballs.length, 6, packed.stdout);
      cpSync(fixture, app, { recursive: true });
      await ok(
        "npm",
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          ...tarballs,
          installed("tsx"),
          installed("typescript"),
          installed("@types/node"),
        ],
        inApp,
      );
      await ok("npx", ["tsc", "-p", "tsconfig.json"], inApp);
    });

    after(async () => {
      await run("npx", ["rayx", "stop"], inApp);
      killGroups([...daemons].filter(isAlive));
      rmSync(dir, { recursive: true, force: true });
    });

    test("runs under tsx on an embedded cluster", async () => {
      const result = await ok("npx", ["tsx", "src/main.ts"], inApp);
      assert.equal(result.stdout.trim(), lines("embedded"));
    });

    test("runs compiled with plain node, and with --enable-source-maps", async () => {
      const plain = await ok(process.execPath, ["dist/main.js"], inApp);
      assert.equal(plain.stdout.trim(), lines("embedded"));
      const mapped = await ok(process.execPath, ["--enable-source-maps", "dist/main.js"], inApp);
      assert.equal(mapped.stdout.trim(), lines("embedded"));
    });

    test("runs the .ts app and its build on a head started by the installed CLI, which init() joins", async () => {
      const started = await ok(
        "npx",
        ["rayx", "start", "--head", "--port", "0", "--num-workers", "2", "--json"],
        inApp,
      );
      daemons.add((JSON.parse(started.stdout) as { pid: number }).pid);
      const ts = await ok("npx", ["rayx", "run", "src/main.ts"], inApp);
      assert.equal(ts.stdout.trim(), lines("joined"));
      const js = await ok("npx", ["rayx", "run", "dist/main.js"], inApp);
      assert.equal(js.stdout.trim(), lines("joined"));
      // init() with no address joins the head recorded in its storage dir, and says so…
      const sameStorage = { cwd: app, env: { ...env, APP_STORAGE: storage } };
      const joined = await ok(process.execPath, ["dist/main.js"], sameStorage);
      assert.equal(joined.stdout.trim(), lines("joined"));
      assert.match(
        joined.stderr,
        /^rayx: connecting to the head running on this host at ws:\/\/127\.0\.0\.1:\d+ \(recorded in /m,
      );
      // …unless told `address: "local"`.
      const local = await ok(process.execPath, ["dist/main.js"], {
        cwd: app,
        env: { ...sameStorage.env, APP_ADDRESS: "local" },
      });
      assert.equal(local.stdout.trim(), lines("embedded"));
      const stopped = await ok("npx", ["rayx", "stop"], inApp);
      assert.match(stopped.stdout, /^stopped head node /);
    });
  },
);
