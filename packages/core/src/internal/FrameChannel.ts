/**
 * A framed duplex channel over one stream socket (a Unix socket on one host, or a
 * ws connection's byte stream between hosts — one write is one ws message): sends
 * and receives whole frames, encoded by a `FrameCodec`. Frames sent in one event turn
 * leave in one write (one buffer), so pipelined calls cost one syscall per turn, not
 * per frame. A malformed or oversized incoming frame, or one left half-sent for
 * `stallTimeoutMs`, closes this connection with a clear error — it never throws into
 * the process. Correlating requests is not its job.
 */
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import {
  ChannelClosedError,
  FrameStalledError,
  FrameTooLargeError,
  MalformedFrameError,
} from "../errors.js";
import { FrameDecoder, HEADER_BYTES } from "./FrameDecoder.js";

/** Frames ↔ bytes for one protocol. `decode` throws `MalformedFrameError` on bad bytes. */
export interface FrameCodec<T> {
  encode(frame: T): Uint8Array;
  decode(bytes: Uint8Array, peer: string): T;
}

export interface FrameChannelOptions {
  /** Largest frame accepted or sent, in bytes; defaults to 16 MiB (`DEFAULT_MAX_FRAME_BYTES`). */
  readonly maxFrameBytes?: number;
  /** Names the other end in errors and logs; defaults to `"peer"`. */
  readonly peer?: string;
  /**
   * Ms a frame may stay half-received with no more bytes coming before the connection
   * is closed with `FrameStalledError` (a peer that is not trusted to finish what it
   * starts: the bytes held for the frame are its cost). Defaults to none (no limit).
   */
  readonly stallTimeoutMs?: number;
}

/** Objects travel through the object store, so control frames stay far below this. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export class FrameChannel<T> {
  readonly peer: string;
  readonly #socket: Duplex;
  readonly #codec: FrameCodec<T>;
  readonly #decoder: FrameDecoder;
  readonly #frameListeners = new Set<(frame: T) => void>();
  readonly #closeListeners = new Set<(error?: Error) => void>();
  #outgoing: Uint8Array[] = [];
  #outgoingBytes = 0;
  #closed = false;
  #closeError: Error | undefined;
  readonly #stallTimeoutMs: number | undefined;
  /** Armed while a frame is half-received; every chunk that arrives restarts it. */
  #stall: NodeJS.Timeout | undefined;

  /** `socket`: a stream socket, or any byte duplex (a ws stream between nodes). */
  constructor(socket: Duplex, codec: FrameCodec<T>, options: FrameChannelOptions = {}) {
    this.#socket = socket;
    this.#codec = codec;
    this.peer = options.peer ?? "peer";
    this.#decoder = new FrameDecoder(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES, this.peer);
    this.#stallTimeoutMs = options.stallTimeoutMs;
    (socket as Partial<Socket>).setNoDelay?.(true);
    socket.on("data", (chunk: Buffer) => this.#receive(chunk));
    socket.on("error", (error) => this.#finish(error));
    socket.on("close", () => this.#finish(undefined));
  }

  /** Largest frame accepted or sent, in bytes. */
  get maxFrameBytes(): number {
    return this.#decoder.maxFrameBytes;
  }

  /** Changes the largest frame accepted or sent (a peer trusted after its hello may send more). */
  set maxFrameBytes(bytes: number) {
    this.#decoder.maxFrameBytes = bytes;
  }

  /** True once the connection is closed (by either end, or by a bad frame). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Why the channel closed: the error, or `undefined` for an orderly close. */
  get closeError(): Error | undefined {
    return this.#closeError;
  }

  /**
   * Queues `frame`; every frame queued in this event turn is written at its end, in
   * order, in one write. Throws `ChannelClosedError` or `FrameTooLargeError`.
   */
  send(frame: T): void {
    if (this.#closed) throw new ChannelClosedError(this.peer, { cause: this.#closeError });
    const bytes = this.#codec.encode(frame);
    if (bytes.length > this.maxFrameBytes) {
      throw new FrameTooLargeError(this.peer, bytes.length, this.maxFrameBytes);
    }
    if (this.#outgoing.length === 0) process.nextTick(() => this.#flush());
    this.#outgoing.push(bytes);
    this.#outgoingBytes += HEADER_BYTES + bytes.length;
  }

  /** Calls `listener` with each frame received, in order. Returns a function that unsubscribes. */
  onFrame(listener: (frame: T) => void): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  /** Calls `listener` once when the channel closes, with the error if it failed. */
  onClose(listener: (error?: Error) => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /** Writes what is queued, then ends the connection; resolves once it is closed. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.onClose(() => resolve());
      this.#flush();
      this.#socket.end();
    });
  }

  /**
   * Drops the connection at once, without writing what is queued; `error` goes to
   * the stream (a ws byte stream turns it into a close code).
   */
  destroy(error?: Error): void {
    this.#socket.destroy(error);
    this.#finish(error);
  }

  #flush(): void {
    if (this.#outgoing.length === 0 || this.#closed) return;
    const out = Buffer.allocUnsafe(this.#outgoingBytes);
    let offset = 0;
    for (const bytes of this.#outgoing) {
      offset = out.writeUInt32BE(bytes.length, offset);
      out.set(bytes, offset);
      offset += bytes.length;
    }
    this.#outgoing = [];
    this.#outgoingBytes = 0;
    this.#socket.write(out);
  }

  #receive(chunk: Buffer): void {
    try {
      for (const bytes of this.#decoder.push(chunk)) {
        if (this.#closed) return;
        const frame = this.#codec.decode(bytes, this.peer);
        for (const listener of this.#frameListeners) listener(frame);
      }
      this.#watchStall();
    } catch (error) {
      if (!(error instanceof MalformedFrameError || error instanceof FrameTooLargeError))
        throw error;
      // The stream cannot be trusted past a bad frame: drop this connection, keep the process.
      this.destroy(error);
    }
  }

  #watchStall(): void {
    const ms = this.#stallTimeoutMs;
    if (ms === undefined || this.#closed) return;
    if (this.#decoder.pendingBytes === 0) {
      clearTimeout(this.#stall);
      this.#stall = undefined;
    } else if (this.#stall !== undefined) {
      this.#stall.refresh();
    } else {
      this.#stall = setTimeout(
        () => this.destroy(new FrameStalledError(this.peer, this.#decoder.pendingBytes, ms)),
        ms,
      );
      this.#stall.unref();
    }
  }

  #finish(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#stall);
    this.#closeError = error;
    this.#outgoing = [];
    this.#outgoingBytes = 0;
    // A half-received frame is garbage now: let its memory go with the connection.
    this.#decoder.reset();
    for (const listener of this.#closeListeners) listener(error);
    this.#closeListeners.clear();
    this.#frameListeners.clear();
  }
}
