import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { parseArticleLine } from "../../ingest/article.js";
import type { ExtractionResult } from "../../model.js";
import { runPipeline } from "../../pipeline.js";
import { createPipelineContext } from "../../sources/context.js";
import type { CliCommand } from "../command.js";
import { openOutput, readLines, write } from "../io.js";
import { createProgress } from "../progress.js";

/** The extraction line written for an input line that could not be read: no events, the problem as a warning. */
function failedLine(id: string | null, error: string): ExtractionResult {
  return { article: { id: id ?? "", published: null, url: null }, events: [], warnings: [error] };
}

/** `sitrep extract`: Article JSONL in, one extraction line per article out, in input order, streaming. */
export const extractCommand: CliCommand = {
  name: "extract",
  register(program: Command, exit) {
    program
      .command("extract")
      .description(
        "Extract events from Article JSONL (SCHEMA.md §1); writes one extraction line per article (§2)",
      )
      .argument("<articles>", 'Article JSONL file, or "-" for stdin')
      .option("-o, --output <file>", "write JSONL here instead of stdout")
      .option("--no-geocode", "skip the gazetteer (locations stay null)")
      .action(async (path: string, opts: { output?: string; geocode: boolean }) => {
        const ctx = await createPipelineContext(loadConfig(), { geocode: opts.geocode });
        const out = openOutput(opts.output);
        const progress = createProgress("extract");
        let failed = 0;
        let articles = 0;
        let events = 0;
        for await (const { line, number } of readLines(path)) {
          if (line.trim() === "") continue;
          const where = `${path === "-" ? "stdin" : path}:${number}`;
          const parsed = parseArticleLine(line, where);
          let result: ExtractionResult;
          if (parsed.ok) {
            const { result: r } = runPipeline(parsed.article, ctx);
            result = { ...r, warnings: [...parsed.warnings, ...r.warnings] };
          } else {
            failed++;
            process.stderr.write(`sitrep extract: ${parsed.error}\n`);
            result = failedLine(parsed.id, parsed.error);
          }
          articles++;
          events += result.events.length;
          await write(out.stream, `${JSON.stringify(result)}\n`);
          progress.update(articles, `${articles} articles, ${events} events, ${failed} failed`);
        }
        await out.close();
        progress.done(`extract: ${articles} articles, ${events} events, ${failed} failed`);
        exit(failed > 0 ? 1 : 0);
      });
  },
};
