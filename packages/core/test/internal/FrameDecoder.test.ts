import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FrameTooLargeError } from "../../src/errors.js";
import { FrameDecoder } from "../../src/internal/FrameDecoder.js";

function framed(...bodies: Buffer[]): Buffer {
  return Buffer.concat(
    bodies.flatMap((body) => {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length);
      return [header, body];
    }),
  );
}

const bodies = [
  Buffer.from("first"),
  Buffer.alloc(0),
  Buffer.alloc(3000, 7),
  Buffer.from("x"),
  Buffer.from("last frame"),
];
const stream = framed(...bodies);

function feed(decoder: FrameDecoder, chunks: Buffer[]): string[] {
  return chunks.flatMap((chunk) => decoder.push(chunk)).map((frame) => frame.toString("hex"));
}

const expected = bodies.map((body) => body.toString("hex"));

describe("FrameDecoder", () => {
  test("joins frames fed one byte at a time", () => {
    const decoder = new FrameDecoder(1 << 20, "peer");
    const chunks = [...stream].map((byte) => Buffer.from([byte]));
    assert.deepEqual(feed(decoder, chunks), expected);
    assert.equal(decoder.pendingBytes, 0);
  });

  test("splits frames at every chunk size from 1 to 17 bytes and in one chunk", () => {
    for (const size of [...Array.from({ length: 17 }, (_, i) => i + 1), stream.length]) {
      const decoder = new FrameDecoder(1 << 20, "peer");
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
      assert.deepEqual(feed(decoder, chunks), expected, `chunks of ${size} bytes`);
    }
  });

  test("keeps an incomplete frame until its last byte arrives", () => {
    const decoder = new FrameDecoder(1 << 20, "peer");
    const one = framed(Buffer.from("hello"));
    assert.deepEqual(decoder.push(one.subarray(0, 6)), []);
    assert.equal(decoder.pendingBytes, 6);
    assert.deepEqual(
      decoder.push(one.subarray(6)).map((f) => f.toString()),
      ["hello"],
    );
  });

  test("hands out a frame that lies whole in one chunk as a view, without copying", () => {
    const decoder = new FrameDecoder(1 << 20, "peer");
    const chunk = framed(Buffer.from("abc"));
    const [frame] = decoder.push(chunk);
    assert.equal(frame!.buffer, chunk.buffer);
  });

  test("refuses a length prefix above the limit with FrameTooLargeError", () => {
    const decoder = new FrameDecoder(1024, "worker w2");
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1025);
    assert.throws(
      () => decoder.push(header.subarray(0, 2)) && decoder.push(header.subarray(2)),
      (e: unknown) =>
        e instanceof FrameTooLargeError &&
        e.code === "CORE_FRAME_TOO_LARGE" &&
        e.bytes === 1025 &&
        e.maxBytes === 1024 &&
        e.message.startsWith("frame of 1025 bytes from/to worker w2 is above the limit of 1024"),
    );
  });

  test("accepts a frame of exactly the limit", () => {
    const decoder = new FrameDecoder(4, "peer");
    assert.deepEqual(
      decoder.push(framed(Buffer.from("four"))).map((f) => f.toString()),
      ["four"],
    );
  });
});
