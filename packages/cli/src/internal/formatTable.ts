/**
 * Aligned text tables for human output: columns padded to their widest cell
 * (numbers right-aligned), colored after padding so escape codes never skew
 * the alignment, and fitted to the terminal's width by cutting the widest
 * columns with `…` (a pipe gets every cell whole). Pure: rows in, one string out.
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
 * Cells are separated by two spaces; the last column is not padded. With `width`
 * (the terminal's columns), lines longer than it are cut down: the widest column
 * loses a character at a time, never below its header, and cut cells end in `…`.
 */
export function formatTable<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  color: boolean,
  width?: number,
): string {
  if (rows.length === 0) return "(none)";
  const whole = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...whole.map((line) => (line[i] ?? "").length)),
  );
  if (width !== undefined)
    fit(
      widths,
      columns.map((column) => column.header.length),
      width,
    );
  const cells = whole.map((line) => line.map((text, i) => cut(text, widths[i] ?? 0)));
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

const GAP = 2;

/** Narrows `widths` until a line fits in `width`, widest column first, none below its header. */
function fit(widths: number[], headers: readonly number[], width: number): void {
  let total = widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  while (total > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const floor = Math.max(headers[i] ?? 0, 2);
      if ((widths[i] ?? 0) > floor && (widest === -1 || (widths[i] ?? 0) > (widths[widest] ?? 0)))
        widest = i;
    }
    if (widest === -1) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
