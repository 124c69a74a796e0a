/**
 * Draws supervision trees for `rayx tree`: one line per supervisor or actor, with
 * box-drawing branches, each child's lifecycle state, restarts and where it runs.
 * Pure: a `SupervisionForest` in, text out.
 */
import { paint, stateColor } from "./paint.js";
import type { ActorLeaf, SupervisionForest, SupervisionNode } from "@rayx/gcs";

/** The forest as lines joined by "\n"; unsupervised actors come last under their own heading. */
export function formatTree(forest: SupervisionForest, color: boolean): string {
  const lines: string[] = [];
  const walk = (node: SupervisionNode, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    lines.push(prefix + branch + describe(node, color));
    if (node.kind === "actor") return;
    const inner = root ? "" : prefix + (last ? "   " : "│  ");
    node.children.forEach((child, i) => walk(child, inner, i === node.children.length - 1, false));
  };
  for (const root of forest.roots) walk(root, "", true, true);
  if (forest.unsupervised.length > 0) {
    lines.push(paint("(unsupervised)", "dim", color));
    forest.unsupervised.forEach((actor, i) =>
      walk(actor, "", i === forest.unsupervised.length - 1, false),
    );
  }
  return lines.length === 0 ? "(no supervisors or actors)" : lines.join("\n");
}

function describe(node: SupervisionNode, color: boolean): string {
  const state = paint(node.state, stateColor(node.state), color);
  if (node.kind === "supervisor") {
    const title = node.name ?? node.supervisorId;
    const strategy = node.strategy === undefined ? "" : ` ${node.strategy}`;
    return `${paint(title, "bold", color)} (supervisor${strategy}) ${state}`;
  }
  return `${actorTitle(node)} ${state}${actorDetails(node)}`;
}

function actorTitle(actor: ActorLeaf): string {
  const label = actor.name ?? actor.childId;
  const kind = actor.className === undefined ? "" : ` ${actor.className}`;
  return label === actor.actorId ? `${label}${kind}` : `${label} [${actor.actorId}]${kind}`;
}

function actorDetails(actor: ActorLeaf): string {
  const parts: string[] = [];
  if (actor.restarts !== undefined) parts.push(`restarts ${actor.restarts}`);
  if (actor.nodeId !== undefined) {
    parts.push(
      actor.pid === undefined ? `on ${actor.nodeId}` : `on ${actor.nodeId} pid ${actor.pid}`,
    );
  }
  return parts.length === 0 ? "" : `  ${parts.join(", ")}`;
}
