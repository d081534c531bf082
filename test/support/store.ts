// Helpers for store tests: a fresh store on each backend (PGlite in memory, PostgreSQL in a throwaway schema).
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { loadConfig } from "../../src/config.js";
import type { Article, Certainty, Report, SubEventType } from "../../src/model.js";
import type { Backend } from "../../src/store/db.js";
import type { Database } from "../../src/store/schema.js";
import { createStore, openStore, type Store } from "../../src/store/store.js";

/** The PostgreSQL server tests use (trust auth, database `test`). */
export const TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

/** A throwaway store and how to get rid of it. */
export interface TestStore {
  readonly store: Store;
  readonly backend: Backend;
  /** The PostgreSQL schema (null on PGlite). */
  readonly schema: string | null;
  dispose(): Promise<void>;
}

/** A fresh schema name for one test. */
export function testSchemaName(): string {
  return `sitrep_t_${randomBytes(6).toString("hex")}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

let template: Promise<File | Blob> | null = null;

/** A migrated, empty PGlite data folder as a tarball, made once per test process (migrating each time is slow). */
function migratedTemplate(): Promise<File | Blob> {
  template ??= (async () => {
    const client = await PGlite.create("memory://");
    const store = createStore({
      db: new Kysely<Database>({ dialect: new PGliteDialect(client) }),
      backend: "pglite",
      schema: "public",
    });
    await store.migrate();
    const dump = await client.dumpDataDir("none");
    await store.close();
    return dump;
  })();
  return template;
}

/** Opens a fresh, migrated store on one backend (PGlite in memory, cloned from a migrated template). */
export async function openTestStore(backend: Backend): Promise<TestStore> {
  if (backend === "pglite") {
    const client = await PGlite.create({ loadDataDir: await migratedTemplate() });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    const store = createStore({ db, backend: "pglite", schema: "public" });
    return { store, backend, schema: null, dispose: () => store.close() };
  }
  const schema = testSchemaName();
  const store = await openStore(loadConfig({ DATABASE_URL: TEST_DATABASE_URL }), { schema });
  return {
    store,
    backend,
    schema,
    async dispose() {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/** Both backends, for table-driven tests. */
export const BACKENDS: readonly Backend[] = ["pglite", "postgres"];

/** A fictional article for tests. */
export function testArticle(id: string, text: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    url: `https://example.test/${id}`,
    outlet: "Example Wire",
    published: "2030-03-02",
    title: null,
    text,
    language: "en",
    ...extra,
  };
}

/** Options for a fictional report. */
export interface TestReportOptions {
  readonly sub?: SubEventType;
  readonly day?: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly place?: string | null;
  readonly actor1?: string | null;
  readonly actor2?: string | null;
  /** actor1's certainty (default "attributed"). */
  readonly certainty?: Certainty;
  readonly killed?: readonly { low: number; high: number | null; by: string | null }[];
  readonly admin1?: string;
  readonly country?: string;
}

const TYPE_OF: Record<string, Report["event_type"]> = {
  "Air/drone strike": "Explosions/Remote violence",
  "Shelling/artillery/missile attack": "Explosions/Remote violence",
  "Armed clash": "Battles",
  "Peaceful protest": "Protests",
  Attack: "Violence against civilians",
};

/** A fictional report (a strike at a made-up place by default). */
export function testReport(id: string, o: TestReportOptions = {}): Report {
  const sub = o.sub ?? "Air/drone strike";
  const day = o.day ?? "2030-03-01";
  const killed = o.killed ?? [];
  return {
    id,
    event_type: TYPE_OF[sub] ?? "Explosions/Remote violence",
    sub_event_type: sub,
    date: { value: day, precision: "day", start: day, end: day },
    location:
      o.place === null
        ? null
        : {
            name: o.place ?? "Tel Vardan",
            text: o.place ?? "Tel Vardan",
            lat: o.lat ?? 35.1,
            lon: o.lon ?? 40.2,
            country: o.country ?? "Freedonia",
            country_code: "FD",
            admin1: o.admin1 ?? "North Province",
            admin2: null,
            geo_precision: 1,
            gazetteer_id: `test:${(o.place ?? "Tel Vardan").toLowerCase().replace(/\W+/g, "-")}`,
          },
    actor1:
      o.actor1 === null
        ? null
        : { name: o.actor1 ?? "Sylvanian Air Force", text: "jets", certainty: o.certainty ?? "attributed" },
    actor2: o.actor2 ? { name: o.actor2, text: o.actor2 } : null,
    assoc_actors: [],
    fatalities:
      killed.length === 0
        ? null
        : {
            low: Math.min(...killed.map((k) => k.low)),
            high: null,
            claims: killed.map((k, i) => ({
              low: k.low,
              high: k.high,
              who: null,
              reported_by: k.by,
              evidence: { start: i * 10, end: i * 10 + 5 },
            })),
          },
    injuries: null,
    is_background: false,
    confidence: 0.8,
    evidence: [{ field: "trigger", start: 0, end: 4, text: "jets" }],
  };
}

/**
 * A strike first told vaguely (an inferred 1 March 2030, a district; published 2 March), then precisely (3 March,
 * a town nearby; published 22 March): one event that moved in time and space. Its id.
 */
export async function seedMovedEvent(t: TestStore): Promise<string> {
  const vague = testReport("mv-r1", { day: "2030-03-01", lat: 10, lon: 20, place: "Dry Valley District" });
  await t.store.saveArticle(
    testArticle("mv-1", "Jets struck the Dry Valley district yesterday.", { published: "2030-03-02" }),
    [
      {
        ...vague,
        date: { ...vague.date, inferred: true },
        location: { ...vague.location!, geo_precision: 2 },
      },
    ],
  );
  await t.store.saveArticle(
    testArticle("mv-2", "Jets struck the town of Reedford on 3 March.", { published: "2030-03-22" }),
    [testReport("mv-r2", { day: "2030-03-03", lat: 10.05, lon: 20.05, place: "Reedford" })],
  );
  for await (const event of t.store.events.query({})) {
    if (event.reports.some((r) => r.report_id === "mv-r1")) return event.id;
  }
  throw new Error("expected the moved event");
}
