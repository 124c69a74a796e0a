/**
 * ActorCell.trackAcrossAwaits: with an AsyncLocalStorage installed (as the rayx worker
 * does), `current()` and the outgoing calls it records stay right after a method's
 * first `await`, live and in replay. A file of its own: the setting is process-wide.
 */
import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { test } from "node:test";
import { ActorCell, InMemoryCallLog, actor, readonly } from "@rayx/actors";
import { gate } from "./support/async.js";

ActorCell.trackAcrossAwaits(new AsyncLocalStorage<object>());

@actor()
class Ledger {
  entries = 0;
  add(): number {
    return ++this.entries;
  }
  @readonly()
  read(): number {
    return this.entries;
  }
}

/** Records its outgoing calls only after an `await`, through `ActorCell.current()` alone. */
@actor()
class Relay {
  sum = 0;
  constructor(readonly ledger: ActorCell<Ledger>) {}
  async forward(until: Promise<void>): Promise<number> {
    await until;
    const first = await ActorCell.current()?.record(() => this.ledger.call("add"));
    await new Promise<void>((resolve) => setImmediate(resolve));
    const second = await ActorCell.current()?.record(() => this.ledger.call("add"));
    return (this.sum += (first ?? 0) + (second ?? 0));
  }
  @readonly()
  whoAfterAwait(): Promise<string | undefined> {
    return Promise.resolve().then(() => ActorCell.current()?.id);
  }
  @readonly()
  read(): number {
    return this.sum;
  }
}

test("current() is the cell after the method's first await, and nothing outside its calls", async () => {
  const relay = ActorCell.start(Relay, [ActorCell.start(Ledger, [])], { id: "relay" });
  assert.equal(await relay.call("whoAfterAwait"), "relay");
  assert.equal(ActorCell.current(), undefined);
});

test("outgoing calls made after an await are recorded, and replay answers them without calling again", async () => {
  const ledger = ActorCell.start(Ledger, []);
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Relay, [ledger], { callLog: log });
  assert.equal(await live.call("forward", Promise.resolve()), 3);
  assert.equal(await live.call("forward", Promise.resolve()), 10);
  assert.deepEqual(
    log.read(1, 10).map((entry) => entry.results),
    [
      [{ value: 1 }, { value: 2 }],
      [{ value: 3 }, { value: 4 }],
    ],
  );
  const rebuilt = await ActorCell.rebuild(Relay, [ledger], { callLog: log });
  assert.equal(await rebuilt.call("read"), 10);
  assert.equal(await ledger.call("read"), 4);
});

/** Leaves code running after its call returned: a stray that calls the ledger later. */
@actor()
class Straggler {
  constructor(readonly ledger: ActorCell<Ledger>) {}
  leave(until: Promise<void>): void {
    void until.then(() => ActorCell.current()?.record(() => this.ledger.call("add")));
  }
  async hold(until: Promise<void>): Promise<void> {
    await until;
  }
}

test("code a call left running is not recorded in the log entry of the call running when it calls out", async () => {
  const ledger = ActorCell.start(Ledger, []);
  const log = new InMemoryCallLog();
  const live = await ActorCell.rebuild(Straggler, [ledger], { callLog: log });
  const stray = gate();
  const held = gate();
  await live.call("leave", stray.promise);
  const holding = live.call("hold", held.promise);
  stray.open();
  for (let turn = 0; turn < 1000 && (await ledger.call("read")) === 0; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(await ledger.call("read"), 1, "the stray call reached the ledger");
  held.open();
  await holding;
  assert.deepEqual(
    log.read(1, 10).map((entry) => [entry.method, entry.results]),
    [
      ["leave", []],
      ["hold", []],
    ],
  );
  const rebuilt = await ActorCell.rebuild(Straggler, [ledger], { callLog: log });
  assert.equal(rebuilt.state, "alive");
});
