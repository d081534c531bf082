import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { SitrepError } from "../../errors.js";
import { validIsoDate } from "../../ingest/article.js";
import { unreadSummary } from "../../ingest/language.js";
import { countInputs, type ReadOptions, readInputs } from "../../sources/files.js";
import type { IngestSummary } from "../../app/ingest.js";
import { openRunner } from "../../app/runner.js";
import { type FailureRow, openStore } from "../../store/store.js";
import type { CliCommand } from "../command.js";
import { createProgress } from "../progress.js";

/** Options of `sitrep ingest`. */
interface IngestCliOptions {
  published?: string;
  retryFailures?: boolean;
  geocode: boolean;
  maxBytes?: string;
  progressEvery: string;
  json?: boolean;
  wait: boolean;
  batchSize: string;
}

/** True when a path names a readable file here. */
function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Splits open failures into the files to re-read (with the origins to take from them) and the rest. */
export function retryPlan(failures: readonly FailureRow[]): {
  paths: string[];
  origins: Set<string>;
  unreadable: string[];
} {
  const paths = new Set<string>();
  const origins = new Set<string>();
  const unreadable: string[] = [];
  for (const f of failures) {
    const file = f.file !== null && isFile(f.file) ? f.file : null;
    if (file === null) unreadable.push(f.origin);
    else {
      paths.add(file);
      origins.add(f.origin);
    }
  }
  return { paths: [...paths].sort(), origins, unreadable };
}

/** One line of counts, then how many new articles were in languages Sitrep does not read (when any). */
export function summaryLine(label: string, s: IngestSummary): string {
  const unread = unreadSummary(s.unread);
  return `${label}: ${counts(s)}${unread ? `\n  ${unread}` : ""}`;
}

function counts(s: IngestSummary): string {
  return (
    `read ${s.read}, new ${s.new}, duplicate ${s.duplicate}, failed ${s.failed}, ` +
    `reports ${s.reports}, events created ${s.eventsCreated}, updated ${s.eventsUpdated}` +
    (s.eventsBackground > 0 ? ` (and ${s.eventsBackground} known only from background mentions)` : "") +
    (s.resolved > 0 ? `, failures resolved ${s.resolved}` : "")
  );
}

/**
 * Shows ingest progress through the shared reporter (items read of the total, rate, ETA, then the counts), on a TTY
 * line or every `everyMs`; the total is counted from `paths` first, a quick scan (unknown for stdin).
 */
async function progressReporter(
  label: string,
  everyMs: number,
  paths: readonly string[],
  readOptions: ReadOptions,
): Promise<{ update(s: IngestSummary): void; stop(): void }> {
  const total = await countInputs(paths, readOptions).catch(() => null);
  const progress = createProgress(label, everyMs); // after counting: the rate is of the ingest alone
  if (total !== null) progress.setTotal(total);
  return {
    update: (s) => progress.update(s.read, counts(s)),
    stop: () => progress.done(""),
  };
}

