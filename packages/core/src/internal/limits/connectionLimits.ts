/**
 * The limits a node's listeners apply to peers, read once from the environment so
 * that `rayx start` daemons and tests can shorten them (`ListenerLimits` in
 * `@rayx/gcs` has the defaults): header and hello times, the cap on connections
 * that have not said hello, the largest inline value a driver may send and how long
 * one of its frames may stay half-sent. A joined
 * node's agent starts its workers before its hello, so it gets longer to say it.
 */
import { DEFAULT_LISTENER_LIMITS, type ListenerLimits } from "@rayx/gcs";
import { DRIVER_MAX_FRAME_BYTES } from "../driverProtocol.js";

/** Ms for complete HTTP headers on every listener; defaults to 10,000. */
export const HEADERS_TIMEOUT_MS_ENV = "RAYX_HEADERS_TIMEOUT_MS";
/** Ms for a driver's hello, a GCS client's first request, a transfer request; defaults to 10,000. */
export const HELLO_TIMEOUT_MS_ENV = "RAYX_HELLO_TIMEOUT_MS";
/** Ms for a joining node's hello (it starts its workers first); defaults to 60,000. */
export const NODE_HELLO_TIMEOUT_MS_ENV = "RAYX_NODE_HELLO_TIMEOUT_MS";
/** Connections per listener that have not said hello; defaults to 64. */
export const MAX_UNAUTHENTICATED_ENV = "RAYX_MAX_UNAUTHENTICATED";
/** Largest frame from a driver after its hello (inline values), in bytes; defaults to 512 MiB. */
export const MAX_INLINE_BYTES_ENV = "RAYX_MAX_INLINE_BYTES";

/** Ms a driver's frame may stay half-sent with nothing more coming; defaults to 30,000. */
export const FRAME_STALL_MS_ENV = "RAYX_FRAME_STALL_MS";

export const DEFAULT_NODE_HELLO_TIMEOUT_MS = 60_000;
/** A driver on a slow link still sends a 1 MiB ws message in far less. */
export const DEFAULT_FRAME_STALL_MS = 30_000;

/** Largest frame a driver may send before its hello is accepted: a hello is a few hundred bytes. */
export const HELLO_MAX_FRAME_BYTES = 64 * 1024;

export interface ConnectionLimits {
  readonly listener: ListenerLimits;
  readonly nodeHelloTimeoutMs: number;
  readonly maxInlineBytes: number;
  readonly frameStallMs: number;
}

/** The limits in force in this process: the environment's, else the defaults. */
export function connectionLimits(env: NodeJS.ProcessEnv = process.env): ConnectionLimits {
  const positive = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const d = DEFAULT_LISTENER_LIMITS;
  return {
    listener: {
      ...d,
      headersTimeoutMs: positive(HEADERS_TIMEOUT_MS_ENV, d.headersTimeoutMs),
      helloTimeoutMs: positive(HELLO_TIMEOUT_MS_ENV, d.helloTimeoutMs),
      maxUnauthenticated: positive(MAX_UNAUTHENTICATED_ENV, d.maxUnauthenticated),
    },
    nodeHelloTimeoutMs: positive(NODE_HELLO_TIMEOUT_MS_ENV, DEFAULT_NODE_HELLO_TIMEOUT_MS),
    maxInlineBytes: positive(MAX_INLINE_BYTES_ENV, DRIVER_MAX_FRAME_BYTES),
    frameStallMs: positive(FRAME_STALL_MS_ENV, DEFAULT_FRAME_STALL_MS),
  };
}
