/**
 * The three subjects of the transport suite, each a driver ↔ child-process echo with
 * one `request(payload)` that resolves when the echo is back: rayx (a `WorkerPool`
 * worker running an echo task, protobuf frames over its Unix-socket channel), raw
 * child-process IPC, and raw `net` over a Unix socket with u32 length prefixes (the limit).
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RequestTable, Transport, WorkerPool, frameCodec, valueCodec } from "@rayx/core/transport";
import type { Frame, FrameChannel } from "@rayx/core/transport";

export interface EchoSubject {
  readonly name: string;
  request(payload: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

const here = (file: string) => new URL(file, import.meta.url);
const childArgv = () => process.execArgv.filter((flag) => flag !== "--expose-gc");

export async function rayxTaskSubject(): Promise<EchoSubject> {
  const pool = await WorkerPool.start({ size: 1 });
  const workerId = pool.workers()[0]!.workerId;
  const target = {
    kind: "function",
    function: { module: here("./echo.ts").href, exportName: "echo" },
  } as const;
  return {
    name: "rayx task call",
    async request(payload) {
      const args = valueCodec.encode([payload]);
      const value = await pool.call(workerId, { target, method: "", args, argRefs: [] });
      if (value.kind !== "bytes") throw new Error("echo returned an object ref");
    },
    close: () => pool.shutdown(),
  };
}

/** rayx's channel alone: call frames echoed as result frames by a child at the channel level. */
export async function rayxChannelSubject(): Promise<EchoSubject> {
  const dir = mkdtempSync(join(tmpdir(), "rayx-bench-"));
  let connected!: (channel: FrameChannel<Frame>) => void;
  const connection = new Promise<FrameChannel<Frame>>((resolve) => (connected = resolve));
  const transport = await Transport.listen(join(dir, "node.sock"), frameCodec, connected);
  const child = fork(here("./channelEchoChild.ts"), [transport.path], { execArgv: childArgv() });
  const channel = await connection;
  const requests = new RequestTable();
  channel.onFrame((frame) => {
    if (frame.kind === "result" || frame.kind === "failure") requests.settle(frame);
  });
  const target = { kind: "actor", actorId: "echo" } as const;
  return {
    name: "rayx channel",
    async request(payload) {
      const { id, reply } = requests.open();
      channel.send({ kind: "call", requestId: id, target, method: "", args: payload, argRefs: [] });
      await reply;
    },
    async close() {
      await transport.close();
      child.disconnect();
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** FIFO replies: each child answers requests in order. */
class Fifo {
  readonly #waiting: (() => void)[] = [];
  #head = 0;
  next(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  settle(): void {
    this.#waiting[this.#head++]!();
    if (this.#head === this.#waiting.length) {
      this.#waiting.length = 0;
      this.#head = 0;
    }
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

export async function ipcSubject(): Promise<EchoSubject> {
  const child = fork(here("./ipcEchoChild.ts"), [], {
    execArgv: childArgv(),
    serialization: "advanced",
  });
  await new Promise((resolve) => child.once("spawn", resolve));
  const replies = new Fifo();
  child.on("message", () => replies.settle());
  return {
    name: "child-process IPC (advanced)",
    request(payload) {
      const reply = replies.next();
      child.send(payload);
      return reply;
    },
    async close() {
      child.disconnect();
      await exited(child);
    },
  };
}

export async function netSubject(): Promise<EchoSubject> {
  const dir = mkdtempSync(join(tmpdir(), "rayx-bench-"));
  const path = join(dir, "echo.sock");
  const child = fork(here("./netEchoChild.ts"), [path], {
    execArgv: childArgv(),
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  await new Promise((resolve) => child.stdout!.once("data", resolve));
  const socket = createConnection(path);
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.setNoDelay(true);
  const replies = new Fifo();
  // Counts whole echoed frames: the 4 header bytes first, then `remaining` body bytes.
  const header = Buffer.alloc(4);
  let headerFill = 0;
  let remaining = 0;
  socket.on("data", (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      if (headerFill < 4) {
        const n = Math.min(4 - headerFill, chunk.length - at);
        chunk.copy(header, headerFill, at, at + n);
        headerFill += n;
        at += n;
        if (headerFill < 4) return;
        remaining = header.readUInt32BE(0);
      }
      const take = Math.min(remaining, chunk.length - at);
      at += take;
      remaining -= take;
      if (remaining === 0) {
        headerFill = 0;
        replies.settle();
      }
    }
  });
  return {
    name: "raw net, Unix socket, u32 prefix (limit)",
    request(payload) {
      const reply = replies.next();
      const frame = Buffer.allocUnsafe(4 + payload.length);
      frame.writeUInt32BE(payload.length, 0);
      frame.set(payload, 4);
      socket.write(frame);
      return reply;
    },
    async close() {
      socket.destroy();
      child.disconnect();
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
