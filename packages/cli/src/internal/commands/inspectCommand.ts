/**
 * `rayx inspect <actor-id|name>`: one actor in full — its record, names, its
 * supervisor, how much call log and snapshot it would replay from, and its
 * latest lifecycle events.
 */
import type { ActorInfo, GcsApi, LifecycleEvent } from "@rayx/gcs";
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { paint, stateColor } from "../paint.js";
import { resolveActor } from "../resolveActor.js";
import { wholeNumber } from "../options.js";

interface ActorDetails {
  readonly actor: ActorInfo;
  readonly names: readonly string[];
  readonly callLog: { readonly lastSeq: number; readonly snapshotSeq?: number };
  /** The newest `--events` events, oldest first. */
  readonly events: readonly LifecycleEvent[];
}

export function inspectCommand(context: CommandContext): Command {
  return new Command("inspect")
    .description("show one actor: record, names, supervisor, call log and recent events")
    .argument("<actor>", "actor id or registered name")
    .option("--namespace <ns>", "the namespace of a name (defaults to all)")
    .option("--events <n>", "how many recent lifecycle events to show", wholeNumber(0), 10)
    .option("--json", "print JSON for scripts")
    .action(
      async (idOrName: string, options: { namespace?: string; events: number; json?: true }) => {
        const details = await context.withGcs((gcs) =>
          load(gcs, idOrName, options.namespace, options.events),
        );
        if (options.json === true) context.printJson(details);
        else context.print(format(details, context.color));
      },
    );
}

async function load(
  gcs: GcsApi,
  idOrName: string,
  namespace: string | undefined,
  events: number,
): Promise<ActorDetails> {
  const actor = await resolveActor(gcs, idOrName, namespace);
  const [names, lastSeq, snapshot, history] = await Promise.all([
    gcs.listNames(""),
    gcs.lastSeq(actor.actorId),
    gcs.latestSnapshot(actor.actorId),
    gcs.listEvents({ subjectId: actor.actorId }),
  ]);
  return {
    actor,
    names: names.filter((n) => n.actorId === actor.actorId).map((n) => `${n.namespace}/${n.name}`),
    callLog: { lastSeq, ...(snapshot === undefined ? {} : { snapshotSeq: snapshot.seq }) },
    events: events === 0 ? [] : history.slice(-events),
  };
}

function format({ actor, names, callLog, events }: ActorDetails, color: boolean): string {
  const place =
    actor.nodeId === undefined
      ? "-"
      : `${actor.nodeId}${actor.pid === undefined ? "" : ` pid ${actor.pid}`}`;
  const replay =
    callLog.snapshotSeq === undefined
      ? `last seq ${callLog.lastSeq}, no snapshot (replay from seq 1)`
      : `last seq ${callLog.lastSeq}, snapshot at seq ${callLog.snapshotSeq} (replay from seq ${callLog.snapshotSeq + 1})`;
  const fields: [string, string][] = [
    ["actor", actor.actorId],
    ["class", `${actor.className} (${actor.module})`],
    ["names", names.length === 0 ? "-" : names.join(", ")],
    ["state", paint(actor.state, stateColor(actor.state), color)],
    ["restarts", `${actor.restarts} of ${restartLimit(actor.maxRestarts)}`],
    ["node", place],
    ["job", actor.jobId],
    ["owner", actor.ownerId],
    ["supervisor", actor.supervisorId ?? "-"],
    ["call log", replay],
    ["last error", actor.lastError ?? "-"],
    ["updated", new Date(actor.updatedAt).toISOString()],
  ];
  const lines = fields.map(([label, value]) => `${paint(label.padEnd(12), "bold", color)}${value}`);
  if (events.length > 0) {
    lines.push("", paint("recent events", "bold", color));
    for (const event of events) {
      const detail = event.detail === undefined ? "" : `  ${event.detail}`;
      lines.push(
        `  ${new Date(event.time).toISOString()}  ${paint(event.type, stateColor(event.type), color)}${detail}`,
      );
    }
  }
  return lines.join("\n");
}

/** The restart limit as people read it: the GCS gives "no limit" back as `Infinity`. */
function restartLimit(maxRestarts: number): string {
  return maxRestarts === Infinity ? "unlimited" : String(maxRestarts);
}
