/**
 * Prints a suite's rows as an aligned table (rayx, each peer with rayx's ratio to
 * it, the target and whether it is met) and writes the same data as JSON to
 * `benchmarks/results/<suite>.json`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Figure, Row, SuiteResult } from "./Suite.js";

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));

export function formatValue(value: number | null): string {
  if (value === null) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** rayx relative to a peer, oriented so that > 1 means rayx is better. */
export function ratio(row: Row, peer: Figure): number | null {
  const r = row.rayx.value;
  const p = peer.value;
  if (r === null || p === null || r === 0 || p === 0) return null;
  return row.higherIsBetter ? r / p : p / r;
}

/** A target cannot be judged when rayx's figure is missing: say n/a rather than NOT MET. */
function targetStatus(row: Row): string {
  if (row.rayx.value === null) return "n/a";
  return row.target?.met ? "MET" : "NOT MET";
}

export function renderTable(result: SuiteResult): string {
  const header = [
    "metric",
    "unit",
    "rayx",
    "peers / limits (rayx ratio, >1 = rayx better)",
    "target",
  ];
  const lines = result.rows.map((row) => [
    row.metric,
    row.unit,
    formatValue(row.rayx.value),
    row.peers
      .map((peer) => {
        const r = ratio(row, peer);
        return `${peer.subject} ${formatValue(peer.value)}${r === null ? "" : ` (${r.toFixed(2)}×)`}`;
      })
      .join("; "),
    row.target ? `${targetStatus(row)}: ${row.target.description}` : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [
    `== ${result.suite} ==`,
    fmt(header),
    fmt(widths.map((w) => "-".repeat(w))),
    ...lines.map(fmt),
  ];
  for (const n of result.notes) out.push(`note: ${n}`);
  // A note shared by several figures (e.g. "not built yet") is printed once, naming them all.
  const figureNotes = new Map<string, string[]>();
  for (const row of result.rows)
    for (const f of [row.rayx, ...row.peers])
      if (f.note && !result.notes.includes(f.note))
        figureNotes.set(f.note, [
          ...(figureNotes.get(f.note) ?? []),
          `${row.metric}, ${f.subject}`,
        ]);
  for (const [note, where] of figureNotes) out.push(`note (${where.join("; ")}): ${note}`);
  return out.join("\n");
}

export function writeResult(result: SuiteResult): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = `${resultsDir}${result.suite}.json`;
  const rows = result.rows.map((row) => ({
    ...row,
    ratios: Object.fromEntries(row.peers.map((p) => [p.subject, ratio(row, p)])),
  }));
  writeFileSync(
    file,
    JSON.stringify(
      { ...result, rows, node: process.version, date: new Date().toISOString() },
      null,
      2,
    ) + "\n",
  );
  return file;
}
