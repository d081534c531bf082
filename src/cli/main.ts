import { Command, CommanderError } from "commander";
import { errorMessage } from "../errors.js";
import { COMMANDS } from "./commands/index.js";

/** Builds the `sitrep` program with every command registered. */
export function buildProgram(exit: (code: number) => void): Command {
  const program = new Command("sitrep")
    .description("Conflict-event intelligence: articles in, sourced, geocoded, fused ACLED events out.")
    .version("0.1.0")
    .showHelpAfterError()
    // Every command inherits this: a stray word (a misplaced filter value, a second file) is an error, not ignored.
    .allowExcessArguments(false)
    .exitOverride();
  for (const command of COMMANDS) command.register(program, exit);
  return program;
}

/** Runs the CLI with the given arguments (without `node` and the script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // `sitrep explain ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.once("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  let code = 0;
  const program = buildProgram((c) => {
    code = Math.max(code, c);
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`sitrep: ${errorMessage(error)}\n`);
    return 1;
  }
}
