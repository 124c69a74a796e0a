/**
 * The GCS service over real ws sockets on 127.0.0.1: the same operations as the
 * local Gcs, pipelining, subscriptions, and what a bad client gets (malformed,
 * text, oversized and unknown-method frames; wrong version; missing token).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import WebSocket, { WebSocketServer } from "ws";
import {
  Gcs,
  GcsClient,
  GcsConnectionError,
  GcsProtocolError,
  GcsRemoteError,
  GcsTimeoutError,
  openLmdbStore,
  startGcsServer,
  type ActorInfo,
  type GcsServer,
  type NameChange,
} from "@rayx/gcs";
import { frames, values } from "../../src/internal/codec.js";
import { actor, call, node, tempDir } from "../fixtures.js";

const PROTOCOL = "rayx.gcs.v1";
const MAX_PAYLOAD = 64 * 1024;

/** A raw ws connection speaking the GCS subprotocol, for sending what GcsClient never would. */
async function rawSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, PROTOCOL);
  await once(socket, "open");
  return socket;
}

async function nextResponse(socket: WebSocket) {
  const [data] = (await once(socket, "message")) as [Buffer];
  return frames.decodeResponse(data);
}

describe("GCS service over ws", () => {
  const tmp = tempDir();
  let gcs: Gcs;
  let server: GcsServer;
  let client: GcsClient;
  before(async () => {
    gcs = new Gcs(openLmdbStore({ dir: join(tmp.dir, "gcs") }));
    server = await startGcsServer({ gcs, maxPayload: MAX_PAYLOAD });
    client = await GcsClient.connect(server.url);
  });
  after(async () => {
    await client.close();
    await server.close();
    await gcs.close();
    tmp.cleanup();
  });

  test("listens on loopback by default", () => {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  test("serves the same operations as the local Gcs", async () => {
    await client.putActor(actor("remote-1", { name: "counter", pid: 9 }));
    assert.deepEqual(await client.getActor("remote-1"), await gcs.getActor("remote-1"));
    assert.equal(await client.getActor("nobody"), undefined);
    assert.deepEqual(await client.claimName("ns", "remote", "remote-1"), {
      actorId: "remote-1",
      created: true,
    });
    assert.equal(await client.lookupName("ns", "remote"), "remote-1");
    assert.equal(await client.releaseName("ns", "remote", "other"), false);
    await client.appendCalls("remote-1", [call(1), call(2)]);
    await client.appendCall("remote-1", call(3));
    const calls = await client.readCalls("remote-1", 2, 10);
    assert.deepEqual(
      calls.map((c) => [c.seq, Array.from(c.args)]),
      [
        [2, [0, 0, 0, 2]],
        [3, [0, 0, 0, 3]],
      ],
    );
    assert.equal(calls[0]!.hash, (await gcs.readCalls("remote-1", 2, 1))[0]!.hash);
    assert.equal(await client.lastSeq("remote-1"), 3);
    await client.writeSnapshot("remote-1", { seq: 2, state: Uint8Array.of(5) });
    assert.equal((await client.latestSnapshot("remote-1"))?.seq, 2);
    assert.deepEqual((await client.listEvents({ subjectId: "none" })).length, 0);
  });

  test("pipelines requests: many in flight resolve to their own results", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `pipe-${i}`);
    await Promise.all(ids.map((id) => client.putActor(actor(id))));
    const got = await Promise.all(ids.map((id) => client.getActor(id)));
    assert.deepEqual(
      got.map((a) => a?.actorId),
      ids,
    );
  });

  test("sends a failed operation back as GcsRemoteError with the server's name and code", async () => {
    await assert.rejects(
      client.getActor(""),
      (error: unknown) =>
        error instanceof GcsRemoteError &&
        error.code === "GCS_BAD_ARGUMENT" &&
        error.remoteName === "GcsArgumentError" &&
        /actors id must be a non-empty string/.test(error.message),
    );
  });

  test("pushes actor, node and name changes to subscribers until they close", async () => {
    const other = await GcsClient.connect(server.url);
    try {
      const actors: ActorInfo[] = [];
      const names: NameChange[] = [];
      const nodeStates: string[] = [];
      const subs = [
        await other.subscribe("actors", (a) => actors.push(a)),
        await other.subscribe("names", (c) => names.push(c)),
        await other.subscribe("nodes", (n) => nodeStates.push(`${n.nodeId}:${n.state}`)),
      ];
      await client.putActor(actor("sub-1", { state: "crashed" }));
      await client.putNode(node("n9"));
      await client.removeNode("n9");
      await client.claimName("ns", "sub", "sub-1");
      // A round trip on the same connection: its pushes were sent before this answer.
      await other.listNodes();
      assert.deepEqual(
        actors.map((a) => [a.actorId, a.state]),
        [["sub-1", "crashed"]],
      );
      assert.deepEqual(nodeStates, ["n9:alive", "n9:dead"]);
      assert.deepEqual(names, [
        { entry: { namespace: "ns", name: "sub", actorId: "sub-1" }, registered: true },
      ]);
      for (const sub of subs) await sub.close();
      await client.putActor(actor("sub-1", { state: "alive" }));
      await other.listNodes();
      assert.equal(actors.length, 1);
    } finally {
      await other.close();
    }
  });

  test("answers an unknown method with GCS_UNKNOWN_METHOD and keeps the connection", async () => {
    const socket = await rawSocket(server.url);
    try {
      socket.send(frames.encodeRequest({ id: 7, method: "dropAllTables", args: [] }));
      assert.deepEqual(await nextResponse(socket), {
        id: 7,
        error: {
          name: "GcsProtocolError",
          code: "GCS_UNKNOWN_METHOD",
          message: "unknown GCS method 'dropAllTables'",
          stack: "",
        },
      });
      socket.send(frames.encodeRequest({ id: 8, method: "toString", args: [] }));
      assert.equal((await nextResponse(socket)).id, 8);
      socket.send(frames.encodeRequest({ id: 9, method: "getActor", args: [] }));
      const wrongArity = await nextResponse(socket);
      assert.ok("error" in wrongArity);
      assert.equal(wrongArity.error.message, "'getActor' takes 1 arguments, got 0");
      socket.send(
        frames.encodeRequest({
          id: 10,
          method: "lastSeq",
          args: [values.string.encode("remote-1")],
        }),
      );
      assert.deepEqual(await nextResponse(socket), { id: 10, result: values.number.encode(3) });
    } finally {
      socket.close();
    }
  });

  test("rejects a malformed frame and disconnects its sender while others carry on", async () => {
    const socket = await rawSocket(server.url);
    const closed = once(socket, "close");
    socket.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const response = await nextResponse(socket);
    assert.ok("error" in response);
    assert.equal(response.error.code, "GCS_MALFORMED_FRAME");
    assert.equal((await closed)[0], 1007);
    assert.equal(await client.lastSeq("remote-1"), 3);
  });

  test("rejects a text frame as malformed", async () => {
    const socket = await rawSocket(server.url);
    const closed = once(socket, "close");
    socket.send("getActor a1");
    const response = await nextResponse(socket);
    assert.ok("error" in response);
    assert.match(response.error.message, /text frame/);
    assert.equal((await closed)[0], 1007);
  });

  test("closes a connection that sends an oversized frame (1009) while others carry on", async () => {
    const big = await GcsClient.connect(server.url, { maxPayload: 10 * MAX_PAYLOAD });
    const huge = { ...call(1), args: new Uint8Array(2 * MAX_PAYLOAD) };
    await assert.rejects(big.appendCall("big", huge), (error: unknown) => {
      return (
        error instanceof GcsConnectionError &&
        /exceeded the server's maxPayload/.test(error.message)
      );
    });
    await assert.rejects(big.lastSeq("big"), GcsConnectionError);
    assert.equal(await client.lastSeq("big"), 0);
  });

  test("refuses to send a request over its own maxPayload", async () => {
    const huge = { ...call(1), args: new Uint8Array(2 * MAX_PAYLOAD) };
    const small = await GcsClient.connect(server.url, { maxPayload: MAX_PAYLOAD });
    try {
      await assert.rejects(
        small.appendCall("big", huge),
        (error: unknown) =>
          error instanceof GcsProtocolError && error.code === "GCS_PAYLOAD_TOO_LARGE",
      );
      assert.equal(await small.lastSeq("big"), 0);
    } finally {
      await small.close();
    }
  });

  test("refuses a client that does not speak the protocol version", async () => {
    const socket = new WebSocket(server.url, "rayx.gcs.v2");
    socket.on("error", () => undefined); // terminating a refused handshake reports one
    const [, response] = (await once(socket, "unexpected-response")) as [
      unknown,
      { statusCode: number },
    ];
    assert.equal(response.statusCode, 400);
    socket.terminate();
  });

  test("rejects pending requests with GcsConnectionError once closed", async () => {
    const brief = await GcsClient.connect(server.url);
    await brief.close();
    await assert.rejects(
      brief.listActors(),
      /the connection to the GCS at ws:\/\/127\.0\.0\.1:\d+ closed \(code 1000: client closed\)/,
    );
  });
});

