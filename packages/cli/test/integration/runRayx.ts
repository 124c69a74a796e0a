/**
 * Runs the `rayx` executable (from source) as a child process and collects its
 * exit code and output; the environment carries no `RAYX_*` of the test runner's.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface RayxRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const bin = fileURLToPath(new URL("../../src/bin.ts", import.meta.url));

const flags = ["--conditions=rayx-source", "--import", "tsx", bin];

/** The command line that runs `rayx args` from source (for a process started another way). */
export function rayxCommand(args: readonly string[]): string[] {
  return [process.execPath, ...flags, ...args];
}

function envOf(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("RAYX_")),
  );
  return { ...base, ...env };
}

/** Starts `rayx` for a command that runs until stopped (`logs --follow`); the caller ends it. */
export function spawnRayx(
  args: readonly string[],
  env: Record<string, string> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...flags, ...args], { env: envOf(env) });
}

export function runRayx(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<RayxRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...flags, ...args],
      { env: envOf(env), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The parsed stdout of a run that must have exited 0. */
export function jsonOf(run: RayxRun): unknown {
  if (run.code !== 0) throw new Error(`rayx exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
