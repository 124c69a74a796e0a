// Tasks: function, state, attempts, where each ran and its error, above the
// lineage graph that links them through the objects they read and produced.
import { html } from "../html.js";
import { place } from "../format.js";
import { LineageGraph } from "./LineageGraph.js";
import { StateBadge } from "./StateBadge.js";
import { Table } from "./Table.js";

const columns = [
  ["task", (t) => t.taskId],
  ["function", (t) => html`<code>${t.functionName}</code>`],
  ["state", (t) => html`<${StateBadge} state=${t.state} />`],
  ["attempts", (t) => `${t.attempts} of ${Number(t.maxRetries) + 1 || "∞"}`],
  ["reads", (t) => t.argRefs.length],
  ["node / worker", place],
  ["error", (t) => html`<span class="error">${t.lastError ?? ""}</span>`],
];

export function TasksView({ view }) {
  return html`<div>
    <h3>lineage</h3>
    <${LineageGraph} tasks=${view.tasks} />
    <h3>tasks</h3>
    <${Table}
      columns=${columns}
      rows=${view.tasks}
      rowKey=${(t) => t.taskId}
      empty="no tasks yet"
    />
  </div>`;
}
