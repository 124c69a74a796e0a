/**
 * `rayx logs <actor|task|worker|node> [--follow]`: what an actor or a task printed
 * (while its calls ran), or what a worker process (or every worker of a node) wrote to
 * stdout and stderr, read from the log files its node keeps on this host — also after
 * the cluster stopped. An actor or task is found through the GCS; a worker is named by
 * its pid; a node by its id. What ran on another host (the GCS names each node's)
 * is refused naming that host: pids repeat across hosts. `--follow` keeps printing what is appended until the
 * worker exits or the user interrupts.
 */
import type { GcsApi } from "@rayx/gcs";
import { Command } from "commander";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { basename } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { CliUsageError, LogsNotFoundError, LogsOnOtherHostError } from "../../errors.js";
import type { CommandContext } from "../CommandContext.js";
import { nodeLogFiles, subjectLogFiles, workerLogFiles, type LogFile } from "../logFiles.js";
import { isRunning } from "@rayx/core/node";
import { resolveActor } from "../resolveActor.js";

/** What the target named, and the files found for it. */
interface LogTarget {
  readonly kind: "actor" | "task" | "worker" | "node";
  readonly id: string;
  readonly nodeId?: string;
  /** The worker process (not for a node). */
  readonly pid?: number;
  readonly files: readonly LogFile[];
}

const FOLLOW_POLL_MS = 200;

export function logsCommand(context: CommandContext): Command {
  return new Command("logs")
    .description("show what an actor, a task, a worker (by pid) or a node's workers printed")
    .argument("<target>", "actor id or name, task id, worker pid, or node id")
    .option("--namespace <ns>", "the namespace of an actor name (defaults to all)")
    .option("-f, --follow", "keep printing new output until the worker exits (or Ctrl-C)")
    .option("--json", "print JSON for scripts: the files and their text")
    .action(async (target: string, options: { namespace?: string; follow?: true; json?: true }) => {
      if (options.follow === true && options.json === true) {
        throw new CliUsageError("--follow prints as output arrives; it cannot be used with --json");
      }
      const storage = context.storageDir();
      const found = await context.withGcs((gcs) =>
        findTarget(gcs, target, options.namespace, storage),
      );
      if (found.files.length === 0) throw new LogsNotFoundError(describe(found), storage);
      const tails = found.files.map((file) => new Tail(file));
      if (options.json === true) {
        const files = tails.map((tail) => ({ ...tail.file, text: tail.read() }));
        context.printJson({ ...found, files });
        return;
      }
      for (const tail of tails) {
        if (found.kind === "node") context.print(`==> ${basename(tail.file.path)} <==`);
        write(context, tail.file, tail.read());
      }
      if (options.follow === true) await follow(context, found, tails);
    });
}

async function findTarget(
  gcs: GcsApi,
  target: string,
  namespace: string | undefined,
  storage: string,
): Promise<LogTarget> {
  if (/^\d+$/.test(target)) {
    const pid = Number(target);
    return { kind: "worker", id: target, pid, files: workerLogFiles(storage, pid) };
  }
  const nodes = await gcs.listNodes();
  const node = nodes.find((n) => n.nodeId === target);
  if (node !== undefined) {
    if (node.hostname !== hostname()) throw new LogsOnOtherHostError(target, node.hostname);
    return { kind: "node", id: target, nodeId: target, files: nodeLogFiles(storage, node.pid) };
  }
  const task = await gcs.getTask(target);
  if (task !== undefined) {
    return {
      kind: "task",
      id: target,
      ...(task.nodeId === undefined ? {} : { nodeId: task.nodeId }),
      ...(task.pid === undefined ? {} : { pid: task.pid }),
      files: subjectLogFiles(storage, "task", target),
    };
  }
  const actor = await resolveActor(gcs, target, namespace);
  const own = subjectLogFiles(storage, "actor", actor.actorId);
  if (own.length > 0) {
    return {
      kind: "actor",
      id: actor.actorId,
      ...(actor.pid === undefined ? {} : { pid: actor.pid }),
      ...(actor.nodeId === undefined ? {} : { nodeId: actor.nodeId }),
      files: own,
    };
  }
  if (actor.pid === undefined) {
    throw new LogsNotFoundError(
      `actor ${actor.actorId} (it runs on no worker now: ${actor.state})`,
      storage,
    );
  }
  const byPid: LogTarget = {
    kind: "actor",
    id: actor.actorId,
    pid: actor.pid,
    ...(actor.nodeId === undefined ? {} : { nodeId: actor.nodeId }),
    files: [],
  };
  // Its files here are by pid: another host's worker of that pid is not it.
  const host = nodes.find((n) => n.nodeId === actor.nodeId)?.hostname;
  if (host !== undefined && host !== hostname()) {
    throw new LogsOnOtherHostError(describe(byPid), host);
  }
  return { ...byPid, files: workerLogFiles(storage, actor.pid) };
}

function describe(target: LogTarget): string {
  const where = target.nodeId === undefined ? "" : ` on ${target.nodeId}`;
  if (target.kind === "node") return target.id;
  if (target.kind === "worker") return `worker pid ${target.id}`;
  if (target.kind === "task") return `task ${target.id}${where}`;
  return `actor ${target.id} (worker pid ${target.pid ?? "-"}${where})`;
}

/** Prints what is appended to the files until the worker exits or the user interrupts. */
async function follow(
  context: CommandContext,
  target: LogTarget,
  tails: readonly Tail[],
): Promise<void> {
  let interrupted = false;
  const off = context.onInterrupt(() => (interrupted = true));
  try {
    for (;;) {
      // Checked before reading: what an exited worker wrote last is in the files by then.
      const running = target.pid === undefined || isRunning(target.pid);
      for (const tail of tails) write(context, tail.file, tail.read());
      if (interrupted) return;
      if (!running) {
        context.io.stderr.write(`rayx: worker pid ${target.pid} has exited\n`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    }
  } finally {
    off();
  }
}

function write(context: CommandContext, file: LogFile, text: string): void {
  if (text === "") return;
  (file.stream === "out" ? context.io.stdout : context.io.stderr).write(text);
}

/** Reads a growing file from where the last read ended; a character cut in two waits for its rest. */
class Tail {
  #offset = 0;
  readonly #decoder = new StringDecoder("utf8");

  constructor(readonly file: LogFile) {}

  read(): string {
    const size = statSync(this.file.path).size;
    if (size <= this.#offset) return "";
    const buffer = Buffer.alloc(size - this.#offset);
    const fd = openSync(this.file.path, "r");
    try {
      const read = readSync(fd, buffer, 0, buffer.length, this.#offset);
      this.#offset += read;
      return this.#decoder.write(buffer.subarray(0, read));
    } finally {
      closeSync(fd);
    }
  }
}
