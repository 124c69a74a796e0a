/**
 * `rayx stop`: stops the nodes this host started from the storage dir (their
 * records in `<storage>/nodes/`): SIGTERM first (a graceful stop: actors, workers,
 * stores), then after `--grace-ms` SIGKILL of whatever of theirs still runs, so no
 * process is left. Prints what it stopped; removes the records.
 */
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import {
  isNodeDaemon,
  liveGroupMembers,
  readNodeRecords,
  removeNodeRecord,
  roleLabel,
  type NodeRecord,
} from "../nodeRecords.js";
import { wholeNumber } from "../options.js";

const DEFAULT_GRACE_MS = 10_000;

interface StopOptions {
  graceMs: number;
  json?: true;
}

interface Stopped {
  readonly nodeId: string;
  readonly role: NodeRecord["role"];
  readonly pid: number;
  /** `stopped` gracefully, `killed` after the grace period, or `gone` already (a stale record). */
  readonly how: "stopped" | "killed" | "gone";
}

export function stopCommand(context: CommandContext): Command {
  return new Command("stop")
    .description("stop the nodes this host started (graceful, then forced after --grace-ms)")
    .option(
      "--grace-ms <ms>",
      "how long a node may take to stop before it is killed",
      wholeNumber(0),
      DEFAULT_GRACE_MS,
    )
    .option("--json", "print what was stopped as JSON")
    .action(async (options: StopOptions) => {
      const storage = context.storageDir();
      const records = readNodeRecords(storage);
      const running = records.filter(({ record }) => isNodeDaemon(record.pid));
      for (const { record } of running) signal(record.pid, "SIGTERM");
      if (running.length > 0) context.progress(`stopping ${running.length} node(s)…`);
      await until(() => running.every(({ record }) => !isNodeDaemon(record.pid)), options.graceMs);
      const stopped: Stopped[] = [];
      for (const { file, record } of records) {
        const wasRunning = running.some((r) => r.record === record);
        const forced = isNodeDaemon(record.pid);
        // The daemon leads its process group: this also ends workers it left behind.
        signal(-record.pid, "SIGKILL");
        if (forced) signal(record.pid, "SIGKILL");
        removeNodeRecord(file);
        const how = !wasRunning ? "gone" : forced ? "killed" : "stopped";
        stopped.push({ nodeId: record.nodeId, role: record.role, pid: record.pid, how });
      }
      // SIGKILL takes a moment: what is printed is stopped.
      await until(
        () => records.every(({ record }) => liveGroupMembers(record.pid).length === 0),
        5_000,
      );
      if (options.json === true) {
        context.printJson(stopped);
        return;
      }
      if (stopped.length === 0) {
        context.print(`no rayx nodes were started from ${storage}`);
        return;
      }
      for (const node of stopped) context.print(describe(node, options.graceMs));
    });
}

function describe(node: Stopped, graceMs: number): string {
  const what = `${roleLabel(node.role)} ${node.nodeId} (pid ${node.pid})`;
  switch (node.how) {
    case "stopped":
      return `stopped ${what}`;
    case "killed":
      return `killed ${what}: it did not stop within ${graceMs} ms`;
    case "gone":
      return `removed the record of ${what}: it was not running`;
  }
}

/** Sends `name` to `pid` (a negative pid: its process group); a process already gone is fine. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
