// The event store: repositories by concept (articles, events, reviews, runs, failures, tokens) and the batch writer,
// over one backend that knows embedded PGlite from PostgreSQL. The store applies what it is given; the order
// of work is the ingestion service's (src/app/ingest.ts).
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Article, Report } from "../model.js";
import { type AggregateRepository, aggregateRepository } from "./aggregates.js";
import { type ArticleRepository, articleRepository } from "./articles.js";
import { type StoreBackend, storeBackend } from "./backend.js";
import { type ArticleToSave, type BatchSave, batchWriter, type SaveResult } from "./batch.js";
import { type DatabaseHandle, type OpenOptions, openDatabase } from "./db.js";
import { type EventRepository, eventRepository } from "./events.js";
import { type FailureRepository, failureRepository } from "./failures.js";
import { migrateToLatest } from "./migrations.js";
import { type ReviewRepository, reviewRepository } from "./reviews.js";
import { type RunRepository, runRepository } from "./runs.js";
import type { Database } from "./schema.js";
import { type TokenRepository, tokenRepository } from "./tokens.js";

export type { Cluster, EventSetVersion, EventStats, SourceStats } from "./aggregates.js";
export type { ArticleCheck } from "./articles.js";
export type { ArticleToSave, BatchSave, SaveResult } from "./batch.js";
export type { EventFilter } from "./events.js";
export type { FailureRow, NewFailure } from "./failures.js";
export type { AuditEntry, QueueCursor, QueuedEvent, ReviewAct, ReviewRecord } from "./reviews.js";
export type { RunCounts, RunRow } from "./runs.js";
export type { Principal, TokenInfo, TokenRole } from "./tokens.js";

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
  /** "pglite" or "postgres". */
  readonly backend: StoreBackend["kind"];
  /** The Kysely handle, for edges that need a query the port does not offer (benchmarks, admin). */
  readonly db: Kysely<Database>;
  readonly articles: ArticleRepository;
  readonly events: EventRepository;
  /** Counts, sources, map clusters and export versions, aggregated in SQL. */
  readonly aggregates: AggregateRepository;
  readonly reviews: ReviewRepository;
  readonly runs: RunRepository;
  readonly failures: FailureRepository;
  readonly tokens: TokenRepository;
  /** Applies pending migrations; returns their names. */
  migrate(): Promise<string[]>;
  /**
   * Writes a batch of articles with their reports and claims and fuses all the new reports, in one transaction
   * (on PostgreSQL under the advisory locks of the space-time cells the reports may fuse in, so concurrent
   * writers elsewhere go on). An article already stored is not written again (duplicate or conflict).
   */
  saveBatch(entries: readonly ArticleToSave[]): Promise<BatchSave>;
  /** saveBatch with one article. */
  saveArticle(
    article: Article,
    reports: readonly Report[],
    meta?: { origin?: string; runId?: number | null; warnings?: readonly string[] },
  ): Promise<SaveResult>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

/** Wraps an open database handle as a Store (migrations are the caller's: see openStore). */
export function createStore(handle: DatabaseHandle): Store {
  const backend = storeBackend(handle);
  const { db } = backend;
  const saveBatch = batchWriter(backend);
  const events = eventRepository(backend);
  return {
    backend: backend.kind,
    db,
    articles: articleRepository(backend),
    events,
    aggregates: aggregateRepository(backend, events),
    reviews: reviewRepository(backend),
    runs: runRepository(backend),
    failures: failureRepository(backend),
    tokens: tokenRepository(backend),
    migrate: () => migrateToLatest(db, backend.schema),
    saveBatch,
    async saveArticle(article, reports, meta = {}) {
      const { saved } = await saveBatch([{ article, reports, ...meta }]);
      return saved[0]!;
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

    close: () => backend.close(),
  };
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
