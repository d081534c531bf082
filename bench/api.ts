// API bench: a store of synthetic events (1 M by default, seeded with generate_series, no fusion) on PostgreSQL
// and PGlite behind the real server on loopback. For each query kind, p50/p95/p99 over HTTP and of the same SQL run
// directly in this process, and their ratio; then requests/s under autocannon. Settings by environment:
// SITREP_BENCH_API_EVENTS (1000000), SITREP_BENCH_API_SECONDS (load seconds, 30), SITREP_BENCH_API_BACKENDS
// ("postgres,pglite"), SITREP_BENCH_API_SAMPLES (requests per query kind, 200), SITREP_BENCH_API_KINDS (only the
// query kinds whose name holds one of these comma-separated words; all by default).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { type CompiledQuery, type Kysely, sql } from "kysely";
import type * as AppModule from "../src/api/app.js";
import type * as ExportSchemasModule from "../src/api/export-schemas.js";
import type * as SchemasModule from "../src/api/schemas.js";
import type * as ServerModule from "../src/api/server.js";
import type * as ConfigModule from "../src/config.js";
import type * as EventsModule from "../src/store/events.js";
import type { Database } from "../src/store/schema.js";
import type * as StoreModule from "../src/store/store.js";
import { HIGH_FATALITIES } from "../src/store/review-queue.js";
import type { Store } from "../src/store/store.js";
import { dropSchema, TEST_DATABASE_URL, testSchemaName } from "../test/support/store.js";
import { SEED_ACTOR, SEED_DATE, SEED_LOCATION, seedReports, seedRows } from "./seed.js";
import { shippedModule } from "./shipped.js";
import type { BenchRow } from "./types.js";

const env = process.env;
const EVENTS = Number(env.SITREP_BENCH_API_EVENTS ?? 1_000_000);
const SECONDS = Number(env.SITREP_BENCH_API_SECONDS ?? 30);
const SAMPLES = Number(env.SITREP_BENCH_API_SAMPLES ?? 200);
const BACKENDS = (env.SITREP_BENCH_API_BACKENDS ?? "postgres,pglite").split(",");
const KINDS = env.SITREP_BENCH_API_KINDS?.split(",").map((word) => word.trim()) ?? null;
const CHUNK = 100_000;
/**
 * The CSV export timed: one event type, a sixth of the store spread evenly over its order (166,667 rows at 1 M;
 * the issue's 100k rows are 600k events' worth). A year's window would be the natural cut, but at 1 M events
 * PostgreSQL plans it as a bitmap scan and sort of the whole year for every 500-row page (seconds each), which
 * would time that plan, not the API.
 */
const CSV_QUERY = "event_type=Battles";

/** Seeds events `from`..`to`: an article, a report and a full FusedEvent each (see seed.ts for the spread). */
async function seed(db: Kysely<Database>, from: number, to: number): Promise<void> {
  // An article per event, with a tag word per thousand events for full text.
  await sql`
    insert into articles (id, outlet, published, text, content_hash)
    select 'api-a' || g, 'Seed Wire', day,
      'Shelling hit the ' || (array['market','bridge','depot','clinic','school','harbour','airfield','checkpoint'])[(1 + g % 8)::int]
        || ' in Seed ' || g || ' on ' || day || ', killing ' || killed || ' people, tag' || (g % 1000) || ' said.',
      md5('api article ' || g)
    from (${seedRows(from, to)}) s`.execute(db);
  await seedReports(db, from, to, "api", sql`'api-a' || g`);
  await sql`
    insert into events (id, data, event_type, sub_event_type, date_start, date_end, lat, lon, actor1, country,
      admin1, status, fatalities_low, fatalities_best, fatalities_high, report_count, is_background, review_priority)
    select 'ev-api-' || g,
      jsonb_build_object('id', 'ev-api-' || g, 'event_type', typ, 'sub_event_type', sub, 'date', ${SEED_DATE},
        'location', ${SEED_LOCATION}, 'actor1', ${SEED_ACTOR}, 'actor2', null, 'assoc_actors', '[]'::jsonb,
        'fatalities', jsonb_build_object('low', killed, 'best', killed, 'high', killed, 'rule', 'single',
          'claims', jsonb_build_array(jsonb_build_object('low', killed, 'high', killed, 'who', null,
            'reported_by', 'Seed Monitor', 'outlet', 'Seed Wire', 'published', day,
            'article_id', 'api-a' || g, 'report_id', 'api-r' || g, 'evidence', jsonb_build_object('start', 30, 'end', 42))),
          'history', '[]'::jsonb),
        'injuries', null, 'attribution', '[]'::jsonb, 'confidence', 0.8,
        'reports', jsonb_build_array(jsonb_build_object('report_id', 'api-r' || g, 'article_id', 'api-a' || g,
          'outlet', 'Seed Wire', 'url', null, 'published', day, 'fusion', null)),
        'status', 'auto', 'history', '[]'::jsonb, 'is_background', false),
      typ, sub, day, day, lat, lon, 'Seed Actor ' || (g % 97), 'Seedland', 'Region ' || (g % 50), 'auto',
      killed, killed, killed, 1, false,
      -- What reviewPriority gives these events: one day, a town, attributed, one report; only the toll varies.
      case when killed >= ${HIGH_FATALITIES} then 3 else 0 end
    from (${seedRows(from, to)}) s`.execute(db);
}

