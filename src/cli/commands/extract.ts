import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { errorMessage } from "../../errors.js";
import { type ArticleParse, parseArticleLine } from "../../ingest/article.js";
import { readsLanguage, unreadSummary } from "../../ingest/language.js";
import type { Article, ExtractionResult } from "../../model.js";
import { BATCH, type PipelineContext, runBatch } from "../../pipeline.js";
import { createPipelineContext } from "../../sources/context.js";
import { countFileLines } from "../../sources/files.js";
import type { CliCommand } from "../command.js";
import { batched } from "../../app/batched.js";
import { openOutput, readLines, write } from "../io.js";
import { createProgress } from "../progress.js";

/** The extraction line written for an input line that could not be read: no events, the problem as a warning. */
function failedLine(id: string | null, error: string): ExtractionResult {
  return { article: { id: id ?? "", published: null, url: null }, events: [], warnings: [error] };
}

/** An input line waiting for its batch: where it was read and what parsing it gave. */
interface Pending {
  readonly where: string;
  readonly parsed: ArticleParse;
}

/** Extracts a batch of parsed lines; one extraction per line, in order, with a message for every line that failed. */
function extractBatch(
  batch: readonly Pending[],
  ctx: PipelineContext,
): { result: ExtractionResult; error?: string }[] {
  const articles: Article[] = [];
  for (const { parsed } of batch) if (parsed.ok) articles.push(parsed.article);
  const runs = runBatch(articles, ctx);
  let next = 0;
  return batch.map(({ where, parsed }) => {
    if (!parsed.ok) return { result: failedLine(parsed.id, parsed.error), error: parsed.error };
    const run = runs[next++];
    if (!run?.ok) {
      const error = `${where}: ${run?.stage ?? "pipeline"} failed: ${errorMessage(run?.error)}`;
      return { result: failedLine(parsed.article.id, error), error };
    }
    return { result: { ...run.result, warnings: [...parsed.warnings, ...run.result.warnings] } };
  });
}

/** The lines that hold something (blank lines are no articles). */
async function* nonBlank<T extends { line: string }>(lines: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const l of lines) if (l.line.trim() !== "") yield l;
}

/** `sitrep extract`: Article JSONL in, one extraction line per article out, in input order, streaming. */
export const extractCommand: CliCommand = {
  name: "extract",
  register(program: Command, exit) {
    program
      .command("extract")
      .description(
        "Extract events from Article JSONL; writes one extraction line per article (formats: docs/FORMATS.md §1, §2)",
      )
      .argument("<articles>", 'Article JSONL file, or "-" for stdin')
      .option("-o, --output <file>", "write JSONL here instead of stdout")
      .option("--no-geocode", "skip the gazetteer (locations stay null)")
      .action(async (path: string, opts: { output?: string; geocode: boolean }) => {
        const ctx = await createPipelineContext(loadConfig(), { geocode: opts.geocode });
        const out = openOutput(opts.output);
        // The total comes from a quick count of the file's lines first (stdin or a pipe: unknown).
        const total = path === "-" ? null : await countFileLines(path).catch(() => null);
        const progress = createProgress("extract");
        if (total !== null) progress.setTotal(total);
        const counts = { articles: 0, events: 0, failed: 0 };
        const unread: Record<string, number> = {};
        const where = (number: number) => `${path === "-" ? "stdin" : path}:${number}`;
        const lines = nonBlank(readLines(path));
        const limits = { items: BATCH.articles, size: BATCH.chars, idleMs: 200 };
        for await (const group of batched(lines, (l) => l.line.length, limits)) {
          const batch = group.map(({ line, number }) => {
            const at = where(number);
            return { where: at, parsed: parseArticleLine(line, at) };
          });
          for (const { result, error } of extractBatch(batch, ctx)) {
            if (error) {
              counts.failed++;
              process.stderr.write(`sitrep extract: ${error}\n`);
            }
            counts.articles++;
            counts.events += result.events.length;
            const language = result.article.language;
            if (language && !readsLanguage(language)) unread[language] = (unread[language] ?? 0) + 1;
            await write(out.stream, `${JSON.stringify(result)}\n`);
          }
          const { articles, events, failed } = counts;
          progress.update(articles, `${articles} articles, ${events} events, ${failed} failed`);
        }
        await out.close();
        const { articles, events, failed } = counts;
        const unreadNote = unreadSummary(unread);
        progress.done(
          `extract: ${articles} articles, ${events} events, ${failed} failed${unreadNote ? `, ${unreadNote}` : ""}`,
        );
        exit(failed > 0 ? 1 : 0);
      });
  },
};
