/** formatTable: column alignment, right-aligned numbers, color applied after padding, empty tables. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTable, type Column } from "../../src/internal/formatTable.js";

interface Row {
  readonly id: string;
  readonly n: number;
  readonly state: string;
}
const columns: readonly Column<Row>[] = [
  { header: "ID", value: (r) => r.id },
  { header: "N", value: (r) => String(r.n), align: "right" },
  {
    header: "STATE",
    value: (r) => r.state,
    color: (r) => (r.state === "dead" ? "red" : undefined),
  },
];
const rows: Row[] = [
  { id: "a", n: 1200, state: "alive" },
  { id: "long-id", n: 7, state: "dead" },
];

test("pads columns to their widest cell, right-aligns numbers and leaves the last column unpadded", () => {
  assert.equal(
    formatTable(columns, rows, false),
    ["ID          N  STATE", "a        1200  alive", "long-id     7  dead"].join("\n"),
  );
});

test("colors headers and cells after padding, so alignment holds on a TTY", () => {
  const lines = formatTable(columns, rows, true).split("\n");
  assert.equal(
    lines[0],
    "\u001b[1mID     \u001b[22m  \u001b[1m   N\u001b[22m  \u001b[1mSTATE\u001b[22m",
  );
  assert.equal(lines[2], "long-id     7  \u001b[31mdead\u001b[39m");
});

test("prints (none) when there are no rows", () => {
  assert.equal(formatTable(columns, [], false), "(none)");
});

test("fits a terminal's width by cutting the widest column with …, never below its header", () => {
  const wide: Row[] = [{ id: "a-very-long-actor-identifier", n: 1, state: "alive" }];
  assert.equal(
    formatTable(columns, wide, false, 20),
    ["ID          N  STATE", "a-very-lo…  1  alive"].join("\n"),
  );
  assert.equal(formatTable(columns, wide, false, 3), ["ID  N  STATE", "a…  1  alive"].join("\n"));
  assert.equal(
    formatTable(columns, wide, false),
    ["ID                            N  STATE", "a-very-long-actor-identifier  1  alive"].join("\n"),
  );
});
