import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { validIsoDate } from "../../ingest/article.js";
import type { Article, Span } from "../../model.js";
import { runPipeline } from "../../pipeline.js";
import { createPipelineContext } from "../../sources/context.js";
import { type InputItem, readInputs } from "../../sources/files.js";
import type { CliCommand } from "../command.js";

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

/** The article `explain` takes from the inputs read: the one with `id`, or the only one there is. */
export async function pickArticle(
  items: AsyncIterable<InputItem>,
  path: string,
  id: string | undefined,
): Promise<{ article: Article; warnings: readonly string[] }> {
  const errors: string[] = [];
  const ids: string[] = [];
  let only: { article: Article; warnings: readonly string[] } | null = null;
  for await (const item of items) {
    if ("error" in item) {
      errors.push(item.error);
      continue;
    }
    if (id !== undefined) {
      if (item.article.id === id) return item;
      continue;
    }
    ids.push(item.article.id);
    if (ids.length === 1) only = item;
    if (ids.length > 3) break;
  }
  if (id === undefined && only && ids.length === 1) return only;
  if (id === undefined && ids.length > 1)
    throw new SitrepError(
      "bad_input",
      `${path}: expected one article, found several (${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", ..." : ""}); pick one with --id`,
    );
  const why = errors.length > 0 ? `; ${errors.slice(0, 3).join("; ")}` : "";
  throw new SitrepError(
    "not_found",
    id === undefined
      ? `${path}: expected an article, found none${why}`
      : `${path}: expected an article with id "${id}", found none${why}`,
  );
}

/** `sitrep explain`: prints what each stage found for one article. */
export const explainCommand: CliCommand = {
  name: "explain",
  register(program: Command, exit) {
    program
      .command("explain")
      .description(
        "Show what each stage found for one article (sentences, dates, casualties, places, candidates, drops), " +
          "read as ingest reads it: an HTML page, a .txt dispatch, an Article JSON(L) file or a feed (formats: docs/FORMATS.md)",
      )
      .argument(
        "<input>",
        'an HTML page, .txt, Article JSON or JSONL file, feed file, or "-" for JSONL on stdin',
      )
      .option("--id <id>", "the article id to explain (needed when the input holds more than one article)")
      .option("--published <date>", "publication date (YYYY-MM-DD) for inputs that state none (.txt)")
      .option("--no-geocode", "skip the gazetteer")
      .option("--json", "print the trace as JSON")
      .action(
        async (path: string, opts: { id?: string; published?: string; geocode: boolean; json?: boolean }) => {
          if (opts.published !== undefined && validIsoDate(opts.published) === null)
            throw new SitrepError(
              "bad_input",
              `--published: expected an ISO date (YYYY-MM-DD), found "${opts.published}"`,
            );
          const { article, warnings } = await pickArticle(
            readInputs([path], { published: opts.published ?? null }),
            path,
            opts.id,
          );
          const ctx = await createPipelineContext(loadConfig(), { geocode: opts.geocode });
          const { result, trace } = runPipeline(article, ctx);
          if (opts.json) {
            process.stdout.write(
              `${JSON.stringify({ article: articleHead(article), result, trace }, null, 1)}\n`,
            );
          } else {
            process.stdout.write(`article ${article.id}: ${describe(articleHead(article))}\n`);
            for (const stage of trace.stages) {
              const items = Array.isArray(stage.found) ? stage.found : [stage.found];
              process.stdout.write(`== ${stage.stage} (${items.length})\n`);
              for (const item of items) process.stdout.write(`  ${describe(item)}\n`);
            }
            for (const w of [...warnings, ...result.warnings]) process.stdout.write(`warning: ${w}\n`);
          }
          exit(0);
        },
      );
  },
};

/** What explain shows of the article itself: where it came from and how long its text is (not the text). */
function articleHead(article: Article): Record<string, unknown> {
  return {
    title: article.title,
    url: article.url,
    outlet: article.outlet,
    published: article.published,
    chars: article.text.length,
  };
}
