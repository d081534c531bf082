// Ingest bench (STORE): articles/s end to end (read JSONL → extract → store → fuse) into PGlite and into
// PostgreSQL, and fusion time per new report as the store grows to 1 M events (seeded with generate_series),
// which must stay flat because candidate search is an indexed range, never a scan.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { loadConfig } from "../src/config.js";
import type { Article, Report, SourcedReport } from "../src/model.js";
import type * as ExtractThreadModule from "../src/app/extract-thread.js";
import type * as FilesModule from "../src/sources/files.js";
import { candidateWindow } from "../src/fuse/index.js";
import { candidateQuery, fuseReports } from "../src/store/fusion-store.js";
import type * as IngestModule from "../src/app/ingest.js";
import type { ExtractBatch, StepTimes } from "../src/app/ingest.js";
import { claimRows, reportRow } from "../src/store/rows.js";
import { openStore, type Store } from "../src/store/store.js";
import { dayOf, isoDay } from "../src/util/days.js";
import { sha256Hex } from "../src/util/hash.js";
import { dropSchema, TEST_DATABASE_URL, testSchemaName } from "../test/support/store.js";
import type * as ConfigModule from "../src/config.js";
import type * as StoreModule from "../src/store/store.js";
import { seedReports } from "./seed.js";
import { shippedModule } from "./shipped.js";
import type { BenchRow } from "./types.js";

/** Options of the ingest bench (all have defaults that run in a few minutes). */
export interface BenchIngestOptions {
  /** Article JSONL to replicate (default ../shared/bench/throughput/fakes.articles.jsonl). */
  readonly corpus?: string;
  /** Articles ingested per backend (the corpus replicated with varied ids, urls and texts); default 2000. */
  readonly articles?: number;
  /** PostgreSQL to use (default the test server); a throwaway schema is created and dropped. */
  readonly databaseUrl?: string;
  /** Store sizes (events) at which fusion per report is timed; default 10k, 100k, 1M. */
  readonly fusionSizes?: readonly number[];
  /** New reports fused at each size; default 200. */
  readonly fusionReports?: number;
}

const ROOT = new URL("..", import.meta.url).pathname;
const DEFAULT_CORPUS = join(ROOT, "..", "shared", "bench", "throughput", "fakes.articles.jsonl");

/** Moves every year 1900–2099 in a text `years` later, so a copy's events fall in their own stretch of time. */
function shiftYears(text: unknown, years: number): unknown {
  if (typeof text !== "string" || years === 0) return text;
  return text.replace(/\b(19|20)(\d{2})\b/g, (y) => String(Number(y) + years));
}

/**
 * Writes `n` articles to a JSONL file: the corpus lines over and over, each copy with its own id and url and
 * with every year in its text, title and publication date moved 50 years per copy. Plain copies would all tell
 * the same events and fuse into ever larger ones (each event absorbing one more report per copy), which measures
 * nothing a real store sees; shifted copies grow the store the way more years of news would.
 */
export function replicate(corpus: string, n: number, out: string): void {
  const lines = readFileSync(corpus, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    const raw = JSON.parse(lines[i % lines.length] ?? "{}") as Record<string, unknown>;
    const copy = Math.floor(i / lines.length);
    chunks.push(
      JSON.stringify({
        ...raw,
        id: `${String(raw.id ?? "a")}-c${copy}`,
        url: `https://bench.example/${copy}/${i}`,
        text: copy === 0 ? raw.text : `${String(shiftYears(raw.text, copy * 50))}\n\n(Bench copy ${copy}.)`,
        title: shiftYears(raw.title, copy * 50),
        published: shiftYears(raw.published, copy * 50),
      }),
    );
  }
  writeFileSync(out, `${chunks.join("\n")}\n`);
}

/**
 * The end-to-end path as `sitrep ingest` runs it in process: the shipped build's config, inputs, store, ingest,
 * and extraction in its own thread (openRunner's extractor).
 */
async function shippedIngest() {
  return {
    loadConfig: (await shippedModule<typeof ConfigModule>("config.ts")).loadConfig,
    threadExtractor: (await shippedModule<typeof ExtractThreadModule>("app/extract-thread.ts"))
      .threadExtractor,
    readInputs: (await shippedModule<typeof FilesModule>("sources/files.ts")).readInputs,
    ingestItems: (await shippedModule<typeof IngestModule>("app/ingest.ts")).ingestItems,
    openStore: (await shippedModule<typeof StoreModule>("store/store.ts")).openStore,
  };
}

