/**
 * The entry point of a worker process forked by `WorkerPool`: connects back to the
 * node manager's transport, says hello and serves frames. A worker never outlives its
 * parent: it exits when the IPC channel to the parent closes (which the OS does when
 * the parent dies, even by SIGKILL) or when its transport connection closes, and its
 * `parentWatchdog` thread kills it when the parent dies while its main thread is busy.
 */
import { frameCodec } from "./frameCodec.js";
import { watchParent } from "./parentWatchdog.js";
import { Transport } from "./Transport.js";
import { WorkerHost } from "./WorkerHost.js";
import {
  MAX_FRAME_BYTES_ENV,
  NAMESPACE_ENV,
  SESSION_DIR_ENV,
  TRANSPORT_PATH_ENV,
  WORKER_ID_ENV,
} from "./workerEnv.js";
import { openWorkerStores } from "./openWorkerStores.js";
import { flushTraces } from "./tracing/CallTracer.js";
import { captureSubjectOutput } from "./tracing/subjectLogs.js";
import { join } from "node:path";

const workerId = process.env[WORKER_ID_ENV];
const transportPath = process.env[TRANSPORT_PATH_ENV];
if (workerId === undefined || transportPath === undefined || !process.connected) {
  console.error("rayx workerMain is started by WorkerPool (with an IPC channel), not by hand");
  process.exit(2);
}
process.on("disconnect", () => process.exit(0));
watchParent();

try {
  const maxFrameBytes = Number(process.env[MAX_FRAME_BYTES_ENV]) || undefined;
  const channel = await Transport.connect(transportPath, frameCodec, {
    peer: "node manager",
    ...(maxFrameBytes === undefined ? {} : { maxFrameBytes }),
  });
  channel.onClose(() => process.exit(0));
  const sessionDir = process.env[SESSION_DIR_ENV];
  if (sessionDir !== undefined) captureSubjectOutput(join(sessionDir, "logs"));
  const services =
    sessionDir === undefined
      ? undefined
      : {
          ...(await openWorkerStores(sessionDir)),
          namespace: process.env[NAMESPACE_ENV] ?? "default",
        };
  new WorkerHost(
    channel,
    workerId,
    () => {
      void flushTraces()
        .then(() => channel.close())
        .finally(() => process.exit(0));
    },
    services,
  ).start();
} catch (error) {
  console.error(
    `rayx worker ${workerId} cannot reach its node manager at ${transportPath}:`,
    error,
  );
  process.exit(1);
}
