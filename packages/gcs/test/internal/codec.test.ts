/**
 * The record codec: the schema-version envelope (newer versions refused, never
 * misread), corrupt bytes, enum-like values, and the call hash.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import protobuf from "protobufjs";
import {
  CorruptRecordError,
  Gcs,
  GcsArgumentError,
  openLmdbStore,
  RecordVersionError,
} from "@rayx/gcs";
import { descriptor } from "../../src/gen/descriptor.js";
import { actorCodec, callHash, SCHEMA_VERSION } from "../../src/internal/codec.js";
import { actor, call, tempDir } from "../fixtures.js";

describe("record codec", () => {
  test("prefixes each record with its schema version", () => {
    assert.equal(actorCodec.encode(actor("a"))[0], SCHEMA_VERSION);
  });

  test("refuses a record of a newer schema version, naming it", () => {
    const bytes = actorCodec.encode(actor("a"));
    bytes[0] = SCHEMA_VERSION + 1;
    assert.throws(
      () => actorCodec.decode(bytes, "actors/a"),
      (error: unknown) =>
        error instanceof RecordVersionError &&
        error.code === "GCS_RECORD_VERSION" &&
        error.message ===
          `actors/a has schema version 2, but this rayx reads versions up to 1: upgrade @rayx/gcs on this host (the record was written by a newer rayx)`,
    );
  });

  test("refuses truncated bytes, a missing version and an unknown state as corrupt", () => {
    const bytes = actorCodec.encode(actor("a"));
    assert.throws(() => actorCodec.decode(bytes.subarray(0, 5), "actors/a"), CorruptRecordError);
    assert.throws(() => actorCodec.decode(new Uint8Array(0), "actors/a"), /no schema version byte/);
    const ActorRecord = protobuf.Root.fromJSON(descriptor).lookupType("rayx.v1.ActorRecord");
    const message = ActorRecord.encode({ ...actor("a"), state: "hibernating" }).finish();
    const future = Uint8Array.of(SCHEMA_VERSION, ...message);
    assert.throws(
      () => actorCodec.decode(future, "actors/a"),
      /actors\/a is corrupt: unknown lifecycle state 'hibernating' \(known: pending, .*\); written by a newer rayx\?/,
    );
  });

  test("refuses to store an unknown enum-like value as bad input", () => {
    assert.throws(
      () => actorCodec.encode({ ...actor("a"), state: "hibernating" as "alive" }),
      (error: unknown) =>
        error instanceof GcsArgumentError &&
        /^cannot store a ActorRecord: unknown lifecycle state 'hibernating'/.test(error.message),
    );
  });

  test("stores maxRestarts Infinity and reads it back as Infinity; a finite limit stays as it is", () => {
    const unlimited = { ...actor("a"), maxRestarts: Infinity };
    assert.deepEqual(actorCodec.decode(actorCodec.encode(unlimited)), unlimited);
    const five = { ...actor("b"), maxRestarts: 5 };
    assert.deepEqual(actorCodec.decode(actorCodec.encode(five)), five);
  });

  test("reads an unlimited maxRestarts written as -1 by an earlier build as Infinity", () => {
    const ActorRecord = protobuf.Root.fromJSON(descriptor).lookupType("rayx.v1.ActorRecord");
    const message = ActorRecord.encode({ ...actor("a"), maxRestarts: -1 }).finish();
    const decoded = actorCodec.decode(Uint8Array.of(SCHEMA_VERSION, ...message), "actors/a");
    assert.equal(decoded.maxRestarts, Infinity);
  });

  test("refuses to store a maxRestarts that is negative, fractional or past uint32, naming the value", () => {
    for (const maxRestarts of [-1, 1.5, NaN, 2 ** 32]) {
      assert.throws(
        () => actorCodec.encode({ ...actor("a"), maxRestarts }),
        (error: unknown) =>
          error instanceof GcsArgumentError &&
          error.message ===
            `cannot store a ActorRecord: maxRestarts ${maxRestarts} is neither Infinity nor a whole number from 0 to 4294967295 (= no limit)`,
      );
    }
  });

  test("hashes method and args: equal inputs agree, any change differs", () => {
    const args = Uint8Array.of(1, 2, 3);
    assert.equal(callHash("add", args), callHash("add", Uint8Array.of(1, 2, 3)));
    assert.notEqual(callHash("add", args), callHash("sub", args));
    assert.notEqual(callHash("add", args), callHash("add", Uint8Array.of(1, 2, 4)));
    assert.notEqual(callHash("ad", Uint8Array.of(100)), callHash("add", new Uint8Array(0)));
  });
});

test("a Gcs refuses a stored record written by a newer rayx instead of misreading it", async () => {
  const tmp = tempDir();
  const gcs = new Gcs(openLmdbStore({ dir: join(tmp.dir, "gcs") }));
  try {
    await gcs.appendCall("a1", call(1));
    const newer = actorCodec.encode(actor("a1"));
    newer[0] = 7;
    await gcs.store.put("actors", Buffer.from("a1"), newer);
    await assert.rejects(gcs.getActor("a1"), /actors\/a1 has schema version 7/);
    await assert.rejects(gcs.listActors(), RecordVersionError);
  } finally {
    await gcs.close();
    tmp.cleanup();
  }
});
