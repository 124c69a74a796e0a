// One actor up close: its state and restarts, the kill and restart buttons (the
// operations `rayx kill` and `rayx restart` use), and its call history — each call
// with its arguments, outcome, time, duration and nested calls, as the workers
// recorded them — fetched again whenever its log grows or it restarts.
import { useEffect, useState } from "preact/hooks";
import { send, useMessages } from "../connection.js";
import { html } from "../html.js";
import { duration, place, time } from "../format.js";
import { StateBadge } from "./StateBadge.js";
import { Table } from "./Table.js";

function outcome(call) {
  if (call.outcome === "ok") return html`<span class="outcome ok">ok</span>`;
  return html`<span class="outcome bad"
    >${call.outcome}${call.error ? `: ${call.error}` : ""}</span
  >`;
}

function nested(call) {
  if (call.calls.length === 0) return "-";
  return html`<ul class="nested">
    ${call.calls.map((c) => html`<li><code>${c.name}</code></li>`)}
  </ul>`;
}

const columns = [
  ["#", (c) => c.n],
  ["time", (c) => time(c.startUs / 1000)],
  ["call", (c) => html`<code>${c.argsPreview}</code>`],
  ["outcome", outcome],
  ["duration", (c) => duration(c.durationUs / 1000)],
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
  useEffect(() => {
    const ask = () => send({ type: "history", actorId: actor.actorId });
    ask();
    // Calls to read-only methods change no record: ask again while the panel is open.
    const timer = setInterval(ask, 1000);
    return () => clearInterval(timer);
  }, [refresh]);
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
            rowKey=${(c) => c.n}
            empty="no logged calls"
          />`
    }
  </aside>`;
}