async function ingestRate(store: Store, file: string, extract: ExtractBatch): Promise<IngestRate> {
  const { ingestItems, readInputs } = await shippedIngest();
  const t0 = performance.now();
  const summary = await ingestItems(store, readInputs([file]), extract, {
    args: { bench: true },
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    perSecond: summary.read / seconds,
    seconds,
    failed: summary.failed,
    events: summary.eventsCreated,
    ms: summary.ms,
  };
}

/** One end-to-end ingest: its rate, failures, events, and milliseconds per step. */
interface IngestRate {
  readonly perSecond: number;
  readonly seconds: number;
  readonly failed: number;
  readonly events: number;
  readonly ms: StepTimes;
}

/** The share of each step of an ingest (read, check, extract, write, fuse) as bench rows. */
function stepRows(backend: string, r: IngestRate): BenchRow[] {
  const total = Object.values(r.ms).reduce((a, b) => a + b, 0) || 1;
  return Object.entries(r.ms).map(([step, ms]) => ({
    suite: "ingest",
    metric: `${backend}: share of time in ${step}`,
    value: (100 * ms) / total,
    unit: "%",
    note: `${(ms / 1000).toFixed(2)} s`,
  }));
}

/** SQL that seeds reports and events `from`..`to` (one report per event, spread over the world and 10 years). */
async function seed(store: Store, from: number, to: number): Promise<void> {
  const db = store.db;
  await sql`
    insert into articles (id, text, content_hash)
    select 'seed-a' || g, 'seed article ' || g, md5('seed article ' || g)
    from generate_series(${Math.ceil(from / 1000)}::int, ${Math.ceil(to / 1000)}::int) g
    on conflict do nothing`.execute(db);
  await seedReports(db, from, to, "seed", sql`'seed-a' || ((g + 999) / 1000)`);
  await sql`
    insert into events (id, data, event_type, sub_event_type, date_start, date_end, lat, lon, actor1, country,
      admin1, status, fatalities_low, fatalities_best, fatalities_high, report_count)
    select r.event_id, jsonb_build_object('id', r.event_id, 'seed', true),
      r.event_type, r.sub_event_type, r.date_start, r.date_end, r.lat, r.lon, r.actor1, r.country, r.admin1,
      'auto', null, null, null, 1
    from reports r
    where r.id in (select 'seed-r' || g from generate_series(${from}::int, ${to}::int) g)`.execute(db);
  await sql`analyze`.execute(db);
}

/** A new report at a random place and day in the seeded space (deterministic by index). */
function newReport(i: number): SourcedReport {
  const day = isoDay(dayOf(2015, 1, 1) + ((i * 7907) % 3650));
  const lat = -40 + ((i * 6151) % 100_000) / 1000;
  const lon = -120 + ((i * 3571) % 270_000) / 1000;
  const report: Report = {
    id: `bench-new-r${i}`,
    event_type: "Explosions/Remote violence",
    sub_event_type: "Air/drone strike",
    date: { value: day, precision: "day", start: day, end: day },
    location: {
      name: "Bench Town",
      text: "Bench Town",
      lat,
      lon,
      country: "Seedland",
      country_code: "SL",
      admin1: `Region ${i % 50}`,
      admin2: null,
      geo_precision: 1,
      gazetteer_id: `bench:${i}`,
    },
    actor1: { name: `Seed Actor ${i % 97}`, text: "actor", certainty: "attributed" },
    actor2: null,
    assoc_actors: [],
    fatalities: {
      low: 3,
      high: null,
      claims: [
        { low: 3, high: null, who: null, reported_by: "Bench Monitor", evidence: { start: 0, end: 1 } },
      ],
    },
    injuries: null,
    is_background: false,
    confidence: 0.7,
    evidence: [],
  };
  return {
    report,
    article: { id: `bench-new-a${i}`, url: null, outlet: "Bench Wire", published: day, title: null },
  };
}

/** Times candidate search + fusion of `count` new reports (each written and fused in its own transaction). */
async function timeFusion(
  store: Store,
  offset: number,
  count: number,
): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = offset; i < offset + count; i++) {
    const s = newReport(i);
    const article: Article = {
      id: s.article.id,
      url: null,
      outlet: s.article.outlet,
      published: s.article.published,
      title: null,
      text: `bench article ${i}`,
      language: "en",
    };
    await store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("articles")
        .values({ ...article, content_hash: sha256Hex(article.text) })
        .execute();
      await trx.insertInto("reports").values(reportRow(s)).execute();
      await trx.insertInto("claims").values(claimRows(s)).execute();
      const t0 = performance.now();
      await fuseReports(trx, [s]);
      times.push(performance.now() - t0);
    });
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)] ?? 0,
    p95: times[Math.floor(times.length * 0.95)] ?? 0,
  };
}

