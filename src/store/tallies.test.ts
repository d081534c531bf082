import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Kysely, Migrator, sql } from "kysely";
import type { Certainty, Report, SubEventType } from "../model.js";
import {
  BACKENDS,
  openTestStore,
  type TestStore,
  testArticle,
  testReport,
} from "../../test/support/store.js";
import { type AggregateRepository, aggregateRepository, type Cluster } from "./aggregates.js";
import { storeBackend } from "./backend.js";
import type { EventFilter } from "./events.js";
import { MIGRATIONS } from "./migrations.js";
import type { Database } from "./schema.js";
import { TALLY_MIGRATION } from "./tallies.js";

/** The API's cluster cell at a zoom (clusterCell): 360 / 2^zoom / 4 degrees. */
const cell = (zoom: number) => 360 / 2 ** zoom / 4;
const ZOOMS = [0, 1, 2, 3, 4, 5, 6, 7, 9];

/** Filters the workbench sends (the tallies answer most; the rest must fall back and agree all the same). */
const FILTERS: readonly EventFilter[] = [
  {},
  { includeBackground: true },
  { eventType: "Battles" },
  { eventType: "Explosions/Remote violence", includeBackground: true },
  { subEventType: "Armed clash" },
  { certainty: "unknown" },
  { certainty: "claimed", includeBackground: true },
  { country: "Freedonia" },
  { country: "Ruritania", eventType: "Protests" },
  { country: "" },
  { status: "rejected" },
  { status: "reviewed", includeBackground: true },
  { status: "auto", certainty: "attributed", subEventType: "Air/drone strike" },
  { bbox: [-180, -90, 180, 90] },
  { bbox: [-180, -85, 180, 85] },
  { bbox: [-10, -40, 60, 40], eventType: "Battles" },
  { bbox: [150, -90, -150, 90] },
  { bbox: [-2, -40, 45, 40] },
  { bbox: [0, 0, 45, 45], includeBackground: true },
  { bbox: [-70, -80, 20, 70], certainty: "claimed" },
  { bbox: [-61, -71, 2.8125, 35.1], country: "Ruritania" },
  { bbox: [40.2, 35.1, 40.3, 35.2] },
  { bbox: [30, 30, 50, 36] },
  { from: "2030-01-05" },
  { to: "2030-01-20", country: "Freedonia" },
  { actor: "Sylvanian Air Force" },
];

/**
 * Places on both sides of the equator and the prime meridian, on tally cell edges, near the antimeridian and poles,
 * and in each edge strip of a box that cuts cells.
 */
const PLACES: readonly [number, number, string][] = [
  [35.1, 40.2, "Freedonia"],
  [-33.9, 18.4, "Freedonia"],
  [12.5, -1.40625, "Ruritania"],
  [-0.0001, -0.0001, "Ruritania"],
  [1.40625, 2.8125, "Freedonia"],
  [64.2, -179.99, "Ruritania"],
  [-16.5, 179.99, "Freedonia"],
  [86.1, 100.3, "Ruritania"],
  [35.11, 40.21, "Freedonia"],
  [-70.2, -60.7, "Ruritania"],
  [35.5, 40.0, "Freedonia"],
  [30.5, 40.5, "Ruritania"],
];
const SUBS: readonly SubEventType[] = [
  "Air/drone strike",
  "Armed clash",
  "Peaceful protest",
  "Attack",
  "Shelling/artillery/missile attack",
];
const CERTAINTIES: readonly (Certainty | null)[] = ["attributed", "claimed", null, "alleged", "confirmed"];

/** The i-th report of the varied set: types, certainties, countries, places, days, tolls and background vary. */
function variedReport(i: number): Report {
  const [lat, lon, country] = PLACES[i % PLACES.length]!;
  const certainty = CERTAINTIES[i % CERTAINTIES.length]!;
  const report = testReport(`tl-r${i}`, {
    sub: SUBS[i % SUBS.length]!,
    day: `2030-01-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`,
    lat,
    lon,
    country,
    place: i % 13 === 12 ? null : `Place ${i % PLACES.length}`,
    actor1: certainty === null ? null : "Sylvanian Air Force",
    ...(certainty !== null && { certainty }),
    killed: i % 3 === 0 ? [] : [{ low: i % 11, high: null, by: "Monitor" }],
  });
  return { ...report, is_background: i % 9 === 4 };
}

async function eventIds(t: TestStore): Promise<string[]> {
  const rows = await t.store.db.selectFrom("events").select("id").orderBy("id").execute();
  return rows.map((r) => r.id);
}

