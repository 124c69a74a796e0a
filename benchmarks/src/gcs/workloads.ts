/**
 * The workloads of the gcs suite, shared by the suite and its child processes:
 * call-log appends through `@rayx/gcs` and the raw lmdb-js puts they are compared
 * with (same key layout and value size, `WINDOW` in flight at a time).
 */
import type { Database } from "lmdb";
import type { ActorInfo, CallLogEntry, GcsApi } from "@rayx/gcs";

/** Appends in flight at once: one event turn's worth, committed together. */
export const WINDOW = 1_000;
export const ARGS = new Uint8Array(32).fill(7);

/**
 * A raw value as large as an encoded call-log entry of `ARGS`: version byte 1, seq 9,
 * method "add" 5, args 34, hash 6 (protobuf tags and lengths included).
 */
const RAW_VALUE = new Uint8Array(55).fill(7);

/** Per-actor next seq, so repeated runs keep appending after what is there. */
const nextSeq = new Map<string, number>();

function seqFor(actor: string): number {
  const seq = (nextSeq.get(actor) ?? 0) + 1;
  nextSeq.set(actor, seq);
  return seq;
}

/** `count` appends spread round-robin over `actors` actors named `${prefix}${i}`. */
export async function appendCalls(gcs: GcsApi, prefix: string, actors: number, count: number) {
  for (let done = 0; done < count;) {
    const batch: Promise<void>[] = [];
    for (const end = Math.min(count, done + WINDOW); done < end; done++) {
      const actor = `${prefix}${done % actors}`;
      const entry: CallLogEntry = {
        seq: seqFor(actor),
        method: "add",
        args: ARGS,
        argRefs: [],
        nested: [],
      };
      batch.push(gcs.appendCall(actor, entry));
    }
    await Promise.all(batch);
  }
}

/** The same keys (actor id, NUL, 8-byte seq) and value size, put straight into lmdb-js. */
export async function rawPuts(
  db: Database<Uint8Array, Uint8Array>,
  prefix: string,
  actors: number,
  count: number,
) {
  for (let done = 0; done < count;) {
    const batch: Promise<boolean>[] = [];
    for (const end = Math.min(count, done + WINDOW); done < end; done++) {
      const actor = `raw-${prefix}${done % actors}`;
      batch.push(db.put(rawKey(actor, seqFor(actor)), RAW_VALUE));
    }
    await Promise.all(batch);
  }
}

export function rawKey(actor: string, seq: number): Buffer {
  const key = Buffer.allocUnsafe(actor.length + 9);
  key.write(actor, 0, "latin1");
  key[actor.length] = 0;
  key.writeUInt32BE(Math.floor(seq / 0x1_0000_0000), actor.length + 1);
  key.writeUInt32BE(seq >>> 0, actor.length + 5);
  return key;
}

/** The actor record the read and ws rows fetch. */
export function benchActor(actorId: string): ActorInfo {
  return {
    actorId,
    jobId: "job-1",
    className: "Counter",
    module: "file:///bench/counter.ts",
    ownerId: "driver",
    state: "alive",
    restarts: 0,
    maxRestarts: 3,
    namespace: "default",
    updatedAt: 0,
  };
}
