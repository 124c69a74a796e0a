/**
 * The local transport: a Unix-domain socket in the session directory, carrying
 * `FrameChannel`s (u32-length-prefixed frames). Chosen by measurement: on this class
 * of machine it moves ~2× the small pipelined frames of child-process IPC at the same
 * round-trip time (MEASURED.md §3). It owns the listening socket and its file; the
 * socket is 0600 inside a 0700 directory (`makeSessionDir`), so only this user connects.
 */
import { chmod, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { TransportPathError } from "../errors.js";
import { FrameChannel } from "./FrameChannel.js";
import type { FrameChannelOptions, FrameCodec } from "./FrameChannel.js";

/** Linux's `sun_path` holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

function checkPath(path: string): void {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new TransportPathError(
      `the socket path ${path} is ${Buffer.byteLength(path)} bytes, above the OS limit of ` +
        `${MAX_SOCKET_PATH_BYTES}: choose a shorter session directory (e.g. under /tmp)`,
    );
  }
}

export class Transport<T> {
  readonly #server: Server;
  readonly #channels = new Set<FrameChannel<T>>();
  #closing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    server: Server,
  ) {
    this.#server = server;
  }

  /**
   * Listens on a Unix socket at `path` (which must not exist). Each accepted
   * connection becomes a `FrameChannel` handed to `onConnection`, before any of its
   * frames is read.
   *
   * @example
   * const transport = await Transport.listen(join(sessionDir, "node.sock"), frameCodec, (ch) => {
   *   ch.onFrame((frame) => console.log(frame.kind));
   * });
   */
  static async listen<T>(
    path: string,
    codec: FrameCodec<T>,
    onConnection: (channel: FrameChannel<T>) => void,
    options: FrameChannelOptions = {},
  ): Promise<Transport<T>> {
    checkPath(path);
    const server = createServer();
    const transport = new Transport<T>(path, server);
    server.on("connection", (socket) => transport.#accept(socket, codec, onConnection, options));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => {
        server.off("error", reject);
        resolve();
      });
    });
    await chmod(path, 0o600);
    return transport;
  }

  /** Connects to a transport listening at `path`; rejects if nothing listens there. */
  static connect<T>(
    path: string,
    codec: FrameCodec<T>,
    options: FrameChannelOptions = {},
  ): Promise<FrameChannel<T>> {
    checkPath(path);
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new FrameChannel(socket, codec, options));
      });
    });
  }

  /** Channels currently open. */
  get channels(): ReadonlySet<FrameChannel<T>> {
    return this.#channels;
  }

  /** Stops listening, closes every channel and removes the socket file. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      for (const channel of this.#channels) channel.destroy();
      await stopped;
      await rm(this.path, { force: true });
    })();
    return this.#closing;
  }

  #accept(
    socket: Socket,
    codec: FrameCodec<T>,
    onConnection: (channel: FrameChannel<T>) => void,
    options: FrameChannelOptions,
  ): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    const channel = new FrameChannel(socket, codec, options);
    this.#channels.add(channel);
    channel.onClose(() => this.#channels.delete(channel));
    onConnection(channel);
  }
}
