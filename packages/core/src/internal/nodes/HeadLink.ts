/**
 * A joined driver's link to its head that outlives the head process: the frame
 * sink its `WorkerClient` sends through. When the connection drops (the head
 * crashed or was killed), the calls in flight fail with `HeadConnectionLostError`
 * (no reply will come), the link dials again on the `reconnect` schedule and says
 * hello to the head that is back (a new job there), and the calls made meanwhile —
 * queued, not lost — go out once it has. Past the reconnect deadline they fail with
 * `ClusterConnectionError`, and so does every later call.
 */
import { ClusterConnectionError, HeadConnectionLostError } from "../../errors.js";
import type { DriverHello, DriverWelcome } from "../driverProtocol.js";
import type { Frame } from "../Frame.js";
import type { FrameChannel } from "../FrameChannel.js";
import { nodeService } from "../service/nodeService.js";
import type { WorkerClient } from "../WorkerClient.js";
import { encodeValue } from "../wireCodec.js";
import { reconnect, reconnectWithinMs } from "./reconnect.js";

export interface HeadLinkOptions {
  readonly address: string;
  /** Opens a new channel to the head; rejects when it cannot be reached. */
  dial(): Promise<FrameChannel<Frame>>;
  readonly hello: DriverHello;
  /** The head (first, or back) welcomed this driver: before any queued call goes out. */
  welcomed(welcome: DriverWelcome): void;
}

export class HeadLink {
  readonly #options: HeadLinkOptions;
  #client: WorkerClient | undefined;
  #channel: FrameChannel<Frame> | undefined;
  /** Calls made while the head is away, in order. */
  #queued: Frame[] = [];
  /** Why calls fail once the head stayed away past the deadline. */
  #gone: ClusterConnectionError | undefined;
  #closing = false;
  readonly #aborted = new AbortController();

  constructor(options: HeadLinkOptions) {
    this.#options = options;
  }

  /** Whether a head has welcomed this driver on the connection of now. */
  get ready(): boolean {
    return this.#channel !== undefined;
  }

  /** Connects and says hello once for `client`; rejects as the first dial or hello does. */
  async open(client: WorkerClient): Promise<DriverWelcome> {
    this.#client = client;
    const channel = await this.#options.dial();
    try {
      return await this.#greet(channel);
    } catch (error) {
      channel.destroy();
      throw error;
    }
  }

  /** What `WorkerClient` sends through: the head's channel, or the queue while it is away. */
  send(frame: Frame): void {
    if (this.#gone !== undefined) throw this.#gone;
    if (this.#channel === undefined) this.#queued.push(frame);
    else this.#channel.send(frame);
  }

  /** Closes the connection for good (the driver's `shutdown()`). */
  async close(): Promise<void> {
    this.#closing = true;
    this.#aborted.abort();
    await this.#channel?.close();
  }

  /** Says hello on `channel`, then makes it the link's and sends what was queued. */
  async #greet(channel: FrameChannel<Frame>): Promise<DriverWelcome> {
    const client = this.#client as WorkerClient;
    channel.onFrame((frame) => {
      if (frame.kind === "result" || frame.kind === "failure") client.requests.settle(frame);
    });
    const { id, reply } = client.requests.open();
    const closed = channel.onClose((error) =>
      client.requests.reject(
        id,
        new ClusterConnectionError(
          this.#options.address,
          "it closed the connection before its welcome",
          {
            cause: error,
          },
        ),
      ),
    );
    channel.send({
      kind: "call",
      requestId: id,
      target: { kind: "function", function: nodeService("hello") },
      method: "",
      args: encodeValue([this.#options.hello]),
      argRefs: [],
    });
    const welcome = client.readValue(await reply.finally(closed)) as DriverWelcome;
    if (channel.closed) {
      throw new ClusterConnectionError(
        this.#options.address,
        "it closed the connection after its welcome",
      );
    }
    // A value over the head's limit then fails here, naming the limit, not as a dropped connection.
    channel.maxFrameBytes = welcome.maxFrameBytes;
    try {
      this.#options.welcomed(welcome);
    } catch (error) {
      await channel.close();
      throw error;
    }
    this.#channel = channel;
    channel.onClose((error) => this.#lost(channel, error));
    for (const frame of this.#queued.splice(0)) channel.send(frame);
    return welcome;
  }

  #lost(channel: FrameChannel<Frame>, error: Error | undefined): void {
    if (this.#channel !== channel) return;
    this.#channel = undefined;
    const address = this.#options.address;
    const why = error?.message ?? "the head closed the connection";
    this.#client?.requests.failAll(new HeadConnectionLostError(address, why, { cause: error }));
    if (this.#closing) return;
    const since = Date.now();
    void reconnect(
      async () => {
        const next = await this.#options.dial();
        try {
          await this.#greet(next);
        } catch (failure) {
          next.destroy();
          throw failure;
        }
      },
      { signal: this.#aborted.signal },
    ).then(
      () =>
        console.error(`rayx: reconnected to the head at ${address} after ${Date.now() - since} ms`),
      (failure: unknown) => this.#giveUp(failure),
    );
  }

  /** The head stayed away: queued and later calls fail, naming the head and the deadline. */
  #giveUp(failure: unknown): void {
    if (this.#closing) return;
    this.#gone = new ClusterConnectionError(
      this.#options.address,
      `the connection was lost and the head did not come back within ${reconnectWithinMs()} ms ` +
        `(${(failure as Error).message}); call init() again once it runs`,
      { cause: failure },
    );
    const client = this.#client as WorkerClient;
    for (const frame of this.#queued.splice(0)) {
      if ("requestId" in frame) client.requests.reject(frame.requestId, this.#gone);
    }
  }
}
