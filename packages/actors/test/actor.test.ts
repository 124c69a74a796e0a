/** @actor and @readonly: class metadata, defaults, inherited readonly methods, option validation, missing @actor. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ActorCell,
  InvalidActorOptionsError,
  NotAnActorError,
  actor,
  actorDefinitionOf,
  readonly,
} from "@rayx/actors";

test("installs Symbol.metadata under the registered key that esbuild and tsc share", () => {
  assert.equal((Symbol as { metadata?: symbol }).metadata, Symbol.for("Symbol.metadata"));
});

test("records the class's options with their defaults resolved", () => {
  @actor({
    name: "counter",
    maxConcurrency: 4,
    onError: "resume",
    mailbox: { capacity: 8, overflow: "backpressure" },
  })
  class Counter {
    add(): void {}
  }
  const definition = actorDefinitionOf(Counter);
  assert.equal(definition.className, "Counter");
  assert.equal(definition.options.name, "counter");
  assert.equal(definition.maxConcurrency, 4);
  assert.equal(definition.onError, "resume");
  assert.equal(definition.capacity, 8);
  assert.equal(definition.overflow, "backpressure");
  assert.equal(definition.snapshots, false);
});

test("defaults: one call at a time, restart on error, unbounded rejecting mailbox, snapshots every 1000 calls", () => {
  @actor()
  class Plain {
    snapshot(): unknown {
      return 1;
    }
    restore(): void {}
  }
  const definition = actorDefinitionOf(Plain);
  assert.deepEqual(
    [
      definition.maxConcurrency,
      definition.onError,
      definition.capacity,
      definition.overflow,
      definition.snapshotEvery,
    ],
    [1, "restart", Infinity, "reject", 1000],
  );
  assert.equal(definition.snapshots, true);
  assert.equal(definition.trapExits, false);
});

test("collects @readonly methods, including inherited ones, without leaking a subclass's into its parent", () => {
  @actor()
  class Base {
    @readonly()
    read(): number {
      return 1;
    }
    write(): void {}
  }
  @actor()
  class Derived extends Base {
    @readonly()
    peek(): number {
      return 2;
    }
  }
  assert.deepEqual([...actorDefinitionOf(Base).readonlyMethods], ["read"]);
  assert.deepEqual([...actorDefinitionOf(Derived).readonlyMethods].sort(), ["peek", "read"]);
});

test("starting a class without @actor fails at once, telling the user to add @actor()", () => {
  class Plain {}
  assert.throws(
    () => ActorCell.start(Plain, []),
    (error: unknown) =>
      error instanceof NotAnActorError &&
      error.code === "RAYX_NOT_AN_ACTOR" &&
      error.className === "Plain" &&
      error.message.includes("add @actor() above 'class Plain'"),
  );
});

test("rejects out-of-range options when the class is defined, naming the option", () => {
  const cases: [object, string][] = [
    [{ maxConcurrency: 0 }, "maxConcurrency"],
    [{ maxConcurrency: 1.5 }, "maxConcurrency"],
    [{ onError: "ignore" }, "onError"],
    [{ snapshotEvery: -3 }, "snapshotEvery"],
    [{ mailbox: { capacity: 0 } }, "mailbox.capacity"],
    [{ mailbox: { overflow: "drop" } }, "mailbox.overflow"],
    [{ trapExits: true }, "trapExits"],
  ];
  for (const [options, option] of cases) {
    assert.throws(
      () => {
        @actor(options)
        class Bad {}
        return Bad;
      },
      (error: unknown) => error instanceof InvalidActorOptionsError && error.option === option,
      option,
    );
  }
});