/**
 * Runs `fill` with the secondary indexes of `tables` dropped, then builds them again from their own definitions:
 * one bulk build per index is far faster than a million inserts into each (GIN over the articles' text above all).
 */
export async function withoutIndexes(
  db: Kysely<Database>,
  tables: readonly string[],
  fill: () => Promise<void>,
): Promise<void> {
  const { rows } = await sql<{ name: string; def: string }>`
    select indexname as name, indexdef as def from pg_indexes
    where schemaname = current_schema() and tablename in (${sql.join(tables)})
      and indexname not in (select conname from pg_constraint)`.execute(db);
  for (const { name } of rows) await sql`drop index ${sql.id(name)}`.execute(db);
  try {
    await fill();
  } finally {
    for (const { def } of rows) await sql.raw(def).execute(db);
  }
}

/** Seeds events 1..`events` in chunks, the indexes built once at the end, and analyses the tables. */
export async function seedStore(db: Kysely<Database>, events: number, label: string): Promise<void> {
  await withoutIndexes(db, ["articles", "reports", "events"], async () => {
    for (let from = 1; from <= events; from += CHUNK) {
      await seed(db, from, Math.min(events, from + CHUNK - 1));
      process.stderr.write(`bench api: ${label}: ${Math.min(events, from + CHUNK - 1)} events seeded\n`);
    }
  });
  // PostgreSQL's autovacuum would vacuum a bulk load soon after (setting the visibility map index-only scans need,
  // and reclaiming the tally rows each chunk rewrote); embedded PGlite runs no autovacuum, so there the store stands
  // as loaded, analysed only.
  const tables = "articles, reports, events, event_day_tallies, event_cell_tallies";
  await sql.raw(`${label === "postgres" ? "vacuum analyze" : "analyze"} ${tables}`).execute(db);
}

/** Percentile (nearest rank) of sorted milliseconds. */
function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/**
 * Milliseconds of `a` and of `b` over `n` deterministic inputs, each sorted. Both run on every input, in turns
 * (a first on even inputs, b first on odd ones): the first to run an input reads its rows cold and leaves them in
 * the database's cache for the second, so a fixed order would hand one side every warm read.
 */
