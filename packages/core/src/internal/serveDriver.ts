/**
 * The head's side of one driver connection (`rayx.driver.v1`): a frame channel over
 * the ws whose `rayx:node` service calls the node manager answers (`serveNodeCall`)
 * in the scope of the driver's own job, opened by its `hello`. Until then the peer
 * is a stranger: its frames may be 64 KiB at most, its first request must be a valid
 * hello (else it is closed, 1008 or 1002, with the reason), and its errors carry no
 * stack. After it, frames may be as large as the inline value limit; one left half-sent
 * for `stallTimeoutMs` closes the connection (1008). When the
 * connection ends — `shutdown()` in the driver, its death, or two ping intervals
 * without a pong — the job ends: its non-detached actors and `supervise()` trees stop.
 */
import { hostname } from "node:os";
import { closeWebSocket, WS_CLOSE } from "@rayx/gcs";
import type { WebSocket } from "ws";
import { InvalidArgumentError } from "../errors.js";
import { DEFAULT_DRIVER_PING_MS, DRIVER_PING_MS_ENV } from "./driverProtocol.js";
import type { DriverWelcome } from "./driverProtocol.js";
import { validateDriverHello } from "./drivers/validateDriverHello.js";
import { errorInfoOf } from "./errorInfo.js";
import type { CallFrame, Frame } from "./Frame.js";
import { FrameChannel } from "./FrameChannel.js";
import { frameCodec } from "./frameCodec.js";
import type { JobScope } from "./JobScope.js";
import type { NodeManager } from "./NodeManager.js";
import { msFromEnv } from "./nodeLink.js";
import { HELLO_MAX_FRAME_BYTES } from "./limits/connectionLimits.js";
import { strangerErrorInfo } from "./limits/strangerErrorInfo.js";
import { isNodeServiceOp, NODE_SERVICE_MODULE, type NodeServiceOp } from "./service/nodeService.js";
import { serveNodeCall } from "./service/serveNodeCall.js";
import { wsByteStream } from "./wsByteStream.js";
import { decodeValue, encodeValue } from "./wireCodec.js";

let nextJob = 1;

export interface DriverSessionOptions {
  /** Largest frame after the hello, in bytes (inline values of a driver on another host). */
  readonly maxInlineBytes: number;
  /** Ms a frame may stay half-received with nothing more coming (`RAYX_FRAME_STALL_MS`). */
  readonly stallTimeoutMs: number;
  /** Called once the hello is valid (the listener's `ConnectionGuard` stops its hello clock). */
  readonly admit?: () => void;
}

