/**
 * The shared-token check of every rayx ws endpoint (DESIGN.md "Security"): a
 * connection must send `Authorization: Bearer <token>` when its server has a token,
 * compared in constant time. Checked on the upgrade request, before any frame is read.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * True when `req` carries `token` (always true when `token` is `undefined`).
 *
 * @example
 * ```ts
 * server.on("upgrade", (req, socket) => {
 *   if (!hasBearerToken(req, process.env.RAYX_TOKEN)) socket.destroy();
 * });
 * ```
 */
export function hasBearerToken(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const sent = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
