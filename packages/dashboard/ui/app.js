// The dashboard's page: a header with the connection's state, one tab per view of
// the cluster, and an actor's detail (history, logs, kill and restart) beside the
// view once an actor is picked. Every view renders the picture the server pushed.
import { render } from "preact";
import { useState } from "preact/hooks";
import { useCluster, useConnected } from "./connection.js";
import { html } from "./html.js";
import { ActorDetail } from "./views/ActorDetail.js";
import { ActorsView } from "./views/ActorsView.js";
import { ForestView } from "./views/ForestView.js";
import { LogsView } from "./views/LogsView.js";
import { NodesView } from "./views/NodesView.js";
import { ObjectsView } from "./views/ObjectsView.js";
import { TasksView } from "./views/TasksView.js";
import { TimelineView } from "./views/TimelineView.js";

const TABS = [
  ["forest", "Supervision", ForestView],
  ["actors", "Actors", ActorsView],
  ["tasks", "Tasks", TasksView],
  ["objects", "Objects", ObjectsView],
  ["nodes", "Nodes & workers", NodesView],
  ["logs", "Logs", LogsView],
  ["timeline", "Timeline", TimelineView],
];

function App() {
  const view = useCluster();
  const connected = useConnected();
  const [tab, setTab] = useState("forest");
  const [actorId, setActorId] = useState(undefined);
  const [, , View] = TABS.find(([id]) => id === tab);
  const actor = view?.actors.find((a) => a.actorId === actorId);
  return html`
    <header>
      <h1>rayx</h1>
      <nav>
        ${TABS.map(
          ([id, label]) =>
            html`<button
              class=${id === tab ? "tab active" : "tab"}
              data-tab=${id}
              onClick=${() => setTab(id)}
            >
              ${label}
            </button>`,
        )}
      </nav>
      <span class=${connected ? "link up" : "link down"} data-testid="connection">
        ${connected ? "live" : "reconnecting…"}
      </span>
    </header>
    <main>
      <section class="view">
        ${
          view === undefined
            ? html`<p class="empty">waiting for the cluster…</p>`
            : html`<${View} view=${view} select=${setActorId} selected=${actorId} />`
        }
      </section>
      ${
        actor !== undefined &&
        html`<${ActorDetail} actor=${actor} close=${() => setActorId(undefined)} />`
      }
    </main>
  `;
}

render(html`<${App} />`, document.getElementById("app"));
