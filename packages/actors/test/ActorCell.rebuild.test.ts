/** ActorCell.rebuild: replay equals the live state, rollback of thrown calls, recorded outgoing calls, snapshots, append ordering. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ActorCell,
  InMemoryCallLog,
  RecordOutsideCallError,
  ReplayDivergedError,
  actor,
  readonly,
} from "@rayx/actors";
import type { CallLog, LoggedCall, Snapshot } from "@rayx/actors";
import { gate, turns } from "./support/async.js";

@actor()
class Account {
  balance: number;
  history: string[] = [];
  constructor(opening: number) {
    this.balance = opening;
  }
  deposit(amount: number): number {
    this.history.push(`+${amount}`);
    return (this.balance += amount);
  }
  async withdraw(amount: number): Promise<number> {
    await Promise.resolve();
    if (amount > this.balance) {
      this.history.push(`!${amount}`);
      throw new Error(`insufficient funds for ${amount}`);
    }
    this.history.push(`-${amount}`);
    return (this.balance -= amount);
  }
  @readonly()
  state(): { balance: number; history: string[] } {
    return { balance: this.balance, history: [...this.history] };
  }
}

test("a rebuilt actor has the same state as the live one (sync and async methods, readonly calls not logged)", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Account, [100], { callLog: log });
  for (let i = 1; i <= 20; i++) {
    await live.call("deposit", i);
    await live.call("withdraw", i % 3);
    await live.call("state");
  }
  const expected = await live.call("state");
  assert.equal(expected.balance, 100 + 210 - 21);
  assert.equal(log.length, 40);
  assert.equal(live.lastSeq, 40);
  const rebuilt = await ActorCell.rebuild(Account, [100], { callLog: log, batchSize: 7 });
  assert.deepEqual(await rebuilt.call("state"), expected);
  assert.equal(rebuilt.lastSeq, 40);
  await rebuilt.call("deposit", 1);
  assert.deepEqual(
    log.read(41, 10).map((entry) => [entry.seq, entry.method, entry.args]),
    [[41, "deposit", [1]]],
  );
});

test("a call that throws is not logged, so a rebuild rolls its partial writes back", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Account, [10], { callLog: log });
  await live.call("deposit", 5);
  await assert.rejects(live.call("withdraw", 1000), { message: "insufficient funds for 1000" });
  assert.equal(live.state, "crashed");
  assert.deepEqual(
    log.read(1, 10).map((entry) => entry.method),
    ["deposit"],
  );
  const rebuilt = await ActorCell.rebuild(Account, [10], { callLog: log, restartFrom: "crashed" });
  assert.deepEqual(await rebuilt.call("state"), { balance: 15, history: ["+5"] });
});

test("a rebuild after a crash reports restarting, replaying, alive", async () => {
  const log = new InMemoryCallLog();
  const transitions: string[] = [];
  await ActorCell.rebuild(Account, [0], {
    callLog: log,
    restartFrom: "crashed",
    onTransition: (t) => transitions.push(`${t.from}->${t.to}`),
  });
  assert.deepEqual(transitions, [
    "crashed->restarting",
    "restarting->replaying",
    "replaying->alive",
  ]);
});

@actor()
class Pricer {
  served = 0;
  quote(item: string): number {
    this.served++;
    return item.length * 10;
  }
  @readonly()
  count(): number {
    return this.served;
  }
}

@actor()
class Shop {
  total = 0;
  constructor(readonly pricer: ActorCell<Pricer>) {}
  async buy(item: string): Promise<number> {
    const cell = ActorCell.current() as ActorCell<Shop>;
    const price = await cell.record(() => this.pricer.call("quote", item));
    const fee = await cell
      .record(() => (item === "bad" ? Promise.reject(new Error("no fee")) : 1))
      .catch(() => 0);
    return (this.total += price + fee);
  }
  @readonly()
  read(): number {
    return this.total;
  }
}

test("outgoing calls are recorded live and not made again during replay", async () => {
  const pricer = ActorCell.start(Pricer, []);
  const log = new InMemoryCallLog();
  const shop = await ActorCell.rebuild(Shop, [pricer], { callLog: log });
  assert.equal(await shop.call("buy", "tea"), 31);
  assert.equal(await shop.call("buy", "bad"), 61);
  assert.equal(await shop.call("buy", "coffee"), 122);
  assert.equal(await pricer.call("count"), 3);
  assert.deepEqual(
    log.read(1, 10).map((entry) => entry.results),
    [
      [{ value: 30 }, { value: 1 }],
      [{ value: 30 }, { error: new Error("no fee") }],
      [{ value: 60 }, { value: 1 }],
    ],
  );
  const rebuilt = await ActorCell.rebuild(Shop, [pricer], { callLog: log });
  assert.equal(await rebuilt.call("read"), 122);
  assert.equal(await pricer.call("count"), 3);
});

test("a replay that makes more outgoing calls than were recorded fails with ReplayDivergedError", async () => {
  const pricer = ActorCell.start(Pricer, []);
  const log = new InMemoryCallLog();
  log.append({ seq: 1, method: "buy", args: ["tea"], results: [{ value: 30 }] });
  const transitions: string[] = [];
  await assert.rejects(
    ActorCell.rebuild(Shop, [pricer], {
      callLog: log,
      onTransition: (t) => transitions.push(t.to),
    }),
    (error: unknown) =>
      error instanceof ReplayDivergedError &&
      error.seq === 1 &&
      error.message.includes("it made 2 outgoing calls, the log recorded 1"),
  );
  assert.equal(transitions.at(-1), "crashed");
  assert.equal(await pricer.call("count"), 0);
});

test("a logged call that throws during replay fails the rebuild, naming the seq", async () => {
  const log = new InMemoryCallLog();
  log.append({ seq: 1, method: "deposit", args: [5], results: [] });
  log.append({ seq: 2, method: "withdraw", args: [500], results: [] });
  await assert.rejects(
    ActorCell.rebuild(Account, [0], { callLog: log }),
    (error: unknown) =>
      error instanceof ReplayDivergedError &&
      error.seq === 2 &&
      (error.cause as Error).message === "insufficient funds for 500",
  );
});

@actor({ snapshotEvery: 3 })
class Tally {
  static restores = 0;
  static applied = 0;
  values: number[] = [];
  add(value: number): number {
    Tally.applied++;
    this.values.push(value);
    return this.values.length;
  }
  @readonly()
  read(): number[] {
    return this.values;
  }
  snapshot(): unknown {
    return [...this.values];
  }
  restore(state: unknown): void {
    Tally.restores++;
    this.values = [...(state as number[])];
  }
}

test("snapshots every snapshotEvery logged calls, and a rebuild replays only the calls after the snapshot", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Tally, [], { callLog: log });
  for (let i = 1; i <= 7; i++) await live.call("add", i);
  await live.call("read");
  assert.deepEqual(log.latestSnapshot(), { seq: 6, state: [1, 2, 3, 4, 5, 6] });
  assert.equal(
    log.length,
    4,
    "entries 4..7 are left: the snapshot at 6 compacted through the one at 3",
  );
  Tally.applied = 0;
  Tally.restores = 0;
  const rebuilt = await ActorCell.rebuild(Tally, [], { callLog: log });
  assert.deepEqual(await rebuilt.call("read"), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([Tally.restores, Tally.applied], [1, 1]);
  // The snapshot count continues from the log: two more calls reach the next snapshot (seq 9).
  await rebuilt.call("add", 8);
  await rebuilt.call("add", 9);
  assert.deepEqual(log.latestSnapshot(), { seq: 9, state: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
});

test("a cell's snapshotEvery overrides the class's", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Tally, [], { callLog: log, snapshotEvery: 2 });
  for (let i = 1; i <= 5; i++) await live.call("add", i);
  assert.deepEqual(log.latestSnapshot(), { seq: 4, state: [1, 2, 3, 4] });
  assert.equal(log.length, 3, "entries 3..5 are left: the snapshot at 4 compacted through 2");
});

test("a cell's snapshotEvery that is not a positive integer is refused by name", async () => {
  await assert.rejects(
    ActorCell.rebuild(Tally, [], { callLog: new InMemoryCallLog(), snapshotEvery: 0 }),
    (error: Error) =>
      error.name === "InvalidActorOptionsError" && /snapshotEvery/.test(error.message),
  );
});

/** The in-memory log with acknowledgements the test releases by hand. */
class SlowLog implements CallLog {
  readonly inner = new InMemoryCallLog();
  readonly acks: (() => void)[] = [];
  failNext: Error | undefined;
  append(entry: LoggedCall): Promise<void> {
    this.inner.append(entry);
    const failure = this.failNext;
    return new Promise((resolve, reject) =>
      this.acks.push(() => (failure === undefined ? resolve() : reject(failure))),
    );
  }
  writeSnapshot(snapshot: Snapshot): void {
    this.inner.writeSnapshot(snapshot);
  }
  latestSnapshot(): Snapshot | undefined {
    return this.inner.latestSnapshot();
  }
  read(fromSeq: number, limit: number): readonly LoggedCall[] {
    return this.inner.read(fromSeq, limit);
  }
}

