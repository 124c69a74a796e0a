/**
 * A forked child process that opens the same object store as the test (same
 * session dir) and runs commands sent over IPC; see `fixtures/storeChild.ts`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../integration/fixtures/storeChild.ts", import.meta.url));

export interface ChildReply {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string };
}

export class ChildStore {
  readonly process: ChildProcess;
  #next = 0;
  readonly #waiting = new Map<number, (reply: ChildReply) => void>();
  readonly #exited: Promise<void>;

  constructor(options: { sessionDir: string; objectStoreMemory?: number }) {
    this.process = fork(script, [JSON.stringify(options)], {
      execArgv: process.execArgv,
      serialization: "advanced",
    });
    this.process.on("message", (message: ChildReply & { seq: number }) => {
      this.#waiting.get(message.seq)?.(message);
      this.#waiting.delete(message.seq);
    });
    this.#exited = new Promise((resolve) => this.process.once("exit", () => resolve()));
  }

  /** Runs one command in the child and returns its result (throws the child's error message). */
  async run(command: string, ...args: unknown[]): Promise<unknown> {
    const seq = this.#next++;
    const reply = await new Promise<ChildReply>((resolve, reject) => {
      this.#waiting.set(seq, resolve);
      this.process.send({ seq, command, args }, (error) => error && reject(error));
      void this.#exited.then(() => reject(new Error(`child exited during ${command}`)));
    });
    if (!reply.ok)
      throw Object.assign(new Error(reply.error?.message), { name: reply.error?.name });
    return reply.result;
  }

  /** kill -9, and wait until the child is gone. */
  async kill(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null)
      this.process.kill("SIGKILL");
    await this.#exited;
  }

  /** Asks the child to close its store and exit; kills it if it does not. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    await this.run("exit").catch(() => undefined);
    await this.kill();
  }
}
