/**
 * `rayx memory`: object-store use as the GCS's objects table records it — bytes
 * per node, bytes spilled to disk, and the largest objects.
 */
import { Command } from "commander";
import type { CommandContext } from "../CommandContext.js";
import { formatBytes } from "../formatBytes.js";
import { formatTable } from "../formatTable.js";
import { memoryReport, type MemoryReport } from "../memoryReport.js";
import { wholeNumber } from "../options.js";

export function memoryCommand(context: CommandContext): Command {
  return new Command("memory")
    .description("show object store use per node, spilled bytes and the largest objects")
    .option("--top <n>", "how many of the largest objects to show", wholeNumber(0), 10)
    .option("--json", "print JSON for scripts")
    .action(async (options: { top: number; json?: true }) => {
      const report = await context.withGcs(async (gcs) =>
        memoryReport(await gcs.listObjects(), options.top),
      );
      if (options.json === true) context.printJson(report);
      else context.print(formatMemory(report, context.color, context.width));
    });
}

function formatMemory(report: MemoryReport, color: boolean, width?: number): string {
  const nodes = formatTable(
    [
      { header: "NODE", value: (row: MemoryReport["nodes"][number]) => row.nodeId },
      { header: "OBJECTS", value: (row) => String(row.objects), align: "right" },
      { header: "BYTES", value: (row) => formatBytes(row.bytes), align: "right" },
    ],
    report.nodes,
    color,
    width,
  );
  const largest = formatTable(
    [
      { header: "OBJECT", value: (row: MemoryReport["largest"][number]) => row.objectId },
      { header: "SIZE", value: (row) => formatBytes(row.size), align: "right" },
      { header: "LOCATIONS", value: (row) => row.locations.join(",") || "-" },
    ],
    report.largest,
    color,
    width,
  );
  return [
    `objects ${report.objects} (${formatBytes(report.bytes)}), ` +
      `spilled ${report.spilled.objects} (${formatBytes(report.spilled.bytes)})`,
    "",
    nodes,
    "",
    `largest ${report.largest.length}:`,
    largest,
  ].join("\n");
}
