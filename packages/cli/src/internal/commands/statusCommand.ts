/**
 * `rayx status`: the cluster at a glance — nodes, their total resources, jobs,
 * actors and tasks by lifecycle state, and objects held.
 */
import { Command } from "commander";
import { clusterStatus, type ClusterStatus } from "../clusterStatus.js";
import type { CommandContext } from "../CommandContext.js";
import { formatBytes } from "../formatBytes.js";
import { paint, stateColor } from "../paint.js";

export function statusCommand(context: CommandContext): Command {
  return new Command("status")
    .description("show nodes, resources, jobs, actors and tasks by state, and objects")
    .option("--json", "print JSON for scripts")
    .action(async (options: { json?: true }) => {
      const status = await context.withGcs(async (gcs) => {
        const [nodes, jobs, actors, tasks, objects] = await Promise.all([
          gcs.listNodes(),
          gcs.listJobs(),
          gcs.listActors(),
          gcs.listTasks(),
          gcs.listObjects(),
        ]);
        return clusterStatus({ nodes, jobs, actors, tasks, objects });
      });
      if (options.json === true) context.printJson(status);
      else context.print(formatStatus(status, context.color));
    });
}

function formatStatus(status: ClusterStatus, color: boolean): string {
  const counts = (byState: Readonly<Record<string, number>>) => {
    const entries = Object.entries(byState);
    if (entries.length === 0) return "none";
    return entries.map(([state, n]) => `${n} ${paint(state, stateColor(state), color)}`).join(", ");
  };
  const total = (byState: Readonly<Record<string, number>>) =>
    Object.values(byState).reduce((sum, n) => sum + n, 0);
  const resources = Object.entries(status.resources)
    .map(([name, amount]) => `${name} ${amount}`)
    .join(", ");
  const rows: [string, string][] = [
    ["nodes", `${status.nodes.alive} alive, ${status.nodes.dead} dead`],
    ["resources", resources === "" ? "none" : resources],
    ["jobs", `${status.jobs.running} running of ${status.jobs.total}`],
    ["actors", `${total(status.actors)}: ${counts(status.actors)}`],
    ["tasks", `${total(status.tasks)}: ${counts(status.tasks)}`],
    ["objects", `${status.objects.count}, ${formatBytes(status.objects.bytes)}`],
  ];
  return rows
    .map(([label, value]) => `${paint(label.padEnd(10), "bold", color)}${value}`)
    .join("\n");
}
