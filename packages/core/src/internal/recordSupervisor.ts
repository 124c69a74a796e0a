/**
 * A supervisor's record in the GCS supervisors table, kept in step with the
 * supervisor's life: `alive` once it runs, then `stopped` when it ends normally (its
 * job ended, it was stopped) or `dead` when it gave up (its restart intensity was
 * exceeded). `rayx tree` prints these states, job roots included.
 */
import { isNormalExit } from "@rayx/actors";
import type { Supervisor } from "@rayx/actors";
import type { GcsApi, SupervisorInfo } from "@rayx/gcs";

/** What a supervisor's record says besides its state (which this keeps) and its id. */
export type SupervisorRecord = Omit<SupervisorInfo, "supervisorId" | "state" | "updatedAt">;

/**
 * Records `supervisor` as alive, and as stopped or dead once it exits; resolves when
 * the first record is committed.
 *
 * @example
 * await recordSupervisor(gcs, root, { strategy: "one_for_one", intensity: 3, periodMs: 5000, spec, children: [] });
 */
export function recordSupervisor(
  gcs: GcsApi,
  supervisor: Supervisor,
  record: SupervisorRecord,
): Promise<void> {
  const put = (state: SupervisorInfo["state"]) =>
    gcs.putSupervisor({ ...record, supervisorId: supervisor.id, state, updatedAt: Date.now() });
  supervisor.monitor((reason) => {
    put(isNormalExit(reason) ? "stopped" : "dead").catch(() => undefined);
  });
  return put("alive");
}
