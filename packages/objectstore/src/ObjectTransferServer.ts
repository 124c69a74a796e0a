/**
 * Serves this node's objects to other nodes over ws: a client asks for an id and
 * an offset, and gets the object's framed bytes from there in chunks, preceded by
 * their total size and SHA-256 (see `internal/transferProtocol.ts`). The object
 * stays pinned while it is being sent. Binds 127.0.0.1 unless told otherwise; with
 * a token, an upgrade without it is refused before any request is read. A connection
 * must ask within the listener's hello time (`ListenerLimits`), or it is closed (1008).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { ConnectionGuard, type ListenerLimits } from "@rayx/gcs";
import { WebSocketServer, type WebSocket } from "ws";
import { isObjectId } from "./ObjectId.js";
import type { ObjectStore } from "./ObjectStore.js";
import { InvalidObjectStoreOptionError, ObjectLostError } from "./errors.js";
import { framingHeader } from "./internal/framing.js";
import {
  AUTH_HEADER,
  TRANSFER_PATH,
  type TransferReply,
  type TransferRequest,
} from "./internal/transferProtocol.js";

export interface ObjectTransferServerOptions {
  /** The store whose objects are served. Required. */
  readonly store: ObjectStore;
  /** Interface to bind. Defaults to `127.0.0.1` (loopback only). */
  readonly host?: string;
  /** The host others reach it at, for `address` (e.g. this host's IP when bound to `0.0.0.0`). Defaults to `host`. */
  readonly advertisedHost?: string;
  /** Port to bind. Defaults to 0 (any free port; read it from `address`). */
  readonly port?: number;
  /** Shared token required from clients. Defaults to none, which is allowed on loopback only. */
  readonly token?: string;
  /** Bytes per binary frame, at most 16 MiB. Defaults to 1 MiB. */
  readonly chunkSize?: number;
  /** Timeouts and caps for connections that have not asked yet; defaults to `DEFAULT_LISTENER_LIMITS`. */
  readonly limits?: Partial<ListenerLimits>;
}

/** A running transfer endpoint. */
export interface ObjectTransferServer {
  /** `ws://host:port`, to record as this node's `ObjectLocation.address`. */
  readonly address: string;
  close(): Promise<void>;
}

/** The largest binary frame; clients accept frames up to 64 MiB. */
const MAX_CHUNK = 16 * 1024 * 1024;

const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "::1" || host.startsWith("127.");

/** Binary frames in flight per connection before waiting for the socket to drain. */
const WINDOW = 8;

/**
 * Starts serving `store`'s objects.
 *
 * @example
 * const server = await startObjectTransferServer({ store, token: process.env.RAYX_TOKEN });
 * await directory.addLocation(id, { nodeId, address: server.address });
 */
