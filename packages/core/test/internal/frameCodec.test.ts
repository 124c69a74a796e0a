import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedFrameError } from "../../src/errors.js";
import type { ErrorInfo, Frame } from "../../src/internal/Frame.js";
import { PROTOCOL_VERSION } from "../../src/internal/Frame.js";
import { decodeFrame, encodeFrame } from "../../src/internal/frameCodec.js";

const module = "file:///srv/app/tasks.ts";
const error: ErrorInfo = {
  name: "TypeError",
  code: "",
  message: "x is not a function",
  stack: "TypeError: x is not a function\n    at f (/srv/app/tasks.ts:3:9)",
  cause: { name: "RecordVersionError", code: "GCS_RECORD_VERSION", message: "v9", stack: "" },
};

const frames: Record<Frame["kind"], Frame> = {
  hello: { kind: "hello", workerId: "w3", pid: 4242, protocol: PROTOCOL_VERSION },
  call: {
    kind: "call",
    requestId: 4_000_000_000,
    target: { kind: "function", function: { module, exportName: "square" } },
    method: "",
    args: Buffer.from([1, 2, 3, 255]),
    argRefs: ["obj-1", "obj-2"],
  },
  result: { kind: "result", requestId: 7, value: { kind: "bytes", bytes: Buffer.from("42") } },
  failure: { kind: "failure", requestId: 8, error },
  cancel: { kind: "cancel", requestId: 9, force: true },
  spawnActor: {
    kind: "spawnActor",
    requestId: 10,
    actorId: "a-1",
    actorClass: { module, exportName: "Counter" },
    args: Buffer.from([0]),
    argRefs: [],
    name: "counter",
  },
  exit: { kind: "exit", subjectId: "a-1", subjectKind: "actor", reason: "crash", error },
  stop: { kind: "stop", reason: "shutdown" },
  batch: {
    kind: "batch",
    frames: [
      { kind: "cancel", requestId: 1, force: false },
      { kind: "result", requestId: 2, value: { kind: "objectRef", objectId: "obj-9" } },
    ],
  },
  blocked: { kind: "blocked", blocked: true },
};

describe("frameCodec", () => {
  for (const [kind, frame] of Object.entries(frames)) {
    test(`round-trips a ${kind} frame with every field intact`, () => {
      assert.deepEqual(decodeFrame(encodeFrame(frame)), frame);
    });
  }

  test("round-trips a call to an actor method and optional fields left out", () => {
    const call: Frame = {
      kind: "call",
      requestId: 1,
      target: { kind: "actor", actorId: "a-7" },
      method: "increment",
      args: Buffer.alloc(0),
      argRefs: [],
    };
    assert.deepEqual(decodeFrame(encodeFrame(call)), call);
    const unnamed: Frame = {
      kind: "spawnActor",
      requestId: 2,
      actorId: "a-8",
      actorClass: { module, exportName: "Counter" },
      args: Buffer.from([1]),
      argRefs: [],
    };
    assert.deepEqual(decodeFrame(encodeFrame(unnamed)), unnamed);
    const exit: Frame = { kind: "exit", subjectId: "w1", subjectKind: "worker", reason: "killed" };
    assert.deepEqual(decodeFrame(encodeFrame(exit)), exit);
    const unblocked: Frame = { kind: "blocked", blocked: false };
    assert.deepEqual(decodeFrame(encodeFrame(unblocked)), unblocked);
  });

  test("rejects bytes that are not a frame with MalformedFrameError naming the peer", () => {
    assert.throws(
      () => decodeFrame(Buffer.from([0x0a, 0xff, 0xff, 0xff]), "worker w1"),
      (e: unknown) =>
        e instanceof MalformedFrameError &&
        e.code === "CORE_MALFORMED_FRAME" &&
        e.message.startsWith("malformed frame from worker w1: "),
    );
  });

  test("rejects an empty frame as having no known body", () => {
    assert.throws(() => decodeFrame(Buffer.alloc(0), "peer"), {
      name: "MalformedFrameError",
      message:
        "malformed frame from peer: a frame with no known body (a newer protocol?); " +
        "the connection was closed (is the peer a rayx process of the same version?)",
    });
  });

  test("rejects an exit frame with an unknown reason", () => {
    const bad = encodeFrame({ ...frames.exit, reason: "exploded" } as unknown as Frame);
    assert.throws(() => decodeFrame(bad), /malformed frame from peer: exit reason 'exploded'/);
  });
});
