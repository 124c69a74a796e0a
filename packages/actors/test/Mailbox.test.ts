/** Mailbox: FIFO, priority lane, capacity with reject and backpressure, drain. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Mailbox, MailboxFullError } from "@rayx/actors";

function takeAll<T>(mailbox: Mailbox<T>): T[] {
  const out: T[] = [];
  for (let message = mailbox.take(); message !== undefined; message = mailbox.take())
    out.push(message);
  return out;
}

test("delivers user messages in FIFO order", () => {
  const mailbox = new Mailbox<number>();
  for (let i = 0; i < 10_000; i++) void mailbox.post(i);
  assert.equal(mailbox.size, 10_000);
  const taken = takeAll(mailbox);
  assert.deepEqual(
    taken,
    Array.from({ length: 10_000 }, (_, i) => i),
  );
  assert.equal(mailbox.isEmpty, true);
});

test("keeps FIFO order when posts and takes interleave past the compaction point", () => {
  const mailbox = new Mailbox<number>();
  const taken: number[] = [];
  let next = 0;
  for (let round = 0; round < 100; round++) {
    for (let i = 0; i < 100; i++) void mailbox.post(next++);
    for (let i = 0; i < 60; i++) taken.push(mailbox.take() as number);
  }
  taken.push(...takeAll(mailbox));
  assert.deepEqual(
    taken,
    Array.from({ length: 10_000 }, (_, i) => i),
  );
});

test("keeps FIFO order when waiting senders are admitted past the compaction point", () => {
  const mailbox = new Mailbox<number>({ capacity: 100, overflow: "backpressure" });
  for (let i = 0; i < 10_000; i++) void mailbox.post(i);
  assert.equal(mailbox.size, 100);
  assert.equal(mailbox.waiting, 9_900);
  assert.deepEqual(
    takeAll(mailbox),
    Array.from({ length: 10_000 }, (_, i) => i),
  );
  assert.equal(mailbox.waiting, 0);
});

test("serves the priority lane before user messages", () => {
  const mailbox = new Mailbox<string>();
  void mailbox.post("user-1");
  void mailbox.post("user-2");
  mailbox.postSystem("exit-a");
  mailbox.postSystem("exit-b");
  assert.deepEqual(takeAll(mailbox), ["exit-a", "exit-b", "user-1", "user-2"]);
});

test("rejects a message past capacity with MailboxFullError naming the owner and capacity", () => {
  const mailbox = new Mailbox<number>({ owner: "counter-1", capacity: 2 });
  void mailbox.post(1);
  void mailbox.post(2);
  assert.throws(
    () => mailbox.post(3),
    (error: unknown) =>
      error instanceof MailboxFullError &&
      error.code === "RAYX_MAILBOX_FULL" &&
      error.owner === "counter-1" &&
      error.capacity === 2 &&
      /counter-1.*capacity 2/.test(error.message),
  );
  assert.equal(mailbox.size, 2);
  mailbox.take();
  void mailbox.post(3);
  assert.deepEqual(takeAll(mailbox), [2, 3]);
});

test("does not bound the priority lane", () => {
  const mailbox = new Mailbox<string>({ capacity: 1 });
  void mailbox.post("user");
  mailbox.postSystem("s1");
  mailbox.postSystem("s2");
  assert.deepEqual(takeAll(mailbox), ["s1", "s2", "user"]);
});

test("makes senders wait for room under backpressure, admitting them in order", async () => {
  const mailbox = new Mailbox<number>({ capacity: 2, overflow: "backpressure" });
  assert.equal(mailbox.post(1), undefined);
  assert.equal(mailbox.post(2), undefined);
  const admitted: number[] = [];
  const third = mailbox.post(3);
  const fourth = mailbox.post(4);
  assert.ok(third instanceof Promise && fourth instanceof Promise);
  void third.then(() => admitted.push(3));
  void fourth.then(() => admitted.push(4));
  assert.equal(mailbox.size, 2);
  assert.equal(mailbox.waiting, 2);
  assert.equal(mailbox.take(), 1);
  await third;
  assert.deepEqual(admitted, [3]);
  assert.equal(mailbox.size, 2);
  assert.equal(mailbox.waiting, 1);
  assert.deepEqual(takeAll(mailbox), [2, 3, 4]);
  await fourth;
  assert.deepEqual(admitted, [3, 4]);
});

test("drain returns system, queued and waiting messages and leaves the mailbox empty", async () => {
  const mailbox = new Mailbox<string>({ capacity: 1, overflow: "backpressure" });
  void mailbox.post("queued");
  const waiting = mailbox.post("waiting");
  mailbox.postSystem("system");
  assert.deepEqual(mailbox.drain(), ["system", "queued", "waiting"]);
  await waiting;
  assert.equal(mailbox.isEmpty, true);
  assert.equal(mailbox.waiting, 0);
  assert.equal(mailbox.take(), undefined);
});
