/**
 * The head node's one listening port (CLUSTER.md): an `http.Server` whose ws
 * upgrade requests are routed by their subprotocol — the GCS service, drivers
 * (`rayx.driver.v1`), joined nodes (`rayx.node.v1`) — after the shared token is
 * checked, so a connection without it is refused before anything is read. It binds
 * to loopback unless told otherwise (DESIGN.md "Security"). Its `ConnectionGuard`
 * bounds peers that have not said hello (header and hello times, bytes, how many);
 * each route has its own largest ws message.
 */
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { ConnectionGuard, hasBearerToken, refuseUpgrade, type ListenerLimits } from "@rayx/gcs";
import { WebSocketServer, type WebSocket } from "ws";
import { advertisedHost } from "./advertisedHost.js";

export interface HeadEndpointOptions {
  /** Interface to listen on; defaults to `"127.0.0.1"`. */
  readonly host?: string;
  /** Port; defaults to `0` (any free port). */
  readonly port?: number;
  /** Shared token every connection must send (`Authorization: Bearer`); defaults to none. */
  readonly token?: string;
  /** Largest ws message accepted on routed connections, in bytes, unless a route says; defaults to 64 MiB. */
  readonly maxPayload?: number;
  /** Timeouts and caps for connections before their hello; defaults to `DEFAULT_LISTENER_LIMITS`. */
  readonly limits?: Partial<ListenerLimits>;
}

/** Takes over a raw upgrade request (a service with its own ws server, like the GCS's). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
/** Serves one accepted ws connection. */
export type ConnectionHandler = (socket: WebSocket, req: IncomingMessage) => void;

const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

export class HeadEndpoint {
  /** `ws://host:port`: what drivers, nodes and the CLI connect to. */
  readonly address: string;
  readonly port: number;
  /** Bounds connections before their hello; routes `watch` their ws with it. */
  readonly guard: ConnectionGuard;
  readonly #server: Server;
  readonly #token: string | undefined;
  readonly #maxPayload: number;
  /** One ws server per route: each has its own `maxPayload`. */
  readonly #servers = new Set<WebSocketServer>();
  readonly #routes = new Map<string, UpgradeHandler>();

  private constructor(
    server: Server,
    guard: ConnectionGuard,
    host: string,
    options: HeadEndpointOptions,
  ) {
    this.#server = server;
    this.guard = guard;
    this.#token = options.token;
    this.#maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.port = (server.address() as AddressInfo).port;
    const reachable = advertisedHost(host);
    this.address = `ws://${reachable.includes(":") ? `[${reachable}]` : reachable}:${this.port}`;
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#upgrade(req, socket, head),
    );
  }

  /**
   * Listens on `host:port`; rejects (e.g. `EADDRINUSE`) when it cannot.
   *
   * @example
   * const endpoint = await HeadEndpoint.listen({ port: 6380 });
   * endpoint.route("rayx.driver.v1", (socket) => serveDriver(socket));
   */
  static async listen(options: HeadEndpointOptions = {}): Promise<HeadEndpoint> {
    const host = options.host ?? "127.0.0.1";
    const guard = new ConnectionGuard(options.limits);
    const server = guard.createServer((_req, res) => {
      res.writeHead(426, { "content-type": "text/plain" });
      res.end(
        "this is a rayx head node: connect with init({ address }), `rayx start --address` or the rayx CLI\n",
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return new HeadEndpoint(server, guard, host, options);
  }

  /**
   * Serves connections that offer `protocol` with `handler` (one accepted ws each).
   * A message over `maxPayload` bytes (defaults to the endpoint's) closes its
   * connection with 1009, checked from the frame header before it is buffered.
   */
  route(protocol: string, handler: ConnectionHandler, maxPayload = this.#maxPayload): void {
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload,
      perMessageDeflate: false,
      handleProtocols: () => protocol,
    });
    this.#servers.add(wss);
    this.routeUpgrade(protocol, (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => handler(ws, req)),
    );
  }

  /** Hands upgrade requests that offer `protocol` to `handler` (after the token check). */
  routeUpgrade(protocol: string, handler: UpgradeHandler): void {
    this.#routes.set(protocol, handler);
  }

  /** Stops listening and drops every connection (routed ws get code 1001). */
  close(): Promise<void> {
    for (const wss of this.#servers) {
      for (const client of wss.clients) client.close(1001, "the head node is stopping");
    }
    return new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => undefined);
    if (!hasBearerToken(req, this.#token)) {
      refuseUpgrade(
        socket,
        401,
        "missing or wrong token: pass the cluster's token (--token or RAYX_TOKEN; " +
          "`rayx start --head` keeps it in <storage>/token)",
      );
      return;
    }
    const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    const protocol = offered.find((p) => this.#routes.has(p));
    if (protocol === undefined) {
      refuseUpgrade(
        socket,
        400,
        `unsupported protocol '${offered.join(", ")}': this rayx head speaks ${[...this.#routes.keys()].join(", ")}`,
      );
      return;
    }
    this.#routes.get(protocol)?.(req, socket, head);
  }
}
