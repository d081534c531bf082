import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { createExporter, EXPORT_FORMATS, type ExportFormat } from "../../export/formats.js";
import { openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";
import { openOutput, write } from "../io.js";
import { addFilterOptions, type FilterOptions, parseEventFilter } from "./events.js";

/** `sitrep export`: streams the fused events matching the filters as CSV (ACLED columns), GeoJSON or JSONL. */
export const exportCommand: CliCommand = {
  name: "export",
  register(program: Command, exit) {
    addFilterOptions(
      program
        .command("export")
        .description("Stream fused events as csv (ACLED column names), geojson (FeatureCollection) or jsonl")
        .requiredOption("--format <format>", `one of ${EXPORT_FORMATS.join(", ")}`)
        .option("-o, --output <file>", "write to this file instead of stdout"),
    ).action(async (opts: FilterOptions & { format: string; output?: string }) => {
      const format = opts.format.toLowerCase();
      if (!EXPORT_FORMATS.includes(format as ExportFormat))
        throw new SitrepError(
          "bad_input",
          `--format: expected one of ${EXPORT_FORMATS.join(", ")}, found "${opts.format}"`,
        );
      const filter = parseEventFilter(opts);
      const exporter = createExporter(format as ExportFormat);
      const store = await openStore(loadConfig());
      const out = openOutput(opts.output);
      let n = 0;
      try {
        await write(out.stream, exporter.header);
        for await (const event of store.events.query(filter)) {
          const chunk = exporter.event(event);
          if (chunk) await write(out.stream, chunk);
          n++;
        }
        await write(out.stream, exporter.footer());
      } finally {
        await out.close();
        await store.close();
      }
      const skipped =
        exporter.skipped > 0 ? ` (${exporter.skipped} without a location left out of GeoJSON)` : "";
      process.stderr.write(
        `exported ${n - exporter.skipped} event${n === 1 ? "" : "s"} as ${format}${skipped}\n`,
      );
      exit(0);
    });
  },
};
