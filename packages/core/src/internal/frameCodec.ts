/**
 * The one place that converts between the wire messages of `proto/rayx/v1/core.proto`
 * (loaded by reflection from the generated descriptor) and the domain `Frame`s.
 * Frames sit on the hot path of every call, so the conversion is written out by hand
 * rather than going through `toObject`. Bytes it cannot read become a
 * `MalformedFrameError` naming the peer; it never throws anything else on decode.
 */
import protobuf from "protobufjs";
import { MalformedFrameError } from "../errors.js";
import { descriptor } from "../gen/descriptor.js";
import type { rayx } from "../gen/types.js";
import type {
  CallTarget,
  ErrorInfo,
  ExitReason,
  ExitSubject,
  ExportRef,
  Frame,
  Redelivery,
  ResultValue,
} from "./Frame.js";

type Wire = rayx.core.v1.Frame.$Properties;
type WireError = rayx.core.v1.ErrorInfo.$Properties;
type WireExport = rayx.core.v1.ExportRef.$Properties;

const FrameType = protobuf.Root.fromJSON(descriptor).lookupType("rayx.core.v1.Frame");
const EMPTY = Buffer.alloc(0);
const exitSubjects: readonly ExitSubject[] = ["actor", "task", "worker"];
const exitReasons: readonly ExitReason[] = ["normal", "crash", "killed", "shutdown"];
/** `Delivery` enum values of core.proto (0, the first delivery, is left unset). */
const DELIVERY_TO_WIRE: Readonly<Record<Redelivery, number>> = { retry: 1, probe: 2 };

function deliveryFromWire(value: number, peer: string): Redelivery {
  if (value === 1) return "retry";
  if (value === 2) return "probe";
  throw new MalformedFrameError(
    peer,
    `a call with an unknown delivery ${value} (a newer protocol?)`,
  );
}

/** A frame's wire bytes (without the transport's length prefix). */
export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(toWire(frame)).finish();
}

/** The frame in `bytes`; `peer` names the sender in the error if they are not a frame. */
export function decodeFrame(bytes: Uint8Array, peer = "peer"): Frame {
  let wire: Wire;
  try {
    wire = FrameType.decode(bytes);
  } catch (error) {
    throw new MalformedFrameError(peer, (error as Error).message, { cause: error });
  }
  return fromWire(wire, peer);
}

function toWire(frame: Frame): Wire {
  switch (frame.kind) {
    case "hello":
      return { hello: { workerId: frame.workerId, pid: frame.pid, protocol: frame.protocol } };
    case "call":
      return {
        call: {
          requestId: frame.requestId,
          ...(frame.target.kind === "actor"
            ? { actorId: frame.target.actorId }
            : { function: exportToWire(frame.target.function) }),
          method: frame.method,
          args: frame.args,
          argRefs: frame.argRefs as string[],
          ...(frame.lease === undefined ? {} : { lease: frame.lease }),
          ...(frame.spanId === undefined ? {} : { spanId: frame.spanId }),
          ...(frame.subjectId === undefined ? {} : { subjectId: frame.subjectId }),
          ...(frame.callId === undefined ? {} : { callId: frame.callId }),
          ...(frame.delivery === undefined ? {} : { delivery: DELIVERY_TO_WIRE[frame.delivery] }),
        },
      };
    case "result":
      return {
        result: {
          requestId: frame.requestId,
          ...(frame.value.kind === "bytes"
            ? { bytes: frame.value.bytes }
            : { objectRef: frame.value.objectId }),
        },
      };
    case "failure":
      return { failure: { requestId: frame.requestId, error: errorToWire(frame.error) } };
    case "cancel":
      return { cancel: { requestId: frame.requestId, force: frame.force } };
    case "spawnActor":
      return {
        spawnActor: {
          requestId: frame.requestId,
          actorId: frame.actorId,
          class: exportToWire(frame.actorClass),
          args: frame.args,
          argRefs: frame.argRefs as string[],
          name: frame.name ?? "",
        },
      };
    case "exit":
      return {
        exit: {
          subjectId: frame.subjectId,
          subjectKind: frame.subjectKind,
          reason: frame.reason,
          error: frame.error === undefined ? null : errorToWire(frame.error),
        },
      };
    case "stop":
      return { stop: { reason: frame.reason } };
    case "batch":
      return { batch: { frames: frame.frames.map(toWire) } };
    case "blocked":
      return { blocked: { blocked: frame.blocked } };
  }
}

function exportToWire(ref: ExportRef): WireExport {
  return { module: ref.module, exportName: ref.exportName };
}

