/**
 * A TCP proxy on 127.0.0.1 that forwards to a target and, on its first connection
 * only, injects one real network fault into what comes back from the target: the
 * connection dropped once `cutAfter` bytes got through, or the byte at `flipAt`
 * inverted (corruption the transport does not notice).
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export type Fault = { readonly cutAfter: number } | { readonly flipAt: number };

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
      upstream.on("data", (chunk: Buffer) => {
        const start = forwarded;
        forwarded += chunk.length;
        if (
          !first ||
          this.injected ||
          forwarded <= ("cutAfter" in fault ? fault.cutAfter : fault.flipAt)
        )
          return void client.write(chunk);
        this.injected = true;
        if ("cutAfter" in fault) {
          client.write(chunk.subarray(0, fault.cutAfter - start));
          client.destroy();
          upstream.destroy();
          return;
        }
        const copy = Buffer.from(chunk);
        copy[fault.flipAt - start] = ~copy[fault.flipAt - start]! & 0xff;
        client.write(copy);
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
