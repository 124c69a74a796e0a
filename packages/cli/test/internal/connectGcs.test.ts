/** findGcsDir: a storage dir (newest session), a session dir, a GCS dir, and paths with no env. */
import { Gcs, openLmdbStore } from "@rayx/gcs";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { findGcsDir } from "../../src/internal/connectGcs.js";

let storage: string;

before(async () => {
  storage = await mkdtemp(join(tmpdir(), "rayx-cli-find-"));
  for (const session of ["session-old", "session-new"]) {
    await new Gcs(openLmdbStore({ dir: join(storage, session, "gcs") })).close();
  }
  await mkdir(join(storage, "not-a-session"));
  // session-old's env was written last by the clock, so make it the older one on disk.
  const old = join(storage, "session-old", "gcs", "gcs.mdb");
  await utimes(old, new Date(1_000), new Date(1_000));
});
after(async () => {
  await rm(storage, { recursive: true, force: true });
});

test("picks the most recently written session's GCS env under a storage dir", () => {
  assert.equal(findGcsDir(storage), join(storage, "session-new", "gcs"));
});

test("takes a session dir or a GCS dir as given", () => {
  assert.equal(findGcsDir(join(storage, "session-old")), join(storage, "session-old", "gcs"));
  assert.equal(
    findGcsDir(join(storage, "session-old", "gcs")),
    join(storage, "session-old", "gcs"),
  );
});

test("finds nothing in a dir without an env, or a path that does not exist", () => {
  assert.equal(findGcsDir(join(storage, "not-a-session")), undefined);
  assert.equal(findGcsDir(join(storage, "missing")), undefined);
});
