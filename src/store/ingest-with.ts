import { errorMessage } from "../errors.js";
import { readsLanguage } from "../ingest/language.js";
import type { Article, ExtractionResult } from "../model.js";
import type { InputItem } from "../sources/files.js";
import type { RunCounts, Store } from "./store.js";

/** What an ingest did (events created/updated are distinct events). `failures` lists the first few failures of the run (all are in the failures table). */
export interface IngestSummary extends RunCounts {
  readonly runId: number | null;
  /** Reports extracted from the new articles. */
  readonly reports: number;
  /** Items skipped because they were not among the origins asked for (retry mode). */
  readonly skipped: number;
  /** Open failures resolved by this run (the item was stored or found already stored). */
  readonly resolved: number;
  /** New articles in languages Sitrep does not read (stored, no events), by language code. */
  readonly unread: Readonly<Record<string, number>>;
  readonly failures: readonly { readonly origin: string; readonly stage: string; readonly reason: string }[];
}

/** Turns an article into reports: the pipeline in production; any function with the same shape works. */
export type Extract = (article: Article) => ExtractionResult | Promise<ExtractionResult>;

/** Options of an ingest. */
export interface IngestOptions {
  /** Called after every item with the counts so far (throttle display in the caller). */
  readonly onProgress?: (summary: IngestSummary) => void;
  /** Recorded on the ingest_runs row (the command line, say). */
  readonly args?: unknown;
  /** Only these origins are ingested, the rest skipped (`--retry-failures`). */
  readonly onlyOrigins?: ReadonlySet<string>;
  /** How often the run's counts are written to ingest_runs while it goes, in ms (default 2000). */
  readonly checkpointMs?: number;
}

/** How many failures a summary lists by name. */
const LISTED_FAILURES = 20;

/**
 * Ingests input items one by one, each in its own transaction, so a killed run leaves whole articles only and
 * the next run finishes the rest. For each item: an input error is recorded as a failure (stage "read"); an
 * article already stored with the same text (by content hash, whatever its id or url) is a duplicate and is
 * not extracted again; an article whose id or url is stored with a different text is a conflict, recorded as
 * a failure (stage "dedupe"), and the stored article is kept unchanged (nothing is overwritten); otherwise the
 * article is extracted (a throw is a failure, stage "extract") and saved with its reports and fusion in one
 * transaction (a throw is a failure, stage "store"). The batch always goes on; if the failure itself cannot be
 * recorded (the database is gone) the run stops with that error. Counts go to the ingest_runs table.
 */
export async function ingestWith(
  store: Store,
  items: AsyncIterable<InputItem>,
  extract: Extract,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const runId = await store.startRun(options.args ?? null);
  const openOrigins = new Set((await store.listFailures()).map((f) => f.origin));
  const counts = { read: 0, new: 0, duplicate: 0, failed: 0, eventsCreated: 0, eventsUpdated: 0 };
  const created = new Set<string>();
  const updated = new Set<string>();
  let reports = 0;
  let skipped = 0;
  let resolved = 0;
  const unread: Record<string, number> = {};
  const failures: { origin: string; stage: string; reason: string }[] = [];
  const summary = (): IngestSummary => ({
    ...counts,
    runId,
    reports,
    skipped,
    resolved,
    unread: { ...unread },
    failures: [...failures],
  });
  const fail = async (origin: string, stage: string, reason: string, raw: string | null) => {
    counts.failed++;
    if (failures.length < LISTED_FAILURES) failures.push({ origin, stage, reason });
    await store.recordFailure({ origin, stage, reason, raw, runId });
    openOrigins.add(origin);
  };
  const done = async (origin: string) => {
    if (openOrigins.delete(origin)) resolved += await store.resolveFailures([origin]);
  };
  const checkpointMs = options.checkpointMs ?? 2000;
  let lastCheckpoint = Date.now();
  try {
    for await (const item of items) {
      if (options.onlyOrigins && !options.onlyOrigins.has(item.origin)) {
        skipped++;
        continue;
      }
      counts.read++;
      await ingestOne(item);
      options.onProgress?.(summary());
      if (Date.now() - lastCheckpoint >= checkpointMs) {
        lastCheckpoint = Date.now();
        await store.updateRun(runId, counts);
      }
    }
  } catch (error) {
    await store.updateRun(runId, counts, "failed").catch(() => undefined);
    throw error;
  }
  await store.updateRun(runId, counts, "finished");
  return summary();

  async function ingestOne(item: InputItem): Promise<void> {
    if ("error" in item) {
      await fail(item.origin, "read", item.error, item.raw ?? null);
      return;
    }
    const { article, origin } = item;
    const check = await store.checkArticle(article);
    if (check.status === "duplicate") {
      counts.duplicate++;
      await done(origin);
      return;
    }
    if (check.status === "conflict") {
      await fail(origin, "dedupe", `${origin}: ${check.reason}`, article.text.slice(0, 500));
      return;
    }
    let result: ExtractionResult;
    try {
      result = await extract(article);
    } catch (error) {
      await fail(
        origin,
        "extract",
        `${origin}: extraction failed: ${errorMessage(error)}`,
        article.text.slice(0, 500),
      );
      return;
    }
    const language = result.article.language ?? article.language;
    let saved: Awaited<ReturnType<Store["saveArticle"]>>;
    try {
      saved = await store.saveArticle({ ...article, language }, result.events, { origin, runId });
    } catch (error) {
      await fail(origin, "store", `${origin}: could not store the article: ${errorMessage(error)}`, null);
      return;
    }
    if (saved.status === "duplicate") counts.duplicate++;
    else if (saved.status === "conflict") {
      await fail(origin, "dedupe", `${origin}: ${saved.reason}`, article.text.slice(0, 500));
      return;
    } else {
      counts.new++;
      if (language && !readsLanguage(language)) unread[language] = (unread[language] ?? 0) + 1;
      reports += saved.reports;
      for (const id of saved.eventsCreated) created.add(id);
      for (const id of saved.eventsUpdated) if (!created.has(id)) updated.add(id);
      counts.eventsCreated = created.size;
      counts.eventsUpdated = updated.size;
    }
    await done(origin);
  }
}
