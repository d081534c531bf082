import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { gazetteerStats, importGeonamesDump, loadGazetteer } from "../../sources/gazetteer-index.js";
import type { CliCommand } from "../command.js";

/** `sitrep gazetteer build|import`: builds the cached index, or adds a GeoNames dump to it. */
export const gazetteerCommand: CliCommand = {
  name: "gazetteer",
  register(program: Command, exit) {
    const gaz = program
      .command("gazetteer")
      .description("Manage the gazetteer index (GeoNames cities500 + data/gazetteer, cached on disk)");
    gaz
      .command("build")
      .description("Build (or load) the cached gazetteer index and print its size")
      .option("--cache-dir <dir>", "folder of the index (default: SITREP_CACHE_DIR or ./sitrep-data/cache)")
      .action(async (opts: { cacheDir?: string }) => {
        const dir = opts.cacheDir ?? loadConfig().cacheDir;
        await loadGazetteer(dir);
        const s = gazetteerStats(dir);
        process.stdout.write(
          `gazetteer: ${s?.places ?? 0} places, ${s?.keys ?? 0} name keys, ${((s?.bytes ?? 0) / 1e6).toFixed(1)} MB in ${dir}` +
            `${s?.buildMs != null ? `, built in ${(s.buildMs / 1000).toFixed(1)} s` : ", loaded from cache"}\n`,
        );
        exit(0);
      });
    gaz
      .command("import")
      .description(
        "Add a GeoNames dump (allCountries.txt, a country file such as SY.txt) to the cached index",
      )
      .argument("<dump>", "GeoNames dump file in the geoname table format (19 tab-separated columns)")
      .option("--cache-dir <dir>", "folder of the index (default: SITREP_CACHE_DIR or ./sitrep-data/cache)")
      .action(async (file: string, opts: { cacheDir?: string }) => {
        const dir = opts.cacheDir ?? loadConfig().cacheDir;
        const result = await importGeonamesDump(dir, file, (p) => {
          process.stderr.write(
            `sitrep gazetteer import: ${file} line ${p.line}: ${p.message}; line skipped\n`,
          );
        });
        process.stdout.write(
          `gazetteer import: ${result.added} places added from ${file}, ${result.problems.length} malformed lines skipped, ${result.places} places in the index\n`,
        );
        exit(result.problems.length > 0 ? 1 : 0);
      });
  },
};
