/**
 * Erlang/OTP as a kernel peer: runs `kernel_peer.erl` with `escript` in its own OS
 * process (never while Node measures, so the two do not share the CPU) and parses
 * the one JSON object it prints; `bestOf` combines runs made at different times. When Erlang is missing and cannot be installed the
 * figures are `null` and the reason is returned as a note.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { installDebianPackage } from "../../../scripts/installDebianPackage.js";

export interface ErlangFigures {
  readonly spawnPerSec: number;
  readonly bytesPerIdleProcess: number;
  readonly bytesPerServedProcess: number;
  readonly sendPerSec: number;
  readonly awaitedRoundTripsPerSec: number;
  readonly pipelinedRoundTripsPerSec: number;
  readonly supervisorRestartMicros: number;
  readonly otpRelease: number;
}

export type ErlangRun =
  { readonly figures: ErlangFigures } | { readonly figures: null; readonly note: string };

const script = fileURLToPath(new URL("./kernel_peer.erl", import.meta.url));

export interface ErlangSizes {
  /** Processes per timed spawn loop. */
  readonly spawns: number;
  /** Idle processes for the memory figure. */
  readonly idle: number;
  /** Round trips per timed loop. */
  readonly calls: number;
  /** One-way sends per timed loop. */
  readonly sends: number;
  readonly iterations: number;
  /** Fresh supervisors of 100 restarts each for the restart figure. */
  readonly supervisors: number;
}

/** Runs the Erlang peer with the same sizes as the Node workloads. */
export function runErlangPeer(sizes: ErlangSizes): ErlangRun {
  const erlang = installDebianPackage("escript", "erlang-base");
  if (!erlang.ok) return { figures: null, note: `Erlang/OTP figures skipped: ${erlang.note}` };
  const result = spawnSync(
    "escript",
    [
      script,
      ...[
        sizes.spawns,
        sizes.idle,
        sizes.calls,
        sizes.sends,
        sizes.iterations,
        sizes.supervisors,
      ].map(String),
    ],
    {
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  if (result.status !== 0)
    return {
      figures: null,
      note: `Erlang/OTP peer failed (exit ${result.status ?? result.signal}): ${result.stderr.trim()}`,
    };
  return { figures: JSON.parse(result.stdout) as ErlangFigures };
}

/**
 * Erlang's best figure of two runs (highest rates, lowest sizes and times): the
 * suite runs the peer before and after the Node rounds, so load that hits one run
 * does not make rayx look better than it is.
 */
export function bestOf(a: ErlangFigures, b: ErlangFigures): ErlangFigures {
  return {
    spawnPerSec: Math.max(a.spawnPerSec, b.spawnPerSec),
    bytesPerIdleProcess: Math.min(a.bytesPerIdleProcess, b.bytesPerIdleProcess),
    bytesPerServedProcess: Math.min(a.bytesPerServedProcess, b.bytesPerServedProcess),
    sendPerSec: Math.max(a.sendPerSec, b.sendPerSec),
    awaitedRoundTripsPerSec: Math.max(a.awaitedRoundTripsPerSec, b.awaitedRoundTripsPerSec),
    pipelinedRoundTripsPerSec: Math.max(a.pipelinedRoundTripsPerSec, b.pipelinedRoundTripsPerSec),
    supervisorRestartMicros: Math.min(a.supervisorRestartMicros, b.supervisorRestartMicros),
    otpRelease: a.otpRelease,
  };
}
