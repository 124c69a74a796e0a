// The live supervision forest: each supervisor with its strategy and state, its
// children in start order (child id, class, state, restarts, node and worker), and
// the actors under no supervisor apart. Clicking an actor opens its detail.
import { html } from "../html.js";
import { place } from "../format.js";
import { StateBadge } from "./StateBadge.js";

function Node({ node, select }) {
  if (node.kind === "actor") {
    return html`<li class="leaf" data-actor=${node.actorId}>
      <button class="linkish" onClick=${() => select(node.actorId)}>${node.childId}</button>
      <span class="muted">${node.className ?? ""} ${node.name ? `"${node.name}"` : ""}</span>
      <${StateBadge} state=${node.state} />
      <span class="restarts">restarts ${node.restarts ?? "-"}</span>
      <span class="muted">${place(node)}</span>
    </li>`;
  }
  return html`<li class="branch" data-supervisor=${node.supervisorId}>
    <strong>${node.childId ?? node.name ?? node.supervisorId}</strong>
    <span class="muted">${node.strategy ?? ""}</span>
    <${StateBadge} state=${node.state} />
    <ul>
      ${node.children.map((child) => html`<${Node} node=${child} select=${select} />`)}
    </ul>
  </li>`;
}

export function ForestView({ view, select }) {
  const { roots, unsupervised } = view.forest;
  if (roots.length === 0 && unsupervised.length === 0) {
    return html`<p class="empty">no supervisors or actors yet</p>`;
  }
  return html`<div class="forest">
    <ul>
      ${roots.map((root) => html`<${Node} node=${root} select=${select} />`)}
    </ul>
    ${
      unsupervised.length > 0 &&
      html`<h3>under no supervisor</h3>
        <ul>
          ${unsupervised.map((leaf) => html`<${Node} node=${leaf} select=${select} />`)}
        </ul>`
    }
  </div>`;
}
