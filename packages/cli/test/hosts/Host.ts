/**
 * One simulated machine of the multi-host test bed: a holder process that is PID 1 of
 * its own PID, network, UTS (hostname) and mount namespaces, with private tmpfs on
 * `/tmp` and `/dev/shm` — so nothing of another host's storage dir, LMDB envs or
 * process ids is visible from it. Commands run inside with `nsenter`. Killing the
 * holder (or closing its stdin, which happens when the test process dies) makes the
 * kernel kill every process of the host; its namespaces, mounts and veth go with them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where commands run inside a host: the repo, which every host sees as installed software. */
export const REPO = fileURLToPath(new URL("../../../..", import.meta.url));

/**
 * PID 1 of a host: names it, mounts its own /tmp and /dev/shm, and lives until stdin
 * closes. A checkout under /tmp (CI's clean clone may be one) stays visible at its
 * path: the code is every host's, only storage is private.
 */
const HOLDER = `
hostname "$1"
case "$2" in /tmp/*|/dev/shm/*) mount --bind "$2" /mnt ;; esac
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
case "$2" in /tmp/*|/dev/shm/*) mkdir -p "$2" && mount --move /mnt "$2" ;; esac
ip link set lo up
echo ready
read -r _ || true
`;

export interface HostRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface HostOptions {
  /** The name the test bed knows it by. */
  readonly name: string;
  /** Its hostname; defaults to `name`. */
  readonly hostname?: string;
  /** Also give it PID, UTS and mount namespaces; default true (false for the bed's switch). */
  readonly machine?: boolean;
}

export class Host {
  readonly name: string;
  /** The holder's pid as seen from the test process (PID 1 inside the host). */
  readonly pid: number;
  readonly #holder: ChildProcess;
  readonly #exited: Promise<void>;
  readonly #namespaces: readonly string[];

  private constructor(
    name: string,
    pid: number,
    holder: ChildProcess,
    exited: Promise<void>,
    namespaces: string[],
  ) {
    this.name = name;
    this.pid = pid;
    this.#holder = holder;
    this.#exited = exited;
    this.#namespaces = namespaces;
  }

  /** Starts the host's holder and waits until its namespaces and mounts are set up. */
  static async start(options: HostOptions): Promise<Host> {
    const machine = options.machine ?? true;
    const unshare = machine
      ? ["--pid", "--fork", "--mount-proc", "--uts", "--net", "--propagation", "private"]
      : ["--net", "--fork"];
    const script = machine ? HOLDER : "ip link set lo up; echo ready; read -r _ || true";
    const holder = spawn(
      "unshare",
      [...unshare, "--", "bash", "-c", script, "holder", options.hostname ?? options.name, REPO],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    const exited = new Promise<void>((resolve) => holder.once("close", () => resolve()));
    let output = "";
    holder.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      holder.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve(true);
      });
      holder.once("close", () => resolve(false));
    });
    if (!ready) {
      throw new Error(`host ${options.name}: unshare failed: ${output.trim() || "no output"}`);
    }
    const pid = Number(
      readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, "utf8").trim(),
    );
    const namespaces = machine ? ["--net", "--mount", "--uts", "--pid"] : ["--net"];
    return new Host(options.name, pid, holder, exited, namespaces);
  }

  /** Starts `command` inside the host, in the repo dir, with exactly `env` (plus PATH). */
  spawn(command: readonly string[], env: Record<string, string> = {}): ChildProcess {
    return spawn(
      "nsenter",
      ["--target", String(this.pid), ...this.#namespaces, `--wd=${REPO}`, "--", ...command],
      { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: "/tmp", ...env } },
    );
  }

  /** Runs `command` inside the host to its end; `timeoutMs` (default 120 s) kills it. */
  run(
    command: readonly string[],
    env: Record<string, string> = {},
    timeoutMs = 120_000,
  ): Promise<HostRun> {
    const child = this.spawn(command, env);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    return new Promise((resolve) =>
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal === null ? -1 : 128), stdout, stderr });
      }),
    );
  }

  /** Like `run`, but throws with the command's stderr unless it exits 0. */
  async must(command: readonly string[], env: Record<string, string> = {}): Promise<string> {
    const result = await this.run(command, env);
    if (result.code !== 0) {
      throw new Error(
        `host ${this.name}: \`${command.join(" ")}\` exited ${result.code}: ${result.stderr.trim()}`,
      );
    }
    return result.stdout;
  }

  /** SIGKILLs the host's PID 1: the kernel kills every process in it, as at a power cut. */
  async kill(): Promise<void> {
    if (this.#holder.exitCode === null && this.#holder.signalCode === null) {
      try {
        process.kill(this.pid, "SIGKILL");
      } catch {
        // gone already
      }
      this.#holder.stdin?.end();
    }
    await this.#exited;
  }
}
