import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { type FailureRow, openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";

/** Shortens a cell to `width` characters on one line. */
function cell(value: string, width: number): string {
  const flat = value.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

/** Renders failures as a fixed-width text table. */
export function failureTable(rows: readonly FailureRow[]): string {
  const header = `${cell("id", 6)} ${cell("stage", 8)} ${cell("tries", 5)} ${cell("state", 8)} ${cell("origin", 40)} reason`;
  const lines = rows.map(
    (r) =>
      `${cell(String(r.id), 6)} ${cell(r.stage, 8)} ${cell(String(r.attempts), 5)} ${cell(r.resolved ? "resolved" : "open", 8)} ${cell(r.origin, 40)} ${cell(r.reason, 120).trimEnd()}`,
  );
  return `${[header, ...lines].join("\n")}\n`;
}

/** `sitrep failures`: lists the input items that could not be stored, with why. */
export const failuresCommand: CliCommand = {
  name: "failures",
  register(program: Command, exit) {
    program
      .command("failures")
      .description("List input items that failed to ingest (open ones by default), newest first")
      .option("--all", "include failures since resolved")
      .option("--run <id>", "only failures of this ingest run")
      .option("--json", "one JSON object per line instead of a table")
      .addHelpText("after", "\nRetry them with `sitrep ingest --retry-failures`.")
      .action(async (opts: { all?: boolean; run?: string; json?: boolean }) => {
        const runId = opts.run === undefined ? undefined : Number(opts.run);
        if (runId !== undefined && !Number.isInteger(runId)) {
          throw new SitrepError(
            "bad_input",
            `--run: expected a run id (a whole number), found "${opts.run}"`,
          );
        }
        const store = await openStore(loadConfig());
        try {
          const rows = await store.failures.list({
            all: !!opts.all,
            ...(runId === undefined ? {} : { runId }),
          });
          if (opts.json) process.stdout.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
          else if (rows.length === 0) process.stderr.write("failures: none\n");
          else process.stdout.write(failureTable(rows));
        } finally {
          await store.close();
        }
        exit(0);
      });
  },
};
