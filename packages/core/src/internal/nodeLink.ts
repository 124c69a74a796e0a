/**
 * The link between the head and a joined node's agent: one ws connection with
 * subprotocol `rayx.node.v1`. Text messages are rare control messages (JSON): the
 * head's welcome, the agent's hello, worker exits, worker add/retire/replace
 * requests and object pulls with their replies. Binary messages carry the workers'
 * frames, each tagged with the agent-local worker id; the frames queued in one event
 * turn leave in one message (`FrameBatcher`), like `FrameChannel` does on a Unix socket.
 */
import { MalformedFrameError } from "../errors.js";
import type { Frame } from "./Frame.js";
import { decodeFrame, encodeFrame } from "./frameCodec.js";
import type { WorkerExit } from "./WorkerPool.js";

/** The ws subprotocol of a node agent's connection to the head. */
export const NODE_PROTOCOL = "rayx.node.v1";

/** Milliseconds between the head's pings; defaults to 1,000. */
export const NODE_PING_MS_ENV = "RAYX_NODE_PING_MS";
/** Milliseconds without a pong (head side) or a ping (agent side) before the other end is dead; defaults to 5,000. */
export const NODE_DEAD_MS_ENV = "RAYX_NODE_DEAD_MS";

/** `name` from the environment as a positive number of ms, else `fallback`. */
export function msFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export interface LinkWorker {
  readonly workerId: string;
  readonly pid: number;
}

/** A place to pull an object from: a node and its object transfer server. */
export interface LinkLocation {
  readonly nodeId: string;
  readonly address: string;
}

/** Head → agent, as text. */
export type HeadMessage =
  | {
      readonly kind: "welcome";
      readonly headNodeId: string;
      readonly hostname: string;
      /** The head's GCS env dir (opened directly by workers on the same host). */
      readonly gcsDir: string;
      readonly namespace: string;
    }
  | { readonly kind: "add"; readonly no: number }
  | { readonly kind: "retire"; readonly no: number; readonly workerId: string }
  | { readonly kind: "replace"; readonly no: number; readonly workerId: string }
  | {
      readonly kind: "pull";
      readonly no: number;
      readonly objectId: string;
      readonly sources: readonly LinkLocation[];
    }
  /** The head no longer needs these objects: the node drops its hold on them (they may be freed). */
  | { readonly kind: "release"; readonly objectIds: readonly string[] }
  | { readonly kind: "shutdown" };

/** Agent → head, as text. */
export type AgentMessage =
  | {
      readonly kind: "hello";
      readonly nodeId: string;
      readonly hostname: string;
      readonly pid: number;
      readonly sessionDir: string;
      readonly resources: Readonly<Record<string, number>>;
      readonly transferAddress: string;
      readonly workers: readonly LinkWorker[];
    }
  | { readonly kind: "exit"; readonly exit: WorkerExit }
  /** A worker stored a result of `size` bytes in this node's store (sent before the result frame). */
  | { readonly kind: "stored"; readonly objectId: string; readonly size: number }
  | {
      readonly kind: "reply";
      readonly no: number;
      readonly worker?: LinkWorker;
      readonly error?: string;
    };

/** Parses a control message; throws `MalformedFrameError` naming `peer` when it is not one. */
export function parseControl<T extends { kind: string }>(text: string, peer: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedFrameError(peer, "a control message is not JSON");
  }
  if (typeof (value as { kind?: unknown } | null)?.kind !== "string") {
    throw new MalformedFrameError(peer, "a control message has no kind");
  }
  return value as T;
}

/** Frames of several workers in one binary message: per frame `[u8 id length][id][u32 length][frame]`. */
export class FrameBatcher {
  #pending: Uint8Array[] = [];
  #bytes = 0;

  constructor(readonly flushTo: (bytes: Uint8Array) => void) {}

  push(workerId: string, frame: Frame): void {
    const id = Buffer.from(workerId);
    const body = encodeFrame(frame);
    const head = Buffer.allocUnsafe(1 + id.length + 4);
    head.writeUInt8(id.length, 0);
    id.copy(head, 1);
    head.writeUInt32LE(body.length, 1 + id.length);
    if (this.#pending.length === 0) process.nextTick(() => this.#flush());
    this.#pending.push(head, body);
    this.#bytes += head.length + body.length;
  }

  #flush(): void {
    const bytes = Buffer.concat(this.#pending, this.#bytes);
    this.#pending = [];
    this.#bytes = 0;
    this.flushTo(bytes);
  }
}

/** The `[workerId, frame]` pairs of one binary message; throws `MalformedFrameError` naming `peer`. */
export function decodeFrameBatch(bytes: Buffer, peer: string): [string, Frame][] {
  const frames: [string, Frame][] = [];
  let at = 0;
  while (at < bytes.length) {
    const idLength = bytes.readUInt8(at);
    const bodyAt = at + 1 + idLength + 4;
    if (bodyAt > bytes.length) throw new MalformedFrameError(peer, "a frame batch is truncated");
    const workerId = bytes.toString("utf8", at + 1, at + 1 + idLength);
    const end = bodyAt + bytes.readUInt32LE(at + 1 + idLength);
    if (end > bytes.length) throw new MalformedFrameError(peer, "a frame batch is truncated");
    frames.push([workerId, decodeFrame(bytes.subarray(bodyAt, end), peer)]);
    at = end;
  }
  return frames;
}
