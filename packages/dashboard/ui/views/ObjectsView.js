// Objects in the store: size, the nodes holding a copy, who owns it, the task that
// produced it (lineage) and where it spilled to, when it did.
import { html } from "../html.js";
import { bytes, time } from "../format.js";
import { Table } from "./Table.js";

const columns = [
  ["object", (o) => html`<code>${o.objectId}</code>`],
  ["size", (o) => bytes(o.size)],
  ["where", (o) => o.locations.join(", ") || "-"],
  ["holders", (o) => (o.holders ?? [o.ownerId]).join(", ")],
  ["produced by", (o) => o.producerTaskId ?? "put"],
  ["spilled", (o) => o.spilledUrl ?? (o.spilledBytes ? bytes(o.spilledBytes) : "-")],
  ["created", (o) => time(o.createdAt)],
];

export function ObjectsView({ view }) {
  const total = view.objects.reduce((sum, o) => sum + o.size, 0);
  return html`<div>
    <p class="muted">${view.objects.length} objects, ${bytes(total)}</p>
    <${Table}
      columns=${columns}
      rows=${view.objects}
      rowKey=${(o) => o.objectId}
      empty="no objects yet"
    />
  </div>`;
}
