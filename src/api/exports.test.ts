// Exports, stats, sources and clusters through real HTTP: the server on an ephemeral port over a seeded store, on
// PGlite and PostgreSQL. Every aggregate is checked against the same figures computed here from the events.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { EXPORT_COLUMNS } from "../export/acled.js";
import type { FusedEvent } from "../model.js";
import type { ArticleToSave } from "../store/store.js";
import { useTestApi, withTestApi } from "../../test/support/api.js";
import { BACKENDS, testArticle, testReport } from "../../test/support/store.js";
import { CELLS_PER_TILE } from "./export-schemas.js";

const OUTLETS = ["North Wire", "South Ledger", "East Courier"];

/** Fictional events, each its own: one a day, apart in space, two countries, state forces and a militia, some tolls. */
function batch(prefix: string, n: number, firstDay = 1, shift = 0): ArticleToSave[] {
  return Array.from({ length: n }, (_, i) => {
    const spot = i + shift;
    const day = `2030-03-${String(firstDay + (i % 20)).padStart(2, "0")}`;
    const killed = i % 3 === 1 ? [{ low: 2 + i, high: null, by: "a medic" }] : [];
    return {
      article: testArticle(`${prefix}-a${i}`, `Fighting was reported near Site ${prefix}${i} on ${day}.`, {
        published: day,
        outlet: OUTLETS[i % OUTLETS.length]!,
      }),
      reports: [
        testReport(`${prefix}-r${i}`, {
          day,
          sub: i % 4 === 0 ? "Attack" : i % 2 === 0 ? "Air/drone strike" : "Armed clash",
          lat: -40 + ((spot * 7) % 80),
          lon: -170 + ((spot * 13) % 340),
          place: `Site ${prefix}${i}`,
          country: i % 3 === 0 ? "Syria" : "Freedonia",
          actor1: i % 5 === 0 ? "Dune Militia" : "Military Forces of Freedonia",
          actor2: i % 4 === 0 ? "Civilians (Freedonia)" : null,
          killed,
        }),
      ],
    };
  });
}

/** A second outlet retelling an event of the first batch with a higher toll (fuses with it). */
function retelling(): ArticleToSave {
  return {
    article: testArticle("s-retell", "A later count from the same fighting near Site s1.", {
      published: "2030-03-03",
      outlet: "East Courier",
    }),
    reports: [
      testReport("s-retell-r", {
        day: "2030-03-02",
        sub: "Armed clash",
        lat: -40 + 7,
        lon: -170 + 13,
        place: "Site s1",
        country: "Freedonia",
        actor1: "Military Forces of Freedonia",
        killed: [{ low: 9, high: 11, by: "a council" }],
      }),
    ],
  };
}

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

