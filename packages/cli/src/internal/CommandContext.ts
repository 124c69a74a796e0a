/**
 * What every command gets from `runCli`: where to write, whether to color, and
 * a scoped connection to the cluster's GCS (closed when the command's work is
 * done, also when it fails). Commands never touch `process` directly, so the
 * whole CLI runs in-process too.
 */
import type { GcsApi } from "@rayx/gcs";
import { connectGcs, storageDirOf, type ClusterOptions } from "./connectGcs.js";
import { toJson } from "./toJson.js";

/** A place to write text, like `process.stdout`. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
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
