/**
 * How much a peer that has not said hello may cost a rayx listener: time to finish
 * its HTTP headers, time to say hello once upgraded, bytes it may send before, and how
 * many such peers may be connected at once. Every listener (the head's port, a
 * stand-alone GCS server, a node's object transfer server) applies the same limits
 * through a `ConnectionGuard`; a peer past any of them is closed with a reason.
 */

export interface ListenerLimits {
  /** Ms a connection may take to send complete HTTP headers (`server.headersTimeout`); defaults to 10,000. */
  readonly headersTimeoutMs: number;
  /** Ms an upgraded connection may take to say hello (its protocol's first message); defaults to 10,000. */
  readonly helloTimeoutMs: number;
  /** Bytes a connection may send before its hello is accepted, upgrade request included; defaults to 1 MiB. */
  readonly maxBytesBeforeHello: number;
  /** Connections that have not said hello yet, per listener; more are dropped on accept. Defaults to 64. */
  readonly maxUnauthenticated: number;
}

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  headersTimeoutMs: 10_000,
  helloTimeoutMs: 10_000,
  maxBytesBeforeHello: 1024 * 1024,
  maxUnauthenticated: 64,
};

/** `given` over the defaults; throws `RangeError` naming a limit that is not a positive number. */
export function listenerLimits(given: Partial<ListenerLimits> = {}): ListenerLimits {
  const limits = { ...DEFAULT_LISTENER_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
      throw new RangeError(
        `listener limit ${name} must be a positive number, got ${String(value)}`,
      );
    }
  }
  return limits;
}
