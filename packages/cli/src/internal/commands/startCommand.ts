/**
 * `rayx start --head` (or `--address ws://HOST:PORT` to join a head): starts a node
 * as a detached daemon (`nodeDaemon.ts`), waits until it reports ready — or prints
 * why it failed and exits 1 — records it in `<storage>/nodes/` for `rayx stop` and
 * `rayx run`, and prints its address and the commands to run next.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { CliUsageError, NodeStartError } from "../../errors.js";
import type { CommandContext } from "../CommandContext.js";
import type { ClusterOptions } from "../connectGcs.js";
import { DAEMON_OPTIONS_ENV, type DaemonReport } from "../daemonReport.js";
import { nodesDir, roleLabel, writeNodeRecord, type NodeRecord } from "../nodeRecords.js";
import { wholeNumber } from "../options.js";

/** The head's port when `--port` is not given. */
const DEFAULT_PORT = 6380;
/** The dashboard's port when `--dashboard-port` is not given (and `--port` is not 0). */
const DEFAULT_DASHBOARD_PORT = 8265;
/** How long `rayx start` waits for the node to be up (its workers may start slowly on a busy host). */
const DEFAULT_READY_TIMEOUT_MS = 120_000;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

interface StartOptions {
  head?: true;
  port: number;
  dashboardPort?: number;
  dashboard: boolean;
  host?: string;
  numWorkers?: number;
  resources?: Record<string, number>;
  objectStoreMemory?: number;
  readyTimeoutMs: number;
  json?: true;
}

export function startCommand(context: CommandContext): Command {
  return new Command("start")
    .description("start a head node (--head) or join one (--address), as a daemon")
    .option("--head", "start the cluster's head: scheduler, supervisors, GCS, drivers' endpoint")
    .option("--port <port>", "the head's port (0: any free one)", wholeNumber(0), DEFAULT_PORT)
    .option(
      "--dashboard-port <port>",
      `the head's web dashboard port (defaults to ${DEFAULT_DASHBOARD_PORT}; to any free one with --port 0)`,
      wholeNumber(0),
    )
    .option("--no-dashboard", "do not serve the web dashboard")
    .option("--host <host>", "interface to listen on (beyond loopback a token is required)")
    .option(
      "--num-workers <n>",
      "worker processes (defaults to the number of cores)",
      wholeNumber(1),
    )
    .option("--resources <json>", "custom resources, e.g. '{\"gpu\": 1}'", resources)
    .option(
      "--object-store-memory <bytes>",
      "object bytes kept in memory before spilling",
      wholeNumber(1),
    )
    .option(
      "--ready-timeout-ms <ms>",
      "how long to wait for the node to be up",
      wholeNumber(1),
      DEFAULT_READY_TIMEOUT_MS,
    )
    .option("--json", "print the node's record as JSON")
    .action(async (options: StartOptions, command: Command) => {
      const flags = command.optsWithGlobals<ClusterOptions>();
      const env = context.io.env;
      const storage = context.storageDir();
      const join_ = flags.address ?? (options.head === true ? undefined : env["RAYX_ADDRESS"]);
      if (options.head === true && flags.address !== undefined) {
        throw new CliUsageError(
          "give either --head (start a head) or --address (join one), not both",
        );
      }
      if (options.head !== true && (join_ === undefined || join_ === "")) {
        throw new CliUsageError(
          "say what to start: --head for a new cluster, or --address ws://HOST:PORT to join one",
        );
      }
      mkdirSync(storage, { recursive: true, mode: 0o700 });
      const token = tokenFor(storage, options, flags.token ?? env["RAYX_TOKEN"]);
      const common = {
        storageDir: storage,
        ...(options.host === undefined ? {} : { host: options.host }),
        ...(token === undefined ? {} : { token }),
        ...(options.numWorkers === undefined ? {} : { numWorkers: options.numWorkers }),
        ...(options.resources === undefined ? {} : { resources: options.resources }),
        ...(options.objectStoreMemory === undefined
          ? {}
          : { objectStoreMemory: options.objectStoreMemory }),
      };
      const nodeOptions =
        options.head === true
          ? { ...common, head: true, port: options.port, ...dashboardOf(options) }
          : { ...common, address: join_ as string };
      const role = options.head === true ? "head" : "node";
      context.progress(`starting a ${role} node (its workers may take a few seconds)…`);
      const record = await startDaemon(context, storage, role, nodeOptions, options.readyTimeoutMs);
      if (options.json === true) {
        context.printJson(record);
        return;
      }
      context.print(describe(record, storage, token !== undefined));
    });
}

