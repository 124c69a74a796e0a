/**
 * What a browser may ask a dashboard's ws for, and the check every message passes
 * before it is acted on: one JSON object of a known `type` with fields of the right
 * kinds. Anything else is answered with an error naming what was wrong.
 */

export type DashboardRequest =
  | { readonly type: "history"; readonly actorId: string }
  | { readonly type: "timeline"; readonly sinceMs?: number }
  | { readonly type: "logs"; readonly pid: number | null }
  | { readonly type: "kill" | "restart"; readonly actorId: string };

/** Parses one ws message; throws an `Error` saying what is wrong with it. */
export function dashboardRequest(text: string): DashboardRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("a dashboard request is one JSON object");
  }
  if (typeof value !== "object" || value === null) {
    throw new Error("a dashboard request is one JSON object");
  }
  const request = value as Record<string, unknown>;
  switch (request["type"]) {
    case "history":
    case "kill":
    case "restart":
      if (typeof request["actorId"] !== "string" || request["actorId"] === "") {
        throw new Error(`a '${request["type"]}' request names its actor: { actorId: string }`);
      }
      return request as DashboardRequest;
    case "timeline":
      if (request["sinceMs"] !== undefined && !isWhole(request["sinceMs"])) {
        throw new Error("a 'timeline' request's sinceMs is a whole number of ms");
      }
      return request as DashboardRequest;
    case "logs":
      if (request["pid"] !== null && !isWhole(request["pid"])) {
        throw new Error("a 'logs' request names a worker pid (a whole number) or null");
      }
      return request as DashboardRequest;
    default:
      throw new Error(
        `unknown dashboard request type ${JSON.stringify(request["type"])}: ` +
          "expected history, timeline, logs, kill or restart",
      );
  }
}

function isWhole(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
