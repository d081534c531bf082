import type { CliCommand } from "../command.js";

/** Every CLI command, in the order `sitrep --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];
