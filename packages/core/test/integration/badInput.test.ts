/**
 * A head node under attack on its one port, as a hostile client would try it: an
 * oversized frame before and after hello, half-open HTTP connections, silent ws
 * connections on every protocol, bad node and driver hellos, requests before hello,
 * malformed frames, and a node that joined properly then sends malformed messages.
 * The head requires a token and every hostile peer has it (the worst case: a peer
 * that may connect). The head runs in its own process with short configured limits,
 * so its RSS and open fds are read from /proc and asserted bounded; a well-behaved
 * driver (this process) makes calls between the attacks and they succeed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import WebSocket from "ws";
import { init, put, shutdown, spawn, state } from "@rayx/core";
import type { ActorHandle } from "@rayx/core";
import { DRIVER_PROTOCOL } from "../../src/internal/driverProtocol.js";
import { NODE_PROTOCOL } from "../../src/internal/nodeLink.js";
import { decodeValue } from "../../src/internal/wireCodec.js";
import { Counter } from "../fixtures/actors.js";
import {
  driverHello,
  fdCount,
  fdsBackTo,
  framed,
  framesOf,
  rawPeer,
  rssMiB,
  serviceCall,
  startHeadProcess,
  stopHeadProcess,
  type Closed,
  type HeadProcess,
  type RawPeer,
} from "../fixtures/hostilePeer.js";
import { waitFor } from "../fixtures/processes.js";

const GCS_PROTOCOL = "rayx.gcs.v1";
const TOKEN = "bad-input-token";
const MiB = 1024 * 1024;
const INLINE_LIMIT = 8 * MiB;
const HELLO_MS = 2000;
const NODE_HELLO_MS = 3000;
const HEADERS_MS = 1000;
const FRAME_STALL_MS = 1500;
const MAX_UNAUTHENTICATED = 64;
/** Growth allowed over a baseline: what a 2-core machine's GC timing can add, far below the attacks. */
const RSS_SLACK_MIB = 64;
const FD_SLACK = 10;

const storage = mkdtempSync(join(tmpdir(), "rayx-bad-input-"));
let head: HeadProcess;
let counter: ActorHandle<Counter>;
let count = 0;
let startRss = 0;
let startFds = 0;

before(async () => {
  head = await startHeadProcess(storage, {
    RAYX_HELLO_TIMEOUT_MS: String(HELLO_MS),
    RAYX_NODE_HELLO_TIMEOUT_MS: String(NODE_HELLO_MS),
    RAYX_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
    RAYX_MAX_UNAUTHENTICATED: String(MAX_UNAUTHENTICATED),
    RAYX_MAX_INLINE_BYTES: String(INLINE_LIMIT),
    RAYX_FRAME_STALL_MS: String(FRAME_STALL_MS),
    RAYX_TOKEN: TOKEN,
  });
  await init({ address: head.address, token: TOKEN });
  counter = await spawn(Counter, [0]);
  await served();
  startRss = rssMiB(head.pid);
  startFds = fdCount(head.pid);
});

after(async () => {
  await shutdown().catch(() => undefined);
  await stopHeadProcess(head);
  rmSync(storage, { recursive: true, force: true });
});

/** The well-behaved driver's call: it must succeed between attacks. */
async function served(): Promise<void> {
  assert.equal(await counter.add(1), ++count);
}

/** How `peer` ended; throws if it is still open after `ms` (the head kept it). */
async function closedWithin(peer: RawPeer, ms: number, what: string): Promise<Closed> {
  let timer: NodeJS.Timeout | undefined;
  const open = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the head keeps ${what} open after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([peer.closed, open]);
  } finally {
    clearTimeout(timer);
    peer.socket.terminate();
  }
}

/**
 * Sends a frame header announcing 512 MiB in a small first message, then up to 300
 * MiB of body in 1 MiB messages while the connection is open; resolves with the MiB
 * handed to the socket.
 */
