// Every actor the GCS knows: lifecycle state, restarts, call log length, latest
// snapshot, last error, mailbox depth (when the runtime records it) and where it
// runs. Clicking a row opens the actor's detail.
import { html } from "../html.js";
import { place } from "../format.js";
import { StateBadge } from "./StateBadge.js";
import { Table } from "./Table.js";

const columns = [
  ["actor", (a) => a.actorId],
  ["name", (a) => a.name ?? "-"],
  ["class", (a) => a.className],
  ["state", (a) => html`<${StateBadge} state=${a.state} />`],
  ["restarts", (a) => html`<span class="restarts">${a.restarts}</span>`],
  ["log", (a) => a.logLength ?? "-"],
  ["snapshot", (a) => a.snapshotSeq ?? "-"],
  ["mailbox", (a) => a.mailboxDepth ?? "-"],
  ["node / worker", place],
  ["last error", (a) => html`<span class="error">${a.lastError ?? ""}</span>`],
];

export function ActorsView({ view, select, selected }) {
  return html`<${Table}
    columns=${columns}
    rows=${view.actors}
    rowKey=${(a) => a.actorId}
    onRow=${(a) => select(a.actorId)}
    selected=${selected}
    empty="no actors yet"
  />`;
}
