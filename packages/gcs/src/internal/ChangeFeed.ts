/**
 * The change feed that carries subscriptions across processes: every change a Gcs
 * publishes is also appended (in the same commit as the record, where possible) to
 * a table whose keys follow commit order across the host's processes. A Gcs with
 * subscribers polls the feed and republishes the changes other Gcs instances made,
 * so writes by worker processes reach the node's subscribers (and ws clients).
 */
import { randomInt } from "node:crypto";
import type { BatchOp, TableStore } from "../TableStore.js";
import { seqKey, seqOfKey } from "./bytes.js";
import { changeCodec } from "./codec.js";

const CHANGES = "changes";
/** Entries kept behind the newest; older ones are pruned (a subscriber that lags more misses them). */
const RETAIN = 50_000;
/** A writer prunes after this many of its own appends. */
const PRUNE_EVERY = 1_024;
const PRUNE_CHUNK = 10_000;
const POLL_BATCH = 1_000;

export class ChangeFeed {
  /** Tells this instance's entries apart from other instances' (pids can repeat in one process). */
  private readonly origin = randomInt(1, 0xffff_ffff);
  private appended = 0;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: TableStore,
    /** Called for each change another instance made, in commit order. */
    private readonly deliver: (topic: string, payload: Uint8Array) => void,
    private readonly pollMs: number,
  ) {}

  /** The op that records a change; put it in the batch of the write it describes. */
  op(topic: string, payload: Uint8Array): BatchOp {
    if (++this.appended % PRUNE_EVERY === 0) void this.prune().catch(() => undefined);
    const value = changeCodec.encode({ topic, payload, origin: this.origin });
    return { type: "append", table: CHANGES, value };
  }

  /** Starts delivering changes committed from now on. */
  start(): void {
    if (this.timer !== undefined) return;
    this.cursor = this.lastSeq();
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Delivers what other instances committed since the last poll. */
  poll(): void {
    for (;;) {
      const range = { start: seqKey("", this.cursor + 1), limit: POLL_BATCH };
      let seen = 0;
      for (const { key, value } of this.store.scan(CHANGES, range)) {
        this.cursor = seqOfKey(key);
        seen++;
        const change = changeCodec.decode(value, `changes#${this.cursor}`);
        if (change.origin !== this.origin) this.deliver(change.topic, change.payload);
      }
      if (seen < POLL_BATCH) return;
    }
  }

  private lastSeq(): number {
    for (const { key } of this.store.scan(CHANGES, { reverse: true, limit: 1 }))
      return seqOfKey(key);
    return 0;
  }

  private async prune(): Promise<void> {
    const below = this.lastSeq() - RETAIN;
    if (below <= 0) return;
    for (;;) {
      const deletes = Array.from(
        this.store.scan(CHANGES, { end: seqKey("", below), limit: PRUNE_CHUNK }),
        ({ key }) => ({ type: "delete" as const, table: CHANGES, key }),
      );
      if (deletes.length === 0) return;
      await this.store.batch(deletes);
    }
  }
}
