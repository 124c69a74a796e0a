/**
 * Tools that are not npm packages (Erlang/OTP for the benchmarks' peers, Chromium
 * for the dashboard's browser test) come from Debian: the benchmark harness and the
 * tests install them themselves when their command is missing (CI is a fresh machine,
 * as root). When it cannot, the caller gets a note saying why and what to run.
 */
import { spawnSync } from "node:child_process";

export type Installed = { readonly ok: true } | { readonly ok: false; readonly note: string };

function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function aptGet(...args: string[]): boolean {
  const result = spawnSync("apt-get", args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 300_000,
  });
  return result.status === 0;
}

/**
 * Makes sure `command` exists, installing Debian package `pkg` with apt-get if not
 * (after an `apt-get update` when the first attempt fails). Needs root.
 *
 * @example
 * const erlang = installDebianPackage("escript", "erlang-base");
 * if (!erlang.ok) notes.push(erlang.note);
 */
export function installDebianPackage(command: string, pkg: string): Installed {
  if (hasCommand(command)) return { ok: true };
  const manual = `install it with \`apt-get install -y ${pkg}\` (as root) and run the suite again`;
  if (!hasCommand("apt-get"))
    return { ok: false, note: `\`${command}\` not found and no apt-get here; ${manual}` };
  if (process.getuid?.() !== 0)
    return { ok: false, note: `\`${command}\` not found and not running as root; ${manual}` };
  console.log(`installing ${pkg} (for \`${command}\`) with apt-get…`);
  const installed =
    aptGet("install", "-y", pkg) || (aptGet("update") && aptGet("install", "-y", pkg));
  return installed && hasCommand(command)
    ? { ok: true }
    : { ok: false, note: `apt-get could not install ${pkg} (see its output above); ${manual}` };
}
