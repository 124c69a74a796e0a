import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RequestTable } from "../../src/internal/RequestTable.js";

describe("RequestTable", () => {
  test("settles each request by its id, in any order", async () => {
    const table = new RequestTable();
    const first = table.open();
    const second = table.open();
    assert.deepEqual([first.id, second.id], [1, 2]);
    assert.equal(
      table.settle({ kind: "result", requestId: 2, value: { kind: "objectRef", objectId: "o2" } }),
      true,
    );
    assert.equal(
      table.settle({
        kind: "failure",
        requestId: 1,
        error: { name: "KeyError", code: "", message: "no key", stack: "" },
      }),
      true,
    );
    assert.deepEqual(await second.reply, { kind: "objectRef", objectId: "o2" });
    await assert.rejects(first.reply, { name: "KeyError", message: "no key" });
    assert.equal(table.size, 0);
  });

  test("ignores a reply to no request in flight", () => {
    const table = new RequestTable();
    assert.equal(
      table.settle({ kind: "result", requestId: 9, value: { kind: "objectRef", objectId: "o" } }),
      false,
    );
  });

  test("rejects one request that could not be sent, leaving the others in flight", async () => {
    const table = new RequestTable();
    const unsent = table.open();
    table.open();
    assert.equal(table.reject(unsent.id, new Error("too large")), true);
    await assert.rejects(unsent.reply, { message: "too large" });
    assert.equal(table.size, 1);
    assert.equal(table.reject(unsent.id, new Error("again")), false);
  });

  test("rejects every request in flight when the connection is lost", async () => {
    const table = new RequestTable();
    const replies = [table.open().reply, table.open().reply];
    table.failAll(new Error("gone"));
    for (const reply of replies) await assert.rejects(reply, { message: "gone" });
    assert.equal(table.size, 0);
  });
});
