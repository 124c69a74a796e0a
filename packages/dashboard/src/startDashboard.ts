/**
 * The dashboard's web server: one `http.Server` that serves the browser app (ES
 * modules, no bundler) and a ws endpoint at `/ws` that pushes the cluster's picture
 * and answers the app's requests. It binds to loopback unless told otherwise, and
 * then needs the cluster's token (DESIGN.md "Security"): opened once with
 * `?token=`, kept in a cookie; ws upgrades from another origin are refused.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { ConnectionGuard, refuseUpgrade, type GcsApi, type ListenerLimits } from "@rayx/gcs";
import { WebSocketServer } from "ws";
import { ClusterFeed } from "./internal/ClusterFeed.js";
import { dashboardAuth, tokenCookie } from "./internal/dashboardAuth.js";
import type { LocalWorkers } from "./internal/clusterView.js";
import type { DashboardControl } from "./internal/DashboardControl.js";
import { serveSession } from "./internal/DashboardSession.js";
import { readStatic, staticFiles } from "./internal/staticFiles.js";

export type { LocalWorkers } from "./internal/clusterView.js";
export type { DashboardControl } from "./internal/DashboardControl.js";

export interface DashboardOptions {
  /** The cluster's control store, read for everything shown. */
  readonly gcs: GcsApi;
  /** The operations behind the kill and restart buttons. */
  readonly control: DashboardControl;
  /** Interface to listen on; defaults to `"127.0.0.1"`. Any other needs `token`. */
  readonly host?: string;
  /** Port; defaults to `0` (any free port). */
  readonly port?: number;
  /** The cluster's token, required of every request when set; defaults to none. */
  readonly token?: string;
  /** The node's worker logs dir (`<session dir>/logs`); defaults to none (no logs shown). */
  readonly logDir?: string;
  /** This node's worker processes, shown even while they run nothing; defaults to none. */
  readonly localWorkers?: LocalWorkers;
  /** Header timeouts and the cap on connections without a session; defaults to `DEFAULT_LISTENER_LIMITS`. */
  readonly limits?: Partial<ListenerLimits>;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://host:port/`, what to open in a browser (without the token). */
  readonly url: string;
  readonly port: number;
  /** Stops serving and closes every open dashboard's connection. */
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

/**
 * Serves the dashboard of the cluster whose GCS is `gcs`.
 *
 * @example
 * const dashboard = await startDashboard({ gcs, control: { kill: (id, o) => manager.kill(id, o.noRestart) } });
 * console.log(`rayx dashboard: ${dashboard.url}`);
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.test(host) && (options.token ?? "") === "") {
    throw new TypeError(
      `startDashboard: a dashboard listening on ${host} (beyond loopback) needs the cluster's token: pass { token }`,
    );
  }
  const files = staticFiles();
  const feed = await ClusterFeed.start(
    options.gcs,
    options.localWorkers === undefined ? {} : { localWorkers: options.localWorkers },
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const deps = {
    gcs: options.gcs,
    feed,
    control: options.control,
    ...(options.logDir === undefined ? {} : { logDir: options.logDir }),
  };
  // Bounded like the head's other listeners: header timeouts, a cap on connections
  // that have not opened a session, and bytes counted until they do.
  const guard = new ConnectionGuard(options.limits);
  const server = guard.createServer((req, res) => void serveFile(req, res));

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = dashboardAuth(req, options.token);
    const url = new URL(req.url ?? "/", "http://dashboard");
    if (auth === "refused") {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
      res.end(
        "missing or wrong token: open the dashboard with ?token=<the cluster's token> " +
          "(`rayx start --head` keeps it in <storage>/token)\n",
      );
      return;
    }
    if (auth === "set-cookie") {
      res.writeHead(303, {
        "set-cookie": tokenCookie(options.token ?? ""),
        location: url.pathname,
      });
      res.end();
      return;
    }
    const file = req.method === "GET" ? files.get(url.pathname) : undefined;
    if (file === undefined) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end(`no such page: ${url.pathname}\n`);
      return;
    }
    const body = await readStatic(file).catch(() => undefined);
    res.writeHead(body === undefined ? 500 : 200, {
      "content-type": file.type,
      "cache-control": "no-cache",
    });
    res.end(body);
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => undefined);
    const url = new URL(req.url ?? "/", "http://dashboard");
    if (url.pathname !== "/ws") return refuseUpgrade(socket, 400, "the dashboard's ws is /ws");
    if (dashboardAuth(req, options.token) !== "ok") {
      return refuseUpgrade(socket, 401, "missing or wrong token: open the dashboard with ?token=");
    }
    // A page of another site must not drive the buttons with the user's cookie.
    const origin = req.headers.origin;
    if (origin !== undefined && new URL(origin).host !== req.headers.host) {
      return refuseUpgrade(
        socket,
        400,
        `ws from origin ${origin} refused: open the dashboard itself`,
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      guard.watch(ws, req, { hello: "dashboard session" })(); // its token was its hello
      serveSession(ws, deps);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await feed.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: async () => {
      for (const client of wss.clients) client.close(1001, "the dashboard is stopping");
      await feed.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
