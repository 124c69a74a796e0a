/**
 * How a rayx ws endpoint that handles `upgrade` requests itself says no: a plain
 * HTTP response with the status and a message naming what was wrong, then the
 * socket is closed. Clients (`ws`) surface it as an `unexpected-response`.
 */
import type { Duplex } from "node:stream";

/**
 * Answers an upgrade request with `status` and `message`, and closes `socket`.
 *
 * @example
 * ```ts
 * if (!hasBearerToken(req, token)) refuseUpgrade(socket, 401, "missing or wrong token (RAYX_TOKEN)");
 * ```
 */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = Buffer.from(message);
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : "Bad Request"}\r\n` +
      `Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${message}`,
  );
}
