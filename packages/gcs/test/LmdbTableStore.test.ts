/**
 * The TableStore contract on real LMDB files (with and without writeMap), plus what
 * is LMDB's own: file modes and reopening.
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { openLmdbStore } from "@rayx/gcs";
import { tempDir } from "./fixtures.js";
import { tableStoreContract } from "./TableStore.contract.js";

let temp: ReturnType<typeof tempDir> | undefined;
for (const writeMap of [false, true]) {
  tableStoreContract({
    name: writeMap ? "LMDB, writeMap" : "LMDB",
    open() {
      temp = tempDir();
      return openLmdbStore({ dir: join(temp.dir, "gcs"), writeMap });
    },
    cleanup() {
      temp?.cleanup();
      temp = undefined;
    },
  });
}

const { dir: scratch, cleanup } = tempDir();
after(cleanup);

test("creates its dir 0700 and its files 0600", async () => {
  const store = openLmdbStore({ dir: join(scratch, "perm", "gcs") });
  try {
    await store.put("t", Uint8Array.of(1), Uint8Array.of(1));
    const mode = (p: string) => statSync(p).mode & 0o777;
    assert.equal(mode(join(scratch, "perm", "gcs")), 0o700);
    assert.equal(mode(join(scratch, "perm", "gcs", "gcs.mdb")), 0o600);
    assert.equal(mode(join(scratch, "perm", "gcs", "gcs.mdb-lock")), 0o600);
  } finally {
    await store.close();
  }
});

test("keeps committed writes across close and reopen, in fsync mode too", async () => {
  const dir = join(scratch, "reopen");
  const first = openLmdbStore({ dir, durability: "fsync" });
  await first.put("t", Uint8Array.of(7), Uint8Array.of(70));
  await first.close();
  const second = openLmdbStore({ dir });
  try {
    assert.deepEqual(Array.from(second.get("t", Uint8Array.of(7)) ?? []), [70]);
  } finally {
    await second.close();
  }
});
