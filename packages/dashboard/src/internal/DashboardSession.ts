/**
 * One open dashboard (one ws connection): it gets every new cluster picture, and
 * asks for the rest — an actor's call history, the timeline's events, a worker's
 * logs followed live — and for the kill and restart buttons' operations, which go
 * to the runtime's control interface. Each request is answered with a message of
 * the same `type`; a failed one carries `error` with the runtime's message.
 */
import type { GcsApi } from "@rayx/gcs";
import type { RawData, WebSocket } from "ws";
import { actorHistory } from "./actorHistory.js";
import type { ClusterFeed } from "./ClusterFeed.js";
import type { DashboardControl } from "./DashboardControl.js";
import { dashboardRequest, type DashboardRequest } from "./dashboardRequest.js";
import { LogTail } from "./LogTail.js";

/** Events the timeline shows at most (the newest of the window). */
const TIMELINE_EVENTS = 5_000;
/** The timeline's window when the browser names none. */
const TIMELINE_WINDOW_MS = 10 * 60_000;

export interface SessionDeps {
  readonly gcs: GcsApi;
  readonly feed: ClusterFeed;
  readonly control: DashboardControl;
  /** The node's worker logs dir; without it, logs are not offered. */
  readonly logDir?: string;
}

export function serveSession(socket: WebSocket, deps: SessionDeps): void {
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  let tail: LogTail | undefined;
  const unlisten = deps.feed.listen((json) => {
    if (socket.readyState === socket.OPEN) socket.send(json);
  });
  socket.on("message", (data: RawData, isBinary: boolean) => {
    let request: DashboardRequest;
    try {
      if (isBinary || !Buffer.isBuffer(data)) throw new Error("a dashboard request is text");
      request = dashboardRequest(data.toString("utf8"));
    } catch (error) {
      send({ type: "error", error: (error as Error).message });
      return;
    }
    void answer(request).catch((error: unknown) =>
      send({ ...request, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  socket.on("close", () => {
    unlisten();
    tail?.stop();
  });

  async function answer(request: DashboardRequest): Promise<void> {
    switch (request.type) {
      case "history":
        send({ ...request, calls: await actorHistory(deps.gcs, request.actorId) });
        return;
      case "timeline": {
        const since = Date.now() - (request.sinceMs ?? TIMELINE_WINDOW_MS);
        const [events, spans] = await Promise.all([
          deps.gcs.listEvents({ since, limit: TIMELINE_EVENTS }),
          deps.gcs.listSpans({ sinceUs: since * 1000, limit: TIMELINE_EVENTS }),
        ]);
        send({ ...request, events, spans });
        return;
      }
      case "logs":
        tail?.stop();
        tail = undefined;
        if (request.pid === null) return;
        if (deps.logDir === undefined) throw new Error("this dashboard has no logs dir");
        tail = new LogTail(deps.logDir, request.pid, (chunk) =>
          send({ type: "logs", pid: request.pid, ...chunk }),
        );
        return;
      case "kill":
      case "restart":
        await deps.control.kill(request.actorId, { noRestart: request.type === "kill" });
        send({ ...request, done: true });
        return;
    }
  }
}
