/**
 * `rayx restart <actor|supervisor>`: rebuilds through the supervisor, with replay.
 * An actor is crashed and rebuilt by its supervisor from its snapshot and call log.
 * A supervisor has its actor children restarted the way its strategy restarts them
 * after a crash: `one_for_one` each child in turn; `one_for_all` and `rest_for_one`
 * through its first-started child, after which the supervisor restarts all of them in
 * start order. Prints each actor's change (pid, restarts) once all are back.
 */
import type { ActorInfo, GcsApi, SupervisorInfo } from "@rayx/gcs";
import { Command } from "commander";
import { ActorNotFoundError, CliUsageError } from "../../errors.js";
import type { CommandContext } from "../CommandContext.js";
import { wholeNumber } from "../options.js";
import { formatChange, restartActors } from "../restartActors.js";
import { resolveActor } from "../resolveActor.js";
import { DEFAULT_TIMEOUT_MS } from "./killCommand.js";

interface RestartOptions {
  namespace?: string;
  timeoutMs: number;
  json?: true;
}

/** What to crash and what to wait for. */
interface Plan {
  readonly target: { readonly kind: "actor" | "supervisor"; readonly id: string };
  readonly crash: readonly string[];
  readonly watch: readonly string[];
}

const RUNNING = new Set(["alive", "starting", "restarting", "replaying"]);

export function restartCommand(context: CommandContext): Command {
  return new Command("restart")
    .description("rebuild an actor, or a supervisor's actors, through the supervisor, with replay")
    .argument("<target>", "actor id or name, or supervisor id or name")
    .option("--namespace <ns>", "the namespace of an actor name (defaults to all)")
    .option(
      "--timeout-ms <ms>",
      "how long to wait for the rebuilds",
      wholeNumber(1),
      DEFAULT_TIMEOUT_MS,
    )
    .option("--json", "print JSON for scripts")
    .action(async (target: string, options: RestartOptions) => {
      context.headAddress();
      const plan = await context.withGcs((gcs) => planOf(gcs, target, options.namespace));
      const changes = await context.withDriver((core) =>
        restartActors(core, {
          crash: plan.crash,
          watch: plan.watch,
          timeoutMs: options.timeoutMs,
          waiting: (id) => context.progress(`waiting for ${id} to be rebuilt…`),
        }),
      );
      if (options.json === true) context.printJson({ ...plan.target, actors: changes });
      else context.print(changes.map(formatChange).join("\n"));
    });
}

async function planOf(gcs: GcsApi, target: string, namespace: string | undefined): Promise<Plan> {
  let actor: ActorInfo | undefined;
  try {
    actor = await resolveActor(gcs, target, namespace);
  } catch (error) {
    if (!(error instanceof ActorNotFoundError)) throw error;
  }
  if (actor !== undefined) {
    if (!RUNNING.has(actor.state)) {
      throw new CliUsageError(
        `actor ${actor.actorId} is ${actor.state}: only a running actor can be restarted ` +
          "(a dead one is gone; spawn it again)",
      );
    }
    return {
      target: { kind: "actor", id: actor.actorId },
      crash: [actor.actorId],
      watch: [actor.actorId],
    };
  }
  const supervisors = await gcs.listSupervisors();
  const supervisor = supervisors.find((s) => s.supervisorId === target || s.name === target);
  if (supervisor === undefined) {
    throw new CliUsageError(
      `no actor or supervisor has id or name '${target}': see \`rayx tree\` for the ones there are`,
    );
  }
  const children = (await gcs.listActors()).filter(
    (a) => a.supervisorId === supervisor.supervisorId && RUNNING.has(a.state),
  );
  if (children.length === 0) {
    throw new CliUsageError(
      `supervisor ${supervisor.supervisorId} has no running actor children to restart`,
    );
  }
  const watch = await inStartOrder(gcs, children);
  return {
    target: { kind: "supervisor", id: supervisor.supervisorId },
    crash: crashesFor(supervisor, watch),
    watch,
  };
}

/** One crash per child under one_for_one; under the others one crash of the first child restarts them all. */
function crashesFor(supervisor: SupervisorInfo, inOrder: readonly string[]): readonly string[] {
  return supervisor.strategy === "one_for_one" ? inOrder : inOrder.slice(0, 1);
}

/** Actor ids by the time of their first lifecycle event: a supervisor starts its children in order. */
async function inStartOrder(gcs: GcsApi, actors: readonly ActorInfo[]): Promise<string[]> {
  const firsts = await Promise.all(
    actors.map(async (a) => {
      const events = await gcs.listEvents({ subjectId: a.actorId });
      return { id: a.actorId, first: events[0]?.time ?? a.updatedAt };
    }),
  );
  return firsts.sort((x, y) => x.first - y.first).map((x) => x.id);
}
