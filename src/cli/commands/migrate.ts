import type { Command } from "commander";
import { loadConfig, redactUrl } from "../../config.js";
import { createStore } from "../../store/store.js";
import { openDatabase } from "../../store/db.js";
import type { CliCommand } from "../command.js";

/** `sitrep migrate`: brings the store's schema up to date (other commands also do it on first use). */
export const migrateCommand: CliCommand = {
  name: "migrate",
  register(program: Command, exit) {
    program
      .command("migrate")
      .description(
        "Create or update the event store's tables (PGlite in $SITREP_DATA_DIR/db, or PostgreSQL at DATABASE_URL)",
      )
      .action(async () => {
        const config = loadConfig();
        const store = createStore(await openDatabase(config));
        try {
          const applied = await store.migrate();
          const where = config.databaseUrl ? redactUrl(config.databaseUrl) : `${config.dataDir}/db`;
          process.stderr.write(
            applied.length === 0
              ? `migrate: ${where} is up to date\n`
              : `migrate: applied ${applied.join(", ")} to ${where}\n`,
          );
        } finally {
          await store.close();
        }
        exit(0);
      });
  },
};
