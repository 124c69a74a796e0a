/**
 * `rayx status`: the cluster at a glance — nodes (each with its resources and what
 * it runs and holds), their total resources, jobs, actors and tasks by lifecycle
 * state, and objects held.
 */
import { Command } from "commander";
import { clusterStatus, type ClusterStatus, type NodeStatus } from "../clusterStatus.js";
import type { CommandContext } from "../CommandContext.js";
import { formatBytes } from "../formatBytes.js";
import { formatTable, type Column } from "../formatTable.js";
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
      else context.print(formatStatus(status, context.color, context.width));
    });
}

function formatStatus(status: ClusterStatus, color: boolean, width?: number): string {
  const counts = (byState: Readonly<Record<string, number>>) => {
    const entries = Object.entries(byState);
    if (entries.length === 0) return "none";
    return entries.map(([state, n]) => `${n} ${paint(state, stateColor(state), color)}`).join(", ");
  };
  const total = (byState: Readonly<Record<string, number>>) =>
    Object.values(byState).reduce((sum, n) => sum + n, 0);
  const resources = resourceList(status.resources, status.resourcesUsed);
  const rows: [string, string][] = [
    ["nodes", `${status.nodes.alive} alive, ${status.nodes.dead} dead`],
    ["resources", resources === "" ? "none" : resources],
    ["jobs", `${status.jobs.running} running of ${status.jobs.total}`],
    ["actors", `${total(status.actors)}: ${counts(status.actors)}`],
    ["tasks", `${total(status.tasks)}: ${counts(status.tasks)}`],
    ["objects", `${status.objects.count}, ${formatBytes(status.objects.bytes)}`],
  ];
  const summary = rows
    .map(([label, value]) => `${paint(label.padEnd(10), "bold", color)}${value}`)
    .join("\n");
  if (status.byNode.length === 0) return summary;
  return `${summary}\n\n${formatTable(nodeColumns, status.byNode, color, width)}`;
}

/** `cpu 1/2, gpu 0/1`: used/total of each resource. */
function resourceList(
  resources: Readonly<Record<string, number>>,
  used: Readonly<Record<string, number>>,
): string {
  return Object.entries(resources)
    .map(([name, amount]) => `${name} ${used[name] ?? 0}/${amount}`)
    .join(", ");
}

const nodeColumns: readonly Column<NodeStatus>[] = [
  { header: "NODE", value: (n) => n.nodeId },
  { header: "STATE", value: (n) => n.state, color: (n) => stateColor(n.state) },
  { header: "HOST", value: (n) => `${n.hostname} pid ${n.pid}` },
  { header: "USED/TOTAL", value: (n) => resourceList(n.resources, n.resourcesUsed) || "none" },
  { header: "ACTORS", value: (n) => String(n.actors), align: "right" },
  { header: "TASKS", value: (n) => String(n.tasks), align: "right" },
  {
    header: "OBJECTS",
    value: (n) => `${n.objects.count}, ${formatBytes(n.objects.bytes)}`,
  },
];
