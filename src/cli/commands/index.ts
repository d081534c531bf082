import type { CliCommand } from "../command.js";
import { eventsCommand } from "./events.js";
import { exportCommand } from "./export.js";
import { explainCommand } from "./explain.js";
import { extractCommand } from "./extract.js";
import { gazetteerCommand } from "./gazetteer.js";
import { geoparseCommand } from "./geoparse.js";
import { failuresCommand } from "./failures.js";
import { ingestCommand } from "./ingest.js";
import { migrateCommand } from "./migrate.js";
import { serveCommand } from "./serve.js";
import { statusCommand } from "./status.js";
import { tokenCommand } from "./token.js";
import { watchCommand } from "./watch.js";
import { workerCommand } from "./worker.js";

/** Every CLI command, in the order `sitrep --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  extractCommand,
  explainCommand,
  migrateCommand,
  ingestCommand,
  failuresCommand,
  eventsCommand,
  exportCommand,
  watchCommand,
  workerCommand,
  statusCommand,
  serveCommand,
  tokenCommand,
  geoparseCommand,
  gazetteerCommand,
];
