/**
 * How the CLI reaches a cluster's GCS: over ws at `--address` / `RAYX_ADDRESS`
 * (a `GcsClient`, with `--token` / `RAYX_TOKEN`), or in the LMDB env under
 * `--storage` / `RAYX_STORAGE` (a `Gcs` opened read-only beside the running processes,
 * once its file passed a check of every page). With neither, it looks under `init()`'s
 * default storage dir.
 */
import { Gcs, GcsClient, openLmdbStore, type GcsApi } from "@rayx/gcs";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliUsageError, ClusterUnreachableError } from "../errors.js";

export interface ClusterOptions {
  readonly address?: string;
  readonly token?: string;
  readonly storage?: string;
}

export interface Connection {
  readonly gcs: GcsApi;
  close(): Promise<void>;
}

const ENV_FILE = "gcs.mdb";
const CONNECT_TIMEOUT_MS = 5_000;

/** Connects as the flags (then the environment) say; throws `ClusterUnreachableError` naming what was tried. */
export async function connectGcs(
  flags: ClusterOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Connection> {
  if (flags.address !== undefined && flags.storage !== undefined) {
    throw new CliUsageError("give either --address or --storage, not both");
  }
  const address = flags.address ?? (flags.storage === undefined ? env["RAYX_ADDRESS"] : undefined);
  if (address !== undefined && address !== "") {
    const token = flags.token ?? env["RAYX_TOKEN"];
    return connectAddress(address, token);
  }
  const storage = storageDirOf(flags, env);
  const dir = findGcsDir(storage);
  if (dir === undefined) {
    const searched = `the storage dir ${storage} (no ${ENV_FILE} in it, in its gcs/ or in a session dir's gcs/)`;
    const chosen = flags.storage ?? env["RAYX_STORAGE"];
    throw new ClusterUnreachableError(
      chosen === undefined
        ? ["--address / RAYX_ADDRESS (not set)", `the default ${searched}`]
        : [searched],
    );
  }
  // Read-only (inspection never writes to what it inspects), after a walk of every page
  // LMDB could touch: a damaged copy is a StorageDamagedError, never a SIGSEGV or SIGBUS.
  const gcs = new Gcs(openLmdbStore({ dir, readOnly: true, check: "pages" }));
  return { gcs, close: () => gcs.close() };
}

/** The storage dir the flags (then `RAYX_STORAGE`) name; defaults to `<tmpdir>/rayx`, `init()`'s default. */
export function storageDirOf(
  flags: ClusterOptions,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return flags.storage ?? env["RAYX_STORAGE"] ?? join(tmpdir(), "rayx");
}

async function connectAddress(address: string, token: string | undefined): Promise<Connection> {
  if (!/^wss?:\/\/./.test(address)) {
    throw new CliUsageError(
      `the address '${address}' is not a ws:// or wss:// URL (e.g. ws://127.0.0.1:6380)`,
    );
  }
  try {
    const options = { timeoutMs: CONNECT_TIMEOUT_MS, ...(token === undefined ? {} : { token }) };
    const gcs = await GcsClient.connect(address, options);
    return { gcs, close: () => gcs.close() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClusterUnreachableError([`the GCS service at ${address} (${reason})`], {
      cause: error,
    });
  }
}

/**
 * The GCS env dir for a storage path: the path itself when it holds `gcs.mdb`, its
 * `gcs/` when it is a session dir, else the `gcs/` of its most recently written
 * session dir (`init({ storageDir })` makes one per run); `undefined` when none.
 */
export function findGcsDir(storage: string): string | undefined {
  if (existsSync(join(storage, ENV_FILE))) return storage;
  if (existsSync(join(storage, "gcs", ENV_FILE))) return join(storage, "gcs");
  if (!existsSync(storage) || !statSync(storage).isDirectory()) return undefined;
  let newest: { dir: string; mtime: number } | undefined;
  for (const entry of readdirSync(storage, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = join(storage, entry.name, "gcs", ENV_FILE);
    if (!existsSync(file)) continue;
    const mtime = statSync(file).mtimeMs;
    if (newest === undefined || mtime > newest.mtime)
      newest = { dir: join(storage, entry.name, "gcs"), mtime };
  }
  return newest?.dir;
}
