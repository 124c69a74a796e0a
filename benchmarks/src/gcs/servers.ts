/**
 * A child of the gcs suite for the ws rows: serves a GCS (on a fresh env in argv[2],
 * with one actor record to read) and a raw ws echo server, both on loopback in this
 * one process, so the client in the parent crosses the same process boundary to
 * either. Prints nothing; sends { gcsUrl, echoUrl } and stops on "stop".
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { Gcs, openLmdbStore, startGcsServer } from "@rayx/gcs";
import { benchActor } from "./workloads.js";

const gcs = new Gcs(openLmdbStore({ dir: process.argv[2]! }));
await gcs.putActor(benchActor("bench-actor"));
const server = await startGcsServer({ gcs });
const echo = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
await once(echo, "listening");
echo.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
});

process.on("message", (message) => {
  if (message !== "stop") return;
  void (async () => {
    await server.close();
    await new Promise((resolve) => echo.close(resolve));
    await gcs.close();
    process.disconnect();
  })();
});
process.send!({
  gcsUrl: server.url,
  echoUrl: `ws://127.0.0.1:${(echo.address() as AddressInfo).port}`,
});
