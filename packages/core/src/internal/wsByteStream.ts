/**
 * A ws connection as the byte duplex a `FrameChannel` runs on. ws's own stream only
 * ends its readable side when the connection closes; this one is destroyed then, so
 * the channel sees the close (and fails what waits on it) whichever end went away.
 */
import type { Duplex } from "node:stream";
import { createWebSocketStream, type WebSocket } from "ws";

export function wsByteStream(socket: WebSocket): Duplex {
  const stream = createWebSocketStream(socket);
  socket.once("close", () => stream.destroy());
  return stream;
}