/** How PostgreSQL runs the candidate query of a new report: the index scans used, or "SEQ SCAN" when it scans. */
async function candidatePlan(store: Store, i: number): Promise<string> {
  const query = candidateQuery([candidateWindow(newReport(i))]);
  if (query === null) return "none";
  const plan = (await sql`explain ${query}`.execute(store.db)).rows
    .map((r) => String(Object.values(r as object)[0]))
    .join("\n");
  const indexes = [
    ...new Set(
      [...plan.matchAll(/(?:Index (?:Only )?Scan using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]),
    ),
  ];
  return /Seq Scan/.test(plan) ? "SEQ SCAN" : indexes.join(" + ") || "no index";
}

/** A bench row for one end-to-end ingest rate. */
function rateRow(metric: string, r: IngestRate, n: number): BenchRow {
  return {
    suite: "ingest",
    metric,
    value: r.perSecond,
    unit: "articles/s",
    note: `${n} articles in ${r.seconds.toFixed(1)} s, ${r.events} events, ${r.failed} failed`,
  };
}

/** Runs the ingest bench: end-to-end rates on both backends and peak RSS (fusion by store size is its own suite). */
export async function benchIngest(options: BenchIngestOptions = {}): Promise<BenchRow[]> {
  const n = options.articles ?? 2000;
  const databaseUrl = options.databaseUrl ?? TEST_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), "sitrep-bench-ingest-"));
  const rows: BenchRow[] = [];
  const suite = "ingest";
  const closers: (() => Promise<void>)[] = [];
  try {
    const file = join(dir, "articles.jsonl");
    replicate(options.corpus ?? DEFAULT_CORPUS, n, file);
    const shipped = await shippedIngest();
    const extractor = await shipped.threadExtractor(shipped.loadConfig());
    closers.push(extractor.close);

    const lite = await shipped.openStore(shipped.loadConfig({ SITREP_DATA_DIR: dir }));
    try {
      const rate = await ingestRate(lite, file, extractor.extract);
      rows.push({ ...rateRow("end to end into PGlite", rate, n), floor: { op: ">=", value: 200 } });
      rows.push(...stepRows("PGlite", rate));
    } finally {
      await lite.close();
    }

    const schema = testSchemaName();
    const pg = await shipped.openStore(shipped.loadConfig({ DATABASE_URL: databaseUrl }), { schema });
    try {
      const rate = await ingestRate(pg, file, extractor.extract);
      rows.push({ ...rateRow("end to end into PostgreSQL", rate, n), floor: { op: ">=", value: 300 } });
      rows.push(...stepRows("PostgreSQL", rate));
    } finally {
      await pg.close();
      await dropSchema(schema);
    }

    rows.push({
      suite,
      metric: "peak RSS during ingest bench",
      value: process.resourceUsage().maxRSS / 1024,
      unit: "MB",
    });
    return rows;
  } finally {
    for (const close of closers) await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fusion time per new report (candidate search + sameEvent + buildEvent + writes) as PostgreSQL grows. */
export async function benchFusionScaling(options: BenchIngestOptions = {}): Promise<BenchRow[]> {
  const databaseUrl = options.databaseUrl ?? TEST_DATABASE_URL;
  const sizes = options.fusionSizes ?? [10_000, 100_000, 1_000_000];
  const perSize = options.fusionReports ?? 200;
  const suite = "ingest";
  const rows: BenchRow[] = [];
  {
    const fuseSchema = testSchemaName();
    const store = await openStore(loadConfig({ DATABASE_URL: databaseUrl }), { schema: fuseSchema });
    try {
      let seeded = 0;
      let offset = 0;
      for (const size of [...sizes].sort((a, b) => a - b)) {
        const t0 = performance.now();
        for (let from = seeded + 1; from <= size; from += 100_000) {
          await seed(store, from, Math.min(size, from + 99_999));
        }
        const seedSeconds = (performance.now() - t0) / 1000;
        seeded = size;
        await timeFusion(store, 1_000_000 + offset, 20); // warm-up
        offset += 20;
        const t = await timeFusion(store, offset, perSize);
        offset += perSize;
        const plan = await candidatePlan(store, offset);
        rows.push({
          suite,
          metric: `fusion per report at ${size.toLocaleString("en")} events (PostgreSQL)`,
          value: t.median,
          unit: "ms",
          ...(size >= 1_000_000 ? { floor: { op: "<=" as const, value: 5 } } : {}),
          note: `median of ${perSize}, p95 ${t.p95.toFixed(2)} ms; seeded in ${seedSeconds.toFixed(0)} s; candidate plan: ${plan}`,
        });
      }
    } finally {
      await store.close();
      await dropSchema(fuseSchema);
    }
  }
  return rows;
}
