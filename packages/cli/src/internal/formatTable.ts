/**
 * Aligned text tables for human output: columns padded to their widest cell
 * (numbers right-aligned), colored after padding so escape codes never skew
 * the alignment. Pure: rows in, one string out.
 */
import { paint, type Color } from "./paint.js";

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  /** Defaults to `left`. */
  readonly align?: "left" | "right";
  /** The color of a cell; defaults to none. */
  readonly color?: (row: T) => Color | undefined;
}

/**
 * The table as lines joined by "\n" (no trailing newline); `(none)` when there are no rows.
 * Cells are separated by two spaces; the last column is not padded.
 */
export function formatTable<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  color: boolean,
): string {
  if (rows.length === 0) return "(none)";
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? "").length)),
  );
  const pad = (text: string, i: number) => {
    const width = widths[i] ?? 0;
    if (columns[i]?.align === "right") return text.padStart(width);
    return i === columns.length - 1 ? text : text.padEnd(width);
  };
  const header = columns.map((column, i) => paint(pad(column.header, i), "bold", color));
  const body = cells.map((line, r) =>
    line.map((text, i) => paint(pad(text, i), columns[i]?.color?.(rows[r] as T), color)),
  );
  return [header, ...body].map((line) => line.join("  ")).join("\n");
}
