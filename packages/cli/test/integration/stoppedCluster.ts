/**
 * What the damaged-storage tests share: the GCS a real run left behind (an embedded
 * cluster that ran a task and two actors, then shut down), copies of it with damage
 * applied, and a pool that bounds how many `rayx` processes run at once.
 */
import { Gcs, openLmdbStore } from "@rayx/gcs";
import { execFile } from "node:child_process";
import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const driver = fileURLToPath(new URL("../fixtures/storageRun.ts", import.meta.url));

export interface StoppedCluster {
  /** The storage dir the run used (one session dir in it). */
  readonly storage: string;
  /** Its GCS data file. */
  readonly gcsFile: string;
  /** A Counter actor of the run. */
  readonly actorId: string;
}

/** Runs the driver fixture on `storage` to its end. */
export async function stoppedCluster(storage: string): Promise<StoppedCluster> {
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ["--conditions=rayx-source", "--import", "tsx", driver, storage],
      { timeout: 90_000 },
      (error) =>
        error === null ? resolve() : reject(new Error("the driver failed", { cause: error })),
    ),
  );
  const [session] = readdirSync(storage).filter((name) => name.startsWith("session-"));
  const dir = join(storage, session!, "gcs");
  const gcs = new Gcs(openLmdbStore({ dir, readOnly: true }));
  try {
    const actorId = (await gcs.listActors()).find((a) => a.className === "Counter")!.actorId;
    return { storage, gcsFile: join(dir, "gcs.mdb"), actorId };
  } finally {
    await gcs.close();
  }
}

/** A copy of `gcsFile`'s env as the storage dir `dir`, with `damage` applied to the data file. */
export function damagedCopy(gcsFile: string, dir: string, damage: (bytes: Buffer) => void): string {
  cpSync(join(gcsFile, ".."), join(dir, "gcs"), { recursive: true });
  const file = join(dir, "gcs", "gcs.mdb");
  const bytes = readFileSync(file);
  damage(bytes);
  writeFileSync(file, bytes);
  return file;
}

/** Runs `jobs` at most `width` at a time (each rayx run is a process of its own). */
export async function pooled<T>(jobs: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < jobs.length; i = next++) out[i] = await jobs[i]!();
  };
  await Promise.all(Array.from({ length: width }, lane));
  return out;
}
