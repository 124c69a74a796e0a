/**
 * `init({ address })`: joins a head node as a driver. A ws connection
 * (`rayx.driver.v1`) carries the same frames as a worker's channel, and the driver's
 * `ClusterClient` is the worker's `WorkerClient` on it. On the head's host the driver
 * opens the head's object store itself, so object bytes never cross the ws; on
 * another host they travel inline. A head that goes away and comes back is joined
 * again (`HeadLink`). `shutdown()` ends the driver's job (its non-detached actors
 * stop) and closes the connection.
 */
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import type { ObjectStore } from "@rayx/objectstore";
import { WebSocket } from "ws";
import { ClusterConnectionError, InvalidArgumentError } from "../errors.js";
import type { InitOptions, Runtime } from "../init.js";
import { setClusterClient } from "./clusterClient.js";
import { setRefTracker } from "./refTracker.js";
import { DRIVER_MAX_FRAME_BYTES, DRIVER_PROTOCOL, OBJECTS_OVER_WS_ENV } from "./driverProtocol.js";
import type { DriverHello } from "./driverProtocol.js";
import type { Frame } from "./Frame.js";
import { FrameChannel } from "./FrameChannel.js";
import { frameCodec } from "./frameCodec.js";
import { HeadLink } from "./nodes/HeadLink.js";
import { openNodeObjectStore } from "./openNodeStores.js";
import { WorkerClient } from "./WorkerClient.js";
import { wsByteStream } from "./wsByteStream.js";

/** The head's address when `init()` is given none. */
export const ADDRESS_ENV = "RAYX_ADDRESS";
/** The cluster's token when `init()` is given none. */
export const TOKEN_ENV = "RAYX_TOKEN";

const CONNECT_TIMEOUT_MS = 10_000;

/** Joins the head at `address`; with `job: false` as a tool that records no job of its own (`DriverHello.job`). */
export async function connectDriver(
  address: string,
  options: InitOptions,
  job = true,
): Promise<Runtime> {
  if (!/^wss?:\/\/[^/]+/.test(address)) {
    throw new InvalidArgumentError(
      `init: address '${address}' is not a ws:// URL of a head node (e.g. ws://127.0.0.1:6380, ` +
        "what `rayx start --head` printed)",
    );
  }
  const token = options.token ?? process.env[TOKEN_ENV];
  const namespace = options.namespace ?? "default";
  const hello: DriverHello = {
    pid: process.pid,
    entrypoint: process.argv[1] ?? "",
    namespace,
    hostname: hostname(),
    shareStore: process.env[OBJECTS_OVER_WS_ENV] !== "1",
    job,
  };
  let store: ObjectStore | undefined;
  const link = new HeadLink({
    address,
    hello,
    dial: async () =>
      new FrameChannel<Frame>(wsByteStream(await open(address, token)), frameCodec, {
        peer: `the head at ${address}`,
        maxFrameBytes: DRIVER_MAX_FRAME_BYTES,
      }),
    // A head that is back has a store of its own: the old one's pages are gone.
    welcomed: (welcome) => {
      // The head shares its store with a driver of the same hostname; a cloned machine
      // has it but not the head's files, and would read an empty store of its own.
      if (welcome.shareStore && !existsSync(welcome.sessionDir)) {
        throw new ClusterConnectionError(
          address,
          `this host is named '${hostname()}' as the head's host is, but it does not see the ` +
            `head's session dir ${welcome.sessionDir}: give the hosts distinct hostnames, or set ` +
            `${OBJECTS_OVER_WS_ENV}=1 in this driver to have objects sent over ws`,
        );
      }
      void store?.close();
      store = welcome.shareStore ? openNodeObjectStore(welcome.sessionDir) : undefined;
      client.replaceStore(store);
    },
  });
  const client = new WorkerClient(link, undefined, namespace);
  // The client stays installed: later calls fail naming the head, not "call init() first".
  const welcome = await link.open(client).catch(async (error: unknown) => {
    await store?.close();
    throw error;
  });
  setClusterClient(client);
  setRefTracker(client.refs);
  return {
    namespace,
    sessionDir: welcome.sessionDir,
    nodeId: welcome.nodeId,
    jobId: welcome.jobId,
    workerPids: () => [],
    shutdown: async () => {
      setClusterClient(undefined);
      setRefTracker(undefined);
      // A head that is away has no job of this driver's to end.
      if (link.ready) await client.call("endJob", []).catch(() => undefined);
      await link.close();
      await store?.close();
    },
  };
}

/** Opens the ws, or fails with an error naming the address and what to do. */
function open(address: string, token: string | undefined): Promise<WebSocket> {
  const socket = new WebSocket(address, DRIVER_PROTOCOL, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    perMessageDeflate: false,
    handshakeTimeout: CONNECT_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.terminate();
      reject(new ClusterConnectionError(address, reason));
    };
    socket.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        const why = body.trim() || res.statusMessage || "";
        fail(
          res.statusCode === 401
            ? `it refused the token (401: ${why})`
            : `it refused the connection (${res.statusCode}: ${why})`,
        );
      });
    });
    socket.once("error", (error) =>
      fail(
        `${error.message}; is a head running there? Start one with \`rayx start --head\`, ` +
          `or give the address it printed (init({ address }) or ${ADDRESS_ENV})`,
      ),
    );
    socket.once("open", () => {
      socket.removeAllListeners();
      resolve(socket);
    });
  });
}