test("a logged call's result is released only after its append resolved; later calls do not wait", async () => {
  const log = new SlowLog();
  const cell = await ActorCell.rebuild(Account, [0], { callLog: log });
  const released: number[] = [];
  const first = cell.call("deposit", 1).then((v) => released.push(v));
  const second = cell.call("deposit", 2).then((v) => released.push(v));
  await turns(10);
  assert.equal(log.acks.length, 2);
  assert.deepEqual(released, []);
  log.acks[0]?.();
  await first;
  assert.deepEqual(released, [1]);
  log.acks[1]?.();
  await second;
  assert.deepEqual(released, [1, 3]);
});

test("a failed append rejects the caller with the storage error and crashes the cell", async () => {
  const log = new SlowLog();
  const cell = await ActorCell.rebuild(Account, [0], { callLog: log });
  log.failNext = new Error("disk full");
  const call = cell.call("deposit", 1);
  await turns(5);
  log.acks[0]?.();
  await assert.rejects(call, { message: "disk full" });
  assert.equal(cell.state, "crashed");
});

test("record() outside a logged call just runs the function", async () => {
  const cell = ActorCell.start(Account, [0]);
  const gateOpen = gate();
  const recorded = cell.record(async () => {
    await gateOpen.promise;
    return 42;
  });
  gateOpen.open();
  assert.equal(await recorded, 42);
});