async function pairedTimings(
  n: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<[number[], number[]]> {
  await a(0); // warm
  await b(0);
  const times: [number[], number[]] = [[], []];
  const time = async (side: 0 | 1, i: number) => {
    const start = performance.now();
    await (side === 0 ? a : b)(i);
    times[side].push(performance.now() - start);
  };
  for (let i = 0; i < n; i++) {
    const first = i % 2 === 0 ? 0 : 1;
    await time(first, i);
    await time(first === 0 ? 1 : 0, i);
  }
  return [times[0].sort((x, y) => x - y), times[1].sort((x, y) => x - y)];
}

/** A query kind: its URL, and the same SQL as the route runs it, by sample index. */
interface QueryKind {
  readonly name: string;
  readonly samples: number;
  readonly url: (i: number) => string;
  /** The route's SQL run directly (prepared before the timings start). */
  readonly raw: (i: number) => Promise<unknown>;
  /** The issue's p95 ceiling on PostgreSQL, when it sets one. */
  readonly p95?: number;
}

/** A 10°×10° box and a window of `days` days, different for every sample (deterministic). */
function boxAndWindow(
  i: number,
  days: number,
): { bbox: [number, number, number, number]; from: string; to: string } {
  const west = -120 + ((i * 37) % 260);
  const south = -40 + ((i * 17) % 90);
  const start = new Date(Date.UTC(2015, 0, 1) + ((i * 53) % Math.max(1, 3650 - days)) * 86_400_000);
  const end = new Date(start.getTime() + (days - 1) * 86_400_000);
  return {
    bbox: [west, south, west + 10, south + 10],
    from: start.toISOString().slice(0, 10),
    to: end.toISOString().slice(0, 10),
  };
}

/** The list URL of sample `i`: a window of `days` days (all ten seeded years at 3650), in a box or not, a page of 100. */
const windowUrl = (days: number, boxed: boolean) => (i: number) => {
  const { bbox, from, to } = boxAndWindow(i, days);
  return `/api/v1/events?${boxed ? `bbox=${bbox.join(",")}&` : ""}from=${from}&to=${to}&limit=100`;
};

/** The list URL the load generator asks for: a box and a 90-day window. */
const listUrl = windowUrl(90, true);

/** The query parameters of a bench URL, as a route reads them. */
const queryOf = (url: string) => Object.fromEntries(new URL(url, "http://bench").searchParams);

/** What the shipped build gives the kinds: the store, the API's query parsing and the page statement. */
interface KindDeps {
  readonly store: Store;
  readonly schemas: typeof SchemasModule;
  readonly exportSchemas: typeof ExportSchemasModule;
  readonly events: typeof EventsModule;
}

/**
 * A list kind: its URLs, and as raw the statement the route runs for each (the route's own parsing of the query
 * into a filter, the store's own page statement), compiled before timing and executed on the store's connection.
 */
function listKind(name: string, url: (i: number) => string, deps: KindDeps, p95?: number): QueryKind {
  const statements: CompiledQuery[] = Array.from({ length: SAMPLES }, (_, i) => {
    const params = queryOf(url(i));
    const { filter, limit } = deps.schemas.eventsFilter(deps.schemas.EventsQuery.parse(params));
    return deps.events.eventPageQuery(deps.store.db, { ...filter, limit }).compile();
  });
  return {
    name,
    samples: SAMPLES,
    url,
    raw: (i) => deps.store.db.executeQuery(statements[i % SAMPLES]!),
    ...(p95 !== undefined && { p95 }),
  };
}

/** The map's clusters the workbench asks for: a view's box at a zoom; raw, the store's clustering of the same filter. */
function clustersKind(
  name: string,
  url: (i: number) => string,
  deps: KindDeps,
  samples = SAMPLES,
): QueryKind {
  const { exportSchemas: x, store } = deps;
  const calls = Array.from({ length: samples }, (_, i) => {
    const query = x.ClustersQuery.parse(queryOf(url(i)));
    return { filter: x.exportFilter(query), cell: x.clusterCell(query.zoom) };
  });
  return {
    name,
    samples,
    url,
    raw: (i) => {
      const { filter, cell } = calls[i % samples]!;
      return store.aggregates.clusters(filter, cell);
    },
  };
}

/** The workbench's timeline counts (GET /stats/days, all time); raw, the store's own counts. */
function daysKind(name: string, url: (i: number) => string, deps: KindDeps, samples: number): QueryKind {
  const { exportSchemas: x, store } = deps;
  const filters = Array.from({ length: samples }, (_, i) =>
    x.exportFilter(x.ExportQuery.parse(queryOf(url(i)))),
  );
  return { name, samples, url, raw: (i) => store.aggregates.days(filters[i % samples]!) };
}

const WORLD = "-180,-85,180,85";
const TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests"];

/**
 * The kinds timed: the bbox+date list, a full-text list, the workbench's map clusters and timeline counts, and the
 * CSV export, whose raw side is the SQL the export runs (the ETag's version query, then the store's keyset pages),
 * without the CSV formatting.
 */
function queryKinds(deps: KindDeps, csvRows: number): readonly QueryKind[] {
  const { filter } = deps.schemas.eventsFilter(
    deps.schemas.EventsQuery.parse(Object.fromEntries(new URLSearchParams(CSV_QUERY))),
  );
  const few = Math.max(4, Math.round(SAMPLES / 20));
  return [
    listKind("bbox+date list (limit 100)", listUrl, deps, 50),
    listKind("bbox+year list (limit 100)", windowUrl(365, true), deps, 50),
    listKind("bbox+all-time list (limit 100)", windowUrl(3650, true), deps, 50),
    listKind("year list, no box (limit 100)", windowUrl(365, false), deps, 50),
    listKind("all-time list, no box (limit 100)", windowUrl(3650, false), deps, 50),
    listKind("full-text list (limit 100)", (i) => `/api/v1/events?q=tag${(i * 7) % 1000}&limit=100`, deps),
    clustersKind(
      "map clusters, world, all time (zoom 2)",
      () => `/api/v1/clusters?bbox=${WORLD}&zoom=2`,
      deps,
      few,
    ),
    clustersKind(
      "map clusters, 40°×25° region, all time (zoom 4)",
      (i) => {
        const [west, south] = [-120 + ((i * 37) % 230), -40 + ((i * 17) % 75)];
        return `/api/v1/clusters?bbox=${[west, south, west + 40, south + 25].join(",")}&zoom=4`;
      },
      deps,
      few,
    ),
    clustersKind(
      "map clusters, 10° box and year (zoom 6)",
      (i) => {
        const { bbox, from, to } = boxAndWindow(i, 365);
        return `/api/v1/clusters?bbox=${bbox.join(",")}&from=${from}&to=${to}&zoom=6`;
      },
      deps,
    ),
    {
      name: "review queue, first page (limit 50)",
      samples: SAMPLES,
      url: () => "/api/v1/review/queue?limit=50",
      raw: () => deps.store.reviews.queue({ limit: 51 }),
    },
    daysKind("timeline counts, all time", () => "/api/v1/stats/days", deps, few),
    daysKind(
      "timeline counts, all time, one type",
      (i) => `/api/v1/stats/days?event_type=${encodeURIComponent(TYPES[i % TYPES.length]!)}`,
      deps,
      few,
    ),
    {
      name: `CSV export (${CSV_QUERY}, ${csvRows} rows)`,
      samples: Math.max(4, Math.round(SAMPLES / 50)),
      url: () => `/api/v1/events.csv?${CSV_QUERY}`,
      raw: async () => {
        await deps.store.aggregates.version(filter);
        let rows = 0;
        for await (const _ of deps.store.events.query(filter)) rows++;
        return rows;
      },
    },
  ];
}

/** How undici reports a kept-alive connection the server closed before answering. */
const CLOSED_CONNECTION = new Set(["ECONNRESET", "UND_ERR_SOCKET"]);

/**
 * A GET, asked again once when the kept-alive connection it went down was closed before any answer (ECONNRESET,
 * or "other side closed"): on PGlite the store's work blocks the event loop, so the server's idle timeout and the
 * client's reuse of the connection can cross. Counts those in `resets`; the time of both tries is the request's.
 */
async function get(url: string, resets: { n: number }): Promise<Response> {
  try {
    return await fetch(url);
  } catch (error) {
    if (!CLOSED_CONNECTION.has((error as { cause?: { code?: string } }).cause?.code ?? "")) throw error;
    resets.n++;
    return fetch(url);
  }
}

/** Requests/s and errors from autocannon on the list query for `seconds`. */
async function load(base: string, seconds: number): Promise<{ rps: number; errors: number; p99: number }> {
  const requests = Array.from({ length: 100 }, (_, i) => ({
    method: "GET" as const,
    path: listUrl(i + 1000),
  }));
  const result = await autocannon({ url: base, connections: 8, duration: seconds, requests });
  return { rps: result.requests.average, errors: result.errors + result.non2xx, p99: result.latency.p99 };
}

/** The bench on one backend: seed, serve, time every query kind over HTTP and directly, then load. */
async function benchBackend(backend: string): Promise<BenchRow[]> {
  const { loadConfig } = await shippedModule<typeof ConfigModule>("config.ts");
  const { openStore } = await shippedModule<typeof StoreModule>("store/store.ts");
  const { createApi } = await shippedModule<typeof AppModule>("api/app.ts");
  const { listen } = await shippedModule<typeof ServerModule>("api/server.ts");
  const schemas = await shippedModule<typeof SchemasModule>("api/schemas.ts");
  const exportSchemas = await shippedModule<typeof ExportSchemasModule>("api/export-schemas.ts");
  const events = await shippedModule<typeof EventsModule>("store/events.ts");
  const dir = mkdtempSync(join(tmpdir(), "sitrep-bench-api-"));
  const schema = backend === "postgres" ? testSchemaName() : null;
  const config = loadConfig(
    backend === "postgres" ? { DATABASE_URL: TEST_DATABASE_URL } : { SITREP_DATA_DIR: dir },
  );
  const store = await openStore(config, schema ? { schema } : {});
  const rows: BenchRow[] = [];
  const suite = `api ${backend}`;
  try {
    const seeding = performance.now();
    await seedStore(store.db, EVENTS, backend);
    rows.push({
      suite,
      metric: `seed ${EVENTS} events`,
      value: (performance.now() - seeding) / 1000,
      unit: "s",
    });

    const app = createApi(store, config);
    const server = await listen(app, 0, "127.0.0.1");
    try {
      const csv = await (await fetch(`${server.url}/api/v1/events.csv?${CSV_QUERY}`)).text();
      const csvRows = csv.trimEnd().split("\n").length - 1; // past the header
      for (const kind of queryKinds({ store, schemas, exportSchemas, events }, csvRows)) {
        if (KINDS && !KINDS.some((word) => kind.name.includes(word))) continue;
        const resets = { n: 0 };
        const http = async (i: number) => {
          const res = await get(`${server.url}${kind.url(i)}`, resets);
          if (res.status !== 200)
            throw new Error(`bench api: ${kind.url(i)} answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        };
        const [overHttp, raw] = await pairedTimings(kind.samples, http, kind.raw);
        for (const p of [50, 95, 99]) {
          rows.push({
            suite,
            metric: `${kind.name}: p${p} over HTTP`,
            value: percentile(overHttp, p),
            unit: "ms",
            ...(p === 95 &&
              kind.p95 &&
              backend === "postgres" && { floor: { op: "<=" as const, value: kind.p95 } }),
            note: `SQL alone ${percentile(raw, p).toFixed(1)} ms`,
          });
        }
        rows.push({
          suite,
          metric: `${kind.name}: HTTP / SQL at p50`,
          value: percentile(overHttp, 50) / percentile(raw, 50),
          unit: "×",
          floor: { op: "<=", value: 2 },
          ...(resets.n > 0 && { note: `${resets.n} kept-alive connections found closed, asked again` }),
        });
      }
      if (SECONDS > 0) {
        const l = await load(server.url, SECONDS);
        rows.push({
          suite,
          metric: `bbox+date list under load (8 connections, ${SECONDS} s)`,
          value: l.rps,
          unit: "req/s",
          note: `p99 ${l.p99} ms`,
        });
        rows.push({
          suite,
          metric: "errors under load",
          value: l.errors,
          unit: "",
          floor: { op: "<=", value: 0 },
        });
      }
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    if (schema) await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The api suite on every backend asked for. */
export async function benchApi(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of BACKENDS) rows.push(...(await benchBackend(backend.trim())));
  return rows;
}
