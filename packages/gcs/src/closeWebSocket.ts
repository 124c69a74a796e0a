/**
 * How a rayx endpoint ends a ws connection it refuses to go on with: a close frame
 * with a standard code and a short reason the peer can show, then the TCP
 * connection is dropped after a grace period whether or not the peer answers (a
 * hostile peer never does, and ws alone would wait 30 s).
 */
import type { WebSocket } from "ws";

/** The close codes rayx sends (RFC 6455 §7.4.1). */
export const WS_CLOSE = {
  /** The peer broke the protocol: a malformed frame, a bad hello, an unknown message. */
  protocolError: 1002,
  /** The peer broke a rule: no hello in time, a request before hello. */
  policyViolation: 1008,
  /** A frame or message is over the limit (checked from its announced length). */
  messageTooBig: 1009,
  /** The endpoint failed while serving the peer. */
  internalError: 1011,
} as const;

/** Ms the peer has to answer a close frame before its connection is dropped. */
const CLOSE_GRACE_MS = 3000;
/** A close reason is at most 123 bytes (a control frame's payload minus the code). */
const MAX_REASON_BYTES = 123;

/**
 * Closes `socket` with `code` and `reason` (cut to fit a close frame), and
 * terminates it if it is not closed within 3 s (a peer busy sending answers late).
 *
 * @example
 * closeWebSocket(socket, WS_CLOSE.policyViolation, "no hello within 10000 ms");
 */
export function closeWebSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.CLOSED) return;
  if (socket.readyState === socket.OPEN) socket.close(code, fitReason(reason));
  else if (socket.readyState === socket.CONNECTING) return socket.terminate();
  const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

function fitReason(reason: string): string {
  let bytes = Buffer.from(reason);
  if (bytes.length <= MAX_REASON_BYTES) return reason;
  bytes = bytes.subarray(0, MAX_REASON_BYTES - 3);
  // Drop a partial UTF-8 sequence at the cut.
  return `${bytes.toString("utf8").replace(/\uFFFD+$/, "")}...`;
}
