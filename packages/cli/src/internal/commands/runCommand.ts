/**
 * `rayx run script.ts [args…]`: runs a driver script in a child process and exits
 * with its exit code. Against a cluster when there is one — `--address` /
 * `RAYX_ADDRESS`, else the head this host started from the storage dir — by
 * setting `RAYX_ADDRESS` (and `RAYX_TOKEN`, from `--token`, the environment or the
 * storage dir's `token` file) for the script's `init()`; else the script's `init()`
 * starts an embedded cluster as usual.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { resolve as absolute } from "node:path";
import { storedToken } from "@rayx/core/node";
import { Command } from "commander";
import { CliUsageError, ScriptExitError } from "../../errors.js";
import type { CommandContext } from "../CommandContext.js";
import type { ClusterOptions } from "../connectGcs.js";
import { runningHead } from "../nodeRecords.js";

export function runCommand(context: CommandContext): Command {
  return new Command("run")
    .description("run a driver script against the cluster (or an embedded one when none runs)")
    .argument("<script>", "the driver script (.ts or .js)")
    .argument("[args...]", "arguments for the script")
    .allowUnknownOption()
    .action(async (script: string, args: string[], _options: object, command: Command) => {
      if (!existsSync(script)) {
        throw new CliUsageError(
          `there is no script at ${absolute(script)}: give the path of a driver script`,
        );
      }
      const flags = command.optsWithGlobals<ClusterOptions>();
      const env: Record<string, string | undefined> = { ...context.io.env };
      const address =
        flags.address ??
        nonEmpty(env["RAYX_ADDRESS"]) ??
        runningHead(context.storageDir())?.address;
      if (address === undefined) delete env["RAYX_ADDRESS"];
      else env["RAYX_ADDRESS"] = address;
      const token = flags.token ?? nonEmpty(env["RAYX_TOKEN"]) ?? storedToken(context.storageDir());
      if (token !== undefined) env["RAYX_TOKEN"] = token;
      context.progress(
        `running ${script} ${address === undefined ? "(embedded cluster)" : `against ${address}`}`,
      );
      const code = await runScript(context, script, args, env);
      if (code !== 0) throw new ScriptExitError(script, code);
    });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}

/** Runs `script` with this process's node flags (tsx for `.ts` when unbuilt); resolves its exit code. */
function runScript(
  context: CommandContext,
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const flags = process.execArgv.filter((flag) => !flag.startsWith("--test"));
  if (script.endsWith(".ts") && !flags.includes("tsx")) flags.push("--import", "tsx");
  const child = spawn(process.execPath, [...flags, script, ...args], {
    stdio: ["inherit", "pipe", "pipe"],
    env,
  });
  child.stdout.on("data", (chunk: Buffer) => context.io.stdout.write(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => context.io.stderr.write(chunk.toString()));
  return new Promise((resolve) => {
    child.once("error", (error) => {
      context.io.stderr.write(`rayx: cannot run ${script}: ${error.message}\n`);
      resolve(1);
    });
    child.once("close", (code, signal) =>
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal])),
    );
  });
}
