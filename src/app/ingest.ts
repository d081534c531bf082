// The ingestion service: the one place that orders the work of storing news. Read items → check what is
// already stored → runBatch (the batched pipeline `sitrep extract` uses) → saveBatch (articles, reports,
// claims and fusion in one transaction) → counts, failures and progress. The CLI (`ingest`, `watch`) and
// the queue workers call it; it knows no input format and no SQL.
import { errorMessage } from "../errors.js";
import type { FusionPlan } from "../fuse/plan.js";
import { readsLanguage } from "../ingest/language.js";
import type { Article, ExtractionResult } from "../model.js";
import { type PipelineContext, type PipelineRun, runBatch } from "../pipeline.js";
import type { InputItem } from "../sources/files.js";
import type { ArticleCheck, ArticleToSave, RunCounts, SaveResult, Store } from "../store/store.js";
import { type BatchLimits, batched } from "./batched.js";

/** A failure as a summary lists it (all are in the failures table). */
export interface ListedFailure {
  readonly origin: string;
  readonly stage: string;
  readonly reason: string;
}

/** The item counts of a batch or a run. */
export interface ItemCounts {
  readonly read: number;
  readonly new: number;
  readonly duplicate: number;
  readonly failed: number;
  /** Reports extracted from the new articles. */
  readonly reports: number;
  /** Open failures resolved (the item was stored or found already stored). */
  readonly resolved: number;
  /** New articles in languages Sitrep does not read (stored, no events), by language code. */
  readonly unread: Readonly<Record<string, number>>;
  /** The first few failures (all are in the failures table). */
  readonly failures: readonly ListedFailure[];
  /** Milliseconds spent per step: waiting for input, checking what is stored, extracting, writing, fusing. */
  readonly ms: StepTimes;
}

/** What an ingest did. Events created/updated are distinct events as they stand at the end of the run. */
export interface IngestSummary extends RunCounts, ItemCounts {
  readonly runId: number | null;
  /** Events created by this run that are known only from background mentions (left out of `events`). */
  readonly eventsBackground: number;
  /** Items skipped because they were not among the origins asked for (retry mode). */
  readonly skipped: number;
}

/**
 * Milliseconds per step of ingestion. Extraction in a thread of its own overlaps the other steps, so the steps
 * then add up to more than the run took.
 */
export interface StepTimes {
  readonly read: number;
  readonly check: number;
  readonly extract: number;
  readonly write: number;
  readonly fuse: number;
}

/** No time spent. */
export const NO_TIME: StepTimes = { read: 0, check: 0, extract: 0, write: 0, fuse: 0 };

/** Step times added up. */
function addTimes(a: StepTimes, b: Partial<StepTimes>): StepTimes {
  return {
    read: a.read + (b.read ?? 0),
    check: a.check + (b.check ?? 0),
    extract: a.extract + (b.extract ?? 0),
    write: a.write + (b.write ?? 0),
    fuse: a.fuse + (b.fuse ?? 0),
  };
}

/** Turns a batch of articles into pipeline runs, in order: runBatch in production. */
export type ExtractBatch = (articles: readonly Article[]) => PipelineRun[] | Promise<PipelineRun[]>;

/** The production extractor: the pipeline over the batch (see runBatch). */
export function pipelineExtractor(ctx: PipelineContext): ExtractBatch {
  return (articles) => runBatch(articles, ctx);
}

/** An extractor of one article at a time as a batch extractor (a throw fails that article alone, stage "extract"). */
export function perArticle(
  extract: (article: Article) => ExtractionResult | Promise<ExtractionResult>,
): ExtractBatch {
  return async (articles) => {
    const runs: PipelineRun[] = [];
    for (const article of articles) {
      try {
        runs.push({ ok: true, result: await extract(article), trace: { stages: [] } });
      } catch (error) {
        runs.push({ ok: false, stage: "extract", error });
      }
    }
    return runs;
  };
}

