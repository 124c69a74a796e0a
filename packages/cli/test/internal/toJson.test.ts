/** toJson: bytes as base64, everything else as plain JSON. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { toJson } from "../../src/internal/toJson.js";

test("writes bytes (Uint8Array and Buffer) as base64 and everything else as JSON", () => {
  const text = toJson({
    args: new Uint8Array([1, 2, 3]),
    buf: Buffer.from("hi"),
    n: 1,
    list: [new Uint8Array([255])],
  });
  assert.deepEqual(JSON.parse(text), { args: "AQID", buf: "aGk=", n: 1, list: ["/w=="] });
});
