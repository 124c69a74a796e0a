/**
 * `rayx tree`: the supervision trees, each child with its lifecycle state,
 * restarts and where it runs; actors under no supervisor come last.
 */
import { supervisionForest } from "@rayx/gcs";
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { formatTree } from "../formatTree.js";

export function treeCommand(context: CommandContext): Command {
  return new Command("tree")
    .description("show supervision trees with each child's state, restarts and node")
    .option("--json", "print JSON for scripts")
    .action(async (options: { json?: true }) => {
      const forest = await context.withGcs(async (gcs) => {
        const [supervisors, actors] = await Promise.all([gcs.listSupervisors(), gcs.listActors()]);
        return supervisionForest(supervisors, actors);
      });
      if (options.json === true) context.printJson(forest);
      else context.print(formatTree(forest, context.color));
    });
}