/** Options of an ingest. */
export interface IngestOptions {
  /** Called after every batch with the counts so far (throttle display in the caller). */
  readonly onProgress?: (summary: IngestSummary) => void;
  /** Recorded on the ingest_runs row (the command line, say). */
  readonly args?: unknown;
  /** Only these origins are ingested, the rest skipped (`--retry-failures`). */
  readonly onlyOrigins?: ReadonlySet<string>;
  /** How often the run's counts are written to ingest_runs while it goes, in ms (default 2000). */
  readonly checkpointMs?: number;
  /** Items per batch, characters per batch, and how long a quiet source holds a partial batch. */
  readonly batch?: Partial<BatchLimits>;
}

/** How many failures a summary lists by name. */
const LISTED_FAILURES = 20;

/** Default batch: big enough that a transaction and the stages' caches pay off, small enough to lose little on a crash. */
export const INGEST_BATCH: BatchLimits = { items: 64, size: 2_000_000, idleMs: 200 };

/** Characters an item adds to a batch. */
export function itemSize(item: InputItem): number {
  return "article" in item ? item.article.text.length : 1;
}

/** What run counts need of a fusion plan (a worker sends only this back through the queue). */
export type FusionCounts = Pick<FusionPlan, "created" | "updated" | "deleted"> & {
  readonly events: readonly { readonly id: string; readonly is_background: boolean }[];
};

/** The event counts of a run, kept as the fusion plans of its batches come in. */
function eventTally() {
  const created = new Set<string>();
  const updated = new Set<string>();
  const background = new Map<string, boolean>();
  return {
    add(plan: FusionCounts) {
      for (const id of plan.created) created.add(id);
      for (const id of plan.updated) if (!created.has(id)) updated.add(id);
      for (const id of plan.deleted) {
        created.delete(id);
        updated.delete(id);
        background.delete(id);
      }
      for (const e of plan.events) background.set(e.id, e.is_background);
    },
    /** News events created, background-only events created, events updated (news or not). */
    counts() {
      const news = [...created].filter((id) => !background.get(id)).length;
      return { eventsCreated: news, eventsBackground: created.size - news, eventsUpdated: updated.size };
    },
  };
}

/** What became of one item of a batch: stored new, already stored (the stored article's id), or failed (why). */
export interface ItemOutcome {
  readonly origin: string;
  readonly status: "new" | "duplicate" | "failed";
  /** The stored article's id (null when the item failed before an article was read). */
  readonly id: string | null;
  readonly reason?: string;
}

/**
 * What one batch did: its counts (read time is the caller's), each item's outcome in batch order, and the fusion
 * plans its saves applied, in order.
 */
export interface BatchOutcome extends ItemCounts {
  readonly items: readonly ItemOutcome[];
  readonly fusion: readonly FusionCounts[];
}

/** The service's unit of work, shared by the in-process runner and the queue workers. */
export interface Ingestion {
  /** Ingests one batch of items in one transaction (see ingestItems for what happens to each item). */
  ingestBatch(batch: readonly InputItem[], runId: number | null): Promise<BatchOutcome>;
  /**
   * The first half of ingestBatch: checks what is stored and starts extracting the new articles. The batch is
   * saved by the returned `save` (call saves in batch order, one at a time); ingestItems saves one batch while
   * the next one is extracted.
   */
  beginBatch(batch: readonly InputItem[], runId: number | null): Promise<BegunBatch>;
}

/** A batch checked against the store, its new articles being extracted. */
export interface BegunBatch {
  /** Waits for the extraction, stores the batch and records its failures. */
  save(): Promise<BatchOutcome>;
}

/** A read article with its origin and the warnings reading it gave. */
type ReadArticle = { origin: string; article: Article; warnings: readonly string[] };

/** An article to save with the origin it came from. */
type Entry = ArticleToSave & { origin: string };

