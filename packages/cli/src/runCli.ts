/**
 * The `rayx` command line as a function: parses the arguments with commander,
 * runs the command against the cluster (its GCS; `kill`/`restart` as a driver of
 * its head) and returns the exit code — 0 ok, 1 the command failed (no cluster,
 * an unknown actor), 2 usage (unknown command, bad flag, a command not built yet).
 * `bin.ts` is a thin shell around it.
 */
import { RayxError } from "@rayx/gcs";
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { CliUsageError, ScriptExitError } from "./errors.js";
import { CommandContext, type CliIo } from "./internal/CommandContext.js";
import { historyCommand } from "./internal/commands/historyCommand.js";
import { inspectCommand } from "./internal/commands/inspectCommand.js";
import { killCommand } from "./internal/commands/killCommand.js";
import { listCommand } from "./internal/commands/listCommand.js";
import { logsCommand } from "./internal/commands/logsCommand.js";
import { memoryCommand } from "./internal/commands/memoryCommand.js";
import { restartCommand } from "./internal/commands/restartCommand.js";
import { runCommand } from "./internal/commands/runCommand.js";
import { startCommand } from "./internal/commands/startCommand.js";
import { statusCommand } from "./internal/commands/statusCommand.js";
import { stopCommand } from "./internal/commands/stopCommand.js";
import { summaryCommand } from "./internal/commands/summaryCommand.js";
import { timelineCommand } from "./internal/commands/timelineCommand.js";
import { treeCommand } from "./internal/commands/treeCommand.js";
import type { ClusterOptions } from "./internal/connectGcs.js";

export type { CliIo, TextSink } from "./internal/CommandContext.js";

/**
 * Runs `rayx` with `args` (without the node and script paths); resolves the exit code.
 * `io` defaults to the process's stdout, stderr and environment.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(["list", "actors", "--state", "alive", "--json"]);
 * ```
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command("rayx");
  const context = new CommandContext(io, () => program.opts<ClusterOptions>());
  program
    .description(
      "inspect and steer a rayx cluster: its nodes, actors, supervision trees, call logs, objects and logs",
    )
    .option("--address <url>", "the cluster's head, ws://HOST:PORT (env RAYX_ADDRESS)")
    .option("--token <token>", "the cluster's shared token (env RAYX_TOKEN)")
    .option(
      "--storage <dir>",
      "a storage dir, session dir or GCS dir on this host (env RAYX_STORAGE; defaults to <tmpdir>/rayx)",
    )
    .version(version(), "-V, --version", "print the version of @rayx/cli")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(run `rayx --help` for usage)")
    .showSuggestionAfterError(true);
  const commands = [
    statusCommand(context),
    listCommand(context),
    summaryCommand(context),
    treeCommand(context),
    inspectCommand(context),
    historyCommand(context),
    memoryCommand(context),
    timelineCommand(context),
    logsCommand(context),
    killCommand(context),
    restartCommand(context),
    startCommand(context),
    stopCommand(context),
    runCommand(context),
  ];
  for (const command of commands) {
    program.addCommand(
      command
        .exitOverride()
        .configureOutput(program.configureOutput())
        .showHelpAfterError(`(run \`rayx ${command.name()} --help\` for usage)`),
    );
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help).
    const shown = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    return shown ? 0 : 2;
  }
  // The script has said why itself; its code is the CLI's.
  if (error instanceof ScriptExitError) return error.exitCode;
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`rayx: ${message}\n`);
  if (error instanceof CliUsageError) return 2;
  if (!(error instanceof RayxError) && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack}\n`);
  }
  return 1;
}

/** The package's version; `package.json` is one level up from both `src/` and `dist/`. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt: (listener) => {
      const signals = ["SIGINT", "SIGTERM"] as const;
      for (const signal of signals) process.on(signal, listener);
      return () => {
        for (const signal of signals) process.off(signal, listener);
      };
    },
  };
}
