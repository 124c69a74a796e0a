/**
 * The GCS service over ws: serves a `GcsApi` (normally the node's `Gcs`) to
 * processes on other hosts and to the CLI. Binary protobuf frames (gcs_service.proto)
 * carry requests with ids, responses, and subscription pushes. A client that sends
 * garbage, oversized frames or unknown methods gets an error (and, for garbage, is
 * disconnected); every other client carries on. A connection must send its first
 * request (`GcsClient` sends `hello`) within the listener's hello time, and until it
 * has, errors it gets carry no server stack. `handleGcsUpgrades` serves the same
 * protocol on a server someone else owns (the head node's one port).
 */
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { closeWebSocket } from "./closeWebSocket.js";
import { ConnectionGuard } from "./ConnectionGuard.js";
import { RayxError } from "./errors.js";
import type { GcsApi, GcsTopic, Subscription } from "./GcsApi.js";
import { hasBearerToken } from "./hasBearerToken.js";
import type { ListenerLimits } from "./ListenerLimits.js";
import { refuseUpgrade } from "./refuseUpgrade.js";
import {
  frames,
  isTopic,
  topics,
  values,
  type ErrorInfo,
  type RequestFrame,
} from "./internal/codec.js";
import {
  DEFAULT_MAX_PAYLOAD,
  HELLO,
  methodSpec,
  PROTOCOL,
  SUBSCRIBE,
  UNSUBSCRIBE,
} from "./internal/methods.js";

export interface GcsServerOptions {
  /** What to serve, usually the node's `Gcs`. */
  readonly gcs: GcsApi;
  /** Interface to listen on; defaults to `127.0.0.1` (loopback only, DESIGN.md Security). */
  readonly host?: string;
  /** Port; defaults to `0` (any free port, see `GcsServer.port`). */
  readonly port?: number;
  /**
   * Shared secret clients must send (`Authorization: Bearer <token>`); a connection
   * without it is refused before any request is read. Defaults to none (loopback use).
   */
  readonly token?: string;
  /** Largest frame accepted or sent, in bytes; defaults to 64 MiB. Larger ones close the sender's connection (1009). */
  readonly maxPayload?: number;
  /** Timeouts and caps for connections that have not sent a request yet; defaults to `DEFAULT_LISTENER_LIMITS`. */
  readonly limits?: Partial<ListenerLimits>;
}

