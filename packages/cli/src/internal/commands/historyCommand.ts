/**
 * `rayx history <actor>`: the calls the actor ran, a page at a time (`--from`,
 * `--limit`), as the workers that ran them recorded them (call spans): when, the
 * call with an argument preview, its outcome (ok, or the error's name), how long it
 * took and the calls it made meanwhile. Spans outlive the actor and the cluster, so
 * this reads a stopped cluster's storage dir too.
 */
import type { CallSpan } from "@rayx/gcs";
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { formatDuration } from "../formatDuration.js";
import { formatTable } from "../formatTable.js";
import { wholeNumber } from "../options.js";
import { resolveActor } from "../resolveActor.js";

interface HistoryPage {
  readonly actorId: string;
  /** The calls from `--from` (1 = the first call the actor ran), oldest first. */
  readonly entries: readonly CallSpan[];
  /** Where the next page starts, or `null` when this page reached the last call. */
  readonly nextFrom: number | null;
}

export function historyCommand(context: CommandContext): Command {
  return new Command("history")
    .description("show the calls an actor ran (arguments, outcome, duration), a page at a time")
    .argument("<actor>", "actor id or registered name")
    .option("--namespace <ns>", "the namespace of a name (defaults to all)")
    .option("--from <n>", "first call to show (1 = the actor's first)", wholeNumber(1), 1)
    .option("--limit <n>", "calls per page", wholeNumber(1), 50)
    .option("--json", "print JSON for scripts")
    .action(
      async (
        idOrName: string,
        options: { namespace?: string; from: number; limit: number; json?: true },
      ) => {
        const page = await context.withGcs(async (gcs): Promise<HistoryPage> => {
          const actor = await resolveActor(gcs, idOrName, options.namespace);
          // One call past the page tells whether there is a next page.
          const spans = await gcs.listSpans({
            subjectId: actor.actorId,
            limit: options.from - 1 + options.limit + 1,
          });
          const entries = spans.slice(options.from - 1, options.from - 1 + options.limit);
          const more = spans.length > options.from - 1 + options.limit;
          return {
            actorId: actor.actorId,
            entries,
            nextFrom: more ? options.from + options.limit : null,
          };
        });
        if (options.json === true) {
          context.printJson(page);
          return;
        }
        const rows = page.entries.map((span, i) => ({ n: options.from + i, span }));
        context.print(formatTable(columns, rows, context.color, context.width));
        if (page.nextFrom !== null)
          context.print(`(more: rayx history ${idOrName} --from ${page.nextFrom})`);
      },
    );
}

interface Row {
  readonly n: number;
  readonly span: CallSpan;
}

const columns = [
  { header: "#", value: (row: Row) => String(row.n), align: "right" as const },
  { header: "TIME", value: (row: Row) => new Date(row.span.startUs / 1000).toISOString() },
  { header: "CALL", value: (row: Row) => row.span.argsPreview },
  {
    header: "OUTCOME",
    value: (row: Row) =>
      row.span.error === undefined ? row.span.outcome : `${row.span.outcome}: ${row.span.error}`,
    color: (row: Row) => (row.span.outcome === "ok" ? undefined : ("red" as const)),
  },
  {
    header: "DURATION",
    value: (row: Row) => formatDuration(row.span.durationUs),
    align: "right" as const,
  },
  {
    header: "CALLED",
    value: (row: Row) => row.span.calls.map((call) => call.name).join(", ") || "-",
  },
];
