/**
 * A TCP proxy on 127.0.0.1 that forwards to a target and, on its first connection
 * only, drops both sides once `cutAfter` bytes have come back from the target: a
 * real connection lost mid-transfer.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export class CuttingProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  connections = 0;
  cut = false;

  private constructor(target: { host: string; port: number }, cutAfter: number) {
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
      upstream.on("data", (chunk: Buffer) => {
        if (first && forwarded + chunk.length >= cutAfter) {
          client.write(chunk.subarray(0, Math.max(0, cutAfter - forwarded)));
          this.cut = true;
          client.destroy();
          upstream.destroy();
          return;
        }
        forwarded += chunk.length;
        client.write(chunk);
      });
      upstream.on("close", () => client.destroy());
      client.on("close", () => upstream.destroy());
    });
  }

  static async start(targetAddress: string, cutAfter: number): Promise<CuttingProxy> {
    const url = new URL(targetAddress);
    const proxy = new CuttingProxy({ host: url.hostname, port: Number(url.port) }, cutAfter);
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