function errorToWire(info: ErrorInfo): WireError {
  return {
    name: info.name,
    code: info.code,
    message: info.message,
    stack: info.stack,
    cause: info.cause === undefined ? null : errorToWire(info.cause),
  };
}

/** Reads the field set in a wire message's oneof (reflection adds a getter per oneof). */
function oneofCase(message: object, oneof: string): string | undefined {
  return (message as Record<string, string | undefined>)[oneof];
}

function fromWire(wire: Wire, peer: string): Frame {
  switch (oneofCase(wire, "body")) {
    case "hello": {
      const m = wire.hello!;
      return { kind: "hello", workerId: m.workerId!, pid: m.pid!, protocol: m.protocol! };
    }
    case "call": {
      const m = wire.call!;
      return {
        kind: "call",
        requestId: m.requestId!,
        target: targetFromWire(m, peer),
        method: m.method!,
        args: bytesOf(m.args),
        argRefs: m.argRefs ?? [],
        ...(m.lease ? { lease: m.lease } : {}),
        ...(m.spanId ? { spanId: m.spanId } : {}),
        ...(m.subjectId ? { subjectId: m.subjectId } : {}),
        ...(m.callId ? { callId: m.callId } : {}),
        ...(m.delivery ? { delivery: deliveryFromWire(m.delivery, peer) } : {}),
      };
    }
    case "result": {
      const m = wire.result!;
      let value: ResultValue;
      switch (oneofCase(m, "value")) {
        case "bytes":
          value = { kind: "bytes", bytes: bytesOf(m.bytes) };
          break;
        case "objectRef":
          value = { kind: "objectRef", objectId: m.objectRef! };
          break;
        default:
          throw new MalformedFrameError(peer, "a result with neither bytes nor an object ref");
      }
      return { kind: "result", requestId: m.requestId!, value };
    }
    case "failure": {
      const m = wire.failure!;
      if (!m.error) throw new MalformedFrameError(peer, "a failure without an error");
      return { kind: "failure", requestId: m.requestId!, error: errorFromWire(m.error) };
    }
    case "cancel": {
      const m = wire.cancel!;
      return { kind: "cancel", requestId: m.requestId!, force: m.force! };
    }
    case "spawnActor": {
      const m = wire.spawnActor!;
      if (!m.class) throw new MalformedFrameError(peer, "a spawn-actor frame without a class");
      return {
        kind: "spawnActor",
        requestId: m.requestId!,
        actorId: m.actorId!,
        actorClass: exportFromWire(m.class),
        args: bytesOf(m.args),
        argRefs: m.argRefs ?? [],
        ...(m.name ? { name: m.name } : {}),
      };
    }
    case "exit": {
      const m = wire.exit!;
      const subjectKind = m.subjectKind as ExitSubject;
      const reason = m.reason as ExitReason;
      if (!exitSubjects.includes(subjectKind))
        throw new MalformedFrameError(peer, `exit of a '${subjectKind}'`);
      if (!exitReasons.includes(reason))
        throw new MalformedFrameError(peer, `exit reason '${reason}'`);
      return {
        kind: "exit",
        subjectId: m.subjectId!,
        subjectKind,
        reason,
        ...(m.error ? { error: errorFromWire(m.error) } : {}),
      };
    }
    case "stop":
      return { kind: "stop", reason: wire.stop!.reason! };
    case "batch":
      return { kind: "batch", frames: (wire.batch!.frames ?? []).map((f) => fromWire(f, peer)) };
    case "blocked":
      return { kind: "blocked", blocked: wire.blocked!.blocked === true };
    default:
      throw new MalformedFrameError(peer, "a frame with no known body (a newer protocol?)");
  }
}

function targetFromWire(m: rayx.core.v1.Call.$Properties, peer: string): CallTarget {
  switch (oneofCase(m, "target")) {
    case "actorId":
      return { kind: "actor", actorId: m.actorId! };
    case "function":
      return { kind: "function", function: exportFromWire(m.function!) };
    default:
      throw new MalformedFrameError(peer, "a call with no target");
  }
}

/** Decoded bytes; an absent field reads as the prototype's default `[]`, not bytes. */
function bytesOf(bytes: Uint8Array | null | undefined): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : EMPTY;
}

function exportFromWire(m: WireExport): ExportRef {
  return { module: m.module!, exportName: m.exportName! };
}

function errorFromWire(m: WireError): ErrorInfo {
  return {
    name: m.name!,
    code: m.code!,
    message: m.message!,
    stack: m.stack!,
    ...(m.cause ? { cause: errorFromWire(m.cause) } : {}),
  };
}

/** The frame codec as a `FrameCodec`, for `FrameChannel` and `Transport`. */
export const frameCodec = { encode: encodeFrame, decode: decodeFrame };
