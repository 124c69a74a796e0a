// A lifecycle state as a coloured badge: green when it runs, amber while it comes
// back (crashed, restarting, replaying), red when it is dead, grey when it ended.
import { html } from "../html.js";

const TONES = {
  alive: "ok",
  running: "ok",
  succeeded: "ended",
  crashed: "warn",
  restarting: "warn",
  replaying: "warn",
  starting: "busy",
  scheduled: "busy",
  pending: "busy",
  stopping: "ended",
  stopped: "ended",
  dead: "bad",
  failed: "bad",
};

export function StateBadge({ state }) {
  return html`<span class=${`badge ${TONES[state] ?? "ended"}`} data-state=${state}
    >${state}</span
  >`;
}
