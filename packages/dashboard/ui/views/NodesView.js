// Nodes (state, address, resources used of total, heartbeat) and the worker
// processes: the serving node's own, and those the runtime placed work on elsewhere
// (actors and tasks on each, resident memory when on this host).
import { html } from "../html.js";
import { bytes, time } from "../format.js";
import { StateBadge } from "./StateBadge.js";
import { Table } from "./Table.js";

function used(node) {
  const total = Object.entries(node.resources ?? {});
  if (total.length === 0) return "-";
  return total.map(([k, v]) => `${k} ${node.resourcesUsed?.[k] ?? 0}/${v}`).join(", ");
}

const nodeColumns = [
  ["node", (n) => n.nodeId],
  ["state", (n) => html`<${StateBadge} state=${n.state} />`],
  ["address", (n) => n.address || "-"],
  ["host", (n) => `${n.hostname} pid ${n.pid}`],
  ["resources used / total", used],
  ["heartbeat", (n) => time(n.lastHeartbeatAt)],
];

const workerColumns = [
  ["worker", (w) => `pid ${w.pid}`],
  ["node", (w) => w.nodeId],
  ["actors", (w) => w.actors],
  ["tasks", (w) => w.tasks],
  ["memory", (w) => bytes(w.rssBytes)],
];

export function NodesView({ view }) {
  return html`<div>
    <h3>nodes</h3>
    <${Table} columns=${nodeColumns} rows=${view.nodes} rowKey=${(n) => n.nodeId} />
    <h3>workers</h3>
    <${Table}
      columns=${workerColumns}
      rows=${view.workers}
      rowKey=${(w) => `${w.nodeId}/${w.pid}`}
      empty="no workers known"
    />
  </div>`;
}
