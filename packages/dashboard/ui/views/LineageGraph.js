// The task graph as SVG: a task is drawn one column right of every task whose
// result it read (its depth is 1 + the deepest of those), and an arrow goes from
// producer to consumer. Built from the tasks' argRefs and resultRefs alone.
import { html } from "../html.js";

const W = 170;
const H = 34;
const GAP_X = 50;
const GAP_Y = 14;

function layout(tasks) {
  const producer = new Map();
  for (const t of tasks) for (const ref of t.resultRefs) producer.set(ref, t.taskId);
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const depth = new Map();
  const depthOf = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const inputs = byId
      .get(id)
      .argRefs.map((r) => producer.get(r))
      .filter((p) => p !== undefined);
    const d = inputs.length === 0 ? 0 : 1 + Math.max(...inputs.map((p) => depthOf(p, seen)));
    depth.set(id, d);
    return d;
  };
  const rows = [];
  const boxes = new Map();
  for (const t of tasks) {
    const d = depthOf(t.taskId);
    rows[d] = (rows[d] ?? 0) + 1;
    boxes.set(t.taskId, { x: d * (W + GAP_X), y: (rows[d] - 1) * (H + GAP_Y), task: t });
  }
  const edges = [];
  for (const t of tasks) {
    for (const ref of t.argRefs) {
      const from = producer.get(ref);
      if (from !== undefined && from !== t.taskId)
        edges.push([boxes.get(from), boxes.get(t.taskId)]);
    }
  }
  return { boxes: [...boxes.values()], edges, width: rows.length, height: Math.max(0, ...rows) };
}

export function LineageGraph({ tasks }) {
  if (tasks.length === 0) return html`<p class="empty">no tasks yet</p>`;
  const { boxes, edges, width, height } = layout(tasks);
  const w = width * (W + GAP_X);
  const h = height * (H + GAP_Y);
  return html`<svg class="lineage" width=${w} height=${h} viewBox=${`0 0 ${w} ${h}`}>
    <defs>
      <marker id="arrow" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto">
        <path d="M0,0 L8,4 L0,8 z" class="arrowhead" />
      </marker>
    </defs>
    ${edges.map(
      ([a, b]) =>
        html`<line
          x1=${a.x + W}
          y1=${a.y + H / 2}
          x2=${b.x}
          y2=${b.y + H / 2}
          marker-end="url(#arrow)"
        />`,
    )}
    ${boxes.map(
      (b) =>
        html`<g transform=${`translate(${b.x},${b.y})`} class=${`task ${b.task.state}`}>
          <rect width=${W} height=${H} rx="5" />
          <text x="8" y="21">${b.task.functionName} · ${b.task.state}</text>
        </g>`,
    )}
  </svg>`;
}
