/**
 * `rayx history <actor>`: the actor's call log, a page at a time (`--from`,
 * `--limit`), each entry with its method, argument size, refs, nested calls and
 * outcome. Arguments are shown by size: their encoding belongs to `@rayx/core`
 * (`--json` carries the bytes as base64).
 */
import type { LoggedCall } from "@rayx/gcs";
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { formatBytes } from "../formatBytes.js";
import { formatTable } from "../formatTable.js";
import { wholeNumber } from "../options.js";
import { resolveActor } from "../resolveActor.js";

interface HistoryPage {
  readonly actorId: string;
  readonly entries: readonly LoggedCall[];
  /** Where the next page starts, or `null` when this page reached the end of the log. */
  readonly nextFrom: number | null;
}

export function historyCommand(context: CommandContext): Command {
  return new Command("history")
    .description("show an actor's call log, a page at a time")
    .argument("<actor>", "actor id or registered name")
    .option("--namespace <ns>", "the namespace of a name (defaults to all)")
    .option("--from <seq>", "first seq to show", wholeNumber(1), 1)
    .option("--limit <n>", "entries per page", wholeNumber(1), 50)
    .option("--json", "print JSON for scripts")
    .action(
      async (
        idOrName: string,
        options: { namespace?: string; from: number; limit: number; json?: true },
      ) => {
        const page = await context.withGcs(async (gcs): Promise<HistoryPage> => {
          const actor = await resolveActor(gcs, idOrName, options.namespace);
          // One entry past the page tells whether there is a next page.
          const entries = await gcs.readCalls(actor.actorId, options.from, options.limit + 1);
          const next = entries[options.limit];
          return {
            actorId: actor.actorId,
            entries: entries.slice(0, options.limit),
            nextFrom: next?.seq ?? null,
          };
        });
        if (options.json === true) {
          context.printJson(page);
          return;
        }
        context.print(formatTable(columns, page.entries, context.color));
        if (page.nextFrom !== null)
          context.print(`(more: rayx history ${idOrName} --from ${page.nextFrom})`);
      },
    );
}

const columns = [
  { header: "SEQ", value: (call: LoggedCall) => String(call.seq), align: "right" as const },
  { header: "METHOD", value: (call: LoggedCall) => call.method },
  {
    header: "ARGS",
    value: (call: LoggedCall) => formatBytes(call.args.byteLength),
    align: "right" as const,
  },
  {
    header: "REFS",
    value: (call: LoggedCall) => String(call.argRefs.length),
    align: "right" as const,
  },
  {
    header: "NESTED",
    value: (call: LoggedCall) => String(call.nested.length),
    align: "right" as const,
  },
  {
    header: "OUTCOME",
    value: (call: LoggedCall) =>
      call.completion === undefined ? "-" : call.completion.ok ? "ok" : "failed",
    color: (call: LoggedCall) => (call.completion?.ok === false ? ("red" as const) : undefined),
  },
];