for (const backend of BACKENDS) {
  describe(`exports and aggregates over HTTP on ${backend}`, () => {
    let all: FusedEvent[];
    let between: string;
    const api = useTestApi(backend, {
      async seed(t) {
        await t.store.saveBatch([...batch("s", 30), retelling()]);
        await new Promise((r) => setTimeout(r, 20));
        between = new Date().toISOString();
        await new Promise((r) => setTimeout(r, 20));
        await t.store.saveBatch(batch("u", 4, 25, 40));
      },
    });
    before(async () => {
      all = await drain(api.store.events.query({}));
    });

    const get = (path: string, headers: Record<string, string> = {}) => api.request(path, { headers });
    const ok = async (path: string) => {
      const res = await get(path);
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return res;
    };

    test("the fixtures: 34 events, one of them told by two outlets", () => {
      assert.equal(all.length, 34);
      assert.ok(all.some((e) => e.reports.length === 2));
    });

    test("events.csv: a download with ACLED's header, every event in order, columns of ACLED's types", async () => {
      const res = await ok("/api/v1/events.csv");
      assert.match(res.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
      assert.equal(res.headers.get("content-disposition"), 'attachment; filename="sitrep-events.csv"');
      const rows = parse(await res.text()) as string[][];
      assert.deepEqual(rows[0], [...EXPORT_COLUMNS]);
      const records = rows.slice(1).map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, r[i]!])));
      assert.deepEqual(
        records.map((r) => r.event_id_cnty),
        all.map((e) => e.id),
      );
      const integer = (v: string | undefined) => /^-?\d+$/.test(v ?? "");
      for (const r of records) {
        for (const c of ["year", "time_precision", "fatalities", "inter2"] as const) {
          assert.ok(integer(r[c]), `${r.event_id_cnty} ${c}: "${r[c]}"`);
        }
        // An actor the inter-code table does not know has no code (an empty cell, not a guess).
        const known = r.actor1 !== "Dune Militia";
        for (const c of ["inter1", "interaction"] as const) {
          assert.equal(integer(r[c]), known, `${r.event_id_cnty} ${c}: "${r[c]}"`);
        }
        for (const c of ["latitude", "longitude"] as const)
          assert.ok(Number.isFinite(Number(r[c])) && r[c] !== "");
      }
      const attack = records.find(
        (r) =>
          r.sub_event_type === "Attack" &&
          r.country === "Freedonia" &&
          r.actor1 === "Military Forces of Freedonia",
      )!;
      assert.deepEqual(
        [attack.inter1, attack.inter2, attack.interaction, attack.civilian_targeting, attack.disorder_type],
        ["1", "7", "17", "Civilian targeting", "Political violence"],
      );
      const abroad = records.find(
        (r) => r.actor1 === "Military Forces of Freedonia" && r.country === "Syria",
      )!;
      assert.equal(abroad.inter1, "8", "a state's forces outside their country are external forces");
    });

    test("events.geojson and events.ndjson carry the same events; filters select as /events does", async () => {
      const geo = (await (await ok("/api/v1/events.geojson")).json()) as {
        type: string;
        features: { id: string; geometry: { coordinates: number[] } }[];
      };
      assert.equal(geo.type, "FeatureCollection");
      assert.deepEqual(
        geo.features.map((f) => f.id),
        all.map((e) => e.id),
      );
      const res = await ok("/api/v1/events.ndjson?country=syria&event_type=Violence%20against%20civilians");
      assert.equal(res.headers.get("content-type"), "application/x-ndjson");
      const lines = (await res.text()).trimEnd().split("\n");
      const page = (await (
        await ok("/api/v1/events?country=syria&event_type=Violence%20against%20civilians&limit=1000")
      ).json()) as { events: FusedEvent[] };
      assert.ok(page.events.length > 0);
      assert.deepEqual(
        lines.map((l) => (JSON.parse(l) as FusedEvent).id),
        page.events.map((e) => e.id),
      );
    });

    test("updated_since: only the events written at or after the instant", async () => {
      const res = await ok(`/api/v1/events.ndjson?updated_since=${encodeURIComponent(between)}`);
      const ids = (await res.text())
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as FusedEvent).reports[0]!.report_id);
      assert.deepEqual(ids.sort(), ["u-r0", "u-r1", "u-r2", "u-r3"]);
      const stats = (await (
        await ok(`/api/v1/stats?updated_since=${encodeURIComponent(between)}`)
      ).json()) as {
        total: number;
      };
      assert.equal(stats.total, 4);
    });

    test("ETag: a repeated export is 304 until the query or the data changes", async () => {
      const first = await ok("/api/v1/events.csv?country=Freedonia");
      const etag = first.headers.get("etag")!;
      await first.arrayBuffer();
      assert.match(etag, /^"[0-9a-f]{32}"$/);
      const again = await get("/api/v1/events.csv?country=Freedonia", { "If-None-Match": etag });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get("etag"), etag);
      assert.equal(await again.text(), "");
      const weak = await get("/api/v1/events.csv?country=Freedonia", { "If-None-Match": `"x", W/${etag}` });
      assert.equal(weak.status, 304, "a weak tag in a list matches");
      const other = await get("/api/v1/events.csv?country=Syria", { "If-None-Match": etag });
      assert.equal(other.status, 200, "another query is another version");
      assert.notEqual(other.headers.get("etag"), etag);
      await other.arrayBuffer();
      const geo = await get("/api/v1/events.geojson?country=Freedonia", { "If-None-Match": etag });
      assert.equal(geo.status, 200, "another format is another version");
      await geo.arrayBuffer();
    });

    test("stats: totals, per day and type with fatalities, per type, per country", async () => {
      const stats = (await (await ok("/api/v1/stats")).json()) as {
        total: number;
        by_day: { day: string; event_type: string; events: number; fatalities: number }[];
        by_type: { event_type: string; events: number }[];
        by_country: { country: string; events: number }[];
      };
      assert.equal(stats.total, all.length);
      const tally = <K extends string>(key: (e: FusedEvent) => K) => {
        const m = new Map<K, number>();
        for (const e of all) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
        return m;
      };
      assert.deepEqual(
        new Map(stats.by_type.map((r) => [r.event_type, r.events])),
        tally((e) => e.event_type),
      );
      assert.deepEqual(
        new Map(stats.by_country.map((r) => [r.country, r.events])),
        tally((e) => e.location?.country ?? ""),
      );
      const days = new Map<string, { events: number; fatalities: number }>();
      for (const e of all) {
        const key = `${e.date.start}|${e.event_type}`;
        const d = days.get(key) ?? { events: 0, fatalities: 0 };
        days.set(key, { events: d.events + 1, fatalities: d.fatalities + (e.fatalities?.best ?? 0) });
      }
      assert.deepEqual(
        new Map(
          stats.by_day.map((r) => [
            `${r.day}|${r.event_type}`,
            { events: r.events, fatalities: r.fatalities },
          ]),
        ),
        days,
      );
      assert.ok(stats.by_day.some((r) => r.fatalities > 0));
      const filtered = (await (await ok("/api/v1/stats?country=Syria")).json()) as { total: number };
      assert.equal(filtered.total, tally((e) => e.location?.country ?? "").get("Syria"));
    });

    test("stats/days: the per-day counts of /stats alone, under the same filters", async () => {
      for (const query of ["", "?country=Syria", "?event_type=Battles&include_background=true"]) {
        const whole = (await (await ok(`/api/v1/stats${query}`)).json()) as { by_day: unknown[] };
        const days = (await (await ok(`/api/v1/stats/days${query}`)).json()) as { by_day: unknown[] };
        assert.ok(whole.by_day.length > 0, query);
        assert.deepEqual(days, { by_day: whole.by_day }, query);
      }
      assert.equal((await get("/api/v1/stats/days?zoom=3")).status, 400, "an unknown parameter");
    });

    test("sources: each outlet's reports and events, and how often its toll was an event's low or high", async () => {
      const body = (await (await ok("/api/v1/sources")).json()) as {
        sources: { outlet: string; reports: number; events: number; low: number; high: number }[];
      };
      const expected = OUTLETS.map((outlet) => {
        const mine = all.filter((e) => e.reports.some((r) => r.outlet === outlet));
        const claims = (e: FusedEvent) => (e.fatalities?.claims ?? []).filter((c) => c.outlet === outlet);
        return {
          outlet,
          reports: all.flatMap((e) => e.reports).filter((r) => r.outlet === outlet).length,
          events: mine.length,
          low: mine.filter((e) => claims(e).some((c) => c.low === e.fatalities?.low)).length,
          high: mine.filter((e) => claims(e).some((c) => (c.high ?? c.low) === e.fatalities?.high)).length,
        };
      }).sort((a, b) => b.reports - a.reports || a.outlet.localeCompare(b.outlet));
      assert.deepEqual(body.sources, expected);
      const east = body.sources.find((s) => s.outlet === "East Courier")!;
      assert.ok(
        east.high > 0 && east.low < east.high,
        "its retelling gave a high, not the low, of a fused event",
      );
      assert.equal((await get("/api/v1/sources?country=Syria")).status, 400, "sources takes no filter");
    });

    test("clusters: grid cells from the zoom with counts, tolls and the commonest type; one event tells its id", async () => {
      const clusters = async (query: string) =>
        (
          (await (await ok(`/api/v1/clusters?${query}`)).json()) as {
            clusters: {
              lon: number;
              lat: number;
              events: number;
              fatalities: number;
              event_type: string;
              id?: string;
              precision?: number;
            }[];
          }
        ).clusters;
      const world = await clusters("zoom=0");
      const cell = 360 / CELLS_PER_TILE;
      const cells = new Map<string, FusedEvent[]>();
      for (const e of all) {
        const key = `${Math.floor(e.location!.lon / cell)},${Math.floor(e.location!.lat / cell)}`;
        cells.set(key, [...(cells.get(key) ?? []), e]);
      }
      assert.equal(world.length, cells.size);
      assert.equal(
        world.reduce((n, c) => n + c.events, 0),
        all.length,
      );
      for (const c of world) {
        const members = cells.get(`${Math.floor(c.lon / cell)},${Math.floor(c.lat / cell)}`)!;
        assert.equal(c.events, members.length);
        assert.equal(
          c.fatalities,
          members.reduce((n, e) => n + (e.fatalities?.best ?? 0), 0),
        );
        const counts = new Map<string, number>();
        for (const e of members) counts.set(e.event_type, (counts.get(e.event_type) ?? 0) + 1);
        assert.equal(counts.get(c.event_type), Math.max(...counts.values()), "the most frequent type");
        assert.equal(c.id === undefined, c.events > 1);
      }
      const sizes = world.map((c) => c.events);
      assert.deepEqual(
        sizes,
        [...sizes].sort((a, b) => b - a),
        "largest clusters first",
      );
      const close = await clusters("zoom=12");
      assert.equal(close.length, all.length, "far apart events are their own clusters up close");
      for (const c of close) {
        const event = all.find((e) => e.id === c.id)!;
        assert.deepEqual([c.lon, c.lat, c.precision], [event.location!.lon, event.location!.lat, 1]);
      }
      const boxed = await clusters("zoom=12&bbox=-180,-90,0,90");
      assert.equal(boxed.length, all.filter((e) => e.location!.lon <= 0).length);
    });

    test("bad parameters answer 400 naming the parameter", async () => {
      const cases: readonly (readonly [string, RegExp])[] = [
        ["/api/v1/events.csv?updated_since=yesterday", /updated_since: expected an ISO date-time/],
        ["/api/v1/events.csv?updated_since=2030-02-31T00:00:00Z", /updated_since: expected a real date-time/],
        ["/api/v1/events.ndjson?limit=10", /limit: unknown query parameter/],
        ["/api/v1/stats?cursor=x", /cursor: unknown query parameter/],
        ["/api/v1/clusters", /zoom/],
        ["/api/v1/clusters?zoom=23", /zoom: expected an integer from 0 to 22/],
        ["/api/v1/clusters?zoom=2&bbox=1,2,3", /bbox: expected west,south,east,north/],
      ];
      for (const [path, message] of cases) {
        const res = await get(path);
        assert.equal(res.status, 400, path);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "bad_input", path);
        assert.match(body.error.message, message, path);
      }
    });
  });
}

describe("events.csv has no page cap", () => {
  test("an export of more events than a page of /events holds streams every one (PGlite)", async () => {
    await withTestApi("pglite", {}, async (api) => {
      const n = 1300;
      const entries = Array.from({ length: n }, (_, i): ArticleToSave => {
        const day = `2031-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
        return {
          article: testArticle(`big-${i}`, `Shelling hit Site big${i}.`, { published: day }),
          reports: [
            testReport(`big-r${i}`, {
              day,
              lat: -60 + (i % 120),
              lon: -175 + ((i * 37) % 350),
              place: `Site big${i}`,
            }),
          ],
        };
      });
      for (let i = 0; i < n; i += 250) await api.store.saveBatch(entries.slice(i, i + 250));
      const stored = await api.store.events.count({});
      assert.ok(stored > 1000, `more events than one page of /events (${stored})`);
      const res = await api.request("/api/v1/events.csv");
      const rows = parse(await res.text(), { columns: true }) as { event_id_cnty: string }[];
      assert.equal(rows.length, stored);
      assert.equal(new Set(rows.map((r) => r.event_id_cnty)).size, stored, "each event once");
    });
  });
});
