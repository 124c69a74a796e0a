#!/usr/bin/env node
/**
 * The `rayx` executable: runs the command line on the process's arguments and
 * exits with its code. From source (unbuilt):
 * `node --conditions=rayx-source --import tsx packages/cli/src/bin.ts <command>`.
 */
import { runCli } from "./runCli.js";

process.exitCode = await runCli(process.argv.slice(2));
