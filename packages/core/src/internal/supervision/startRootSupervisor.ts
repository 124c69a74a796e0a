/**
 * A root supervisor: the job's (its non-detached actors and `supervise()` trees) or
 * the cluster's (detached actors). Every actor is its transient child and has its own
 * restart budget (`maxRestarts`), so the root itself must outlast any burst of crashes.
 */
import { Supervisor } from "@rayx/actors";
import type { SupervisorSpec } from "@rayx/actors";
import type { Gcs } from "@rayx/gcs";
import { recordSupervisor } from "../recordSupervisor.js";
import type { SupervisorRecord } from "../recordSupervisor.js";

const ROOT_SPEC: SupervisorSpec = { strategy: "one_for_one", intensity: 1_000_000, period: 1 };
/** A root supervisor's record in the GCS (its actors name it as their supervisor). */
const ROOT_RECORD: SupervisorRecord = {
  strategy: "one_for_one",
  intensity: 1_000_000,
  periodMs: 1,
  spec: new Uint8Array(0),
  children: [],
};

/** Starts root supervisor `id`; `recorded` writes its record (resolves once committed). */
export async function startRootSupervisor(
  gcs: Gcs,
  id: string,
  recorded: boolean,
): Promise<Supervisor> {
  const root = await Supervisor.start(ROOT_SPEC, { id });
  if (recorded) await recordSupervisor(gcs, root, ROOT_RECORD);
  return root;
}