/** `sitrep ingest`: reads articles, pages, feeds and text files, extracts, stores and fuses them, resumably. */
export const ingestCommand: CliCommand = {
  name: "ingest",
  register(program: Command, exit) {
    program
      .command("ingest")
      .description(
        "Store and fuse articles from Article JSONL, HTML pages, RSS/Atom feed files and .txt (files, folders, globs, - for stdin). " +
          "Idempotent and resumable: what is stored is skipped; failures go to `sitrep failures`",
      )
      .argument("[inputs...]", 'files, folders (recursive), glob patterns, or "-" for JSONL on stdin')
      .option("--published <date>", "publication date (YYYY-MM-DD) for inputs that state none (.txt)")
      .option("--retry-failures", "re-attempt recorded failures whose file is still readable")
      .option("--no-geocode", "skip the gazetteer (locations stay null)")
      .option("--max-bytes <n>", "largest HTML/feed/.txt file read, in bytes (default 50 MB)")
      .option("--progress-every <seconds>", "seconds between progress lines when not on a terminal", "5")
      .option("--json", "print the summary as JSON on stdout")
      .option("--batch-size <n>", "articles per batch (one transaction; one queue job with REDIS_URL)", "64")
      .option("--no-wait", "with REDIS_URL set: enqueue the batches for `sitrep worker`s and return at once")
      .addHelpText(
        "after",
        "\nA re-run skips articles already stored (same URL or same text). An article whose id or URL is stored with a\n" +
          "different text is not stored (the stored one is kept) and is recorded as a failure. Exit code 1 when any\n" +
          "item failed. Storage: PGlite in $SITREP_DATA_DIR/db (default ./sitrep-data), PostgreSQL when DATABASE_URL is set.",
      )
      .action(async (inputs: string[], opts: IngestCliOptions) => {
        if (inputs.length === 0 && !opts.retryFailures) {
          throw new SitrepError(
            "bad_input",
            "ingest: expected at least one input (file, folder, glob or -), found none",
          );
        }
        if (opts.published !== undefined && validIsoDate(opts.published) === null) {
          throw new SitrepError(
            "bad_input",
            `--published: expected an ISO date (YYYY-MM-DD), found "${opts.published}"`,
          );
        }
        const everySeconds = Number(opts.progressEvery);
        if (!Number.isFinite(everySeconds) || everySeconds < 0) {
          throw new SitrepError(
            "bad_input",
            `--progress-every: expected a number of seconds, found "${opts.progressEvery}"`,
          );
        }
        const maxBytes = opts.maxBytes === undefined ? undefined : Number(opts.maxBytes);
        if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes <= 0)) {
          throw new SitrepError(
            "bad_input",
            `--max-bytes: expected a positive whole number, found "${opts.maxBytes}"`,
          );
        }
        const batchSize = Number(opts.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1) {
          throw new SitrepError(
            "bad_input",
            `--batch-size: expected a whole number ≥ 1, found "${opts.batchSize}"`,
          );
        }
        const config = loadConfig();
        const store = await openStore(config);
        let failed = 0;
        let runner: Awaited<ReturnType<typeof openRunner>> | null = null;
        try {
          runner = await openRunner(config, store, { geocode: opts.geocode });
          const using = runner;
          const readOptions = {
            published: opts.published ?? null,
            ...(maxBytes === undefined ? {} : { maxBytes }),
          };
          const summaries: IngestSummary[] = [];
          const run = async (label: string, paths: string[], onlyOrigins?: Set<string>) => {
            const progress = await progressReporter(label, everySeconds * 1000, paths, readOptions);
            try {
              const summary = await using.run(readInputs(paths, readOptions), {
                wait: opts.wait,
                batch: { items: batchSize },
                args: {
                  command: "ingest",
                  inputs: paths,
                  published: opts.published ?? null,
                  retry: !!onlyOrigins,
                  runner: using.kind,
                },
                onProgress: (s) => progress.update(s),
                ...(onlyOrigins ? { onlyOrigins } : {}),
              });
              summaries.push(summary);
              failed += summary.failed;
              return summary;
            } finally {
              progress.stop();
            }
          };
          if (inputs.length > 0) {
            const s = await run("ingest", inputs);
            process.stderr.write(`${summaryLine("ingest", s)}\n`);
            for (const f of s.failures) process.stderr.write(`  failed ${f.stage}: ${f.reason}\n`);
            if (s.failed > s.failures.length) {
              process.stderr.write(`  ... and ${s.failed - s.failures.length} more (sitrep failures)\n`);
            }
          }
          if (opts.retryFailures) {
            const plan = retryPlan(await store.failures.list());
            for (const origin of plan.unreadable) {
              process.stderr.write(`  not retried: ${origin} (not a readable file here)\n`);
            }
            if (plan.paths.length > 0) {
              const s = await run("retry", plan.paths, plan.origins);
              process.stderr.write(`${summaryLine("retry", s)}\n`);
              for (const f of s.failures) process.stderr.write(`  still failing ${f.stage}: ${f.reason}\n`);
            } else process.stderr.write("retry: no recorded failure has a readable file\n");
          }
          if (opts.json)
            process.stdout.write(`${JSON.stringify(summaries.length === 1 ? summaries[0] : summaries)}\n`);
        } finally {
          await runner?.close();
          await store.close();
        }
        exit(failed > 0 ? 1 : 0);
      });
  },
};
