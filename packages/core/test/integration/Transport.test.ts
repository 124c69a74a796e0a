import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Socket, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { ChannelClosedError, FrameTooLargeError, MalformedFrameError } from "../../src/errors.js";
import { FrameChannel } from "../../src/internal/FrameChannel.js";
import type { Frame } from "../../src/internal/Frame.js";
import { encodeFrame, frameCodec } from "../../src/internal/frameCodec.js";
import { Transport } from "../../src/internal/Transport.js";

let dir: string;
let transport: Transport<Frame> | undefined;
const clients: FrameChannel<Frame>[] = [];

/** Listens with an echo server: every call is answered by a result carrying its args. */
async function echoServer(options: { maxFrameBytes?: number } = {}): Promise<{
  transport: Transport<Frame>;
  serverSide: FrameChannel<Frame>[];
}> {
  const serverSide: FrameChannel<Frame>[] = [];
  transport = await Transport.listen(
    join(dir, "node.sock"),
    frameCodec,
    (channel) => {
      serverSide.push(channel);
      channel.onFrame((frame) => {
        if (frame.kind === "call") {
          const value = { kind: "bytes", bytes: frame.args } as const;
          channel.send({ kind: "result", requestId: frame.requestId, value });
        }
      });
    },
    options,
  );
  return { transport, serverSide };
}

async function connect(options: { maxFrameBytes?: number } = {}): Promise<FrameChannel<Frame>> {
  const channel = await Transport.connect(join(dir, "node.sock"), frameCodec, options);
  clients.push(channel);
  return channel;
}

function call(requestId: number, args: Buffer): Frame {
  const target = { kind: "actor", actorId: "a" } as const;
  return { kind: "call", requestId, target, method: "m", args, argRefs: [] };
}

/** Resolves with the first `count` frames the channel receives. */
function receive(channel: FrameChannel<Frame>, count: number): Promise<Frame[]> {
  return new Promise((resolve) => {
    const got: Frame[] = [];
    channel.onFrame((frame) => {
      got.push(frame);
      if (got.length === count) resolve(got);
    });
  });
}

function closed(channel: FrameChannel<Frame>): Promise<Error | undefined> {
  return new Promise((resolve) => channel.onClose(resolve));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rayx-transport-"));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await transport?.close();
  transport = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("Transport and FrameChannel over a Unix socket", () => {
  test("carries 1,000 pipelined frames and their replies in order", async () => {
    await echoServer();
    const client = await connect();
    const replies = receive(client, 1000);
    for (let i = 1; i <= 1000; i++) client.send(call(i, Buffer.from(`payload ${i}`)));
    const got = await replies;
    assert.deepEqual(
      got.map((f) =>
        f.kind === "result" && f.value.kind === "bytes"
          ? [f.requestId, f.value.bytes.toString()]
          : f,
      ),
      Array.from({ length: 1000 }, (_, i) => [i + 1, `payload ${i + 1}`]),
    );
  });

  test("writes every frame queued in one event turn with one write", async () => {
    await echoServer();
    const socket = createConnection(join(dir, "node.sock"));
    await new Promise((resolve) => socket.once("connect", resolve));
    const writes: number[] = [];
    const write = (chunk: Uint8Array) => Socket.prototype.write.call(socket, chunk);
    // Counts the writes of a real socket; the bytes still go through.
    Object.assign(socket, {
      write: (chunk: Uint8Array) => {
        writes.push(chunk.length);
        return write(chunk);
      },
    });
    const client = new FrameChannel(socket, frameCodec);
    clients.push(client);
    const replies = receive(client, 100);
    for (let i = 1; i <= 100; i++) client.send(call(i, Buffer.from("x")));
    assert.equal((await replies).length, 100);
    const frameBytes = encodeFrame(call(1, Buffer.from("x"))).length + 4;
    assert.deepEqual(writes, [100 * frameBytes]);
  });

  test("creates the socket file with mode 0600 and removes it on close", async () => {
    const { transport: t } = await echoServer();
    assert.equal(statSync(t.path).mode & 0o777, 0o600);
    await t.close();
    assert.equal(existsSync(t.path), false);
  });

  test("closes a connection that sends a malformed frame while another connection carries on", async () => {
    const { serverSide } = await echoServer();
    const good = await connect();
    const raw = createConnection(join(dir, "node.sock"));
    await new Promise((resolve) => raw.once("connect", resolve));
    const rawClosed = new Promise((resolve) => raw.once("close", resolve));
    raw.write(Buffer.from([0, 0, 0, 4, 0x0a, 0xff, 0xff, 0xff]));
    await rawClosed;
    const bad = serverSide.find((c) => c.closed);
    assert.ok(bad?.closeError instanceof MalformedFrameError);
    assert.match(bad.closeError.message, /^malformed frame from peer: /);
    const reply = receive(good, 1);
    good.send(call(5, Buffer.from("still here")));
    const [frame] = await reply;
    assert.equal(
      frame?.kind === "result" && frame.value.kind === "bytes" && frame.value.bytes.toString(),
      "still here",
    );
  });

  test("closes a connection whose length prefix is above maxFrameBytes with FrameTooLargeError", async () => {
    const { serverSide } = await echoServer({ maxFrameBytes: 1024 });
    const raw = createConnection(join(dir, "node.sock"));
    await new Promise((resolve) => raw.once("connect", resolve));
    const rawClosed = new Promise((resolve) => raw.once("close", resolve));
    raw.write(Buffer.from([0, 0, 0x10, 0]));
    await rawClosed;
    const error = serverSide[0]?.closeError;
    assert.ok(error instanceof FrameTooLargeError);
    assert.equal(error.bytes, 4096);
  });

  test("refuses to send a frame above maxFrameBytes and stays open", async () => {
    await echoServer();
    const client = await connect({ maxFrameBytes: 100 });
    assert.throws(() => client.send(call(1, Buffer.alloc(200))), FrameTooLargeError);
    assert.equal(client.closed, false);
    const reply = receive(client, 1);
    client.send(call(2, Buffer.from("small")));
    assert.equal((await reply)[0]?.kind, "result");
  });

  test("reports the peer's close and refuses sends afterwards with ChannelClosedError", async () => {
    const { transport: t } = await echoServer();
    const client = await connect();
    const clientClosed = closed(client);
    await t.close();
    assert.equal(await clientClosed, undefined);
    assert.throws(() => client.send(call(1, Buffer.from("late"))), ChannelClosedError);
  });

  test("refuses a socket path longer than the OS allows, saying what to do", async () => {
    const long = join(dir, "x".repeat(120), "node.sock");
    await assert.rejects(
      Transport.listen(long, frameCodec, () => undefined),
      {
        name: "TransportPathError",
        message: new RegExp(`above the OS limit of 107: choose a shorter session directory`),
      },
    );
  });
});
