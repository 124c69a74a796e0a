/**
 * Who may open the dashboard: anyone when it has no token (it listens on loopback
 * then), else a request that carries the cluster's token — once as `?token=` in the
 * URL it was opened with (answered with a cookie and a redirect that drops it from
 * the address bar), then as that cookie, or as `Authorization: Bearer` for scripts.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { hasBearerToken } from "@rayx/gcs";

export const TOKEN_COOKIE = "rayx_token";

/** What the request carries: `ok`, a token in its query to be turned into a cookie, or nothing valid. */
export type AuthResult = "ok" | "set-cookie" | "refused";

export function dashboardAuth(req: IncomingMessage, token: string | undefined): AuthResult {
  if (token === undefined) return "ok";
  const query = new URL(req.url ?? "/", "http://dashboard").searchParams.get("token");
  if (query !== null) return same(query, token) ? "set-cookie" : "refused";
  if (hasBearerToken(req, token)) return "ok";
  return same(cookie(req, TOKEN_COOKIE) ?? "", token) ? "ok" : "refused";
}

/** The cookie that keeps the token for later requests (not readable by scripts, not sent cross-site). */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

function same(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
