/**
 * `rayx kill <actor> [--no-restart]`: crashes an actor through the cluster's head.
 * By default its supervisor rebuilds it (from its snapshot and call log) and this
 * waits for that and prints the change — pid old → new, restarts n → n+1; with
 * `--no-restart` the actor is stopped for good (its calls reject, its name is free).
 */
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { wholeNumber } from "../options.js";
import { formatChange, restartActors, stopActor } from "../restartActors.js";
import { resolveActor } from "../resolveActor.js";

export const DEFAULT_TIMEOUT_MS = 30_000;

interface KillOptions {
  namespace?: string;
  restart: boolean;
  timeoutMs: number;
  json?: true;
}

export function killCommand(context: CommandContext): Command {
  return new Command("kill")
    .description("kill an actor; its supervisor rebuilds it with its state unless --no-restart")
    .argument("<actor>", "actor id or registered name")
    .option("--namespace <ns>", "the namespace of a name (defaults to all)")
    .option("--no-restart", "stop it for good: no rebuild, calls reject, its name is freed")
    .option(
      "--timeout-ms <ms>",
      "how long to wait for the rebuild",
      wholeNumber(1),
      DEFAULT_TIMEOUT_MS,
    )
    .option("--json", "print JSON for scripts")
    .action(async (target: string, options: KillOptions) => {
      context.headAddress();
      const actor = await context.withGcs((gcs) => resolveActor(gcs, target, options.namespace));
      const change = await context.withDriver(async (core) => {
        if (!options.restart) return stopActor(core, actor.actorId);
        const [restarted] = await restartActors(core, {
          crash: [actor.actorId],
          timeoutMs: options.timeoutMs,
          waiting: (id) =>
            context.progress(`killed ${id}; waiting for its supervisor to rebuild it…`),
        });
        return restarted;
      });
      if (options.json === true) context.printJson(change);
      else if (change !== undefined) context.print(formatChange(change));
    });
}
