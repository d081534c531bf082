import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { parseArticleLine } from "../../ingest/article.js";
import type { Span } from "../../model.js";
import { runPipeline } from "../../pipeline.js";
import { createPipelineContext } from "../../sources/context.js";
import type { CliCommand } from "../command.js";
import { readLines } from "../io.js";

function quote(span: Span): string {
  return `[${span.start}-${span.end}] "${span.text.length > 90 ? `${span.text.slice(0, 87)}...` : span.text}"`;
}

/** One readable line for an item a stage found: its span first, then its interesting fields. */
export function describe(item: unknown): string {
  if (typeof item !== "object" || item === null) return String(item);
  const o = item as Record<string, unknown>;
  const span = (o.span ?? (typeof o.start === "number" ? o : null)) as Span | null;
  const skip = new Set([
    "span",
    "start",
    "end",
    "text",
    "sentence",
    "resolutions",
    "actors",
    "cues",
    "evidence",
  ]);
  const rest = Object.entries(o)
    .filter(([k, v]) => !skip.has(k) && v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
  return `${span && typeof span.text === "string" ? quote(span) : ""} ${rest}`.trim();
}

/** `sitrep explain`: prints what each stage found for one article. */
export const explainCommand: CliCommand = {
  name: "explain",
  register(program: Command, exit) {
    program
      .command("explain")
      .description(
        "Show what each stage found for one article: sentences, dates, casualties, places, candidates, drops",
      )
      .argument("<articles>", 'Article JSONL file, or "-" for stdin')
      .requiredOption("--id <id>", "the article id to explain")
      .option("--no-geocode", "skip the gazetteer")
      .option("--json", "print the trace as JSON")
      .action(async (path: string, opts: { id: string; geocode: boolean; json?: boolean }) => {
        for await (const { line, number } of readLines(path)) {
          if (!line.includes(opts.id)) continue;
          const parsed = parseArticleLine(line, `${path}:${number}`);
          if (!parsed.ok || parsed.article.id !== opts.id) continue;
          const ctx = await createPipelineContext(loadConfig(), { geocode: opts.geocode });
          const { result, trace } = runPipeline(parsed.article, ctx);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ result, trace }, null, 1)}\n`);
          } else {
            for (const stage of trace.stages) {
              const items = Array.isArray(stage.found) ? stage.found : [stage.found];
              process.stdout.write(`== ${stage.stage} (${items.length})\n`);
              for (const item of items) process.stdout.write(`  ${describe(item)}\n`);
            }
            for (const w of result.warnings) process.stdout.write(`warning: ${w}\n`);
          }
          exit(0);
          return;
        }
        process.stderr.write(`sitrep explain: no article with id "${opts.id}" in ${path}\n`);
        exit(1);
      });
  },
};
