/**
 * Pulling objects between nodes over ws: two stores on separate envs stand for two
 * nodes. A transfer cut mid-stream resumes from the last received byte and arrives
 * intact; its checksum covers the bytes of every connection; locations are recorded
 * in the directory; a wrong token is refused.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, test } from "node:test";
import {
  ObjectLostError,
  ObjectTransferError,
  newObjectId,
  pullObject,
  startObjectTransferServer,
  type ObjectDirectory,
  type ObjectLocation,
  type ObjectStore,
  type ObjectTransferServer,
} from "@rayx/objectstore";
import WebSocket, { WebSocketServer } from "ws";
import { FaultyProxy } from "../support/FaultyProxy.js";
import { tempSession, type TempSession } from "../support/tempSession.js";

const MiB = 1 << 20;
let nodeA: TempSession;
let nodeB: TempSession;
let server: ObjectTransferServer | undefined;
let proxy: FaultyProxy | undefined;
beforeEach(() => {
  nodeA = tempSession();
  nodeB = tempSession();
});
afterEach(async () => {
  await proxy?.close();
  await server?.close();
  proxy = server = undefined;
  await nodeA.cleanup();
  await nodeB.cleanup();
});

function mapDirectory(): ObjectDirectory & { table: Map<string, ObjectLocation[]> } {
  const table = new Map<string, ObjectLocation[]>();
  return {
    table,
    addLocation: (id, at) => Promise.resolve(void table.set(id, [...(table.get(id) ?? []), at])),
    locations: (id) => Promise.resolve(table.get(id) ?? []),
  };
}

async function twoNodes(
  token?: string,
): Promise<{ a: ObjectStore; b: ObjectStore; address: string }> {
  const a = nodeA.open({ objectStoreMemory: 128 * MiB });
  const b = nodeB.open({ objectStoreMemory: 128 * MiB });
  server = await startObjectTransferServer({
    store: a,
    chunkSize: 256 * 1024,
    ...(token ? { token } : {}),
  });
  return { a, b, address: server.address };
}

describe("transfer between nodes", () => {
  test("binds to loopback by default", async () => {
    const { address } = await twoNodes();
    assert.match(address, /^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  test("resumes a transfer cut mid-stream from the last received byte, and records the new location", async () => {
    const { a, b, address } = await twoNodes();
    const data = new Float64Array(MiB).map((_, i) => i * 0.5); // 8 MiB
    const id = await a.put({ name: "weights", data });
    proxy = await FaultyProxy.start(address, { cutAfter: 3 * MiB });
    const directory = mapDirectory();
    await directory.addLocation(id, { nodeId: "A", address: proxy.address });
    const offsets: number[] = [];

    const connections = await pullObject(id, {
      store: b,
      directory,
      self: { nodeId: "B", address: "ws://127.0.0.1:1" },
      onAttempt: (offset) => offsets.push(offset),
    });

    assert.equal(proxy.injected, true);
    assert.equal(connections, 2);
    assert.equal(offsets[0], 0);
    assert.ok(offsets[1]! > 2 * MiB && offsets[1]! <= 3 * MiB, `resumed at ${offsets[1]}`);
    const back = b.get<{ name: string; data: Float64Array }>(id);
    assert.equal(back.name, "weights");
    assert.deepEqual(back.data, data);
    assert.deepEqual(
      directory.table.get(id)?.map((at) => at.nodeId),
      ["A", "B"],
    );
  });

  test("rejects bytes corrupted on the way with a checksum error and stores nothing", async () => {
    const { a, b, address } = await twoNodes();
    const id = await a.put(new Uint8Array(4 * MiB).fill(7));
    proxy = await FaultyProxy.start(address, { flipAt: 2 * MiB + 1000 });
    const directory = mapDirectory();
    await directory.addLocation(id, { nodeId: "A", address: proxy.address });
    await assert.rejects(
      pullObject(id, { store: b, directory, self: { nodeId: "B", address: "ws://127.0.0.1:1" } }),
      (error: unknown) =>
        error instanceof ObjectTransferError && /checksum mismatch/.test(error.message),
    );
    assert.equal(proxy.injected, true);
    assert.equal(b.contains(id), false);
    assert.deepEqual(
      directory.table.get(id)?.map((at) => at.nodeId),
      ["A"],
    );
  });

  test("catches bytes corrupted before a cut once the resumed transfer completes", async () => {
    const { a, b, address } = await twoNodes();
    const id = await a.put(new Uint8Array(8 * MiB).fill(9));
    proxy = await FaultyProxy.start(address, { flipAt: MiB + 1000, cutAfter: 3 * MiB });
    const directory = mapDirectory();
    await directory.addLocation(id, { nodeId: "A", address: proxy.address });
    const offsets: number[] = [];
    await assert.rejects(
      pullObject(id, {
        store: b,
        directory,
        self: { nodeId: "B", address: "ws://127.0.0.1:1" },
        onAttempt: (offset) => offsets.push(offset),
      }),
      (error: unknown) =>
        error instanceof ObjectTransferError && /checksum mismatch/.test(error.message),
    );
    assert.equal(offsets.length, 2);
    assert.ok(offsets[1]! > 2 * MiB && offsets[1]! <= 3 * MiB, `resumed at ${offsets[1]}`);
    assert.equal(b.contains(id), false);
  });

  test("refuses to listen beyond loopback without a token", async () => {
    const a = nodeA.open({ objectStoreMemory: 16 * MiB });
    await assert.rejects(
      startObjectTransferServer({ store: a, host: "0.0.0.0" }),
      /token: is required to listen on 0\.0\.0\.0/,
    );
  });

  test("bound to every interface, advertises the host it is told and serves pulls there", async () => {
    const a = nodeA.open({ objectStoreMemory: 16 * MiB });
    const b = nodeB.open({ objectStoreMemory: 16 * MiB });
    server = await startObjectTransferServer({
      store: a,
      host: "0.0.0.0",
      advertisedHost: "127.0.0.1",
      token: "s3cret",
    });
    assert.match(server.address, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const id = await a.put("everywhere");
    const directory = mapDirectory();
    await directory.addLocation(id, { nodeId: "A", address: server.address });
    const self = { nodeId: "B", address: "ws://127.0.0.1:1" };
    await pullObject(id, { store: b, directory, self, token: "s3cret" });
    assert.equal(b.get(id), "everywhere");
  });

  test("refuses a client without the token before reading its request", async () => {
    const { a, b, address } = await twoNodes("s3cret");
    const id = await a.put("guarded");
    const directory = mapDirectory();
    await directory.addLocation(id, { nodeId: "A", address });
    const self = { nodeId: "B", address: "ws://127.0.0.1:1" };
    await assert.rejects(
      pullObject(id, { store: b, directory, self, token: "wrong" }),
      (error: unknown) =>
        error instanceof ObjectTransferError && /HTTP 401.*token/.test(error.message),
    );
    await pullObject(id, { store: b, directory, self, token: "s3cret" });
    assert.equal(b.get(id), "guarded");
  });

  test("answers a malformed request with BAD_REQUEST and closes the connection", async () => {
    const { address } = await twoNodes();
    const replies = await Promise.all(
      [
        "not json",
        JSON.stringify({ id: "xyz", offset: 0 }),
        JSON.stringify({ id: newObjectId(), offset: -1 }),
      ].map(
        (request) =>
          new Promise<{ reply: unknown; closed: number }>((resolve, reject) => {
            const socket = new WebSocket(`${address}/rayx/objects/v1`);
            let reply: unknown;
            socket.on("open", () => socket.send(request));
            socket.on("message", (data: Buffer) => {
              reply = JSON.parse(data.toString()) as unknown;
            });
            socket.on("close", (code) => resolve({ reply, closed: code }));
            socket.on("error", reject);
          }),
      ),
    );
    assert.deepEqual(
      replies.map(({ reply, closed }) => [(reply as { code: string }).code, closed]),
      [
        ["BAD_REQUEST", 1000],
        ["BAD_REQUEST", 1000],
        ["BAD_REQUEST", 1000],
      ],
    );
    assert.match(
      (replies[1]!.reply as { error: string }).error,
      /request\.id must be an object id/,
    );
  });

  test("closes a connection that sends an oversized frame and goes on serving others", async () => {
    const { a, b, address } = await twoNodes();
    const closed = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${address}/rayx/objects/v1`);
      socket.on("open", () => socket.send("x".repeat(64 * 1024)));
      socket.on("close", (code) => resolve(code));
      socket.on("error", reject);
    });
    assert.equal(closed, 1009, "message too big");
    const id = await a.put("still served");
    const directory = mapDirectory();
    await directory.addLocation(id, { nodeId: "A", address });
    await pullObject(id, {
      store: b,
      directory,
      self: { nodeId: "B", address: "ws://127.0.0.1:1" },
    });
    assert.equal(b.get(id), "still served");
  });

  test(
    "closes a connection that never asks within the hello time (1008) and serves others",
    { timeout: 20_000 },
    async () => {
      const a = nodeA.open({ objectStoreMemory: 16 * MiB });
      const b = nodeB.open({ objectStoreMemory: 16 * MiB });
      server = await startObjectTransferServer({ store: a, limits: { helloTimeoutMs: 300 } });
      const address = server.address;
      const started = Date.now();
      const [code, reason] = await new Promise<[number, string]>((resolve, reject) => {
        const socket = new WebSocket(`${address}/rayx/objects/v1`);
        socket.on("close", (closeCode, closeReason) => resolve([closeCode, String(closeReason)]));
        socket.on("error", reject);
      });
      assert.deepEqual([code, reason], [1008, "no transfer request within 300 ms"]);
      assert.ok(Date.now() - started < 5000, `closed after ${Date.now() - started} ms`);
      const id = await a.put("still served");
      const directory = mapDirectory();
      await directory.addLocation(id, { nodeId: "A", address });
      await pullObject(id, {
        store: b,
        directory,
        self: { nodeId: "B", address: "ws://127.0.0.1:1" },
      });
      assert.equal(b.get(id), "still served");
    },
  );

  test("refuses a server's announced size that is no byte count before allocating it", async () => {
    const b = nodeB.open({ objectStoreMemory: 16 * MiB });
    const liar = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    try {
      await once(liar, "listening");
      let size: unknown = 0;
      liar.on("connection", (socket) =>
        socket.once("message", () => socket.send(JSON.stringify({ size }))),
      );
      const address = `ws://127.0.0.1:${(liar.address() as AddressInfo).port}`;
      const id = newObjectId();
      const directory = mapDirectory();
      await directory.addLocation(id, { nodeId: "L", address });
      for (size of [1e300, -1, "12", 1.5]) {
        await assert.rejects(
          pullObject(id, {
            store: b,
            directory,
            self: { nodeId: "B", address: "ws://127.0.0.1:1" },
          }),
          (error: unknown) =>
            error instanceof ObjectTransferError &&
            /BAD_REPLY: the announced size .* is not a byte count/.test(error.message),
          `size ${String(size)}`,
        );
      }
    } finally {
      await new Promise((resolve) => liar.close(resolve));
    }
  });

  test("fails with ObjectLostError when no listed node has the object", async () => {
    const { b, address } = await twoNodes();
    const id = newObjectId();
    const directory = mapDirectory();
    const self = { nodeId: "B", address: "ws://127.0.0.1:1" };
    await assert.rejects(pullObject(id, { store: b, directory, self }), /no node is listed/);
    await directory.addLocation(id, { nodeId: "A", address });
    await assert.rejects(
      pullObject(id, { store: b, directory, self }),
      (error: unknown) =>
        error instanceof ObjectLostError && /every listed node failed/.test(error.message),
    );
  });
});
