/**
 * The checks made on an LMDB file before it is mapped, on real env files written by
 * `openLmdbStore` and then damaged the way disks and copies damage them: a meta page
 * or a page header zeroed or set to 0xff, a newer data version. A damaged file is a
 * `StorageDamagedError` naming it, and the read-only store never writes its file.
 */
import assert from "node:assert/strict";
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  findLmdbDamage,
  openLmdbStore,
  StorageDamagedError,
  StoreReadOnlyError,
  type TableStore,
} from "@rayx/gcs";
import { tempDir } from "./fixtures.js";

const { dir: scratch, cleanup } = tempDir();
after(cleanup);
const PAGE = 4096;
let sound = "";
let copies = 0;

before(async () => {
  // Enough entries for branch pages, and values above a page (overflow pages).
  const dir = join(scratch, "sound");
  const store = openLmdbStore({ dir });
  for (let i = 0; i < 3000; i++) {
    void store.put("calls", Buffer.from(`actor-${i % 7}#${i}`), Buffer.alloc(60, i));
  }
  await store.put("big", Buffer.from("blob"), Buffer.alloc(3 * PAGE, 7));
  await store.close();
  sound = join(dir, "gcs.mdb");
});

/** A copy of the sound env with `bytes` written at `offset`; returns its dir. */
function damaged(offset: number, bytes: Buffer): string {
  const dir = join(scratch, `copy-${++copies}`);
  mkdirSync(dir, { mode: 0o700 });
  const file = join(dir, "gcs.mdb");
  const fd = openSync(file, "w");
  writeSync(fd, readFileSync(sound));
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
  return dir;
}

/** The main tree's root page, from the newer of the two meta pages. */
function mainRoot(): number {
  const file = readFileSync(sound);
  const metas = [0, PAGE].map((at) => ({
    txnid: file.readBigUInt64LE(at + 152),
    root: Number(file.readBigUInt64LE(at + 136)),
  }));
  return (metas[1]!.txnid > metas[0]!.txnid ? metas[1]! : metas[0]!).root;
}

test("finds nothing wrong in an env written by openLmdbStore, meta pages or every page", () => {
  assert.equal(findLmdbDamage(sound, "meta"), undefined);
  assert.equal(findLmdbDamage(sound, "pages"), undefined);
  assert.equal(findLmdbDamage(join(scratch, "absent", "gcs.mdb"), "pages"), undefined);
});

test("a zeroed or 0xff meta page header is refused before LMDB maps the file", () => {
  for (const [offset, fill] of [
    [0, 0x00],
    [PAGE, 0xff],
  ] as const) {
    const dir = damaged(offset, Buffer.alloc(24, fill));
    const file = join(dir, "gcs.mdb");
    const index = offset / PAGE;
    const flags = fill === 0 ? "0x0" : "0xffff";
    assert.throws(
      () => openLmdbStore({ dir }),
      (error: unknown) => {
        assert.ok(error instanceof StorageDamagedError);
        assert.equal(error.code, "GCS_STORAGE_DAMAGED");
        assert.equal(error.file, file);
        assert.equal(
          error.message,
          `GCS file ${file} is damaged: meta page ${index} has a bad header (flags ${flags}, ` +
            `magic 0xbeefc0de). Move its storage dir aside (or restore it from a copy); ` +
            "`rayx --storage <new dir> start --head` or init({ storageDir: <new dir> }) starts fresh",
        );
        return true;
      },
    );
  }
});

test("a meta page of a newer data version or a root beyond the file's end is refused", () => {
  const version = Buffer.alloc(4);
  version.writeUInt32LE(3);
  assert.equal(
    findLmdbDamage(join(damaged(28, version), "gcs.mdb")),
    "meta page 0 has data version 3, this lmdb reads version 2",
  );
  const root = Buffer.alloc(8);
  root.writeBigUInt64LE(1_000_000n);
  const pages = statSync(sound).size / PAGE;
  assert.equal(
    findLmdbDamage(join(damaged(PAGE + 136, root), "gcs.mdb")),
    `the main tree of txn ${readFileSync(sound).readBigUInt64LE(PAGE + 152)} points at page 1000000, outside the file's ${pages} pages`,
  );
});

test("a data page header zeroed or set to 0xff is found by the walk of every page, not by the meta check", () => {
  const page = mainRoot();
  for (const [fill, says] of [
    [0x00, "0"],
    [0xff, "18446744073709551615"],
  ] as const) {
    const dir = damaged(page * PAGE, Buffer.alloc(24, fill));
    const file = join(dir, "gcs.mdb");
    assert.equal(findLmdbDamage(file, "meta"), undefined);
    assert.equal(
      findLmdbDamage(file, "pages"),
      `page ${page} (the main tree) has a bad header (it says page ${says})`,
    );
    assert.throws(
      () => openLmdbStore({ dir, readOnly: true, check: "pages" }),
      StorageDamagedError,
    );
  }
});

test("a read-only store reads what is there, reads absent tables as empty, refuses writes and leaves the file as it was", async () => {
  const dir = damaged(0, Buffer.alloc(0));
  const file = join(dir, "gcs.mdb");
  const bytes = readFileSync(file);
  const mtime = statSync(file).mtimeMs;
  const store: TableStore = openLmdbStore({ dir, readOnly: true, check: "pages" });
  try {
    assert.equal(store.get("big", Buffer.from("blob"))?.length, 3 * PAGE);
    assert.equal(Array.from(store.scan("calls", { limit: 5000 })).length, 3000);
    assert.equal(store.get("never-written", Buffer.from("k")), undefined);
    assert.deepEqual(Array.from(store.scan("never-written")), []);
    assert.deepEqual(
      store.scanValues("never-written", {}, (v) => v),
      [],
    );
    await assert.rejects(
      store.put("calls", Buffer.from("k"), Buffer.from("v")),
      StoreReadOnlyError,
    );
    await assert.rejects(store.delete("calls", Buffer.from("k")), StoreReadOnlyError);
    await assert.rejects(
      store.transact(() => 1),
      StoreReadOnlyError,
    );
  } finally {
    await store.close();
  }
  assert.ok(readFileSync(file).equals(bytes), "the data file's bytes are unchanged");
  assert.equal(statSync(file).mtimeMs, mtime);
});
