// One actor up close: its state and restarts, the kill and restart buttons (the
// operations `rayx kill` and `rayx restart` use), and its call history — method,
// arguments, outcome, duration, nested calls — fetched again whenever its log grows
// or it restarts.
import { useEffect, useState } from "preact/hooks";
import { send, useMessages } from "../connection.js";
import { html } from "../html.js";
import { bytes, duration, place } from "../format.js";
import { StateBadge } from "./StateBadge.js";
import { Table } from "./Table.js";

function args(call) {
  if (call.argsPreview !== undefined) return call.argsPreview;
  return `${bytes(call.args?.bytes)}${call.argRefs?.length ? `, ${call.argRefs.length} refs` : ""}`;
}

function outcome(call) {
  if (call.completion === undefined) return html`<span class="muted">-</span>`;
  return call.completion.ok
    ? html`<span class="outcome ok">ok</span>`
    : html`<span class="outcome bad">failed</span>`;
}

function nested(call) {
  if (call.nested.length === 0) return "-";
  return html`<ul class="nested">
    ${call.nested.map(
      (n) => html`<li>${n.target || "?"}.${n.method || "?"} ${n.failed ? "(failed)" : ""}</li>`,
    )}
  </ul>`;
}

const columns = [
  ["seq", (c) => c.seq],
  ["method", (c) => html`<code>${c.method}</code>`],
  ["arguments", args],
  ["outcome", outcome],
  ["duration", (c) => duration(c.durationMs)],
  ["nested calls", nested],
];

export function ActorDetail({ actor, close }) {
  const [calls, setCalls] = useState(undefined);
  const [status, setStatus] = useState("");
  useMessages(
    "history",
    (m) => {
      if (m.actorId === actor.actorId) setCalls(m.error ? [] : m.calls);
    },
    [actor.actorId],
  );
  const done = (m) => {
    if (m.actorId === actor.actorId)
      setStatus(m.error ? `${m.type} failed: ${m.error}` : `${m.type} done`);
  };
  useMessages("kill", done, [actor.actorId]);
  useMessages("restart", done, [actor.actorId]);
  const refresh = `${actor.actorId}/${actor.logLength}/${actor.restarts}/${actor.state}`;
  useEffect(() => send({ type: "history", actorId: actor.actorId }), [refresh]);
  const act = (type) => {
    setStatus(`${type}…`);
    send({ type, actorId: actor.actorId });
  };
  return html`<aside class="detail" data-testid="actor-detail">
    <div class="detail-head">
      <h2>${actor.name ?? actor.actorId}</h2>
      <button class="close" onClick=${close} title="close">×</button>
    </div>
    <p>
      <${StateBadge} state=${actor.state} />
      <span class="restarts" data-testid="detail-restarts">restarts ${actor.restarts}</span>
      <span class="muted">${actor.className} · ${place(actor)}</span>
    </p>
    <p class="muted">
      call log ${actor.logLength ?? "-"} · snapshot ${actor.snapshotSeq ?? "-"} · job ${actor.jobId}
    </p>
    ${actor.lastError && html`<p class="error">${actor.lastError}</p>`}
    <div class="actions">
      <button class="restart" onClick=${() => act("restart")} disabled=${actor.state === "dead"}>
        Restart
      </button>
      <button class="kill" onClick=${() => act("kill")} disabled=${actor.state === "dead"}>
        Kill
      </button>
      <span class="muted" data-testid="action-status">${status}</span>
    </div>
    <h3>call history</h3>
    ${
      calls === undefined
        ? html`<p class="empty">loading…</p>`
        : html`<${Table}
            columns=${columns}
            rows=${calls}
            rowKey=${(c) => c.seq}
            empty="no logged calls"
          />`
    }
  </aside>`;
}