async function sendOversizedFrame(peer: RawPeer): Promise<number> {
  const header = Buffer.alloc(1024, 7);
  header.writeUInt32BE(512 * MiB, 0);
  peer.socket.send(header);
  const chunk = Buffer.alloc(MiB, 7);
  let sentMiB = 0;
  while (sentMiB < 300 && peer.socket.readyState === WebSocket.OPEN) {
    await new Promise<void>((resolve) => peer.socket.send(chunk, () => resolve()));
    sentMiB++;
  }
  return sentMiB;
}

/** A raw driver that has said a valid hello; resolves with its welcome. */
async function helloDriver(): Promise<{ peer: RawPeer; welcome: Record<string, unknown> }> {
  const peer = rawPeer(head.address, DRIVER_PROTOCOL, TOKEN);
  await peer.opened;
  peer.socket.send(framed(serviceCall(1, "hello", [driverHello()])));
  await waitFor(() => framesOf(peer).length > 0, "the head's welcome", 10_000);
  const [reply] = framesOf(peer);
  assert.equal(reply?.kind, "result");
  const value = reply.kind === "result" ? reply.value : undefined;
  assert.equal(value?.kind, "bytes");
  const welcome = decodeValue(value.kind === "bytes" ? value.bytes : new Uint8Array()) as Record<
    string,
    unknown
  >;
  return { peer, welcome };
}

/** A well-formed node hello: a node with one cpu, no workers and a transfer server nobody calls. */
function nodeHello(nodeId: string): Record<string, unknown> {
  return {
    kind: "hello",
    nodeId,
    hostname: "elsewhere",
    pid: 4242,
    sessionDir: "/nonexistent/session",
    resources: { cpu: 1 },
    transferAddress: "ws://127.0.0.1:9",
    workers: [],
  };
}

/** Polls `probe` until it returns a value (not `undefined`), for at most 10 s. */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after 10000 ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once the head lists node `nodeId` in `wanted` state. */
async function nodeListed(nodeId: string, wanted: string): Promise<void> {
  await until(`node ${nodeId} listed ${wanted}`, async () =>
    (await state.listNodes()).some((n) => n.nodeId === nodeId && n.state === wanted)
      ? true
      : undefined,
  );
}

