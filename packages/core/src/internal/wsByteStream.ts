/**
 * A ws connection as the byte duplex a `FrameChannel` runs on. A write becomes ws
 * messages of at most `WS_CHUNK_BYTES` (a turn's batch of frames can be far larger
 * than the peer's `maxPayload`, and the length-prefixed frames do not care where a
 * message ends); every message received is pushed as it comes. The stream is
 * destroyed when the connection closes, so the channel sees the close whichever end
 * went away. Destroyed with an error, it closes the ws with the code that names it
 * (1009 for an oversized frame, 1002 for a malformed one, 1008 for a stalled one) and
 * the error's message.
 */
import { Duplex } from "node:stream";
import { closeWebSocket, WS_CLOSE } from "@rayx/gcs";
import type { WebSocket } from "ws";
import { FrameStalledError, FrameTooLargeError, MalformedFrameError } from "../errors.js";

/** Largest ws message a byte stream sends, in bytes. */
export const WS_CHUNK_BYTES = 1024 * 1024;

export function wsByteStream(socket: WebSocket): Duplex {
  const stream = new Duplex({
    read: () => undefined,
    write(chunk: Buffer, _encoding, done) {
      if (socket.readyState !== socket.OPEN) {
        done(new Error(`the ws connection is not open (readyState ${socket.readyState})`));
        return;
      }
      for (let at = 0; at < chunk.length; at += WS_CHUNK_BYTES) {
        socket.send(chunk.subarray(at, at + WS_CHUNK_BYTES), { binary: true });
      }
      done();
    },
    final(done) {
      socket.close(1000);
      done();
    },
    destroy(error, done) {
      const code = closeCodeOf(error);
      if (code !== undefined) closeWebSocket(socket, code, error!.message);
      else if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) {
        socket.terminate();
      }
      done(error);
    },
  });
  socket.on("message", (data: Buffer) => stream.push(data));
  socket.on("error", (error) => stream.destroy(error));
  socket.once("close", () => stream.destroy());
  return stream;
}

/** The close code a bad frame gets; undefined: drop the connection without one. */
function closeCodeOf(error: Error | null): number | undefined {
  if (error instanceof FrameTooLargeError) return WS_CLOSE.messageTooBig;
  if (error instanceof MalformedFrameError) return WS_CLOSE.protocolError;
  if (error instanceof FrameStalledError) return WS_CLOSE.policyViolation;
  return undefined;
}