/** A running GCS service. */
export interface GcsServer {
  /** `ws://host:port` to give to `GcsClient.connect`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, closes every connection (code 1001) and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Starts serving `options.gcs` over ws.
 *
 * @example
 * ```ts
 * const server = await startGcsServer({ gcs, port: 6380, token: process.env.RAYX_TOKEN });
 * console.log(`GCS at ${server.url}`);
 * ```
 */
export async function startGcsServer(options: GcsServerOptions): Promise<GcsServer> {
  const { gcs, host = "127.0.0.1", port = 0, token, maxPayload = DEFAULT_MAX_PAYLOAD } = options;
  const guard = new ConnectionGuard(options.limits);
  const server = guard.createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end(`this is a GCS: speak ${PROTOCOL}\n`);
  });
  const wss = new WebSocketServer({
    server,
    maxPayload,
    perMessageDeflate: false,
    verifyClient: ({ req }: { req: IncomingMessage }, accept) => {
      const refusal = refuse(req, token);
      if (refusal === undefined) accept(true);
      else accept(false, refusal.status, refusal.message);
    },
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  wss.on("connection", (socket, req) => serve(socket, req, gcs, maxPayload, guard));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `ws://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: async () => {
      await closeAll(wss);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The GCS service on an `http.Server` someone else listens with, as `handleGcsUpgrades` returns it. */
export interface GcsUpgradeHandler {
  /** The ws subprotocol it serves (`rayx.gcs.v1`): route upgrade requests that offer it here. */
  readonly protocol: string;
  /** Takes over one `upgrade` request: refuses it (bad protocol or token) or serves the connection. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection it serves (code 1001) and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Serves `options.gcs` on upgrade requests handed over by the caller's own
 * `http.Server` (its `host`/`port` options are not used): the same protocol, token
 * check and limits as `startGcsServer`.
 *
 * @example
 * ```ts
 * const gcsService = handleGcsUpgrades({ gcs, token });
 * httpServer.on("upgrade", (req, socket, head) => gcsService.handleUpgrade(req, socket, head));
 * ```
 */
export function handleGcsUpgrades(
  options: Omit<GcsServerOptions, "host" | "port" | "limits"> & {
    /** The owning server's guard: GCS connections get its hello time. Defaults to none. */
    readonly guard?: ConnectionGuard;
  },
): GcsUpgradeHandler {
  const { gcs, token, maxPayload = DEFAULT_MAX_PAYLOAD, guard } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });
  return {
    protocol: PROTOCOL,
    handleUpgrade: (req, socket, head) => {
      const refusal = refuse(req, token);
      if (refusal !== undefined) {
        refuseUpgrade(socket, refusal.status, refusal.message);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req, gcs, maxPayload, guard));
    },
    close: () => closeAll(wss),
  };
}

/** Closes every connection (1001) and the server; resolves once closed. */
function closeAll(wss: WebSocketServer): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const client of wss.clients) client.close(1001, "GCS server shutting down");
    wss.close(() => resolve());
  });
}

/** Why the upgrade request must be refused, checked before any frame is read. */
function refuse(
  req: IncomingMessage,
  token: string | undefined,
): { status: number; message: string } | undefined {
  const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
  if (!offered.includes(PROTOCOL)) {
    return { status: 400, message: `unsupported GCS protocol: this server speaks ${PROTOCOL}` };
  }
  return hasBearerToken(req, token)
    ? undefined
    : { status: 401, message: "missing or wrong GCS token (RAYX_TOKEN)" };
}

/** One client connection: its requests and its subscriptions. */
function serve(
  socket: WebSocket,
  req: IncomingMessage,
  gcs: GcsApi,
  maxPayload: number,
  guard: ConnectionGuard | undefined,
): void {
  const subscriptions = new Map<GcsTopic, Promise<Subscription>>();
  const admit = guard?.watch(socket, req, { hello: "GCS request" });
  /** Any well-formed request ends the hello clock; errors carry server stacks only after `hello`. */
  let spoke = false;
  let greeted = false;

  const send = (frame: Parameters<typeof frames.encodeResponse>[0]): void => {
    if (socket.readyState === socket.OPEN) socket.send(frames.encodeResponse(frame));
  };
  const fail = (id: number, error: ErrorInfo): void => send({ id, error });

  // Oversized frames: ws closes with 1009 and reports the error here; nothing to add.
  socket.on("error", () => undefined);
  socket.on("close", () => {
    for (const subscription of subscriptions.values()) {
      void subscription.then((s) => s.close());
    }
    subscriptions.clear();
  });

  socket.on("message", (data, isBinary) => {
    let frame: RequestFrame;
    try {
      if (!isBinary) throw new Error("a text frame (GCS frames are binary protobuf)");
      frame = frames.decodeRequest(data as Buffer);
    } catch (error) {
      fail(0, protocolError("GCS_MALFORMED_FRAME", `malformed frame: ${(error as Error).message}`));
      closeWebSocket(socket, 1007, "malformed frame");
      return;
    }
    if (!spoke) {
      spoke = true;
      admit?.();
    }
    const known = greeted;
    if (frame.method === HELLO) greeted = true;
    void handle(frame).then(
      (result) => {
        if (result.length > maxPayload) {
          const message = `the result of '${frame.method}' is ${result.length} bytes, over maxPayload (${maxPayload}): ask for less (smaller limit)`;
          fail(frame.id, protocolError("GCS_PAYLOAD_TOO_LARGE", message));
        } else {
          send({ id: frame.id, result });
        }
      },
      (error: unknown) => fail(frame.id, errorInfo(error, known)),
    );
  });

  async function handle({ method, args }: RequestFrame): Promise<Uint8Array> {
    if (method === HELLO) return values.void.encode();
    if (method === SUBSCRIBE || method === UNSUBSCRIBE) {
      const topic = values.string.decode(args[0] ?? new Uint8Array(0));
      if (!isTopic(topic)) {
        throw protocolFailure(
          "GCS_UNKNOWN_METHOD",
          `unknown topic '${topic}' (known: actors, nodes, names)`,
        );
      }
      if (method === SUBSCRIBE) subscribe(topic);
      else await unsubscribe(topic);
      return values.void.encode();
    }
    const spec = methodSpec(method);
    if (spec === undefined) {
      throw protocolFailure("GCS_UNKNOWN_METHOD", `unknown GCS method '${method}'`);
    }
    if (args.length !== spec.args.length) {
      throw protocolFailure(
        "GCS_MALFORMED_FRAME",
        `'${method}' takes ${spec.args.length} arguments, got ${args.length}`,
      );
    }
    const decoded = spec.args.map((codec, i) =>
      codec.decode(args[i]!, `argument ${i} of '${method}'`),
    );
    const operations = gcs as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    return spec.result.encode(await operations[method]!.apply(gcs, decoded));
  }

  async function unsubscribe(topic: GcsTopic): Promise<void> {
    const subscription = subscriptions.get(topic);
    subscriptions.delete(topic);
    await (await subscription)?.close();
  }

  function subscribe<T extends GcsTopic>(topic: T): void {
    if (subscriptions.has(topic)) return;
    const codec = topics[topic];
    subscriptions.set(
      topic,
      gcs.subscribe(topic, (change) =>
        send({ id: 0, push: { topic, payload: codec.encode(change) } }),
      ),
    );
  }
}

type ProtocolCode = "GCS_MALFORMED_FRAME" | "GCS_UNKNOWN_METHOD" | "GCS_PAYLOAD_TOO_LARGE";

function protocolError(code: ProtocolCode, message: string): ErrorInfo {
  return { name: "GcsProtocolError", code, message, stack: "" };
}

/** An error `handle` throws that is sent as a protocol error, not as a failed operation. */
class ProtocolFailure extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

function protocolFailure(code: ProtocolCode, message: string): ProtocolFailure {
  return new ProtocolFailure(protocolError(code, message));
}

/** What the client is told of `error`; `known`: it has spoken the protocol, so it may see stacks. */
function errorInfo(error: unknown, known: boolean): ErrorInfo {
  if (error instanceof ProtocolFailure) return error.info;
  const stackOf = (e: Error) => (known ? (e.stack ?? "") : "");
  if (error instanceof RayxError) {
    return { name: error.name, code: error.code, message: error.message, stack: stackOf(error) };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, code: "GCS_INTERNAL", message: e.message, stack: stackOf(e) };
}
