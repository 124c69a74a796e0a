/**
 * The cluster the cluster suite measures: a head and two joined nodes, each a real
 * process on loopback with one worker (`nodeProcess.ts`), node A offering resource
 * `nodeA`, node B `nodeB`, both `spare` (where actors of a lost node may go), and
 * this process joined as a driver. `stop()` ends the driver and every node (SIGKILL
 * after a grace period) and removes the storage dir.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { init, shutdown } from "@rayx/core";

export interface BenchNode {
  readonly nodeId: string;
  readonly pid: number;
  readonly process: ChildProcess;
}

const NODE = new URL("./nodeProcess.ts", import.meta.url).pathname;
const GRACE_MS = 10_000;

export class BenchCluster {
  private constructor(
    readonly storageDir: string,
    readonly address: string,
    readonly head: BenchNode,
    readonly a: BenchNode,
    readonly b: BenchNode,
  ) {}

  static async start(): Promise<BenchCluster> {
    const storageDir = mkdtempSync(join(tmpdir(), "rayx-bench-cluster-"));
    const started: BenchNode[] = [];
    try {
      const head = await startNode({ head: true, storageDir, numWorkers: 1 }, started);
      const address = (head as BenchNode & { address: string }).address;
      const joined = (name: string) =>
        startNode(
          {
            address,
            storageDir: join(storageDir, name),
            numWorkers: 1,
            resources: { [name]: 1_000, spare: 1_000 },
          },
          started,
        );
      const a = await joined("nodeA");
      const b = await joined("nodeB");
      await init({ address });
      return new BenchCluster(storageDir, address, head, a, b);
    } catch (error) {
      await Promise.all(started.map(stopNode));
      rmSync(storageDir, { recursive: true, force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    // A head stuck in a failed measurement must not keep the driver from leaving.
    await Promise.race([
      shutdown().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, GRACE_MS).unref()),
    ]);
    await Promise.all([this.a, this.b, this.head].map(stopNode));
    rmSync(this.storageDir, { recursive: true, force: true });
  }
}

async function startNode(options: object, started: BenchNode[]): Promise<BenchNode> {
  const child = spawn(process.execPath, [...process.execArgv, NODE, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) =>
      reject(new Error(`a bench node exited (code ${code}) before it ran`)),
    );
  });
  const info = JSON.parse(line) as { nodeId: string; address: string; pid: number };
  const node = { ...info, process: child };
  started.push(node);
  // A bench that dies before stop() must not leave a head running (its workers follow it).
  process.once("exit", () => child.kill("SIGKILL"));
  return node;
}

async function stopNode(node: BenchNode): Promise<void> {
  const child = node.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), GRACE_MS);
  await exited;
  clearTimeout(timer);
}