/** The head's dashboard option: none with `--no-dashboard`; on the port asked, else the default. */
function dashboardOf(options: StartOptions): { dashboard?: { port: number } } {
  if (!options.dashboard) return {};
  const port = options.dashboardPort ?? (options.port === 0 ? 0 : DEFAULT_DASHBOARD_PORT);
  return { dashboard: { port } };
}

function resources(value: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(`expected a JSON object of numbers, not '${value}'.`);
  }
  const ok =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((n) => typeof n === "number" && n >= 0);
  if (!ok) throw new InvalidArgumentError(`expected a JSON object of numbers ≥ 0, not '${value}'.`);
  return parsed as Record<string, number>;
}

/**
 * The token the node uses: the one given, else (for a head beyond loopback) a new one.
 * A head's token is kept in `<storage>/token` (0600) for drivers and nodes to read.
 */
function tokenFor(
  storage: string,
  options: StartOptions,
  given: string | undefined,
): string | undefined {
  if (options.head !== true) return given;
  const open = options.host !== undefined && !LOOPBACK.test(options.host);
  const token = given ?? (open ? randomBytes(24).toString("hex") : undefined);
  if (token !== undefined) writeFileSync(join(storage, "token"), `${token}\n`, { mode: 0o600 });
  return token;
}

async function startDaemon(
  context: CommandContext,
  storage: string,
  role: "head" | "node",
  nodeOptions: object,
  timeoutMs: number,
): Promise<NodeRecord> {
  mkdirSync(nodesDir(storage), { recursive: true, mode: 0o700 });
  const logFile = join(nodesDir(storage), `${role}-${Date.now().toString(36)}.log`);
  const log = openSync(logFile, "a", 0o600);
  const here = fileURLToPath(import.meta.url);
  const daemon = fileURLToPath(new URL(`../nodeDaemon${extname(here)}`, import.meta.url));
  const child = fork(daemon, [], {
    detached: true,
    stdio: ["ignore", log, log, "ipc"],
    execArgv: process.execArgv.filter((flag) => !flag.startsWith("--test")),
    env: { ...context.io.env, [DAEMON_OPTIONS_ENV]: JSON.stringify(nodeOptions) },
  });
  closeSync(log);
  const report = await new Promise<DaemonReport>((resolve) => {
    const timer = setTimeout(
      () => resolve({ failed: `it did not report ready within ${timeoutMs} ms` }),
      timeoutMs,
    );
    child.once("message", (message: DaemonReport) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ failed: `it exited (${signal ?? `code ${code}`}) before it was ready` });
    });
  });
  child.removeAllListeners();
  if ("failed" in report) {
    if (child.exitCode === null && child.pid !== undefined) child.kill("SIGKILL");
    throw new NodeStartError(role, report.failed, logFile, logTail(logFile));
  }
  const record: NodeRecord = {
    ...report.ready,
    pid: child.pid as number,
    role,
    hostname: hostname(),
    logFile,
    startedAt: Date.now(),
  };
  writeNodeRecord(storage, record);
  if (child.connected) child.disconnect();
  child.unref();
  return record;
}

function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-20).join("\n").trim();
  } catch {
    return "";
  }
}

function describe(record: NodeRecord, storage: string, hasToken: boolean): string {
  const storageFlag = storage === join(tmpdir(), "rayx") ? "" : ` --storage ${storage}`;
  const lines = [
    `started ${roleLabel(record.role)} ${record.nodeId} (pid ${record.pid})`,
    `  address:     ${record.address}`,
    ...(record.dashboardUrl === undefined
      ? []
      : [
          `  dashboard:   ${record.dashboardUrl}` +
            (hasToken ? " (open it once with ?token=<the token>)" : ""),
        ]),
    `  session dir: ${record.sessionDir}`,
    `  log:         ${record.logFile}`,
  ];
  if (hasToken && record.role === "head") {
    lines.push(
      `  token:       in ${join(storage, "token")} (drivers and nodes pass it as RAYX_TOKEN)`,
    );
  }
  const next: [string, string][] =
    record.role === "head"
      ? [
          [`rayx${storageFlag} run app.ts`, "run a driver script against it"],
          [`RAYX_ADDRESS=${record.address} node app.js`, "or any driver that calls init()"],
          [`rayx start --address ${record.address} --storage DIR`, "join another node to it"],
          [`rayx status --address ${record.address}`, "see it"],
          [`rayx${storageFlag} stop`, "stop the nodes started here"],
        ]
      : [
          [`rayx --address ${record.address} run app.ts`, "run a driver script on the cluster"],
          [`rayx status --address ${record.address}`, "see the cluster"],
          [`rayx${storageFlag} stop`, "stop the nodes started here"],
        ];
  const width = Math.max(...next.map(([command]) => command.length));
  lines.push("", "next:", ...next.map(([command, what]) => `  ${command.padEnd(width)}  ${what}`));
  return lines.join("\n");
}
