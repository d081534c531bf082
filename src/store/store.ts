import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from "kysely";
import type { Config } from "../config.js";
import { SitrepError } from "../errors.js";
import { buildEvent, eventAsOf } from "../fuse/index.js";
import type {
  Article,
  EventReview,
  EventStatus,
  FusedEvent,
  HistoryEntry,
  Report,
  SourcedReport,
} from "../model.js";
import { type Backend, type DatabaseHandle, type OpenOptions, openDatabase } from "./db.js";
import { fusionLocks } from "../fuse/locks.js";
import { type FusionPlan, mergeReviews } from "../fuse/plan.js";
import { applyPlan, lockFusion, planReports, takeLocks, upsertEvents } from "./fusion-store.js";
import { migrateToLatest } from "./migrations.js";
import { claimRows, cleanText, reportRow, SOURCED_REPORT_COLUMNS, sourced, sourcedFromRow } from "./rows.js";
import type { Database } from "./schema.js";
import { sha256Hex } from "../util/hash.js";

/** Filters of an event query; every field is optional and they combine with AND. */
export interface EventFilter {
  /** Events whose date interval ends on or after this day (YYYY-MM-DD). */
  readonly from?: string;
  /** Events whose date interval starts on or before this day (YYYY-MM-DD). */
  readonly to?: string;
  /** [west, south, east, north] in degrees; west > east crosses the antimeridian. */
  readonly bbox?: readonly [number, number, number, number];
  readonly eventType?: string;
  readonly subEventType?: string;
  /** actor1 or actor2, case-insensitive exact name. */
  readonly actor?: string;
  readonly country?: string;
  readonly admin1?: string;
  readonly status?: EventStatus;
  /** Full-text search (web-search syntax, English stemming) over the text and title of the events' articles. */
  readonly text?: string;
  /** Build each event as it stood at this date: reports, claims and reviews published later are left out. */
  readonly asOf?: string;
  /** Also events known only from background mentions (past events an article cites as context); default false. */
  readonly includeBackground?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** One recorded failure, as `sitrep failures` lists it. */
export interface FailureRow {
  readonly id: number;
  readonly origin: string;
  /** Where it failed: read (the input), dedupe, extract, store. */
  readonly stage: string;
  readonly reason: string;
  readonly raw_excerpt: string | null;
  readonly run_id: number | null;
  readonly attempts: number;
  readonly resolved: boolean;
  readonly first_seen: string;
  readonly last_seen: string;
}

/** A failure to record. */
export interface NewFailure {
  readonly origin: string;
  readonly stage: string;
  readonly reason: string;
  readonly raw?: string | null;
  readonly runId?: number | null;
}

/** How an article relates to the stored ones, before or while it is written. */
export type ArticleCheck =
  | { readonly status: "new" }
  | { readonly status: "duplicate"; readonly storedId: string }
  | { readonly status: "conflict"; readonly reason: string };

/** What saving one article did. */
export type SaveResult =
  | { readonly status: "new"; readonly reports: number }
  | { readonly status: "duplicate"; readonly storedId: string }
  | { readonly status: "conflict"; readonly reason: string };

/** One article to store with the reports extracted from it. */
export interface ArticleToSave {
  readonly article: Article;
  readonly reports: readonly Report[];
  /** Where it came from ("file.jsonl:17", "https://..."). */
  readonly origin?: string | null;
  readonly runId?: number | null;
  /** What extraction warned about (kept with the article). */
  readonly warnings?: readonly string[];
}

/** What saving a batch did: each article's outcome in order, the fusion plan applied (null: no reports), and the milliseconds spent writing (locks, articles, reports, claims) and fusing. */
export interface BatchSave {
  readonly saved: readonly SaveResult[];
  readonly fusion: FusionPlan | null;
  readonly ms: { readonly write: number; readonly fuse: number };
}

/** One entry of an event's review audit trail. */
export interface ReviewRecord {
  readonly id: number;
  readonly event_id: string;
  readonly by: string;
  readonly at: string;
  readonly status: EventStatus;
  readonly note: string | null;
  readonly review: EventReview;
  /** What the review changed: each field's value before and after. */
  readonly changes: readonly HistoryEntry[];
}

/** The counts of one ingest run. */
export interface RunCounts {
  readonly read: number;
  readonly new: number;
  readonly duplicate: number;
  readonly failed: number;
  readonly eventsCreated: number;
  readonly eventsUpdated: number;
}

/** One ingest run as stored. */
export interface RunRow extends RunCounts {
  readonly id: number;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly status: string;
  readonly args: unknown;
}

/** Row counts of the main tables. */
export interface StoreStats {
  readonly articles: number;
  readonly reports: number;
  readonly events: number;
  readonly claims: number;
  readonly openFailures: number;
}

/** The event store port: the same behaviour on embedded PGlite and on PostgreSQL. */
export interface Store {
  readonly backend: Backend;
  /** The Kysely handle, for edges that need a query the port does not offer (benchmarks, admin). */
  readonly db: Kysely<Database>;
  /** Applies pending migrations; returns their names. */
  migrate(): Promise<string[]>;
  /** For each article, whether it is new, already stored (same text) or a conflict (its id or url holds another text). */
  checkArticles(articles: readonly Article[]): Promise<ArticleCheck[]>;
  /** Writes an article, its reports and claims and fuses the reports, all in one transaction (a batch of one). */
  saveArticle(
    article: Article,
    reports: readonly Report[],
    meta?: { origin?: string; runId?: number | null; warnings?: readonly string[] },
  ): Promise<SaveResult>;
  /**
   * Writes a batch of articles with their reports and claims and fuses all the new reports, in one transaction
   * (on PostgreSQL under the advisory locks of the space-time cells the reports may fuse in, so concurrent
   * writers elsewhere go on). An article already stored is not written again (duplicate or conflict).
   */
  saveBatch(entries: readonly ArticleToSave[]): Promise<BatchSave>;
  getArticle(id: string): Promise<Article | null>;
  /** Streams the fused events matching a filter, ordered by start date then id (news events only unless includeBackground). */
  queryEvents(filter: EventFilter): AsyncIterable<FusedEvent>;
  /** How many events match a filter (ignores limit, offset and asOf). */
  countEvents(filter: EventFilter): Promise<number>;
  getEvent(id: string): Promise<FusedEvent | null>;
  /** The reports fused into an event, with their articles' metadata. */
  listReports(eventId: string): Promise<SourcedReport[]>;
  /** Applies a person's review on top of fusion, records it in the audit trail, returns the event as it is now. */
  reviewEvent(id: string, review: EventReview): Promise<FusedEvent>;
  /** The review audit trail of an event, oldest first. */
  listHistory(id: string): Promise<ReviewRecord[]>;
  /** Records the start of an ingest run; on PGlite, runs left "running" by a killed process become "interrupted". */
  startRun(args: unknown): Promise<number>;
  updateRun(id: number, counts: RunCounts, status?: string): Promise<void>;
  listRuns(limit?: number): Promise<RunRow[]>;
  /** Records a failure; an origin with an open failure has it updated (attempts + 1), not duplicated. */
  recordFailure(failure: NewFailure): Promise<void>;
  /** Marks the open failures of these origins resolved; returns how many. */
  resolveFailures(origins: readonly string[]): Promise<number>;
  /** Failures, newest first; open ones only unless `all`. */
  listFailures(options?: { all?: boolean; runId?: number }): Promise<FailureRow[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Sort key of events without a date: after every dated one. */
const UNDATED = "9999-12-31";

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}

function checkDay(value: string | undefined, name: string): void {
  if (value !== undefined && !ISO_DAY.test(value)) {
    throw new SitrepError("bad_input", `store: expected ${name} as YYYY-MM-DD, found "${value}"`);
  }
}

/** The WHERE clause of an event filter over the events table. */
function eventWhere(filter: EventFilter) {
  checkDay(filter.from, "from");
  checkDay(filter.to, "to");
  return (eb: ExpressionBuilder<Database, "events">): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    // Spelled as the partial index events_news_order is, so deep pages of news events stay index range scans.
    if (!filter.includeBackground) parts.push(sql<SqlBool>`not is_background`);
    if (filter.from) parts.push(eb("date_end", ">=", filter.from));
    if (filter.to) parts.push(eb("date_start", "<=", filter.to));
    if (filter.bbox) {
      const [west, south, east, north] = filter.bbox;
      parts.push(eb("lat", ">=", south), eb("lat", "<=", north));
      parts.push(
        west <= east
          ? eb.and([eb("lon", ">=", west), eb("lon", "<=", east)])
          : eb.or([eb("lon", ">=", west), eb("lon", "<=", east)]),
      );
    }
    if (filter.eventType) parts.push(eb("event_type", "=", filter.eventType));
    if (filter.subEventType) parts.push(eb("sub_event_type", "=", filter.subEventType));
    if (filter.actor) {
      const name = filter.actor.toLowerCase();
      parts.push(eb.or([eb(sql`lower(actor1)`, "=", name), eb(sql`lower(actor2)`, "=", name)]));
    }
    if (filter.country) parts.push(eb("country", "=", filter.country));
    if (filter.admin1) parts.push(eb("admin1", "=", filter.admin1));
    if (filter.status) parts.push(eb("status", "=", filter.status));
    if (filter.text) {
      parts.push(
        eb(
          "id",
          "in",
          eb
            .selectFrom("reports")
            .innerJoin("articles", "articles.id", "reports.article_id")
            .select("reports.event_id")
            .where(
              sql<SqlBool>`to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text) @@ websearch_to_tsquery('english', ${filter.text})`,
            ),
        ),
      );
    }
    return eb.and(parts);
  };
}

/** Compares two article rows: same text is a duplicate, same id or url with other text a conflict. */
function classify(
  article: Article,
  hash: string,
  rows: readonly { id: string; url: string | null; content_hash: string; origin: string | null }[],
): ArticleCheck {
  const same = rows.find((r) => r.content_hash === hash);
  if (same) return { status: "duplicate", storedId: same.id };
  const byId = rows.find((r) => r.id === article.id);
  if (byId) {
    return {
      status: "conflict",
      reason: `article id "${article.id}" is already stored with a different text (from ${byId.origin ?? "an earlier run"}); the stored article was kept, this one was not stored`,
    };
  }
  const byUrl = rows.find((r) => article.url !== null && r.url === article.url);
  if (byUrl) {
    return {
      status: "conflict",
      reason: `url ${article.url} is already stored as article "${byUrl.id}" with a different text; the stored article was kept, this one was not stored`,
    };
  }
  return { status: "new" };
}

/** The stored article rows that share an id, a text or a url with any of these articles. */
async function findArticleRows(
  db: Kysely<Database>,
  articles: readonly { readonly article: Article; readonly hash: string }[],
) {
  if (articles.length === 0) return [];
  const ids = articles.map((a) => a.article.id);
  const hashes = articles.map((a) => a.hash);
  const urls = articles.flatMap((a) => (a.article.url === null ? [] : [a.article.url]));
  return db
    .selectFrom("articles")
    .select(["id", "url", "content_hash", "origin"])
    .where((eb) =>
      eb.or([
        eb("id", "in", ids),
        eb("content_hash", "in", hashes),
        ...(urls.length === 0 ? [] : [eb("url", "in", urls)]),
      ]),
    )
    .execute();
}

/** The row of an article to store, with its content hash, origin, run and the warnings extraction gave. */
function articleRow(e: ArticleToSave & { readonly hash: string }) {
  const { article } = e;
  return {
    id: article.id,
    url: article.url,
    outlet: article.outlet,
    published: article.published,
    title: article.title,
    text: cleanText(article.text),
    language: article.language,
    content_hash: e.hash,
    origin: e.origin ?? null,
    run_id: e.runId ?? null,
    warnings: JSON.stringify(e.warnings ?? []),
  };
}

/** Rows per insert statement (about 20 parameters each, far below PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

/** Writes reports and their claims, each with the event fusion gave it. */
async function insertReports(
  db: Kysely<Database>,
  units: readonly SourcedReport[],
  eventOf: ReadonlyMap<string, string>,
): Promise<void> {
  const event = (id: string) => eventOf.get(id) ?? null;
  for (let i = 0; i < units.length; i += INSERT_CHUNK) {
    const rows = units
      .slice(i, i + INSERT_CHUNK)
      .map((u) => ({ ...reportRow(u), event_id: event(u.report.id) }));
    await db.insertInto("reports").values(rows).execute();
  }
  const claims = units.flatMap(claimRows).map((c) => ({ ...c, event_id: event(c.report_id) }));
  for (let i = 0; i < claims.length; i += INSERT_CHUNK) {
    await db
      .insertInto("claims")
      .values(claims.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** Wraps an open database handle as a Store (migrations are the caller's: see openStore). */
export function createStore(handle: DatabaseHandle): Store {
  const { db, backend, schema } = handle;

  async function reportsOf(eventId: string): Promise<SourcedReport[]> {
    const rows = await db
      .selectFrom("reports")
      .select(SOURCED_REPORT_COLUMNS)
      .where("event_id", "=", eventId)
      .orderBy("id")
      .execute();
    return rows.map(sourcedFromRow);
  }

  async function reviewsAsOf(eventId: string, asOf: string | null): Promise<EventReview | null> {
    const rows = await db
      .selectFrom("event_reviews")
      .select(["review", "reviewed_at"])
      .where("event_id", "=", eventId)
      .orderBy("id")
      .execute();
    return mergeReviews(
      rows.filter((r) => asOf === null || r.reviewed_at.slice(0, asOf.length) <= asOf).map((r) => r.review),
    );
  }

  const store: Store = {
    backend,
    db,
    migrate: () => migrateToLatest(db, schema),

    async checkArticles(articles) {
      const prepared = articles.map((article) => ({ article, hash: sha256Hex(article.text) }));
      const rows = await findArticleRows(db, prepared);
      return prepared.map((p) => classify(p.article, p.hash, rows));
    },

    async saveArticle(article, reports, meta = {}) {
      const { saved } = await store.saveBatch([{ article, reports, ...meta }]);
      return saved[0]!;
    },

    async saveBatch(entries) {
      const prepared = entries.map((e) => ({ ...e, hash: sha256Hex(e.article.text) }));
      const t0 = performance.now();
      let fuseMs = 0;
      const done = await db.transaction().execute(async (trx) => {
        // PGlite is one connection in one process: nothing else can write between our statements.
        if (backend === "postgres") {
          await takeLocks(trx, fusionLocks(prepared.flatMap((e) => sourced(e.article, e.reports))));
        }
        const inserted = new Set(
          prepared.length === 0
            ? []
            : (
                await trx
                  .insertInto("articles")
                  .values(prepared.map(articleRow))
                  .onConflict((oc) => oc.doNothing())
                  .returning("id")
                  .execute()
              ).map((r) => r.id),
        );
        // A row of this batch wins over a later entry with its id: only the first entry with an id is new.
        const taken = new Set<string>();
        const fresh = prepared.map((e) => {
          const isNew = inserted.has(e.article.id) && !taken.has(e.article.id);
          taken.add(e.article.id);
          return isNew;
        });
        const stored = fresh.every(Boolean)
          ? []
          : await findArticleRows(
              trx,
              prepared.filter((_, i) => !fresh[i]),
            );
        const units = prepared.flatMap((e, i) => (fresh[i] ? sourced(e.article, e.reports) : []));
        // Fusion is planned before the reports are written, so they are written with their event at once.
        const t1 = performance.now();
        const plan =
          units.length === 0 ? null : await planReports(trx, units, { lockEvents: backend === "postgres" });
        const eventOf = new Map(plan?.assign.map((a) => [a.reportId, a.eventId]));
        fuseMs = performance.now() - t1;
        await insertReports(trx, units, eventOf);
        const t2 = performance.now();
        if (plan) await applyPlan(trx, plan, new Set(units.map((u) => u.report.id)));
        fuseMs += performance.now() - t2;
        const saved = prepared.map((e, i): SaveResult => {
          if (fresh[i]) return { status: "new", reports: e.reports.length };
          const check = classify(e.article, e.hash, stored);
          // The id, url or text is already stored (perhaps by a concurrent writer): say which, store nothing.
          return check.status === "new"
            ? {
                status: "conflict",
                reason: `article "${e.article.id}" could not be stored next to the stored ones`,
              }
            : check;
        });
        return { saved, fusion: plan };
      });
      return { ...done, ms: { write: performance.now() - t0 - fuseMs, fuse: fuseMs } };
    },

    async getArticle(id) {
      const row = await db
        .selectFrom("articles")
        .select(["id", "url", "outlet", "published", "title", "text", "language"])
        .where("id", "=", id)
        .executeTakeFirst();
      return row ?? null;
    },

    async *queryEvents(filter) {
      const where = eventWhere(filter);
      const asOf = filter.asOf ?? null;
      const limit = filter.limit ?? Number.POSITIVE_INFINITY;
      const page = 500;
      // Keyset pagination on (start date, id), served by the events_order index: every page costs the same,
      // however deep into a million-event export it is. The caller's offset applies to the first page only.
      const key = sql<string>`coalesce(date_start, ${UNDATED})`;
      let after: { key: string; id: string } | null = null;
      let offset = filter.offset ?? 0;
      let sent = 0;
      while (sent < limit) {
        const last: { key: string; id: string } | null = after;
        const requested = Math.min(page, limit - sent);
        const rows: { id: string; data: FusedEvent; sort_key: string }[] = await db
          .selectFrom("events")
          .select(["id", "data", key.as("sort_key")])
          .where(where)
          .$if(last !== null, (q) =>
            q.where((eb) => eb(eb.refTuple(key, "id"), ">", eb.tuple(last!.key, last!.id))),
          )
          .orderBy(key)
          .orderBy("id")
          .limit(requested)
          .offset(offset)
          .execute();
        offset = 0;
        for (const row of rows) {
          if (asOf === null) {
            yield row.data;
          } else {
            const then = eventAsOf(await reportsOf(row.id), asOf, await reviewsAsOf(row.id, asOf));
            // As it stood then, an event with news now may have been known from background mentions only.
            if (then === null || (then.is_background && !filter.includeBackground)) continue;
            yield then;
          }
          sent++;
        }
        const tail = rows.at(-1);
        if (!tail || rows.length < requested) break;
        after = { key: tail.sort_key, id: tail.id };
      }
    },

    async countEvents(filter) {
      const row = await db
        .selectFrom("events")
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .where(eventWhere(filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async getEvent(id) {
      const row = await db.selectFrom("events").select("data").where("id", "=", id).executeTakeFirst();
      return row?.data ?? null;
    },

    listReports: reportsOf,

    async reviewEvent(id, review) {
      return db.transaction().execute(async (trx) => {
        await lockFusion(trx);
        const row = await trx.selectFrom("events").select("data").where("id", "=", id).executeTakeFirst();
        if (!row) throw new SitrepError("not_found", `store: expected an event with id "${id}", found none`);
        const members = (
          await trx
            .selectFrom("reports")
            .select(SOURCED_REPORT_COLUMNS)
            .where("event_id", "=", id)
            .orderBy("id")
            .execute()
        ).map(sourcedFromRow);
        const prior = await trx
          .selectFrom("event_reviews")
          .select("review")
          .where("event_id", "=", id)
          .orderBy("id")
          .execute();
        const effective = mergeReviews([...prior.map((p) => p.review), review]);
        const event = buildEvent(members, { review: effective });
        const before = row.data as unknown as Record<string, unknown>;
        const after = event as unknown as Record<string, unknown>;
        const changes: HistoryEntry[] = [...Object.keys(review.fields), "status"]
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => ({
            at: review.at,
            field,
            from: before[field] ?? null,
            to: after[field] ?? null,
            by: review.by,
          }));
        await trx
          .insertInto("event_reviews")
          .values({
            event_id: id,
            reviewer: review.by,
            reviewed_at: review.at,
            status: review.status,
            review: JSON.stringify(review),
            changes: JSON.stringify(changes),
            note: review.note ?? null,
          })
          .execute();
        await upsertEvents(trx, [event]);
        return event;
      });
    },

    async listHistory(id) {
      const rows = await db
        .selectFrom("event_reviews")
        .selectAll()
        .where("event_id", "=", id)
        .orderBy("id")
        .execute();
      return rows.map((r) => ({
        id: r.id,
        event_id: r.event_id,
        by: r.reviewer,
        at: r.reviewed_at,
        status: r.status as EventStatus,
        note: r.note,
        review: r.review,
        changes: r.changes,
      }));
    },

    async startRun(args) {
      // One process at a time opens a PGlite folder, so a run still "running" there was killed.
      if (backend === "pglite") {
        await db
          .updateTable("ingest_runs")
          .set({ status: "interrupted" })
          .where("status", "=", "running")
          .execute();
      }
      const row = await db
        .insertInto("ingest_runs")
        .values({ status: "running", args: JSON.stringify(args ?? null) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateRun(id, counts, status) {
      await db
        .updateTable("ingest_runs")
        .set({
          read: counts.read,
          new: counts.new,
          duplicate: counts.duplicate,
          failed: counts.failed,
          events_created: counts.eventsCreated,
          events_updated: counts.eventsUpdated,
          ...(status ? { status, finished_at: status === "running" ? null : new Date().toISOString() } : {}),
        })
        .where("id", "=", id)
        .execute();
    },

    async listRuns(limit = 20) {
      const rows = await db
        .selectFrom("ingest_runs")
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        started_at: iso(r.started_at) ?? "",
        finished_at: iso(r.finished_at),
        status: r.status,
        args: r.args,
        read: r.read,
        new: r.new,
        duplicate: r.duplicate,
        failed: r.failed,
        eventsCreated: r.events_created,
        eventsUpdated: r.events_updated,
      }));
    },

    async recordFailure(failure) {
      const origin = cleanText(failure.origin, 1000);
      const reason = cleanText(failure.reason, 2000);
      const raw = failure.raw == null ? null : cleanText(failure.raw, 500);
      await sql`
        insert into failures (origin, stage, reason, raw_excerpt, run_id)
        values (${origin}, ${failure.stage}, ${reason}, ${raw}, ${failure.runId ?? null})
        on conflict (origin) where not resolved do update set
          stage = excluded.stage, reason = excluded.reason, raw_excerpt = excluded.raw_excerpt,
          run_id = excluded.run_id, attempts = failures.attempts + 1, last_seen = now()`.execute(db);
    },

    async resolveFailures(origins) {
      if (origins.length === 0) return 0;
      const result = await db
        .updateTable("failures")
        .set({ resolved: true, last_seen: new Date().toISOString() })
        .where(
          "origin",
          "in",
          origins.map((o) => cleanText(o, 1000)),
        )
        .where("resolved", "=", false)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listFailures(options = {}) {
      let q = db.selectFrom("failures").selectAll().orderBy("id", "desc");
      if (!options.all) q = q.where("resolved", "=", false);
      if (options.runId !== undefined) q = q.where("run_id", "=", options.runId);
      const rows = await q.execute();
      return rows.map((r) => ({
        ...r,
        first_seen: iso(r.first_seen) ?? "",
        last_seen: iso(r.last_seen) ?? "",
      }));
    },

    async stats() {
      const count = async (table: "articles" | "reports" | "events" | "claims") =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string | number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const open = await db
        .selectFrom("failures")
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .where("resolved", "=", false)
        .executeTakeFirstOrThrow();
      return {
        articles: await count("articles"),
        reports: await count("reports"),
        events: await count("events"),
        claims: await count("claims"),
        openFailures: Number(open.n),
      };
    },

    async close() {
      try {
        await db.destroy();
      } finally {
        handle.release?.();
      }
    },
  };
  return store;
}

/** Opens the store the configuration names (PGlite when config.databaseUrl is null, else PostgreSQL) and migrates it. */
export async function openStore(config: Config, options: OpenOptions = {}): Promise<Store> {
  const handle = await openDatabase(config, options);
  const store = createStore(handle);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
