/**
 * A TCP proxy on 127.0.0.1 that forwards to a target and, on its first connection
 * only, injects real network faults into what comes back from the target: the byte
 * at `flipAt` inverted (corruption the transport does not notice), and/or the
 * connection dropped once `cutAfter` bytes got through.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface Fault {
  readonly flipAt?: number;
  readonly cutAfter?: number;
}

export class FaultyProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  connections = 0;
  /** Whether the fault happened. */
  injected = false;

  private constructor(target: { host: string; port: number }, fault: Fault) {
    this.#server = createServer((client) => {
      const first = this.connections++ === 0;
      const upstream = connect(target.port, target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on("close", () => this.#sockets.delete(s));
        s.on("error", () => undefined);
      }
      let forwarded = 0;
      client.pipe(upstream);
      let cut = false;
      upstream.on("data", (chunk: Buffer) => {
        const start = forwarded;
        forwarded += chunk.length;
        if (!first) return void client.write(chunk);
        if (cut) return;
        let out = chunk;
        const { flipAt, cutAfter } = fault;
        if (flipAt !== undefined && start <= flipAt && flipAt < forwarded) {
          out = Buffer.from(chunk);
          out[flipAt - start] = ~out[flipAt - start]! & 0xff;
          this.injected = true;
        }
        if (cutAfter !== undefined && forwarded > cutAfter) {
          cut = this.injected = true;
          client.write(out.subarray(0, Math.max(0, cutAfter - start)));
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(out);
      });
      upstream.on("close", () => client.destroy());
      client.on("close", () => upstream.destroy());
    });
  }

  static async start(targetAddress: string, fault: Fault): Promise<FaultyProxy> {
    const url = new URL(targetAddress);
    const proxy = new FaultyProxy({ host: url.hostname, port: Number(url.port) }, fault);
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get address(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
