/**
 * Stops one child the way an OTP supervisor does: the `"shutdown"` exit signal,
 * then `"killed"` if it has not exited after its shutdown time; or `"killed"` at
 * once for `"brutal_kill"`. Resolves with the reason the child actually exited with.
 */
import type { Clock, Timer } from "../Clock.js";
import type { ExitReason } from "../ExitReason.js";
import type { Process } from "../Process.js";
import type { Shutdown } from "../SupervisorSpec.js";

export function shutdownProcess(
  process: Process,
  shutdown: Shutdown,
  clock: Clock,
): Promise<ExitReason> {
  return new Promise((resolve) => {
    let exited = false;
    let timer: Timer | undefined;
    process.monitor((reason) => {
      exited = true;
      timer?.cancel();
      resolve(reason);
    });
    if (shutdown === "brutal_kill") {
      process.exit("killed");
      return;
    }
    process.exit("shutdown");
    // The exit signal may have ended the process synchronously: then no kill timer is left pending.
    if (!exited && Number.isFinite(shutdown))
      timer = clock.setTimeout(() => process.exit("killed"), shutdown);
  });
}
