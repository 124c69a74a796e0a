/**
 * The ws side of the gcs suite: a raw echo client (the limit a GCS request over ws
 * is compared with) and the two timing patterns used on both — one request at a
 * time (median round trip) and a window kept in flight (requests/s).
 */
import { once } from "node:events";
import WebSocket from "ws";
import { median } from "../measure.js";

/** A ws client of an echo server; replies come back in order, so a FIFO of waiters suffices. */
export class EchoClient {
  private readonly waiting: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", () => this.waiting.shift()?.());
  }

  static async connect(url: string): Promise<EchoClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await once(socket, "open");
    return new EchoClient(socket);
  }

  request(frame: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.socket.send(frame);
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Median round trip in µs of `count` requests made one after the other. */
export async function sequentialMicros(count: number, request: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await request();
    samples.push((performance.now() - start) * 1000);
  }
  return median(samples);
}

/** `count` requests with `window` in flight at any time. */
export async function pipelined(count: number, window: number, request: () => Promise<unknown>) {
  let sent = 0;
  const lane = async () => {
    while (sent < count) {
      sent++;
      await request();
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
}
