import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { geoparse } from "../../geocode/index.js";
import type { Resolution } from "../../model.js";
import { loadGazetteer } from "../../sources/gazetteer-index.js";
import type { CliCommand } from "../command.js";
import { openOutput, readLines, write } from "../io.js";

/** One toponym of a `sitrep geoparse` output line. */
export interface ToponymOut {
  readonly start: number;
  readonly end: number;
  readonly phrase: string;
  readonly lat: number;
  readonly lon: number;
  readonly geonames_id: string | null;
  readonly gazetteer_id: string;
  readonly name: string;
  readonly country_code: string | null;
  readonly admin1: string | null;
  readonly admin2: string | null;
  readonly feature_code: string;
  readonly geo_precision: number;
  readonly rule: string;
  readonly score: number;
}

/** Converts a Resolution to the output shape of `sitrep geoparse`. */
export function toponymOut(r: Resolution): ToponymOut {
  const p = r.place;
  return {
    start: r.span.start,
    end: r.span.end,
    phrase: r.span.text,
    lat: p.lat,
    lon: p.lon,
    geonames_id: p.id.startsWith("geonames:") ? p.id.slice(9) : null,
    gazetteer_id: p.id,
    name: p.name,
    country_code: p.country_code,
    admin1: p.admin1,
    admin2: p.admin2,
    feature_code: p.feature_code,
    geo_precision: r.geo_precision,
    rule: r.rule,
    score: r.score,
  };
}

/** Reads one input line: `{id, text}`; an error message naming the line when it is not one. */
export function parseGeoparseLine(
  line: string,
  where: string,
): { ok: true; id: string; text: string } | { ok: false; id: string | null; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      ok: false,
      id: null,
      error: `geoparse: expected a JSON object on ${where}, found ${JSON.stringify(line.slice(0, 40))}`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      id: null,
      error: `geoparse: expected a JSON object on ${where}, found ${JSON.stringify(value)?.slice(0, 40)}`,
    };
  }
  const o = value as Record<string, unknown>;
  const id = typeof o.id === "string" || typeof o.id === "number" ? String(o.id) : null;
  if (typeof o.text !== "string") {
    return { ok: false, id, error: `geoparse: expected a string "text" on ${where}, found ${typeof o.text}` };
  }
  return { ok: true, id: id ?? where, text: o.text };
}

/** `sitrep geoparse`: `{id, text}` JSONL in, `{id, toponyms}` JSONL out. */
export const geoparseCommand: CliCommand = {
  name: "geoparse",
  register(program: Command, exit) {
    program
      .command("geoparse")
      .description(
        'Find and resolve the places in {"id","text"} JSONL; writes {"id","toponyms":[...]} per line',
      )
      .argument("<input>", 'JSONL file with "id" and "text" on each line, or "-" for stdin')
      .option("-o, --output <file>", "write JSONL here instead of stdout")
      .option("--no-demonyms", 'do not return demonyms ("Syrian") as toponyms of their country')
      .option(
        "--country <codes>",
        "ISO alpha-2 codes the texts are about, comma-separated (favoured in ties)",
      )
      .option(
        "--cache-dir <dir>",
        "folder of the gazetteer index (default: SITREP_CACHE_DIR or ./sitrep-data/cache)",
      )
      .action(
        async (
          path: string,
          opts: { output?: string; demonyms: boolean; country?: string; cacheDir?: string },
        ) => {
          const gaz = await loadGazetteer(opts.cacheDir ?? loadConfig().cacheDir);
          const countryHints = (opts.country ?? "")
            .split(",")
            .map((c) => c.trim().toUpperCase())
            .filter((c) => c.length === 2);
          const out = openOutput(opts.output);
          let failed = 0;
          let lines = 0;
          let toponyms = 0;
          for await (const { line, number } of readLines(path)) {
            if (line.trim() === "") continue;
            lines++;
            const parsed = parseGeoparseLine(line, `${path === "-" ? "stdin" : path} line ${number}`);
            if (!parsed.ok) {
              failed++;
              process.stderr.write(`sitrep ${parsed.error}\n`);
              await write(
                out.stream,
                `${JSON.stringify({ id: parsed.id ?? `line-${number}`, toponyms: [], error: parsed.error })}\n`,
              );
              continue;
            }
            const found = geoparse(parsed.text, gaz, { includeDemonyms: opts.demonyms, countryHints }).map(
              toponymOut,
            );
            toponyms += found.length;
            await write(out.stream, `${JSON.stringify({ id: parsed.id, toponyms: found })}\n`);
          }
          await out.close();
          process.stderr.write(`geoparse: ${lines} lines, ${toponyms} toponyms, ${failed} failed\n`);
          exit(failed > 0 ? 1 : 0);
        },
      );
  },
};
