/**
 * `rayx timeline -o trace.json`: the calls that ran (actor methods and tasks, with
 * flow arrows from caller to callee) and the lifecycle events of the GCS as a Chrome
 * trace (open it in chrome://tracing or ui.perfetto.dev), optionally cut to a time window.
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
    .description(
      "write the calls that ran and lifecycle events as a Chrome trace (chrome://tracing, Perfetto)",
    )
    .requiredOption("-o, --output <file>", "where to write the trace JSON")
    .option(
      "--since <ms>",
      "only events at or after this time (ms since the epoch)",
      wholeNumber(0),
    )
    .option("--until <ms>", "only events before this time (ms since the epoch)", wholeNumber(0))
    .option(
      "--limit <n>",
      "at most this many calls and this many events, oldest first",
      wholeNumber(1),
      100_000,
    )
    .option("--json", "print what was written as JSON")
    .action(async (options: TimelineOptions) => {
      const { since, until, limit } = options;
      const [spans, events] = await context.withGcs((gcs) =>
        Promise.all([
          gcs.listSpans({
            limit,
            ...(since === undefined ? {} : { sinceUs: since * 1000 }),
            ...(until === undefined ? {} : { untilUs: until * 1000 }),
          }),
          gcs.listEvents({
            limit,
            ...(since === undefined ? {} : { since }),
            ...(until === undefined ? {} : { until }),
          }),
        ]),
      );
      const trace = chromeTrace(spans, events);
      await writeFile(options.output, toJson(trace));
      const summary = {
        output: options.output,
        calls: spans.length,
        events: events.length,
        traceEvents: trace.traceEvents.length,
      };
      if (options.json === true) context.printJson(summary);
      else
        context.print(
          `wrote ${summary.traceEvents} trace events from ${summary.calls} calls and ` +
            `${summary.events} lifecycle events to ${summary.output}`,
        );
    });
}
