/**
 * `rayx timeline -o trace.json`: the lifecycle events of the GCS as a Chrome trace
 * (open it in chrome://tracing or ui.perfetto.dev), optionally cut to a time window.
 */
import { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { chromeTrace } from "../chromeTrace.js";
import type { CommandContext } from "../CommandContext.js";
import { wholeNumber } from "../options.js";
import { toJson } from "../toJson.js";

interface TimelineOptions {
  readonly output: string;
  readonly since?: number;
  readonly until?: number;
  readonly limit: number;
  readonly json?: true;
}

export function timelineCommand(context: CommandContext): Command {
  return new Command("timeline")
    .description("write lifecycle events as a Chrome trace (chrome://tracing, Perfetto)")
    .requiredOption("-o, --output <file>", "where to write the trace JSON")
    .option(
      "--since <ms>",
      "only events at or after this time (ms since the epoch)",
      wholeNumber(0),
    )
    .option("--until <ms>", "only events before this time (ms since the epoch)", wholeNumber(0))
    .option("--limit <n>", "at most this many events, oldest first", wholeNumber(1), 100_000)
    .option("--json", "print what was written as JSON")
    .action(async (options: TimelineOptions) => {
      const events = await context.withGcs((gcs) =>
        gcs.listEvents({
          limit: options.limit,
          ...(options.since === undefined ? {} : { since: options.since }),
          ...(options.until === undefined ? {} : { until: options.until }),
        }),
      );
      const trace = chromeTrace(events);
      await writeFile(options.output, toJson(trace));
      const summary = {
        output: options.output,
        events: events.length,
        traceEvents: trace.traceEvents.length,
      };
      if (options.json === true) context.printJson(summary);
      else
        context.print(
          `wrote ${summary.traceEvents} trace events from ${summary.events} lifecycle events to ${summary.output}`,
        );
    });
}
