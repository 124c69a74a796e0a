/**
 * The kernel's `CallLog` on the GCS: a worker hosting an actor appends its logged
 * calls straight into the host's shared LMDB env (no hop through the node manager),
 * and a rebuild reads them back from there. Arguments, outgoing-call results and
 * snapshots are encoded with `wireCodec`, so refs and handles in them survive.
 */
import type { CallLog, LoggedCall, RecordedResult, Snapshot } from "@rayx/actors";
import type { GcsApi } from "@rayx/gcs";
import { decodeValue, encodeValue } from "./wireCodec.js";

export class GcsCallLog implements CallLog {
  constructor(
    readonly gcs: GcsApi,
    readonly actorId: string,
  ) {}

  append(entry: LoggedCall): Promise<void> {
    return this.gcs.appendCall(this.actorId, {
      seq: entry.seq,
      method: entry.method,
      args: encodeValue(entry.args, "args"),
      argRefs: [],
      nested: entry.results.map((result) =>
        "error" in result
          ? { target: "", method: "", result: encodeValue(result.error, "error"), failed: true }
          : { target: "", method: "", result: encodeValue(result.value, "result"), failed: false },
      ),
    });
  }

  writeSnapshot(snapshot: Snapshot): Promise<void> {
    return this.gcs.writeSnapshot(this.actorId, {
      seq: snapshot.seq,
      state: encodeValue(snapshot.state, "snapshot"),
    });
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    const snapshot = await this.gcs.latestSnapshot(this.actorId);
    return snapshot === undefined
      ? undefined
      : { seq: snapshot.seq, state: decodeValue(snapshot.state) };
  }

  async read(fromSeq: number, limit: number): Promise<readonly LoggedCall[]> {
    const entries = await this.gcs.readCalls(this.actorId, fromSeq, limit);
    return entries.map((entry) => ({
      seq: entry.seq,
      method: entry.method,
      args: decodeValue(entry.args) as unknown[],
      results: entry.nested.map((nested): RecordedResult =>
        nested.failed
          ? { error: decodeValue(nested.result) }
          : { value: decodeValue(nested.result) },
      ),
    }));
  }
}