describe("a head under bad input", () => {
  test(
    "a frame announcing 512 MiB before hello is refused from its length (1009) and costs no memory",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const rssBefore = rssMiB(head.pid);
      const peer = rawPeer(head.address, DRIVER_PROTOCOL, TOKEN);
      await peer.opened;
      const sentMiB = await sendOversizedFrame(peer);
      const closed = await closedWithin(peer, 5000, "an oversized frame");
      const rssAfter = rssMiB(head.pid);
      t.diagnostic(
        `pre-hello 512 MiB frame: sent ${sentMiB} MiB; close ${JSON.stringify(closed)}; head RSS ${rssBefore} -> ${rssAfter} MiB`,
      );
      assert.equal(closed.code, 1009);
      assert.match(closed.reason, /536870912 bytes .* above the limit of 65536/);
      assert.ok(rssAfter - rssBefore < RSS_SLACK_MIB, `RSS grew ${rssAfter - rssBefore} MiB`);
      await served();
    },
  );

  test(
    "a driver past its hello is held to the configured inline limit (1009) and its memory goes with it",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const rssBefore = rssMiB(head.pid);
      const { peer, welcome } = await helloDriver();
      assert.equal(welcome["maxFrameBytes"], INLINE_LIMIT);
      const sentMiB = await sendOversizedFrame(peer);
      const closed = await closedWithin(peer, 5000, "an oversized frame");
      const rssAfter = rssMiB(head.pid);
      t.diagnostic(
        `post-hello 512 MiB frame: sent ${sentMiB} MiB; close ${JSON.stringify(closed)}; head RSS ${rssBefore} -> ${rssAfter} MiB`,
      );
      assert.equal(closed.code, 1009);
      assert.match(closed.reason, new RegExp(`above the limit of ${INLINE_LIMIT}`));
      assert.ok(rssAfter - rssBefore < RSS_SLACK_MIB, `RSS grew ${rssAfter - rssBefore} MiB`);
      await served();
    },
  );

  test(
    "a driver that stops halfway through a frame is closed after the stall time (1008) and its bytes go",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const rssBefore = rssMiB(head.pid);
      const { peer } = await helloDriver();
      const header = Buffer.alloc(MiB, 7);
      header.writeUInt32BE(4 * MiB, 0); // within the inline limit: only the silence is wrong
      const began = Date.now();
      peer.socket.send(header);
      const closed = await closedWithin(peer, FRAME_STALL_MS + 5000, "a stalled frame");
      const ms = Date.now() - began;
      const rssAfter = rssMiB(head.pid);
      t.diagnostic(
        `stalled frame: 1 of 4 MiB sent; close ${JSON.stringify(closed)} after ${ms} ms; head RSS ${rssBefore} -> ${rssAfter} MiB`,
      );
      assert.equal(closed.code, 1008);
      assert.match(closed.reason, /stalled: \d+ bytes of it came, then nothing for 1500 ms/);
      assert.ok(ms >= FRAME_STALL_MS, `closed after ${ms} ms, before the stall time`);
      assert.ok(rssAfter - rssBefore < RSS_SLACK_MIB, `RSS grew ${rssAfter - rssBefore} MiB`);
      await served();
    },
  );

  test(
    "200 half-open HTTP connections are capped and closed by the header timeout",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const base = fdCount(head.pid);
      const port = Number(new URL(head.address).port);
      const started = Date.now();
      const closeTimes: number[] = [];
      const statuses = new Set<string>();
      const sockets = Array.from({ length: 200 }, () => {
        const socket = connect(port, "127.0.0.1", () =>
          socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
        );
        socket.on("error", () => undefined);
        const answers: string[] = [];
        socket.on("data", (chunk: Buffer) => answers.push(chunk.toString()));
        socket.once("close", () => {
          closeTimes.push(Date.now() - started);
          if (answers.length > 0) statuses.add(answers.join("").split("\r\n")[0]!);
        });
        return socket;
      });
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, fdCount(head.pid))), 10);
      try {
        await waitFor(() => closeTimes.length === 200, "all 200 connections closed", 15_000);
        const back = await fdsBackTo(head.pid, base + FD_SLACK, 5000);
        closeTimes.sort((a, b) => a - b);
        t.diagnostic(
          `half-open HTTP: fds ${base} before, ${peak} at peak, ${back.fds} after (back in ${back.ms} ms); ` +
            `closed after ${closeTimes[0]}..${closeTimes.at(-1)} ms (median ${closeTimes[100]}); answers ${[...statuses].join(", ")}`,
        );
      } finally {
        clearInterval(sampler);
        for (const socket of sockets) socket.destroy();
      }
      assert.deepEqual([...statuses], ["HTTP/1.1 408 Request Timeout"]);
      assert.ok(
        peak <= base + MAX_UNAUTHENTICATED + FD_SLACK,
        `${peak - base} fds for unauthenticated connections (cap ${MAX_UNAUTHENTICATED})`,
      );
      await served();
    },
  );

  test(
    "silent ws connections on the driver, node and GCS protocols are closed (1008) after their hello time",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const base = fdCount(head.pid);
      const protocols = [DRIVER_PROTOCOL, NODE_PROTOCOL, GCS_PROTOCOL];
      const peers = protocols.flatMap((protocol) =>
        Array.from({ length: 20 }, () => ({
          protocol,
          peer: rawPeer(head.address, protocol, TOKEN),
        })),
      );
      await Promise.all(peers.map(({ peer }) => peer.opened));
      const during = fdCount(head.pid);
      const ends = await Promise.all(
        peers.map(async ({ protocol, peer }) => ({
          protocol,
          closed: await closedWithin(peer, 10_000, `a silent ${protocol} connection`),
        })),
      );
      const back = await fdsBackTo(head.pid, base + FD_SLACK, 10_000);
      for (const protocol of protocols) {
        const mine = ends.filter((end) => end.protocol === protocol).map((end) => end.closed);
        const times = mine.map((c) => c.ms).sort((a, b) => a - b);
        const first = mine[0];
        t.diagnostic(
          `silent ${protocol}: close ${first?.code} '${first?.reason}' after ${times[0]}..${times.at(-1)} ms`,
        );
      }
      t.diagnostic(
        `silent ws: fds ${base} before, ${during} with 60 open, ${back.fds} after (in ${back.ms} ms)`,
      );
      const reasons: Record<string, RegExp> = {
        [DRIVER_PROTOCOL]: new RegExp(`^no driver hello within ${HELLO_MS} ms$`),
        [NODE_PROTOCOL]: new RegExp(`^no node hello within ${NODE_HELLO_MS} ms$`),
        [GCS_PROTOCOL]: new RegExp(`^no GCS request within ${HELLO_MS} ms$`),
      };
      for (const { protocol, closed } of ends) {
        assert.equal(closed.code, 1008);
        assert.match(closed.reason, reasons[protocol]!);
      }
      await served();
    },
  );

  test(
    "bad node hellos are refused (1002) naming the field, and never listed as nodes",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const good = nodeHello("node-bad-input");
      const cases: [string, string | Buffer, RegExp][] = [
        ["workers 'abc'", JSON.stringify({ ...good, workers: "abc" }), /workers must be a list/],
        [
          "resources null",
          JSON.stringify({ ...good, resources: null }),
          /resources must be an object, got null/,
        ],
        [
          "a negative cpu",
          JSON.stringify({ ...good, resources: { cpu: -1 } }),
          /resources\.cpu must be a finite number ≥ 0, got -1/,
        ],
        [
          "a string cpu",
          JSON.stringify({ ...good, resources: { cpu: "8" } }),
          /resources\.cpu must be a finite number/,
        ],
        ["pid 'abc'", JSON.stringify({ ...good, pid: "abc" }), /pid must be a process id/],
        [
          "a worker without an id",
          JSON.stringify({ ...good, workers: [{ pid: 1 }] }),
          /workers\[0\]\.workerId/,
        ],
        ["no JSON", "{not json", /not JSON/],
        ["a binary hello", Buffer.from([1, 2, 3]), /text hello/],
      ];
      for (const [what, hello, reason] of cases) {
        const peer = rawPeer(head.address, NODE_PROTOCOL, TOKEN);
        await peer.opened;
        await waitFor(() => peer.received.length > 0, "the head's welcome");
        assert.match(String(peer.received[0]), /"kind":"welcome"/);
        peer.socket.send(hello);
        const closed = await closedWithin(peer, 5000, `a node hello with ${what}`);
        t.diagnostic(`node hello with ${what}: ${JSON.stringify(closed)}`);
        assert.equal(closed.code, 1002, what);
        assert.match(closed.reason, reason, what);
        await served();
      }
      const nodes = await state.listNodes();
      assert.deepEqual(
        nodes.filter((node) => node.nodeId === good.nodeId),
        [],
        "a refused node is listed",
      );
    },
  );

  test(
    "a joined node's malformed messages close its link (1002) naming the field, and change nothing",
    { timeout: 60_000 },
    async (t: TestContext) => {
      await assert.rejects(rawPeer(head.address, NODE_PROTOCOL).opened, /connection refused/);
      // Above the inline limit (100 KiB), so the head's object store holds it and lists it.
      const ref = put(Buffer.alloc(200 * 1024, 1));
      const object = () =>
        until(`object ${ref.id} listed`, async () =>
          (await state.listObjects()).find((o) => o.objectId === ref.id),
        );
      const before = await object();
      const exit = { workerId: "w1", pid: 4243, code: 0, signal: null, expected: false };
      const cases: [string, Record<string, unknown>, RegExp][] = [
        [
          "a stored size 'abc' for the head's object",
          { kind: "stored", objectId: ref.id, size: "abc" },
          /^sent a bad message: stored\.size must be a whole number ≥ 0, got 'abc'$/,
        ],
        [
          "a stored object id 42",
          { kind: "stored", objectId: 42, size: 1 },
          /^sent a bad message: stored\.objectId must be an object id \(40 lowercase hex characters\), got 42$/,
        ],
        [
          "an exit without its exit",
          { kind: "exit" },
          /^sent a bad message: exit\.exit must be an object, got undefined$/,
        ],
        [
          "an exit with expected 'yes'",
          { kind: "exit", exit: { ...exit, expected: "yes" } },
          /^sent a bad message: exit\.exit\.expected must be true or false, got 'yes'$/,
        ],
        [
          "an exit with signal 'SIGNOPE'",
          { kind: "exit", exit: { ...exit, signal: "SIGNOPE" } },
          /^sent a bad message: exit\.exit\.signal must be a signal name .*, got 'SIGNOPE'$/,
        ],
        [
          "a reply numbered 'x'",
          { kind: "reply", no: "x" },
          /^sent a bad message: reply\.no must be a whole number ≥ 1, got 'x'$/,
        ],
        [
          "a reply with a worker id 7",
          { kind: "reply", no: 1, worker: { workerId: 7, pid: 4243 } },
          /^sent a bad message: reply\.worker\.workerId must be a non-empty string .*, got 7$/,
        ],
        [
          "a message of an unknown kind",
          { kind: "takeover" },
          /^sent a bad message: kind 'takeover' is not one a joined node sends \(exit, stored, reply\)$/,
        ],
        [
          "a second hello",
          nodeHello("node-bad-message-again"),
          /^sent a bad message: kind 'hello' is not one a joined node sends \(exit, stored, reply\)$/,
        ],
      ];
      for (const [i, [what, message, reason]] of cases.entries()) {
        const nodeId = `node-bad-message-${i}`;
        const peer = rawPeer(head.address, NODE_PROTOCOL, TOKEN);
        await peer.opened;
        await waitFor(() => peer.received.length > 0, "the head's welcome");
        peer.socket.send(JSON.stringify(nodeHello(nodeId)));
        await nodeListed(nodeId, "alive");
        peer.socket.send(JSON.stringify(message));
        const closed = await closedWithin(peer, 5000, `a node's link after ${what}`);
        t.diagnostic(`joined node sent ${what}: ${JSON.stringify(closed)}`);
        assert.equal(closed.code, 1002, what);
        assert.match(closed.reason, reason, what);
        await nodeListed(nodeId, "dead");
        await served();
      }
      const after = await object();
      assert.deepEqual(
        after.locations,
        before.locations,
        "a refused stored message moved the object",
      );
      assert.deepEqual(
        (await state.listNodes()).filter((n) => n.nodeId === "node-bad-message-again"),
        [],
      );
      assert.equal(head.process.exitCode, null);
    },
  );

  test(
    "a request before hello gets a generic failure without a stack and is closed (1008)",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const peer = rawPeer(head.address, DRIVER_PROTOCOL, TOKEN);
      await peer.opened;
      peer.socket.send(framed(serviceCall(7, "listNodes", [])));
      const closed = await closedWithin(peer, 5000, "a request before hello");
      const [failure] = framesOf(peer);
      t.diagnostic(`request before hello: ${JSON.stringify(failure)}; ${JSON.stringify(closed)}`);
      assert.equal(failure?.kind, "failure");
      assert.equal(failure.kind === "failure" && failure.requestId, 7);
      const error = failure.kind === "failure" ? failure.error : undefined;
      assert.equal(error?.stack, "");
      assert.equal(error?.code, "RAYX_INVALID_ARGUMENT");
      assert.match(error?.message ?? "", /^say hello first/);
      assert.doesNotMatch(JSON.stringify(error), /\/work|node_modules|\.ts:\d/);
      assert.equal(closed.code, 1008);
      assert.match(closed.reason, /^say hello first/);
      await served();
    },
  );

  test(
    "a bad driver hello is refused naming the field, without a stack (1002)",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const peer = rawPeer(head.address, DRIVER_PROTOCOL, TOKEN);
      await peer.opened;
      peer.socket.send(framed(serviceCall(1, "hello", [{ ...driverHello(), pid: "abc" }])));
      const closed = await closedWithin(peer, 5000, "a bad driver hello");
      const [failure] = framesOf(peer);
      t.diagnostic(`bad driver hello: ${JSON.stringify(failure)}; ${JSON.stringify(closed)}`);
      const error = failure?.kind === "failure" ? failure.error : undefined;
      assert.match(error?.message ?? "", /^driver hello: pid must be a process id .*, got 'abc'$/);
      assert.equal(error?.stack, "");
      assert.equal(closed.code, 1002);
      await served();
    },
  );

  test(
    "requests with arguments of the wrong shape fail naming the argument, and change nothing",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const { peer } = await helloDriver();
      t.after(() => peer.socket.close());
      const bad: [string, unknown[], RegExp][] = [
        [
          "put",
          [undefined, { id: 1 }],
          /^put: argument 2 \(object id\) must be a non-empty string of at most 256 characters, got \{ id: 1 \}$/,
        ],
        [
          "callActor",
          [5, "read", "x", []],
          /^callActor: argument 1 \(actor id\) must be a non-empty string of at most 256 characters, got 5$/,
        ],
        [
          "wait",
          [["a", 7], 1],
          /^wait: argument 1 \(object ids\)\[1\] must be a non-empty string of at most 256 characters, got 7$/,
        ],
        ["spawn", [null], /^spawn: argument 1 \(spawn request\) must be an object, got null$/],
        ["get", ["a", "b"], /^get: takes at most 1 argument\(s\), got 2$/],
        // Fields inside a request are checked too, before anything is spawned or run.
        [
          "spawn",
          [{ className: "Counter" }],
          /^spawn: argument 1 \(spawn request\)\.actorClass must be an object, got undefined$/,
        ],
        [
          "submitTask",
          [
            "r-1",
            {
              function: { module: "file:///a.js", exportName: "f" },
              name: "f",
              args: [],
              retries: -1,
            },
          ],
          /^submitTask: argument 2 \(task request\)\.retries must be /,
        ],
        [
          "supervise",
          [{ strategy: "one_for_everyone" }],
          /^supervise: argument 1 \(supervisor request\)\.strategy must be one of 'one_for_one', 'one_for_all', 'rest_for_one', got 'one_for_everyone'$/,
        ],
      ];
      bad.forEach(([op, args], i) => peer.socket.send(framed(serviceCall(10 + i, op, args))));
      await waitFor(() => framesOf(peer).length > bad.length, "the head's answers", 10_000);
      const answers = framesOf(peer).slice(1);
      const errors = bad.map(([op], i) => {
        const answer = answers.find((frame) => "requestId" in frame && frame.requestId === 10 + i);
        const error = answer?.kind === "failure" ? answer.error : undefined;
        t.diagnostic(`${op}: ${error?.message}`);
        return error;
      });
      bad.forEach(([op, , message], i) => {
        assert.equal(errors[i]?.code, "RAYX_INVALID_ARGUMENT", op);
        assert.match(errors[i]?.message ?? "", message);
      });
      assert.equal(peer.socket.readyState, WebSocket.OPEN);
      await served();
    },
  );

  test(
    "a malformed frame closes its connection with 1002 and a reason",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const peer = rawPeer(head.address, DRIVER_PROTOCOL, TOKEN);
      await peer.opened;
      peer.socket.send(Buffer.from([0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff]));
      const closed = await closedWithin(peer, 5000, "a malformed frame");
      t.diagnostic(`malformed frame: ${JSON.stringify(closed)}`);
      assert.equal(closed.code, 1002);
      assert.match(closed.reason, /^malformed frame from driver at 127\.0\.0\.1:\d+/);
      await served();
    },
  );

  test(
    "the head's RSS and fds stay bounded over the whole suite",
    { timeout: 40_000 },
    async (t: TestContext) => {
      const back = await fdsBackTo(head.pid, startFds + FD_SLACK, 10_000);
      const rss = rssMiB(head.pid);
      t.diagnostic(`whole suite: RSS ${startRss} -> ${rss} MiB, fds ${startFds} -> ${back.fds}`);
      assert.ok(rss - startRss < RSS_SLACK_MIB, `RSS grew ${rss - startRss} MiB over the suite`);
      await served();
    },
  );
});