/** The aggregates read over the events table only, on the same store. */
function directOf(t: TestStore): AggregateRepository {
  const backend = storeBackend({ db: t.store.db, backend: t.backend, schema: t.schema ?? "public" });
  return aggregateRepository(backend, t.store.events, { tallies: false });
}

/**
 * Clusters with their mean positions rounded to 1e-9 degrees (a tenth of a millimetre): the tallies' means are of
 * exact sums, the events table's of float sums (avg), which may differ in the last bits; the rest is compared exactly.
 */
function rounded(clusters: readonly Cluster[]): Cluster[] {
  const round = (value: number) => Math.round(value * 1e9) / 1e9;
  return clusters.map((c) => ({ ...c, lon: round(c.lon), lat: round(c.lat) }));
}

/** Every filter at every zoom: clusters and days as the store reads them equal the events table's own. */
async function assertSame(t: TestStore, step: string): Promise<void> {
  const direct = directOf(t);
  for (const filter of FILTERS) {
    const label = `${step}: ${JSON.stringify(filter)}`;
    assert.deepEqual(await t.store.aggregates.days(filter), await direct.days(filter), `days, ${label}`);
    for (const zoom of ZOOMS) {
      const [tallied, counted] = [
        await t.store.aggregates.clusters(filter, cell(zoom)),
        await direct.clusters(filter, cell(zoom)),
      ];
      assert.deepEqual(rounded(tallied), rounded(counted), `clusters at zoom ${zoom}, ${label}`);
      // A one-event cluster sits exactly on its event.
      for (const [i, c] of tallied.entries()) if (c.events === 1) assert.deepEqual(c, counted[i], label);
    }
  }
}

/** The tallies as the migration's backfill makes them from the events as they stand, compared with those kept. */
async function assertBackfill(db: Kysely<Database>, step: string): Promise<void> {
  const kept = await tallyRows(db);
  await sql`delete from event_day_tallies`.execute(db);
  await sql`delete from event_cell_tallies`.execute(db);
  for (const statement of TALLY_MIGRATION.slice(-2)) await sql.raw(statement).execute(db);
  const fresh = await tallyRows(db);
  assert.deepEqual(kept.days, fresh.days, `day tallies, ${step}`);
  assert.deepEqual(kept.cells, fresh.cells, `cell tallies, ${step}`);
  assert.ok(fresh.days.length > 0 && fresh.cells.length > 0, `${step}: some tallies`);
}

/** The tally rows in a fixed order (the cells without their extents: those kept may be wider than a backfill's). */
async function tallyRows(db: Kysely<Database>) {
  const days = await db.selectFrom("event_day_tallies").selectAll().orderBy(sql`1, 2, 3, 4, 5, 6`).execute();
  const cells = await db
    .selectFrom("event_cell_tallies")
    .select([
      "level",
      "cx",
      "cy",
      "event_type",
      "sub_event_type",
      "certainty",
      "country",
      "status",
      "is_background",
      "events",
      "fatalities",
      "lon_sum",
      "lat_sum",
      "min_id",
    ])
    .orderBy(sql`1, 2, 3, 4, 5, 6, 7, 8, 9`)
    .execute();
  return { days, cells };
}

const ACT = { by: "analyst@example.test", at: "2030-02-01T10:00:00Z", reason: "checked" };

