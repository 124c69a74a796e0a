/**
 * The chaos suite's report: one row per scenario run — calls sent, acknowledged,
 * lost, doubled, applied-but-rejected, outcome unknown, rejected, kills, recovery
 * time (median / max ms) — and the rejections by error class under the table.
 */
import type { ScenarioResult } from "./Scenario.js";
import { failed } from "./Scenario.js";

export interface ReportRow {
  readonly scenario: string;
  readonly result?: ScenarioResult;
  /** Why the scenario produced no result. */
  readonly error?: string;
}

const HEADERS = [
  "scenario",
  "sent",
  "acked",
  "lost",
  "doubled",
  "applied-but-rejected",
  "outcome-unknown",
  "rejected",
  "unsettled",
  "kills",
  "recovery ms (median/max)",
  "verdict",
];

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function cells(row: ReportRow): string[] {
  const r = row.result;
  if (r === undefined) return [row.scenario, ...HEADERS.slice(1, -1).map(() => "-"), "ERROR"];
  const recovery =
    r.recoveryMs.length === 0
      ? "-"
      : `${Math.round(median(r.recoveryMs) ?? 0)}/${Math.round(Math.max(...r.recoveryMs))}`;
  return [
    row.scenario,
    ...[r.sent, r.acknowledged, r.lost, r.doubled, r.appliedButRejected, r.outcomeUnknown]
      .concat([r.rejected, r.unsettled, r.kills])
      .map(String),
    recovery,
    failed(r) ? "FAIL" : "ok",
  ];
}

/** The report as text: the table, then per scenario its rejections by class (and errors). */
export function formatReport(rows: readonly ReportRow[]): string {
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) =>
    Math.max(...table.map((line) => (line[i] as string).length)),
  );
  const lines = table.map((line) =>
    line
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  "),
  );
  for (const row of rows) {
    if (row.error !== undefined) lines.push(`${row.scenario}: ${row.error}`);
    const errors = Object.entries(row.result?.errors ?? {});
    if (errors.length > 0) {
      lines.push(
        `${row.scenario} rejections: ${errors.map(([name, n]) => `${name} ${n}`).join(", ")}`,
      );
    }
    if ((row.result?.unknownTokens ?? 0) > 0) {
      lines.push(
        `${row.scenario}: ${row.result?.unknownTokens} tokens in the state were never sent`,
      );
    }
  }
  return lines.join("\n");
}