describe("GCS service with a token", () => {
  const tmp = tempDir();
  let gcs: Gcs;
  let server: GcsServer;
  before(async () => {
    gcs = new Gcs(openLmdbStore({ dir: join(tmp.dir, "gcs") }));
    server = await startGcsServer({ gcs, token: "s3cret" });
  });
  after(async () => {
    await server.close();
    await gcs.close();
    tmp.cleanup();
  });

  test("refuses a connection without the token or with a wrong one, before any request", async () => {
    for (const options of [{}, { token: "guess" }]) {
      await assert.rejects(
        GcsClient.connect(server.url, options),
        (error: unknown) =>
          error instanceof GcsConnectionError &&
          error.message ===
            `cannot connect to the GCS at ${server.url}: 401 missing or wrong GCS token (RAYX_TOKEN)`,
      );
    }
  });

  test("serves a client with the token", async () => {
    const client = await GcsClient.connect(server.url, { token: "s3cret" });
    try {
      assert.deepEqual(await client.listNodes(), []);
    } finally {
      await client.close();
    }
  });
});

test("a request with no response rejects with GcsTimeoutError after timeoutMs", async () => {
  const silent = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    handleProtocols: () => PROTOCOL,
  });
  // It answers the client's hello and nothing else.
  silent.on("connection", (socket) =>
    socket.on("message", (data) => {
      const { id, method } = frames.decodeRequest(data as Buffer);
      if (method === "hello")
        socket.send(frames.encodeResponse({ id, result: values.void.encode() }));
    }),
  );
  try {
    await once(silent, "listening");
    const { port } = silent.address() as { port: number };
    // timeoutMs also bounds the handshake, which can take well over 50 ms on a loaded machine.
    const client = await GcsClient.connect(`ws://127.0.0.1:${port}`, { timeoutMs: 1000 });
    try {
      await assert.rejects(
        client.listActors(),
        (error: unknown) =>
          error instanceof GcsTimeoutError &&
          /'listActors' got no response within 1000 ms/.test(error.message),
      );
    } finally {
      await client.close();
    }
  } finally {
    // An open server would keep this file's process alive after a failure.
    await new Promise((resolve) => silent.close(resolve));
  }
});

test("connecting to a port nobody listens on rejects with GcsConnectionError", async () => {
  const probe = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  await assert.rejects(
    GcsClient.connect(`ws://127.0.0.1:${port}`),
    /cannot connect to the GCS at ws:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/,
  );
});