/** Serves one driver connected over `socket` until it goes; resolves once its job has ended. */
export function serveDriver(
  manager: NodeManager,
  socket: WebSocket,
  peer: string,
  options: DriverSessionOptions,
): Promise<void> {
  const channel = new FrameChannel(wsByteStream(socket), frameCodec, {
    peer: `driver at ${peer}`,
    maxFrameBytes: HELLO_MAX_FRAME_BYTES,
    stallTimeoutMs: options.stallTimeoutMs,
  });
  let job: Promise<JobScope> | undefined;
  let inlineStored = true;
  const reply = (frame: Frame) => {
    if (channel.closed) return;
    try {
      channel.send(frame);
    } catch (error) {
      // Too large a value for one frame: the driver's request fails, the head carries on.
      const requestId = "requestId" in frame ? frame.requestId : 0;
      channel.send({ kind: "failure", requestId, error: errorInfoOf(error) });
    }
  };
  watchPongs(socket, channel);

  const welcome = async (frame: CallFrame): Promise<DriverWelcome> => {
    if (job !== undefined) throw new InvalidArgumentError("this driver already said hello");
    const hello = validateDriverHello(decodeValue(frame.args));
    options.admit?.();
    channel.maxFrameBytes = options.maxInlineBytes;
    const shareStore = hello.shareStore && hello.hostname === hostname();
    inlineStored = !shareStore;
    const jobId = `job-${Date.now().toString(36)}-${hello.pid}-${nextJob++}`;
    job = manager.openJob(
      { jobId, namespace: hello.namespace, driverPid: hello.pid, entrypoint: hello.entrypoint },
      hello.job,
    );
    await job;
    return {
      nodeId: manager.nodeId,
      jobId,
      hostname: hostname(),
      sessionDir: manager.sessionDir,
      shareStore,
      maxFrameBytes: options.maxInlineBytes,
    };
  };

  const answer = async (frame: CallFrame, op: NodeServiceOp): Promise<Frame> => {
    try {
      if (op === "hello") {
        const value = { kind: "bytes" as const, bytes: encodeValue(await welcome(frame)) };
        return { kind: "result", requestId: frame.requestId, value };
      }
      if (job === undefined) {
        throw new InvalidArgumentError(`a driver says hello before '${op}'`);
      }
      const scope = await job;
      if (op === "endJob") {
        await scope.end("succeeded");
        return { kind: "result", requestId: frame.requestId, value: undefinedValue() };
      }
      return await serveNodeCall(manager, frame, op, {
        job: scope,
        inlineStored,
        holder: scope.jobId,
      });
    } catch (error) {
      const info = job === undefined ? strangerErrorInfo(error, peer) : errorInfoOf(error);
      return { kind: "failure", requestId: frame.requestId, error: info };
    }
  };

  /** Answers `frame` with the failure `why`, then closes with `code` and `why` as the reason. */
  const refuse = (requestId: number, code: number, why: string, error: Error) => {
    reply({ kind: "failure", requestId, error: strangerErrorInfo(error, peer) });
    // After the failure frame has gone (frames leave at the end of the turn).
    setImmediate(() => closeWebSocket(socket, code, why));
  };

  channel.onFrame((frame) => {
    const requestId = "requestId" in frame ? frame.requestId : 0;
    const op =
      frame.kind === "call" &&
      frame.target.kind === "function" &&
      frame.target.function.module === NODE_SERVICE_MODULE
        ? frame.target.function.exportName
        : undefined;
    if (job === undefined && op !== "hello") {
      const why =
        "say hello first: a driver's first request is 'hello' (init({ address }) sends it)";
      return refuse(requestId, WS_CLOSE.policyViolation, why, new InvalidArgumentError(why));
    }
    if (op === undefined || !isNodeServiceOp(op)) {
      const why = `unknown request ${op === undefined ? `(a '${frame.kind}' frame)` : `'${op}'`}: a driver sends rayx:node calls`;
      return refuse(requestId, WS_CLOSE.protocolError, why, new InvalidArgumentError(why));
    }
    void answer(frame as CallFrame, op).then((answered) => {
      reply(answered);
      // A refused hello changed nothing; the connection has no further use.
      if (op === "hello" && answered.kind === "failure" && job === undefined) {
        setImmediate(() => closeWebSocket(socket, WS_CLOSE.protocolError, answered.error.message));
      }
    });
  });
  return new Promise<void>((resolve) => {
    channel.onClose(() => {
      if (job === undefined) resolve();
      else {
        // The driver's refs go with it.
        void job
          .then((scope) => {
            manager.objects.refs.processGone(scope.jobId);
            return scope.end("failed");
          })
          .then(resolve, resolve);
      }
    });
  });
}

/**
 * Ends a connection whose driver stopped answering pings (its host died, or the
 * network split): a socket closed by the OS is seen at once, a silent one only so.
 */
function watchPongs(socket: WebSocket, channel: FrameChannel<Frame>): void {
  let answered = true;
  socket.on("pong", () => (answered = true));
  const timer = setInterval(
    () => {
      if (!answered) {
        channel.destroy(new Error("the driver stopped answering pings"));
        socket.terminate();
        return;
      }
      answered = false;
      socket.ping();
    },
    msFromEnv(DRIVER_PING_MS_ENV, DEFAULT_DRIVER_PING_MS),
  );
  timer.unref();
  channel.onClose(() => clearInterval(timer));
}

function undefinedValue(): { kind: "bytes"; bytes: Uint8Array } {
  return { kind: "bytes", bytes: encodeValue(undefined) };
}