export async function startObjectTransferServer(
  options: ObjectTransferServerOptions,
): Promise<ObjectTransferServer> {
  const { store, host = "127.0.0.1", port = 0, token, chunkSize = 1 << 20 } = options;
  if (!(Number.isSafeInteger(chunkSize) && chunkSize > 0 && chunkSize <= MAX_CHUNK))
    throw new InvalidObjectStoreOptionError(
      "chunkSize",
      `must be a whole number of bytes from 1 to ${MAX_CHUNK}, got ${String(chunkSize)}`,
    );
  if (token === undefined && !isLoopback(host))
    throw new InvalidObjectStoreOptionError(
      "token",
      `is required to listen on ${host} (beyond loopback); pass the cluster token (RAYX_TOKEN)`,
    );
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  const guard = new ConnectionGuard(options.limits);
  const server = guard.createServer();
  const wss = new WebSocketServer({
    server,
    path: TRANSFER_PATH,
    maxPayload: 4096,
    verifyClient: ({
      req,
    }: {
      req: { headers: Record<string, string | string[] | undefined> };
    }) => {
      if (!expected) return true;
      const given = req.headers[AUTH_HEADER];
      const bytes = Buffer.from(typeof given === "string" ? given : "");
      return bytes.length === expected.length && timingSafeEqual(bytes, expected);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  wss.on("connection", (socket, req) => {
    const admit = guard.watch(socket, req, { hello: "transfer request" });
    // Malformed or oversized frames: ws closes the connection; the server goes on.
    socket.on("error", () => socket.terminate());
    socket.once("message", (data, isBinary) => {
      admit();
      serve(socket, store, chunkSize, isBinary ? undefined : (data as Buffer).toString());
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const shown = options.advertisedHost ?? host;
  return {
    address: `ws://${shown.includes(":") ? `[${shown}]` : shown}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => {
          server.close(() => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
      }),
  };
}

function serve(
  socket: WebSocket,
  store: ObjectStore,
  chunkSize: number,
  text: string | undefined,
): void {
  const request = parseRequest(text);
  if (typeof request === "string")
    return reply(socket, { error: request, code: "BAD_REQUEST" }, true);
  let exported: ReturnType<ObjectStore["exportParts"]>;
  try {
    exported = store.exportParts(request.id);
  } catch (error) {
    const lost = error instanceof ObjectLostError;
    const message = error instanceof Error ? error.message : String(error);
    return reply(socket, { error: message, code: lost ? error.code : "SERVER_ERROR" }, true);
  }
  socket.once("close", () => exported.done());
  const pieces = [framingHeader(exported.parts), ...exported.parts];
  const size = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
  if (request.offset > size) {
    exported.done();
    return reply(
      socket,
      { error: `offset ${request.offset} is past the object's ${size} bytes`, code: "BAD_REQUEST" },
      true,
    );
  }
  reply(socket, { size }, false);
  // The checksum covers the whole stream: hash what the client already has, then each chunk as it goes.
  const hash = createHash("sha256");
  for (const piece of chunksFrom(pieces, 0, Number.MAX_SAFE_INTEGER, request.offset))
    hash.update(piece);
  const chunks = chunksFrom(pieces, request.offset, chunkSize);
  let inFlight = 0;
  let ended = false;
  const pump = (): void => {
    while (!ended && inFlight < WINDOW && socket.readyState === socket.OPEN) {
      const next = chunks.next();
      if (next.done) {
        ended = true;
        reply(socket, { sha256: hash.digest("hex") }, false);
        break;
      }
      hash.update(next.value);
      inFlight++;
      socket.send(next.value, { binary: true }, () => {
        inFlight--;
        pump();
      });
    }
    if (ended && inFlight === 0) exported.done();
  };
  pump();
}

/**
 * The stream's bytes from `offset` up to `until` (defaults to the end), in chunks of at
 * most `chunkSize`, never crossing a piece.
 */
function* chunksFrom(
  pieces: readonly Uint8Array[],
  offset: number,
  chunkSize: number,
  until = Infinity,
): Generator<Uint8Array> {
  let start = 0;
  for (const piece of pieces) {
    const end = Math.min(start + piece.byteLength, until);
    for (let at = Math.max(offset, start); at < end; at += chunkSize)
      yield piece.subarray(at - start, Math.min(end, at + chunkSize) - start);
    start += piece.byteLength;
  }
}

function parseRequest(text: string | undefined): TransferRequest | string {
  if (text === undefined) return "the request must be a JSON text frame { id, offset }";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "the request is not JSON; send { id, offset }";
  }
  const { id, offset } = (value ?? {}) as Partial<TransferRequest>;
  if (!isObjectId(id)) return "request.id must be an object id (40 lowercase hex characters)";
  if (!(Number.isSafeInteger(offset) && (offset as number) >= 0))
    return "request.offset must be a non-negative integer";
  return { id, offset: offset as number };
}

function reply(socket: WebSocket, message: TransferReply, close: boolean): void {
  socket.send(JSON.stringify(message), () => {
    if (close) socket.close(1000);
  });
}