/** What the store already holds of an article: the same text, or its id or url with another text. */
type Stored = Exclude<ArticleCheck, { status: "new" }>;

/**
 * The ingestion of batches into a store with an extractor. For each item: an input error is a failure (stage
 * "read"); an article already stored with the same text (by content hash, whatever its id or url) is a
 * duplicate and is not extracted again; an article whose id or url is stored with another text is a conflict,
 * recorded as a failure (stage "dedupe"), and the stored article is kept unchanged; else it is extracted (a
 * failing article fails alone, stage "extract") and saved with its reports, claims, warnings and fusion, the
 * whole batch in one transaction. When a batch cannot be saved, its articles are saved one by one so only the
 * bad one fails (stage "store"). A stored or duplicate item resolves its open failure. If a failure itself
 * cannot be recorded (the database is gone) the batch throws.
 */
export function createIngestion(store: Store, extract: ExtractBatch): Ingestion {
  // When the last batch's extraction ends: a batch's extraction starts after its check and after the
  // extraction before it (an extractor in a thread takes batches one at a time).
  let extractorFree = 0;
  const beginBatch = async (batch: readonly InputItem[], runId: number | null): Promise<BegunBatch> => {
    const t0 = performance.now();
    const read: ReadArticle[] = batch.flatMap((item) => ("article" in item ? [item] : []));
    const checks = await store.articles.check(read.map((r) => r.article));
    const checked = performance.now();
    const articles = read.flatMap((r, i) => (checks[i]!.status === "new" ? [r.article] : []));
    const extracting = timed(() => extract(articles)).then(
      ({ value, end }) => {
        const ms = end - Math.max(checked, extractorFree);
        extractorFree = end;
        return { runs: value, ms };
      },
      // Kept as a value, so a batch abandoned because an earlier save threw leaves no unhandled rejection.
      (error: unknown) => ({ error }),
    );
    return {
      save: async () => {
        const extracted = await extracting;
        if ("error" in extracted) throw extracted.error;
        const spent = { check: checked - t0, extract: extracted.ms };
        return saveBegun(batch, runId, read, checks, extracted.runs, spent);
      },
    };
  };

  /** The second half of a batch: extraction failures, the save, failures recorded, outcomes and counts. */
  async function saveBegun(
    batch: readonly InputItem[],
    runId: number | null,
    read: readonly ReadArticle[],
    checks: readonly ArticleCheck[],
    runs: readonly PipelineRun[],
    spent: { check: number; extract: number },
  ): Promise<BatchOutcome> {
    const counts = { read: batch.length, new: 0, duplicate: 0, failed: 0, reports: 0, resolved: 0 };
    const unread: Record<string, number> = {};
    const failures: ListedFailure[] = [];
    const fusion: FusionPlan[] = [];
    let ms = addTimes(NO_TIME, spent);
    // The file each item came from, recorded with its failure so a retry re-reads it.
    const fileOf = new Map(batch.map((item) => [item.origin, item.file ?? null]));
    const outcomes = new Map<string, ItemOutcome>();
    const idOf = new Map(batch.map((item) => [item.origin, "article" in item ? item.article.id : null]));
    const done = (origin: string, status: ItemOutcome["status"], id: string | null, reason?: string) =>
      outcomes.set(origin, { origin, status, id, ...(reason !== undefined && { reason }) });
    const fail = async (origin: string, stage: string, reason: string, raw: string | null) => {
      done(origin, "failed", idOf.get(origin) ?? null, reason);
      counts.failed++;
      if (failures.length < LISTED_FAILURES) failures.push({ origin, stage, reason });
      await store.failures.record({ origin, file: fileOf.get(origin) ?? null, stage, reason, raw, runId });
    };
    const resolved: string[] = [];
    const stored = (origin: string, check: Stored, text: string) => {
      if (check.status === "conflict")
        return fail(origin, "dedupe", `${origin}: ${check.reason}`, text.slice(0, 500));
      counts.duplicate++;
      done(origin, "duplicate", check.storedId);
      resolved.push(origin);
    };
    for (const item of batch) {
      if ("error" in item) await fail(item.origin, "read", item.error, item.raw ?? null);
    }
    const fresh: (ReadArticle & { hash: string })[] = [];
    for (const [i, r] of read.entries()) {
      const check = checks[i]!;
      if (check.status === "new") fresh.push({ ...r, hash: check.hash });
      else await stored(r.origin, check, r.article.text);
    }
    // An article whose extraction failed may have been stored meanwhile by an earlier batch's save (its twin
    // there): asked again, it is what a batch checked after that save would have found.
    const failedAt = fresh.flatMap((_, i) => (runs[i]?.ok ? [] : [i]));
    const now =
      failedAt.length === 0 ? [] : await store.articles.check(failedAt.map((i) => fresh[i]!.article));
    const recheck = new Map(failedAt.map((at, k) => [at, now[k]!]));
    const entries: Entry[] = [];
    for (const [i, r] of fresh.entries()) {
      const run = runs[i];
      const again = recheck.get(i);
      if (again && again.status !== "new") await stored(r.origin, again, r.article.text);
      else if (!run?.ok) {
        const why = run ? errorMessage(run.error) : "no extraction came back";
        await fail(
          r.origin,
          "extract",
          `${r.origin}: extraction failed: ${why}`,
          r.article.text.slice(0, 500),
        );
      } else {
        entries.push({
          article: { ...r.article, language: run.result.article.language ?? r.article.language },
          reports: run.result.events,
          origin: r.origin,
          runId,
          warnings: [...r.warnings, ...run.result.warnings],
          hash: r.hash,
        });
      }
    }
    for (const { entry, saved } of await save(entries)) {
      const { origin, article } = entry;
      if (saved instanceof Error) {
        await fail(origin, "store", `${origin}: could not store the article: ${saved.message}`, null);
      } else if (saved.status !== "new") await stored(origin, saved, article.text);
      else {
        done(origin, "new", article.id);
        counts.new++;
        counts.reports += saved.reports;
        const language = article.language;
        if (language && !readsLanguage(language)) unread[language] = (unread[language] ?? 0) + 1;
        resolved.push(origin);
      }
    }
    counts.resolved = await store.failures.resolve(resolved);
    const items = batch.map(
      (item): ItemOutcome => outcomes.get(item.origin) ?? { origin: item.origin, status: "failed", id: null },
    );
    return { ...counts, unread, failures, items, fusion, ms };

    /** Saves in one transaction; when that fails, one by one, so only the article at fault fails. */
    async function save(list: readonly Entry[]): Promise<{ entry: Entry; saved: SaveResult | Error }[]> {
      if (list.length === 0) return [];
      try {
        const done = await store.saveBatch(list);
        if (done.fusion) fusion.push(done.fusion);
        ms = addTimes(ms, done.ms);
        return list.map((entry, i) => ({ entry, saved: done.saved[i]! }));
      } catch (error) {
        if (list.length === 1) return [{ entry: list[0]!, saved: asError(error) }];
        const one = [];
        for (const entry of list) one.push(...(await save([entry])));
        return one;
      }
    }
  }

  return {
    beginBatch,
    ingestBatch: async (batch, runId) => (await beginBatch(batch, runId)).save(),
  };
}

