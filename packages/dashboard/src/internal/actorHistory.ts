/**
 * An actor's call history as the dashboard shows it: the newest logged calls of
 * its call log, each with its method, arguments (their preview when the runtime
 * wrote one, else their size), outcome, duration and nested calls — whatever the
 * log entries hold, as plain JSON.
 */
import type { GcsApi } from "@rayx/gcs";
import { plainJson } from "./plainJson.js";

/** Calls shown at most (the newest). */
const SHOWN = 200;

export async function actorHistory(gcs: GcsApi, actorId: string): Promise<unknown[]> {
  const last = await gcs.lastSeq(actorId);
  const calls = await gcs.readCalls(actorId, Math.max(1, last - SHOWN + 1), SHOWN);
  return calls.map(plainJson);
}
