/**
 * The commands of issue 6 not built yet (`start`, `stop`, `run`): listed in help
 * so users know they are planned, and each exits 2 with a message saying so
 * instead of "unknown command".
 */
import { Command } from "commander";
import { CliUsageError } from "../../errors.js";

const coming = [
  ["start", "start a head or worker node"],
  ["stop", "stop the nodes this host started"],
  ["run", "run a driver script against the cluster"],
] as const;

export function comingCommands(): Command[] {
  return coming.map(([name, summary]) =>
    new Command(name)
      .description(`${summary} (coming: issue 6)`)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new CliUsageError(
          `\`rayx ${name}\` is not built yet (coming with issue 6); ` +
            `for now start a cluster from a driver with init({ storageDir }) and inspect it with this CLI`,
        );
      }),
  );
}
