/**
 * The raw ws limits the cluster suite compares with, measured in the same run: an
 * echo server in a child process (one hop), a relay child in front of it (two hops,
 * as a call through the head to a joined node), and a bulk pull of bytes from the
 * echo child (what an object transfer between nodes moves).
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import WebSocket from "ws";

const PEER = new URL("./wsPeer.ts", import.meta.url).pathname;

/** A ws client whose replies come back in order, so a FIFO of waiters suffices. */
export class WsClient {
  private readonly waiting: ((data: Buffer) => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => this.waiting.shift()?.(data as Buffer));
  }

  static async connect(url: string): Promise<WsClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await once(socket, "open");
    return new WsClient(socket);
  }

  request(frame: Uint8Array): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.socket.send(frame);
    });
  }

  /** Asks the echo child for `bytes` in `chunk`-sized messages; resolves once all arrived. */
  pull(bytes: number, chunk: number): Promise<number> {
    return new Promise((resolve) => {
      let received = 0;
      const onMessage = (data: Buffer, isBinary: boolean) => {
        if (isBinary) {
          received += data.byteLength;
          return;
        }
        this.socket.off("message", onMessage);
        resolve(received);
      };
      // No request is in flight during a pull, so the FIFO path sees its chunks with no waiter.
      this.socket.on("message", onMessage);
      this.socket.send(`send ${bytes} ${chunk}`);
    });
  }

  close(): void {
    this.socket.close();
  }
}

export interface RawWs {
  readonly echo: WsClient;
  readonly relayed: WsClient;
  close(): Promise<void>;
}

export async function startRawWs(): Promise<RawWs> {
  const children: ChildProcess[] = [];
  const start = async (args: string[]) => {
    const child = fork(PEER, args, { execArgv: process.execArgv, stdio: "inherit" });
    children.push(child);
    const [message] = (await once(child, "message")) as [{ url: string }];
    return message.url;
  };
  const echoUrl = await start([]);
  const relayUrl = await start(["relay", echoUrl]);
  const echo = await WsClient.connect(echoUrl);
  const relayed = await WsClient.connect(relayUrl);
  return {
    echo,
    relayed,
    close: async () => {
      echo.close();
      relayed.close();
      await Promise.all(
        children.map(async (child) => {
          const exited = once(child, "exit");
          child.send("stop");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