for (const backend of BACKENDS) {
  describe(`tallies on ${backend}`, () => {
    test("clusters and days read from the tallies equal the events table's through every write path", async () => {
      const t = await openTestStore(backend);
      const { store } = t;
      try {
        // Fusion: a varied set, some reports told twice by other outlets (fused: the event is rewritten).
        await store.saveBatch(
          Array.from({ length: 40 }, (_, i) => ({
            article: testArticle(`tl-a${i}`, `Report number ${i}.`),
            reports: [variedReport(i)],
          })),
        );
        for (const i of [0, 1, 2, 5]) {
          await store.saveArticle(
            testArticle(`tl-b${i}`, `Second telling ${i}.`, { published: "2030-03-03" }),
            [{ ...variedReport(i), id: `tl-s${i}` }],
          );
        }
        await assertSame(t, "fused");
        await assertBackfill(store.db, "fused");

        // Reviews: rejected; moved to another type, place and certainty; made background; a toll corrected.
        const ids = await eventIds(t);
        await store.reviews.apply(ids[0]!, { status: "rejected", fields: {}, by: "a", at: "2030-02-01" });
        const moved = testReport("x", { lat: -45.5, lon: -70.25, country: "Ruritania", place: "Far Town" });
        await store.reviews.apply(ids[1]!, {
          status: "reviewed",
          fields: {
            event_type: "Battles",
            sub_event_type: "Armed clash",
            location: moved.location,
            actor1: { name: "Unknown gunmen", text: "gunmen", certainty: "unknown" },
          },
          by: "a",
          at: "2030-02-01",
        });
        await store.reviews.apply(ids[2]!, {
          status: "reviewed",
          fields: { is_background: true },
          by: "a",
          at: "2030-02-01",
        });
        await store.reviews.apply(ids[3]!, {
          status: "reviewed",
          fields: { fatalities: { low: 3, best: 30, high: 40 } },
          by: "a",
          at: "2030-02-01",
        });
        await assertSame(t, "reviewed");

        // A person's merge and split.
        await store.reviews.merge(ids[4]!, ids[5]!, ACT);
        const twice = (await store.events.query({ includeBackground: true })) as AsyncIterable<{
          id: string;
          reports: readonly { report_id: string }[];
        }>;
        let split = false;
        for await (const event of twice) {
          if (event.reports.length > 1 && !split) {
            await store.reviews.split(event.id, [event.reports[0]!.report_id], ACT);
            split = true;
          }
        }
        assert.ok(split, "an event of two reports to split");
        await assertSame(t, "merged and split");
        await assertBackfill(store.db, "merged and split");

        // Statements outside the store's code: a bulk insert (the benches' seeds), an update, deletes.
        await sql`insert into events (id, data, event_type, sub_event_type, date_start, date_end, lat, lon, country,
            status, fatalities_best, report_count, is_background, geo_precision)
          select 'ev-bulk-' || g, jsonb_build_object('actor1', case when g % 2 = 0 then null
              else jsonb_build_object('certainty', 'claimed') end),
            (array['Battles', 'Protests'])[1 + g % 2], (array['Armed clash', 'Peaceful protest'])[1 + g % 2],
            '2030-01-0' || (1 + g % 9), '2030-01-0' || (1 + g % 9), -60 + g * 1.3, -170 + g * 3.7,
            case when g % 5 = 0 then null else 'Freedonia' end, 'auto', g % 7, 1, g % 4 = 0, 1 + g % 3
          from generate_series(1, 90) g`.execute(store.db);
        await sql`update events set lon = -lon, status = 'reviewed' where id like 'ev-bulk-1%'`.execute(
          store.db,
        );
        await sql`delete from events where id like 'ev-bulk-2%' or id = ${ids[6]!}`.execute(store.db);
        // The least id of a cell leaves it: the next takes its place.
        const least = await sql<{ id: string }>`select min_id as id from event_cell_tallies
          where events > 1 order by events desc limit 1`.execute(store.db);
        await sql`delete from events where id = ${least.rows[0]!.id}`.execute(store.db);
        await assertSame(t, "bulk writes and deletes");
        await assertBackfill(store.db, "bulk writes and deletes");

        await sql`truncate events`.execute(store.db);
        assert.deepEqual(await tallyRows(store.db), { days: [], cells: [] });
      } finally {
        await t.dispose();
      }
    });
  });
}

test("0013-event-tallies fills the tallies from the events stored before it", async () => {
  const t = await openTestStore("pglite");
  try {
    const { store } = t;
    await store.saveBatch(
      Array.from({ length: 30 }, (_, i) => ({
        article: testArticle(`mg-a${i}`, `Report number ${i}.`),
        reports: [variedReport(i)],
      })),
    );
    const before = { tallied: store.aggregates, direct: directOf(t) };
    // Back to the store as it was before the migration, with these events; then up again: the backfill.
    const migrator = new Migrator({
      db: store.db,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    });
    assert.equal((await migrator.migrateTo("0012-review-priority")).error, undefined);
    const tables = await sql<{ n: number }>`select count(*)::int as n from pg_tables
      where tablename in ('event_day_tallies', 'event_cell_tallies')`.execute(store.db);
    assert.equal(tables.rows[0]!.n, 0);
    assert.equal((await migrator.migrateTo("0013-event-tallies")).error, undefined);
    for (const filter of FILTERS) {
      assert.deepEqual(await before.tallied.days(filter), await before.direct.days(filter));
      for (const zoom of ZOOMS) {
        assert.deepEqual(
          rounded(await before.tallied.clusters(filter, cell(zoom))),
          rounded(await before.direct.clusters(filter, cell(zoom))),
          `zoom ${zoom}, ${JSON.stringify(filter)}`,
        );
      }
    }
    assert.ok((await tallyRows(store.db)).cells.length > 5);
  } finally {
    await t.dispose();
  }
});
