import assert from "node:assert/strict";
import { test } from "node:test";
import { PlainMailbox } from "../../src/kernel/PlainMailbox.js";

test("runs messages one at a time in arrival order, tells and asks alike", async () => {
  const seen: string[] = [];
  const mailbox = new PlainMailbox<string, number>((m) => seen.push(m));
  mailbox.tell("a");
  const b = mailbox.ask("b");
  mailbox.tell("c");
  assert.equal(await mailbox.ask("d"), 4);
  assert.equal(await b, 2);
  assert.deepEqual(seen, ["a", "b", "c", "d"]);
});

test("waits for an async handler before running the next message", async () => {
  const seen: string[] = [];
  const mailbox = new PlainMailbox<string, string>(async (m) => {
    seen.push(`start ${m}`);
    await new Promise((resolve) => setImmediate(resolve));
    seen.push(`end ${m}`);
    return m.toUpperCase();
  });
  assert.deepEqual(await Promise.all([mailbox.ask("x"), mailbox.ask("y")]), ["X", "Y"]);
  assert.deepEqual(seen, ["start x", "end x", "start y", "end y"]);
});

test("rejects an ask whose handler throws and keeps serving later messages", async () => {
  const mailbox = new PlainMailbox<number, number>((n) => {
    if (n < 0) throw new RangeError(`negative: ${n}`);
    return n * 2;
  });
  await assert.rejects(mailbox.ask(-1), { name: "RangeError", message: "negative: -1" });
  assert.equal(await mailbox.ask(21), 42);
});