/** Adds batch outcomes up into a run's summary, and the run's event counts as they stand at its end. */
export function createTally(runId: number | null) {
  const counts = { read: 0, new: 0, duplicate: 0, failed: 0, reports: 0, resolved: 0, skipped: 0 };
  const events = eventTally();
  const unread: Record<string, number> = {};
  const failures: ListedFailure[] = [];
  let ms = NO_TIME;
  return {
    add(outcome: BatchOutcome) {
      ms = addTimes(ms, outcome.ms);
      for (const key of ["read", "new", "duplicate", "failed", "reports", "resolved"] as const)
        counts[key] += outcome[key];
      for (const [lang, n] of Object.entries(outcome.unread)) unread[lang] = (unread[lang] ?? 0) + n;
      for (const f of outcome.failures) if (failures.length < LISTED_FAILURES) failures.push(f);
      for (const plan of outcome.fusion) events.add(plan);
    },
    skip(n: number) {
      counts.skipped += n;
    },
    /** Adds time spent waiting for input. */
    waited(readMs: number) {
      ms = addTimes(ms, { read: readMs });
    },
    runCounts(): RunCounts {
      const { eventsCreated, eventsUpdated } = events.counts();
      const { read, new: fresh, duplicate, failed } = counts;
      return { read, new: fresh, duplicate, failed, eventsCreated, eventsUpdated };
    },
    summary(): IngestSummary {
      return {
        ...this.runCounts(),
        eventsBackground: events.counts().eventsBackground,
        runId,
        reports: counts.reports,
        skipped: counts.skipped,
        resolved: counts.resolved,
        unread: { ...unread },
        failures: [...failures],
        ms,
      };
    },
  };
}

