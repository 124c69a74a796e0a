/** ActorCell redelivery: a rebuild told which calls come again answers those its log holds, snapshot or not. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ActorCell, InMemoryCallLog, actor, readonly } from "@rayx/actors";

@actor({ snapshotEvery: 3 })
class Ledger {
  entries: number[] = [];
  add(value: number): number {
    return this.entries.push(value);
  }
  @readonly()
  read(): number[] {
    return this.entries;
  }
  snapshot(): unknown {
    return [...this.entries];
  }
  restore(state: unknown): void {
    this.entries = [...(state as number[])];
  }
}

test("logs each call's id and result, and a rebuild answers a redelivered call it holds without applying it again", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Ledger, [], { callLog: log });
  for (let i = 1; i <= 7; i++) assert.equal(await live.apply("add", [i * 10], `call-${i}`), i);
  assert.deepEqual(
    log.read(7, 1).map((e) => [e.callId, e.reply]),
    [["call-7", { value: 7 }]],
  );
  const redelivered = new Set(["call-5", "call-7", "call-9"]);
  const rebuilt = await ActorCell.rebuild(Ledger, [], { callLog: log, redelivered });
  assert.deepEqual(rebuilt.takeRedelivered("call-7"), { reply: { value: 7 } });
  assert.deepEqual(
    rebuilt.takeRedelivered("call-5"),
    { reply: { value: 5 } },
    "call 5 is folded into the snapshot at 6, and its entry is still found",
  );
  assert.equal(rebuilt.takeRedelivered("call-9"), undefined, "a call never applied is not found");
  assert.equal(rebuilt.takeRedelivered("call-7"), undefined, "each redelivery is answered once");
  assert.deepEqual(await rebuilt.call("read"), [10, 20, 30, 40, 50, 60, 70]);
});

test("a rebuild told of no redelivered calls answers none", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Ledger, [], { callLog: log });
  await live.apply("add", [1], "call-1");
  const rebuilt = await ActorCell.rebuild(Ledger, [], { callLog: log });
  assert.equal(rebuilt.takeRedelivered("call-1"), undefined);
});
