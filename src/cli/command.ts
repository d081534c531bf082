import type { Command } from "commander";

/** One CLI command: registers itself on the program; its action reports an exit code through `exit`. */
export interface CliCommand {
  readonly name: string;
  register(program: Command, exit: (code: number) => void): void;
}
