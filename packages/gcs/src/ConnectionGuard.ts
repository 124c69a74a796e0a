/**
 * Bounds what peers that have not said hello cost one listener (`ListenerLimits`):
 * it makes the listener's `http.Server` with header and request timeouts, drops new
 * connections while too many are unauthenticated, counts the bytes each sends until
 * its hello is accepted, and gives every upgraded ws a hello deadline. A protocol
 * calls `watch()` on each ws it serves and the returned `admit()` once its hello is
 * valid; from then on the connection is its own (pings, frame limits).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import { closeWebSocket, WS_CLOSE } from "./closeWebSocket.js";
import { listenerLimits, type ListenerLimits } from "./ListenerLimits.js";

/** One connection that has not said hello yet. */
interface Unauthenticated {
  bytes: number;
  socket?: WebSocket;
  timer?: NodeJS.Timeout;
  readonly onData: (chunk: Buffer) => void;
}

/** What a protocol waits for on one ws. */
export interface HelloWatch {
  /** Ms the peer has to say hello; defaults to the listener's `helloTimeoutMs`. */
  readonly timeoutMs?: number;
  /** What the peer must send, for the close reason (`"a driver hello"`). */
  readonly hello: string;
}

export class ConnectionGuard {
  readonly limits: ListenerLimits;
  readonly #pending = new Map<Socket, Unauthenticated>();
  #dropped = 0;

  constructor(limits: Partial<ListenerLimits> = {}) {
    this.limits = listenerLimits(limits);
  }

  /**
   * An `http.Server` under these limits (not listening yet). Incomplete headers are
   * answered 408 and closed within `headersTimeoutMs` (checked every quarter of it).
   *
   * @example
   * const guard = new ConnectionGuard({ helloTimeoutMs: 5000 });
   * const server = guard.createServer();
   * const wss = new WebSocketServer({ server, maxPayload: 4096 });
   */
  createServer(onRequest?: RequestListener): Server {
    const { headersTimeoutMs } = this.limits;
    const server = createServer(
      {
        headersTimeout: headersTimeoutMs,
        requestTimeout: headersTimeoutMs,
        connectionsCheckingInterval: Math.max(50, Math.floor(headersTimeoutMs / 4)),
      },
      onRequest,
    );
    server.on("connection", (socket: Socket) => this.#accept(socket));
    return server;
  }

  /** Connections not yet past their hello, now. */
  get unauthenticated(): number {
    return this.#pending.size;
  }

  /** Connections dropped on accept because too many were unauthenticated. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Starts the hello clock of `socket` (upgraded from `req`): closed with 1008 if
   * `admit` is not called in time. A connection the guard does not know (already
   * admitted, or from another server) is left alone.
   */
  watch(socket: WebSocket, req: IncomingMessage, watch: HelloWatch): () => void {
    const raw = req.socket;
    const entry = this.#pending.get(raw);
    if (entry === undefined) return () => undefined;
    entry.socket = socket;
    const timeoutMs = watch.timeoutMs ?? this.limits.helloTimeoutMs;
    entry.timer = setTimeout(
      () =>
        closeWebSocket(
          socket,
          WS_CLOSE.policyViolation,
          `no ${watch.hello} within ${timeoutMs} ms`,
        ),
      timeoutMs,
    );
    entry.timer.unref();
    return () => this.#admit(raw);
  }

  #accept(socket: Socket): void {
    if (this.#pending.size >= this.limits.maxUnauthenticated) {
      this.#dropped++;
      socket.destroy();
      return;
    }
    const entry: Unauthenticated = {
      bytes: 0,
      onData: (chunk) => {
        entry.bytes += chunk.length;
        if (entry.bytes <= this.limits.maxBytesBeforeHello) return;
        const reason = `over ${this.limits.maxBytesBeforeHello} bytes before hello`;
        if (entry.socket === undefined) socket.destroy();
        else {
          // Read no more of it: the close frame still goes out, the rest is never buffered.
          socket.pause();
          closeWebSocket(entry.socket, WS_CLOSE.messageTooBig, reason);
        }
        this.#admit(socket);
      },
    };
    this.#pending.set(socket, entry);
    socket.on("data", entry.onData);
    socket.once("close", () => this.#admit(socket));
  }

  #admit(socket: Socket): void {
    const entry = this.#pending.get(socket);
    if (entry === undefined) return;
    this.#pending.delete(socket);
    clearTimeout(entry.timer);
    socket.off("data", entry.onData);
  }
}
