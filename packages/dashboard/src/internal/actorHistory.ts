/**
 * An actor's call history as the dashboard shows it: the newest calls it ran, as
 * the workers that ran them recorded them (call spans) — the call with an argument
 * preview, its outcome, when and how long, and the calls it made meanwhile. Spans
 * outlive the actor's call log (which compaction shortens), so this reads them.
 */
import type { CallSpan, GcsApi } from "@rayx/gcs";

/** Calls shown at most (the newest). */
const SHOWN = 200;
/** Spans read to find the newest (they come oldest first). */
const READ = 10_000;

/** One row of the history: the span, and its place among the actor's calls (1 = its first). */
export type HistoryCall = CallSpan & { readonly n: number };

export async function actorHistory(gcs: GcsApi, actorId: string): Promise<HistoryCall[]> {
  const spans = await gcs.listSpans({ subjectId: actorId, limit: READ });
  const first = Math.max(0, spans.length - SHOWN);
  return spans.slice(first).map((span, i) => ({ ...span, n: first + i + 1 }));
}
