/**
 * The child of the "rayx channel" subject: connects to the driver's transport at
 * argv[2] and answers every call frame with a result frame carrying the call's args —
 * rayx's framing, protobuf codec and per-turn batching, without running a task.
 */
import { Transport, frameCodec } from "@rayx/core/transport";

const channel = await Transport.connect(process.argv[2]!, frameCodec);
channel.onFrame((frame) => {
  if (frame.kind !== "call") return;
  const value = { kind: "bytes", bytes: frame.args } as const;
  channel.send({ kind: "result", requestId: frame.requestId, value });
});
channel.onClose(() => process.exit(0));
process.on("disconnect", () => process.exit(0));