@actor()
class Job {
  steps: string[] = [];
  step(name: string): void {
    this.steps.push(name);
    if (name === "last") ActorCell.current()?.exit("normal");
  }
  @readonly()
  read(): string[] {
    return this.steps;
  }
}

test("a logged call that stopped its actor does not stop the rebuilt one", async () => {
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Job, [], { callLog: log });
  await live.call("step", "first");
  await live.call("step", "last");
  assert.equal(live.state, "stopped");
  const rebuilt = await ActorCell.rebuild(Job, [], { callLog: log, restartFrom: "stopped" });
  assert.equal(rebuilt.state, "alive");
  assert.deepEqual(await rebuilt.call("read"), ["first", "last"]);
});

test("with maxConcurrency > 1, record() inside a logged call rejects with RecordOutsideCallError", async () => {
  const pricer = ActorCell.start(Pricer, []);
  const log = new InMemoryCallLog();
  const shop = await ActorCell.rebuild(Shop, [pricer], { callLog: log, maxConcurrency: 2 });
  await assert.rejects(
    shop.call("buy", "tea"),
    (error: unknown) =>
      error instanceof RecordOutsideCallError && error.code === "RAYX_RECORD_UNATTRIBUTABLE",
  );
  assert.equal(await pricer.call("count"), 0);
  assert.equal(log.length, 0);
});

test("a snapshot that cannot be stored crashes the cell (its log still holds every call)", async () => {
  const inner = new InMemoryCallLog();
  const log: CallLog = {
    append: (entry) => inner.append(entry),
    writeSnapshot: () => Promise.reject(new Error("snapshot store offline")),
    latestSnapshot: () => inner.latestSnapshot(),
    read: (fromSeq, limit) => inner.read(fromSeq, limit),
  };
  const cell = await ActorCell.rebuild(Tally, [], { callLog: log });
  const exits: unknown[] = [];
  cell.monitor((reason) => exits.push(reason));
  for (let i = 1; i <= 3; i++) await cell.call("add", i);
  await turns(3);
  assert.equal(cell.state, "crashed");
  assert.equal((exits[0] as { error: Error }).error.message, "snapshot store offline");
  const rebuilt = await ActorCell.rebuild(Tally, [], { callLog: inner });
  assert.deepEqual(await rebuilt.call("read"), [1, 2, 3]);
});