/**
 * Ingests input items in process, a batch at a time (createIngestion's batches, one transaction each), so a
 * killed run leaves whole batches only and the next run finishes the rest (what is stored is recognised and
 * skipped). A batch is checked and its extraction started before the batch before it is saved, so an extractor
 * in another thread extracts while this one stores; a batch waiting to be saved is saved at once when the input
 * goes quiet (`batch.idleMs`). The run is recorded in ingest_runs with its counts, checkpointed while it goes.
 */
export async function ingestItems(
  store: Store,
  items: AsyncIterable<InputItem>,
  extract: ExtractBatch,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const runId = await store.runs.start(options.args ?? null);
  const ingestion = createIngestion(store, extract);
  const tally = createTally(runId);
  const limits = { ...INGEST_BATCH, ...options.batch };
  const checkpointMs = options.checkpointMs ?? 2000;
  let lastCheckpoint = Date.now();
  const source = batched(items, itemSize, limits)[Symbol.asyncIterator]();
  // Checked and being extracted, not saved yet.
  let begun: BegunBatch | null = null;
  const saveBegun = async () => {
    if (!begun) return;
    const batch = begun;
    begun = null;
    tally.add(await batch.save());
    options.onProgress?.(tally.summary());
    if (Date.now() - lastCheckpoint >= checkpointMs) {
      lastCheckpoint = Date.now();
      await store.runs.update(runId, tally.runCounts());
    }
  };
  try {
    for (;;) {
      const waitFrom = performance.now();
      const next = source.next();
      let saving = 0;
      if (begun && (await quiet(next, limits.idleMs))) {
        const t = performance.now();
        await saveBegun();
        saving = performance.now() - t;
      }
      const read = await next;
      tally.waited(performance.now() - waitFrom - saving);
      if (read.done) break;
      const wanted = read.value.filter(
        (item) => !options.onlyOrigins || options.onlyOrigins.has(item.origin),
      );
      tally.skip(read.value.length - wanted.length);
      // Checked before the save below opens its transaction (PGlite has one connection).
      const following = await ingestion.beginBatch(wanted, runId);
      await saveBegun();
      begun = following;
    }
    await saveBegun();
  } catch (error) {
    await store.runs.update(runId, tally.runCounts(), "failed").catch(() => undefined);
    throw error;
  }
  await store.runs.update(runId, tally.runCounts(), "finished");
  return tally.summary();
}

/** True when `next` has not settled within `ms` (the input went quiet). */
async function quiet(next: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([
      next.then(
        () => false,
        () => false,
      ),
      idle,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` and gives its value with the moment it was ready. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; end: number }> {
  const value = await fn();
  return { value, end: performance.now() };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(errorMessage(error));
}
