/**
 * Runs one scenario in this process: `runScenario.ts <name> <durationMs> <dir>`.
 * Progress goes to stderr; the result is the last stdout line, `RESULT <json>`.
 * `main.ts` starts it in a process group of its own and kills that group after it.
 */
import { scenarios } from "./scenarios.js";

const [name = "", duration = "", dir = ""] = process.argv.slice(2);
const scenario = scenarios.get(name);
if (scenario === undefined || !(Number(duration) > 0) || dir === "") {
  process.stderr.write(
    `usage: runScenario.ts <${[...scenarios.keys()].join("|")}> <durationMs> <dir>\n`,
  );
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`[${name}] ${line}\n`);
try {
  const result = await scenario.run({ durationMs: Number(duration), dir, log });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
