/**
 * What a driver and a head node say to each other over ws (`rayx.driver.v1`): the
 * same `Frame`s a worker sends on its Unix channel — `rayx:node` service calls and
 * their replies — opened by a `hello` that makes the driver's job and tells it where
 * the head keeps its stores.
 */

/** The ws subprotocol of drivers. */
export const DRIVER_PROTOCOL = "rayx.driver.v1";

/** A driver's `hello`: who it is, and whether it can open the head's object store. */
export interface DriverHello {
  readonly pid: number;
  readonly entrypoint: string;
  readonly namespace: string;
  readonly hostname: string;
  /** False forces object bytes over ws even on the head's host (`RAYX_OBJECTS_OVER_WS=1`). */
  readonly shareStore: boolean;
  /**
   * False for a tool that only steers the cluster (`rayx kill`, `rayx restart`): its
   * session records no job, so each command leaves no stopped job behind.
   */
  readonly job: boolean;
}

/** The head's answer: the driver's job and the head's stores. */
export interface DriverWelcome {
  readonly nodeId: string;
  readonly jobId: string;
  readonly hostname: string;
  readonly sessionDir: string;
  /** True when the driver must open the object store of `sessionDir` (same host); false: bytes travel over ws. */
  readonly shareStore: boolean;
  /** Largest frame the head accepts from this driver (its inline value limit), in bytes. */
  readonly maxFrameBytes: number;
}

/** Set to `1` in a driver to have object bytes sent over ws even on the head's host (tests, diagnosis). */
export const OBJECTS_OVER_WS_ENV = "RAYX_OBJECTS_OVER_WS";

/** Milliseconds between the head's pings to a driver; one interval without a pong ends it. */
export const DRIVER_PING_MS_ENV = "RAYX_DRIVER_PING_MS";
/** A driver busy in synchronous code longer than this (twice, at worst) is taken for dead. */
export const DEFAULT_DRIVER_PING_MS = 15_000;

/**
 * Largest frame between a driver and its head unless the head says less (its
 * `RAYX_MAX_INLINE_BYTES`): a driver on another host gets and puts whole values inline
 * (it cannot share the head's object store), sent in 1 MiB ws messages.
 */
export const DRIVER_MAX_FRAME_BYTES = 512 * 1024 * 1024;
