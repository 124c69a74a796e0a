/**
 * What every command gets from `runCli`: where to write, whether to color, and
 * a scoped connection to the cluster's GCS (closed when the command's work is
 * done, also when it fails). Commands never touch `process` directly, so the
 * whole CLI runs in-process too.
 */
import type * as Core from "@rayx/core";
import type { GcsApi } from "@rayx/gcs";
import { connectGcs, storageDirOf, type ClusterOptions } from "./connectGcs.js";
import { CliUsageError } from "../errors.js";
import { runningHead } from "./nodeRecords.js";
import { toJson } from "./toJson.js";

/** A place to write text, like `process.stdout`. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width, on a TTY. */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `listener` once the user interrupts (Ctrl-C), for commands that run until
   * then (`logs --follow`); returns its removal. Defaults to never interrupting.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
}

export class CommandContext {
  constructor(
    readonly io: CliIo,
    /** The global cluster flags, read when a command runs (after parsing). */
    private readonly clusterFlags: () => ClusterOptions,
  ) {}

  /** Color only on a TTY, and never when `NO_COLOR` is set (no-color.org). */
  get color(): boolean {
    const noColor = this.io.env["NO_COLOR"];
    return this.io.stdout.isTTY === true && (noColor === undefined || noColor === "");
  }

  /** The width tables are fitted to: the terminal's columns; `undefined` (whole lines) off a TTY. */
  get width(): number | undefined {
    const { stdout } = this.io;
    return stdout.isTTY === true && stdout.columns !== undefined && stdout.columns > 0
      ? stdout.columns
      : undefined;
  }

  /** Runs `work` with the cluster's GCS, closing the connection afterwards. */
  async withGcs<T>(work: (gcs: GcsApi) => Promise<T>): Promise<T> {
    const connection = await connectGcs(this.clusterFlags(), this.io.env);
    try {
      return await work(connection.gcs);
    } finally {
      await connection.close();
    }
  }

  /** The storage dir on this host (`--storage`, `RAYX_STORAGE`, else `<tmpdir>/rayx`): where its nodes keep files. */
  storageDir(): string {
    return storageDirOf(this.clusterFlags(), this.io.env);
  }

  /**
   * The head's address for commands that act on what runs (`kill`, `restart`), which
   * only the head's node manager can do: `--address`, else `RAYX_ADDRESS`, else the
   * head `rayx start` started from the storage dir; a usage error without one.
   */
  headAddress(): string {
    const address =
      this.clusterFlags().address ??
      nonEmpty(this.io.env["RAYX_ADDRESS"]) ??
      runningHead(this.storageDir())?.address;
    if (address === undefined) {
      throw new CliUsageError(
        "this command acts through the cluster's head: give --address ws://HOST:PORT " +
          "(or RAYX_ADDRESS), the address `rayx start --head` printed, or --storage of the " +
          "dir it was started with; an embedded cluster (init() in a driver) can only be " +
          "steered from its driver",
      );
    }
    return address;
  }

  /**
   * Runs `work` with the runtime joined to the cluster at `headAddress()` as a tool
   * (`connectTool`: no job of its own is recorded), leaving afterwards, also when `work` fails.
   */
  async withDriver<T>(work: (core: typeof Core) => Promise<T>): Promise<T> {
    const address = this.headAddress();
    const token = this.clusterFlags().token ?? this.io.env["RAYX_TOKEN"];
    // Loaded here: only the commands that steer the cluster need the runtime.
    const [core, { connectTool }] = await Promise.all([
      import("@rayx/core"),
      import("@rayx/core/node"),
    ]);
    const runtime = await connectTool(address, token === undefined ? {} : { token });
    try {
      return await work(core);
    } finally {
      await runtime.shutdown();
    }
  }

  /** Says what a long operation is waiting for, on stderr and only on a TTY (never in output a script reads). */
  progress(text: string): void {
    if (this.io.stderr.isTTY === true) this.io.stderr.write(`${text}\n`);
  }

  /** See `CliIo.onInterrupt`. */
  onInterrupt(listener: () => void): () => void {
    return this.io.onInterrupt?.(listener) ?? (() => undefined);
  }

  print(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  printJson(value: unknown): void {
    this.io.stdout.write(`${toJson(value)}\n`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}
