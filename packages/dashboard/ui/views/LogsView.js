// What an actor's or a task's worker printed, streamed live: pick one, and the
// server follows that worker's stdout and stderr files and pushes what is appended.
import { useEffect, useRef, useState } from "preact/hooks";
import { send, useMessages } from "../connection.js";
import { html } from "../html.js";

function sources(view) {
  const actors = view.actors
    .filter((a) => a.pid !== undefined)
    .map((a) => ({ key: `actor:${a.actorId}`, label: `actor ${a.name ?? a.actorId}`, pid: a.pid }));
  const tasks = view.tasks
    .filter((t) => t.pid !== undefined)
    .map((t) => ({
      key: `task:${t.taskId}`,
      label: `task ${t.functionName} ${t.taskId}`,
      pid: t.pid,
    }));
  return [...actors, ...tasks];
}

export function LogsView({ view, selected }) {
  const options = sources(view);
  const [key, setKey] = useState(selected === undefined ? "" : `actor:${selected}`);
  const [lines, setLines] = useState([]);
  const pid = options.find((o) => o.key === key)?.pid ?? null;
  const pre = useRef(null);
  useEffect(() => {
    setLines([]);
    send({ type: "logs", pid });
    return () => send({ type: "logs", pid: null });
  }, [pid]);
  useMessages(
    "logs",
    (m) => {
      if (m.pid !== pid) return;
      if (m.error) setLines((old) => [...old, { stream: "err", text: `${m.error}\n` }]);
      else if (m.text) setLines((old) => [...old, { stream: m.stream, text: m.text }]);
    },
    [pid],
  );
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [lines]);
  return html`<div class="logs">
    <label>
      show
      <select
        value=${key}
        onChange=${(e) => setKey(e.currentTarget.value)}
        data-testid="log-source"
      >
        <option value="">pick an actor or a task…</option>
        ${options.map((o) => html`<option value=${o.key}>${o.label} (pid ${o.pid})</option>`)}
      </select>
    </label>
    <pre ref=${pre} data-testid="log-text">
${lines.map((l) => html`<span class=${l.stream}>${l.text}</span>`)}</pre>
  </div>`;
}
