// The timeline of the last minutes: one row per actor, task, node or job, a mark
// per lifecycle event at its time (coloured as the state badges are) and a bar per
// call it ran (its span, named in its tooltip). It asks the server again each time
// the cluster's picture changes.
import { useEffect, useState } from "preact/hooks";
import { send, useMessages } from "../connection.js";
import { html } from "../html.js";

const ROW = 22;
const LABEL = 260;
const WIDTH = 1000;
const ROWS = 60;

export function TimelineView({ view }) {
  const [events, setEvents] = useState([]);
  const [spans, setSpans] = useState([]);
  useMessages("timeline", (m) => {
    setEvents(m.events ?? []);
    setSpans((m.spans ?? []).filter((s) => s.kind !== "driver"));
  });
  useEffect(() => send({ type: "timeline" }), [view]);
  if (events.length === 0) return html`<p class="empty">no events yet</p>`;
  const subjects = [...new Set(events.map((e) => `${e.subjectKind} ${e.subjectId}`))].slice(-ROWS);
  const start = events[0].time;
  const end = Math.max(start + 1, events[events.length - 1].time);
  const x = (t) => LABEL + ((t - start) / (end - start)) * (WIDTH - LABEL - 10);
  return html`<div>
    <p class="muted">${events.length} events, ${((end - start) / 1000).toFixed(1)} s</p>
    <svg class="timeline" width=${WIDTH} height=${subjects.length * ROW + 4}>
      ${subjects.map(
        (s, i) =>
          html`<text x="4" y=${i * ROW + 15} class="label"
              >${s.length > 38 ? `${s.slice(0, 37)}…` : s}</text
            >
            <line
              x1=${LABEL}
              x2=${WIDTH - 10}
              y1=${i * ROW + 11}
              y2=${i * ROW + 11}
              class="track"
            />`,
      )}
      ${spans.map((s) => {
        const row = subjects.indexOf(`${s.kind} ${s.subjectId}`);
        if (row < 0) return null;
        const left = x(s.startUs / 1000);
        const width = Math.max(2, x((s.startUs + s.durationUs) / 1000) - left);
        return html`<rect
          x=${left}
          y=${row * ROW + 5}
          width=${width}
          height="12"
          class=${`slice ${s.outcome === "ok" ? "ok" : "bad"}`}
        >
          <title>${s.argsPreview} ${s.outcome} ${(s.durationUs / 1000).toFixed(2)} ms</title>
        </rect>`;
      })}
      ${events.map((e) => {
        const row = subjects.indexOf(`${e.subjectKind} ${e.subjectId}`);
        if (row < 0) return null;
        return html`<circle cx=${x(e.time)} cy=${row * ROW + 11} r="5" class=${`mark ${e.type}`}>
          <title>${e.type} ${new Date(e.time).toISOString()} ${e.detail ?? ""}</title>
        </circle>`;
      })}
    </svg>
  </div>`;
}
