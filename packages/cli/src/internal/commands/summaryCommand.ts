/**
 * `rayx summary actors|tasks|objects`: counts instead of rows (Ray's `ray summary`) —
 * actors by class and tasks by function with their states, objects by node with
 * their bytes and spilled count.
 */
import { Argument, Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { formatBytes } from "../formatBytes.js";
import { formatTable } from "../formatTable.js";
import {
  summarizeActors,
  summarizeObjects,
  summarizeTasks,
  type ObjectSummary,
  type StateSummary,
} from "../summaries.js";

const kinds = ["actors", "tasks", "objects"] as const;
type Kind = (typeof kinds)[number];

export function summaryCommand(context: CommandContext): Command {
  return new Command("summary")
    .description("count actors by class, tasks by function (with their states), objects by node")
    .addArgument(new Argument("<kind>", "what to count").choices(kinds))
    .option("--json", "print JSON for scripts")
    .action(async (kind: Kind, options: { json?: true }) => {
      const rows = await context.withGcs(async (gcs) => {
        if (kind === "actors") return summarizeActors(await gcs.listActors());
        if (kind === "tasks") return summarizeTasks(await gcs.listTasks());
        return summarizeObjects(await gcs.listObjects());
      });
      if (options.json === true) {
        context.printJson(rows);
        return;
      }
      const table =
        kind === "objects"
          ? formatTable(objectColumns, rows as ObjectSummary[], context.color, context.width)
          : formatTable(
              stateColumns(kind === "actors" ? "CLASS" : "FUNCTION"),
              rows as StateSummary[],
              context.color,
              context.width,
            );
      context.print(table);
    });
}

const stateColumns = (header: string) => [
  { header, value: (row: StateSummary) => row.name },
  { header: "TOTAL", value: (row: StateSummary) => String(row.total), align: "right" as const },
  {
    header: "STATES",
    value: (row: StateSummary) =>
      Object.entries(row.states)
        .map(([state, n]) => `${state}=${n}`)
        .join(" "),
  },
];

const objectColumns = [
  { header: "NODE", value: (row: ObjectSummary) => row.nodeId },
  {
    header: "OBJECTS",
    value: (row: ObjectSummary) => String(row.objects),
    align: "right" as const,
  },
  {
    header: "BYTES",
    value: (row: ObjectSummary) => formatBytes(row.bytes),
    align: "right" as const,
  },
  {
    header: "SPILLED",
    value: (row: ObjectSummary) => String(row.spilled),
    align: "right" as const,
  },
];
