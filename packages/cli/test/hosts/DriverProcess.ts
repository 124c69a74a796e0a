/**
 * The test's side of the scenario driver (`scenarioSteps.ts`): starts it inside a bed
 * host as a driver of the cluster, sends it one step at a time and returns what it
 * answered. A step that throws there rejects here with the driver's stack; a driver
 * that exits rejects every pending step with its stderr.
 */
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Host } from "./Host.js";

/** Marks the driver's answers among whatever else reaches its stdout. */
export const ANSWER = "@@ ";

/** The driver program; never imported here (its main() would start a runtime in the test). */
const program = fileURLToPath(new URL("./scenarioSteps.ts", import.meta.url));

export class DriverProcess {
  readonly #child: ChildProcess;
  readonly #answers: ((line: string | Error) => void)[] = [];
  readonly #exited: Promise<void>;
  #stderr = "";
  #gone: Error | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stderr?.on("data", (chunk: Buffer) => (this.#stderr += chunk.toString()));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(ANSWER)) this.#answers.shift()?.(line.slice(ANSWER.length));
    });
    this.#exited = new Promise((resolve) =>
      child.once("close", (code, signal) => {
        this.#gone = new Error(
          `the driver exited (${signal ?? `code ${code}`}): ${this.#stderr.trim()}`,
        );
        for (const settle of this.#answers.splice(0)) settle(this.#gone);
        resolve();
      }),
    );
  }

  /**
   * Starts the driver on `host`, joined to `address` with `token` (and `env`, default
   * none); resolves once it is in (with its node id).
   */
  static async start(
    host: Host,
    address: string,
    token: string,
    env: Record<string, string> = {},
  ): Promise<{ driver: DriverProcess; nodeId: string }> {
    const child = host.spawn(
      [process.execPath, "--conditions=rayx-source", "--import", "tsx", program],
      { ...env, RAYX_ADDRESS: address, RAYX_TOKEN: token },
    );
    const driver = new DriverProcess(child);
    const { nodeId } = await driver.#next<{ nodeId: string }>();
    return { driver, nodeId };
  }

  #next<T>(): Promise<T> {
    if (this.#gone !== undefined) return Promise.reject(this.#gone);
    return new Promise<T>((resolve, reject) => {
      this.#answers.push((line) => {
        if (line instanceof Error) return reject(line);
        const answer = JSON.parse(line) as { value?: T; error?: string };
        if (answer.error !== undefined)
          reject(new Error(`the driver's step failed: ${answer.error}`));
        else resolve(answer.value as T);
      });
    });
  }

  /** Runs `step` with `args` in the driver; resolves what it answered. */
  step<T>(step: string, ...args: unknown[]): Promise<T> {
    const answer = this.#next<T>();
    this.#child.stdin?.write(`${JSON.stringify({ step, args })}\n`);
    return answer;
  }

  /**
   * Lets the driver shut down (its stdin ends); after `graceMs` (default 15 s) kills its
   * `nsenter` (the driver itself then goes with its host, when the bed closes).
   */
  async stop(graceMs = 15_000): Promise<void> {
    this.#child.stdin?.end();
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
