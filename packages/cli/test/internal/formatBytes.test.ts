/** formatBytes: exact bytes under 1 KiB, binary units above. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatBytes } from "../../src/internal/formatBytes.js";

test("shows bytes under 1 KiB exactly and larger sizes in binary units with one decimal", () => {
  assert.deepEqual(
    [0, 1023, 1024, 1536, 5 * 1024 ** 2, 3 * 1024 ** 4, 2048 * 1024 ** 4].map(formatBytes),
    ["0 B", "1023 B", "1.0 KiB", "1.5 KiB", "5.0 MiB", "3.0 TiB", "2048.0 TiB"],
  );
});
