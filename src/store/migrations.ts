import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Database } from "./schema.js";
import { TALLY_DROP, TALLY_MIGRATION } from "./tallies.js";

/**
 * The store's migrations, in code, in order. They use only SQL that runs on both embedded PGlite and
 * PostgreSQL (btree, GIN full text; no PostGIS, no extensions). Never edit a released migration: add one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-initial": {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("ingest_runs")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("finished_at", "timestamptz")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("args", "jsonb", (c) => c.notNull())
        .addColumn("read", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("new", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("duplicate", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("failed", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("events_created", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("events_updated", "integer", (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable("articles")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("url", "text")
        .addColumn("outlet", "text")
        .addColumn("published", "text")
        .addColumn("title", "text")
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("language", "text")
        .addColumn("content_hash", "text", (c) => c.notNull().unique())
        .addColumn("origin", "text")
        .addColumn("run_id", "integer", (c) => c.references("ingest_runs.id").onDelete("set null"))
        .addColumn("ingested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create unique index articles_url_key on articles (url) where url is not null`.execute(db);
      await sql`create index articles_published on articles (published)`.execute(db);
      await sql`create index articles_fts on articles using gin (to_tsvector('english', coalesce(title, '') || ' ' || text))`.execute(
        db,
      );

      await db.schema
        .createTable("events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("data", "jsonb", (c) => c.notNull())
        .addColumn("event_type", "text", (c) => c.notNull())
        .addColumn("sub_event_type", "text", (c) => c.notNull())
        .addColumn("date_start", "text")
        .addColumn("date_end", "text")
        .addColumn("lat", "double precision")
        .addColumn("lon", "double precision")
        .addColumn("actor1", "text")
        .addColumn("actor2", "text")
        .addColumn("country", "text")
        .addColumn("admin1", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("fatalities_low", "integer")
        .addColumn("fatalities_best", "integer")
        .addColumn("fatalities_high", "integer")
        .addColumn("report_count", "integer", (c) => c.notNull())
        .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create index events_date on events (date_start, date_end)`.execute(db);
      await sql`create index events_latlon on events (lat, lon)`.execute(db);
      await sql`create index events_type on events (event_type, sub_event_type, date_start)`.execute(db);
      await sql`create index events_actor1 on events (lower(actor1))`.execute(db);
      await sql`create index events_actor2 on events (lower(actor2))`.execute(db);
      await sql`create index events_place on events (country, admin1)`.execute(db);
      await sql`create index events_status on events (status, updated_at)`.execute(db);
      await sql`create index events_updated on events (updated_at)`.execute(db);

      await db.schema
        .createTable("reports")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("article_id", "text", (c) => c.notNull().references("articles.id").onDelete("cascade"))
        .addColumn("event_id", "text")
        .addColumn("data", "jsonb", (c) => c.notNull())
        .addColumn("event_type", "text", (c) => c.notNull())
        .addColumn("sub_event_type", "text", (c) => c.notNull())
        .addColumn("date_start", "text")
        .addColumn("date_end", "text")
        .addColumn("span_class", "smallint")
        .addColumn("lat", "double precision")
        .addColumn("lon", "double precision")
        .addColumn("actor1", "text")
        .addColumn("actor2", "text")
        .addColumn("country", "text")
        .addColumn("admin1", "text")
        .addColumn("is_background", "boolean", (c) => c.notNull())
        .addColumn("article_url", "text")
        .addColumn("article_outlet", "text")
        .addColumn("article_published", "text")
        .addColumn("article_title", "text")
        .execute();
      await sql`create index reports_article on reports (article_id)`.execute(db);
      await sql`create index reports_event on reports (event_id)`.execute(db);
      // Fusion's candidate search: an equality on type and span class, then a bounded date range; lat/lon
      // are in the index so the bbox is checked without touching the table.
      await sql`create index reports_candidate_date on reports (event_type, span_class, date_start, lat, lon)`.execute(
        db,
      );
      await sql`create index reports_candidate_geo on reports (event_type, lat, lon)`.execute(db);
      await sql`create index reports_actors on reports (lower(actor1), lower(actor2))`.execute(db);
      await sql`create index reports_place on reports (country, admin1)`.execute(db);

      await db.schema
        .createTable("claims")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("report_id", "text", (c) => c.notNull().references("reports.id").onDelete("cascade"))
        .addColumn("article_id", "text", (c) => c.notNull())
        .addColumn("event_id", "text")
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("low", "integer", (c) => c.notNull())
        .addColumn("high", "integer")
        .addColumn("who", "text")
        .addColumn("reported_by", "text")
        .addColumn("outlet", "text")
        .addColumn("published", "text")
        .addColumn("evidence_start", "integer", (c) => c.notNull())
        .addColumn("evidence_end", "integer", (c) => c.notNull())
        .execute();
      await sql`create index claims_event on claims (event_id, published)`.execute(db);
      await sql`create index claims_report on claims (report_id)`.execute(db);
      await sql`create index claims_reporter on claims (reported_by)`.execute(db);

      await db.schema
        .createTable("event_reviews")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("reviewer", "text", (c) => c.notNull())
        .addColumn("reviewed_at", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("review", "jsonb", (c) => c.notNull())
        .addColumn("changes", "jsonb", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create index event_reviews_event on event_reviews (event_id, id)`.execute(db);

      await db.schema
        .createTable("failures")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("origin", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("raw_excerpt", "text")
        .addColumn("run_id", "integer", (c) => c.references("ingest_runs.id").onDelete("set null"))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("resolved", "boolean", (c) => c.notNull().defaultTo(false))
        .addColumn("first_seen", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("last_seen", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // At most one open failure per origin: re-running a bad batch updates it instead of piling up rows.
      await sql`create unique index failures_open_origin on failures (origin) where not resolved`.execute(db);
      await sql`create index failures_run on failures (run_id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        "failures",
        "event_reviews",
        "claims",
        "reports",
        "events",
        "articles",
        "ingest_runs",
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
  "0002-events-order": {
    async up(db: Kysely<unknown>): Promise<void> {
      // The order queryEvents pages in (undated events last), so deep pages are index range scans.
      await sql`create index events_order on events ((coalesce(date_start, '9999-12-31')), id)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index if exists events_order`.execute(db);
    },
  },
  "0003-events-background": {
    async up(db: Kysely<unknown>): Promise<void> {
      // Whether an event is known only from background mentions, as a column: queries leave those out by default.
      await sql`alter table events add column is_background boolean not null default false`.execute(db);
      await sql`update events set is_background = coalesce((data->>'is_background')::boolean, false)`.execute(
        db,
      );
      // The pages of news events only (the default query), in the order queryEvents pages in.
      await sql`create index events_news_order on events ((coalesce(date_start, '9999-12-31')), id) where not is_background`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index if exists events_news_order`.execute(db);
      await sql`alter table events drop column if exists is_background`.execute(db);
    },
  },
  "0004-article-warnings": {
    async up(db: Kysely<unknown>): Promise<void> {
      // What extraction warned about an article (an unread language, no publication date), kept with it.
      await sql`alter table articles add column warnings jsonb not null default '[]'::jsonb`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`alter table articles drop column if exists warnings`.execute(db);
    },
  },
  "0005-failure-file": {
    async up(db: Kysely<unknown>): Promise<void> {
      // The file a failed item came from, as data: a retry re-reads it without parsing the origin back.
      await sql`alter table failures add column file text`.execute(db);
      // Failures recorded before: their origin was "file", "file:line" or "file#item" (a retry checks the file exists).
      await sql`update failures set file = regexp_replace(origin, '(:[0-9]+|#[^#/]*)$', '')
        where origin !~ '^[a-z]+://' and origin !~ '^stdin'`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`alter table failures drop column if exists file`.execute(db);
    },
  },
  "0006-drop-candidate-geo": {
    async up(db: Kysely<unknown>): Promise<void> {
      // Every candidate range is bounded in time now, and (event_type, lat, lon) tempted planners into reading
      // a type's reports of all time in a latitude band: reports_candidate_date serves every window.
      await sql`drop index if exists reports_candidate_geo`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`create index if not exists reports_candidate_geo on reports (event_type, lat, lon)`.execute(
        db,
      );
    },
  },
  "0007-events-geo-precision": {
    async up(db: Kysely<unknown>): Promise<void> {
      // The event's geo precision as a column: map clusters of one event tell it without reading the JSON.
      await sql`alter table events add column geo_precision smallint`.execute(db);
      await sql`update events set geo_precision = (data#>>'{location,geo_precision}')::smallint
        where data->'location' is not null and jsonb_typeof(data->'location') = 'object'`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`alter table events drop column if exists geo_precision`.execute(db);
    },
  },
  "0008-api-tokens": {
    async up(db: Kysely<unknown>): Promise<void> {
      // API tokens (src/store/tokens.ts): the secret is shown once and kept only as its SHA-256.
      await db.schema
        .createTable("api_tokens")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('reader', 'reviewer', 'admin')`))
        .addColumn("secret_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn("revoked_at", "timestamptz")
        .addColumn("last_used_at", "timestamptz")
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("api_tokens").ifExists().execute();
    },
  },
  "0009-event-redirects": {
    async up(db: Kysely<unknown>): Promise<void> {
      // An event id absorbed by another (fusion or a person's merge) answers with the survivor's.
      await db.schema
        .createTable("event_redirects")
        .addColumn("from_id", "text", (c) => c.primaryKey())
        .addColumn("to_id", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create index event_redirects_to on event_redirects (to_id)`.execute(db);
      // A person's merge and split decisions as report pairs fusion honours: same (one event), apart (never one).
      await db.schema
        .createTable("fusion_links")
        .addColumn("report_a", "text", (c) => c.notNull())
        .addColumn("report_b", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('same', 'apart')`))
        .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint("fusion_links_pkey", ["report_a", "report_b"])
        .addCheckConstraint("fusion_links_order", sql`report_a < report_b`)
        .execute();
      await sql`create index fusion_links_b on fusion_links (report_b)`.execute(db);
      // Every change a person (or fusion) made to an event: reviews, merges, splits, with before and after.
      await db.schema
        .createTable("event_audit")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("by", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('review', 'merge', 'split')`))
        .addColumn("reason", "text")
        .addColumn("changes", "jsonb", (c) => c.notNull())
        .execute();
      await sql`create index event_audit_event on event_audit (event_id, id)`.execute(db);
      await sql`insert into event_audit (event_id, at, by, action, reason, changes)
        select event_id, reviewed_at, reviewer, 'review', note,
          (select coalesce(jsonb_agg(jsonb_build_object('field', c->>'field', 'before', c->'from', 'after', c->'to')
             order by n), '[]'::jsonb) from jsonb_array_elements(changes) with ordinality as x(c, n))
        from event_reviews order by id`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ["event_audit", "fusion_links", "event_redirects"]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
  "0010-events-when-where": {
    async up(db: Kysely<unknown>): Promise<void> {
      // Map-and-time queries (a box and a window) in one GiST index: the days an event spans as an integer range
      // (an order-keeping day number from the YYYY-MM-DD text: year·416 + month·32 + day) and its point. Built-in
      // GiST operator classes only (ranges, points), so PGlite has it too. store/events.ts spells the same
      // expressions (EVENT_DAYS, EVENT_POINT) for the planner to match.
      await sql`create index events_when_where on events using gist (
        int4range(substr(date_start, 1, 4)::int * 416 + substr(date_start, 6, 2)::int * 32 + substr(date_start, 9, 2)::int,
          substr(date_end, 1, 4)::int * 416 + substr(date_end, 6, 2)::int * 32 + substr(date_end, 9, 2)::int, '[]'),
        point(lon, lat))
        where not is_background and date_start is not null and date_end is not null`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index if exists events_when_where`.execute(db);
    },
  },
  "0011-events-overview": {
    async up(db: Kysely<unknown>): Promise<void> {
      // The workbench's whole-store reads (timeline counts per day and type, map clusters of the world) scan
      // every news event: a narrow covering index lets them read it alone (an index-only scan, once the table is
      // vacuumed) instead of every event's JSON in the table.
      await sql`create index events_overview on events (date_start, event_type)
        include (lat, lon, fatalities_best, geo_precision, country, status, id)
        where not is_background`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index if exists events_overview`.execute(db);
    },
  },
  "0012-review-priority": {
    async up(db: Kysely<unknown>): Promise<void> {
      // The review queue's priority, kept with the event when it is written (store/review-queue.ts) instead of
      // computed over every unreviewed event for each page. Existing rows get it from the reasons as they stand
      // here, spelled in SQL; a later change of the reasons needs a migration that recomputes the column.
      await sql`alter table events add column review_priority smallint not null default 0`.execute(db);
      await sql`update events set review_priority =
          (case when fatalities_low is distinct from fatalities_high then 3 else 0 end)
        + (case when coalesce(fatalities_high, 0) >= 10 then 3 else 0 end)
        + (case when exists (select 1 from jsonb_array_elements(data->'reports') r
            where jsonb_typeof(r->'fusion'->'margin') = 'number' and (r->'fusion'->>'margin')::float8 <= 1) then 2 else 0 end)
        + (case when coalesce(data->'actor1'->>'certainty', 'unknown') in ('alleged', 'unknown') then 2 else 0 end)
        + (case when (data->>'confidence')::float8 < 0.5 then 2 else 0 end)
        + (case when coalesce(data->'date'->>'precision', 'unknown') <> 'day' then 1 else 0 end)
        + (case when coalesce((data->'location'->>'geo_precision')::int, 9) >= 2 then 1 else 0 end)`.execute(
        db,
      );
      await sql`create index events_review_queue on events (review_priority desc, id)
        where status = 'auto' and not is_background`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index if exists events_review_queue`.execute(db);
      await sql`alter table events drop column if exists review_priority`.execute(db);
    },
  },
  "0013-event-tallies": {
    async up(db: Kysely<unknown>): Promise<void> {
      // Day and cell tallies of the events, kept true by statement-level triggers on events and filled here from
      // the events stored before (store/tallies.ts): the whole-store timeline and map read them, not every event.
      for (const statement of TALLY_MIGRATION) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const statement of TALLY_DROP) await sql.raw(statement).execute(db);
    },
  },
  "0014-events-point": {
    async up(db: Kysely<unknown>): Promise<void> {
      // Every located event's point (news and background, dated or not) in a GiST index: the map's clusters of a
      // region read the strips along the box's edge from it (the inner cells come from the tallies), where the
      // (lat, lon) b-tree would read every event in the box's whole band of latitudes.
      await sql`create index events_point on events using gist (point(lon, lat))`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index if exists events_point`.execute(db);
    },
  },
};

const PROVIDER: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/** Brings the schema up to the latest migration; returns the names applied now ([] when already current). */
export async function migrateToLatest(db: Kysely<Database>, schema: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: PROVIDER, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(
      `store: migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
