/**
 * The raw ws peers of the cluster suite, in a child process on loopback: with no
 * argument an echo server (binary messages come back as they are; a text message
 * `send <bytes> <chunk>` is answered with that many bytes in binary chunks, then the
 * text `end`), with `relay <url>` a server that forwards each message to the server
 * at `url` and its replies back, in order — two ws hops, as a call through the head
 * to a joined node takes. Sends `{ url }` over IPC once listening; stops on "stop".
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";

const [mode, upstream] = process.argv.slice(2);
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
await once(server, "listening");

server.on("connection", (socket) => {
  if (mode === "relay") {
    const next = new WebSocket(upstream ?? "", { perMessageDeflate: false });
    const queued: Buffer[] = [];
    next.on("open", () => queued.splice(0).forEach((data) => next.send(data)));
    next.on("message", (data) => socket.send(data as Buffer));
    socket.on("message", (data) => {
      if (next.readyState === WebSocket.OPEN) next.send(data as Buffer);
      else queued.push(data as Buffer);
    });
    socket.on("close", () => next.close());
    return;
  }
  socket.on("message", (data, isBinary) => {
    if (isBinary) {
      socket.send(data as Buffer, { binary: true });
      return;
    }
    const [, bytes, chunk] = (data as Buffer).toString().split(" ").map(Number);
    const piece = Buffer.alloc(chunk ?? 1, 7);
    for (let sent = 0; sent < (bytes ?? 0); sent += piece.length) socket.send(piece);
    socket.send("end");
  });
});

process.on("message", (message) => {
  if (message === "stop") server.close(() => process.disconnect());
});
process.send?.({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` });
