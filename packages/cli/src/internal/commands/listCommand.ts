/**
 * `rayx list actors|tasks|objects|nodes|supervisors|jobs|workers`: one table (or JSON
 * array) of a GCS table's records (workers: what their nodes left on this host),
 * filtered by `--state` and `--node`, cut at `--limit`.
 */
import { lifecycleStates, type GcsApi } from "@rayx/gcs";
import { Argument, Command } from "commander";
import { CliUsageError } from "../../errors.js";
import type { CommandContext } from "../CommandContext.js";
import { formatTable } from "../formatTable.js";
import { listings, type Listing } from "../listings.js";
import { wholeNumber } from "../options.js";

interface ListOptions {
  readonly state?: string;
  readonly node?: string;
  readonly limit: number;
  readonly json?: true;
}

const kinds = Object.keys(listings) as (keyof typeof listings)[];

export function listCommand(context: CommandContext): Command {
  return new Command("list")
    .description("list the records of one kind")
    .addArgument(new Argument("<kind>", "what to list").choices(kinds))
    .option(
      "--state <state>",
      `only records in this state (${lifecycleStates.join(", ")}; nodes: alive, dead; ` +
        "jobs: running, succeeded, failed, stopped; workers: running, exited)",
    )
    .option("--node <node-id>", "only records on (or, for objects, held by) this node")
    .option("--limit <n>", "at most this many rows", wholeNumber(1), 100)
    .option("--json", "print JSON for scripts")
    .action(async (kind: keyof typeof listings, options: ListOptions) => {
      const listing = listings[kind] as Listing<unknown>;
      if (options.state !== undefined && !listing.states.includes(options.state)) {
        throw new CliUsageError(
          listing.states.length === 0
            ? `${kind} have no state to filter by: leave out --state`
            : `${kind} are never '${options.state}'; their states are ${listing.states.join(", ")}`,
        );
      }
      const storage = context.storageDir();
      const rows = await context.withGcs((gcs: GcsApi) => listing.load(gcs, storage));
      const chosen = rows
        .filter((row) => options.state === undefined || listing.state(row) === options.state)
        .filter((row) => options.node === undefined || listing.nodes(row).includes(options.node));
      const shown = chosen.slice(0, options.limit);
      if (options.json === true) {
        context.printJson(shown);
        return;
      }
      context.print(formatTable(listing.columns, shown, context.color, context.width));
      if (chosen.length > shown.length) {
        context.print(`(${shown.length} of ${chosen.length}; raise --limit to see more)`);
      }
    });
}
