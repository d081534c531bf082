// The HTTP API through real HTTP: the server on an ephemeral port over a seeded store, on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { FusedEvent } from "../model.js";
import { useTestApi } from "../../test/support/api.js";
import { BACKENDS, testArticle, testReport } from "../../test/support/store.js";
import { countryNames } from "../sources/countries.js";
import { eventSortKey } from "../store/events.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

/** 24 fictional strikes and clashes, each its own event: one a day, a degree apart, two countries, three actors. */
function fixtures() {
  return Array.from({ length: 24 }, (_, i) => {
    const day = `2030-03-${String(1 + (i % 12)).padStart(2, "0")}`;
    const text =
      i % 4 === 0
        ? `A convoy was struck near Place ${i} on ${day}, the monitor said.`
        : `Jets hit a granary in Place ${i} on ${day}.`;
    return {
      article: testArticle(`a-${i}`, text, { published: day, title: `Bulletin ${i}` }),
      reports: [
        testReport(`r-${i}`, {
          day,
          sub: i % 2 === 0 ? "Air/drone strike" : "Armed clash",
          lat: 10 + i,
          lon: 20 + i,
          place: `Place ${i}`,
          country: i % 3 === 0 ? "Syria" : "Freedonia",
          admin1: i < 12 ? "North Province" : "South Province",
          actor1: i % 5 === 0 ? "Dune Militia" : "Sylvanian Air Force",
        }),
      ],
    };
  });
}

interface Page {
  events: FusedEvent[];
  next_cursor: string | null;
  count?: number;
}

for (const backend of BACKENDS) {
  describe(`HTTP API on ${backend}`, () => {
    const api = useTestApi(backend, { seed: (t) => t.store.saveBatch(fixtures()) });
    let all: FusedEvent[];

    before(async () => {
      all = [];
      for await (const e of api.store.events.query({})) all.push(e);
    });

    const get = (path: string) => api.request(path);
    const page = (path: string) => api.json<Page>(path);

    test("the fixtures are 24 separate events and /healthz names the backend", async () => {
      assert.equal(all.length, 24);
      assert.deepEqual(await (await get("/healthz")).json(), { ok: true, backend });
    });

    test("filters select the events they name", async () => {
      const ids = async (query: string) =>
        (await page(`/api/v1/events?${query}`)).events.map((e) => e.id).sort();
      const expect = (keep: (i: number) => boolean) =>
        all
          .filter((e) => keep(Number(e.reports[0]!.report_id.slice(2))))
          .map((e) => e.id)
          .sort();
      const cases: readonly (readonly [string, (i: number) => boolean])[] = [
        ["from=2030-03-11", (i) => i % 12 >= 10],
        ["to=2030-03-02", (i) => i % 12 <= 1],
        ["from=2030-03-03&to=2030-03-03", (i) => i % 12 === 2],
        ["bbox=19.5,9.5,24.5,14.5", (i) => i <= 4],
        ["sub_event_type=Armed%20clash", (i) => i % 2 === 1],
        ["event_type=Battles", (i) => i % 2 === 1],
        ["actor=dune%20militia", (i) => i % 5 === 0],
        ["country=syria", (i) => i % 3 === 0],
        ["country=SY", (i) => i % 3 === 0],
        ["country=Freedonia", (i) => i % 3 !== 0],
        ["admin1=South%20Province", (i) => i >= 12],
        ["q=convoy", (i) => i % 4 === 0],
        ["q=convoy&country=Syria", (i) => i % 12 === 0],
        ["status=reviewed", () => false],
        ["include_background=true", () => true],
      ];
      for (const [query, keep] of cases) assert.deepEqual(await ids(query), expect(keep), query);
    });

    test("pages walk every event once, in order, whole, and count tells the total", async () => {
      const seen: FusedEvent[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const p: Page = await page(`/api/v1/events?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...p.events);
        cursor = p.next_cursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 5);
      // Whole events, not only their ids: the JSON the pages splice in is the stored events, field for field.
      assert.deepEqual(seen, all);
      const filtered = await page("/api/v1/events?country=Syria&limit=3&count=true");
      assert.equal(filtered.count, 8);
      assert.equal(filtered.events.length, 3);
      const rest = await page(`/api/v1/events?country=Syria&limit=10&cursor=${filtered.next_cursor}`);
      assert.equal(rest.events.length, 5);
      assert.equal(rest.next_cursor, null);
      assert.equal((await page("/api/v1/events")).events.length, 24);
    });

    test("bad parameters answer 400 naming the parameter and what it expects", async () => {
      const cases: readonly (readonly [string, RegExp])[] = [
        ["from=March", /from: expected a day as YYYY-MM-DD/],
        ["to=2030-02-31x", /to: expected a day/],
        ["from=2030-13-45", /from: expected a real day/],
        ["bbox=1,2,3", /bbox: expected west,south,east,north/],
        ["bbox=10,50,20,40", /bbox: .*south <= north/],
        ["bbox=200,0,210,10", /bbox: .*longitudes/],
        ["limit=0", /limit: expected an integer from 1 to 1000/],
        ["limit=1001", /limit: expected an integer from 1 to 1000/],
        ["limit=ten", /limit: expected an integer/],
        ["status=done", /status/],
        ["include_background=yes", /include_background/],
        ["cursor=not-a-cursor", /cursor: expected the next_cursor of a previous page/],
        ["event_type=Riot", /event_type: .*Battles/],
        ["sub_event_type=airstrike", /sub_event_type: .*Armed clash/],
        ["type=Battles", /type: unknown query parameter; expected one of from, to, bbox/],
      ];
      for (const [query, message] of cases) {
        const res = await get(`/api/v1/events?${query}`);
        assert.equal(res.status, 400, query);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "bad_input", query);
        assert.match(body.error.message, message, query);
      }
    });

    test("one event comes with its reports; one article with its text; missing ones are 404", async () => {
      const first = all[0]!;
      const detail = (await (await get(`/api/v1/events/${first.id}`)).json()) as {
        event: FusedEvent;
        reports: { report: { id: string }; article: { id: string } }[];
      };
      assert.equal(detail.event.id, first.id);
      assert.deepEqual(
        detail.reports.map((r) => r.report.id),
        first.reports.map((r) => r.report_id),
      );
      const article = (await (await get("/api/v1/articles/a-4")).json()) as { text: string; title: string };
      assert.match(article.text, /convoy was struck near Place 4/);
      assert.equal(article.title, "Bulletin 4");
      for (const path of ["/api/v1/events/no-such", "/api/v1/articles/no-such", "/api/v1/nothing"]) {
        const res = await get(path);
        assert.equal(res.status, 404, path);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, "not_found", path);
      }
    });

    test("openapi.json lists every path; metrics are Prometheus text with the store's counts", async () => {
      const doc = (await (await get("/api/v1/openapi.json")).json()) as {
        info: { title: string; version: string };
        paths: Record<string, unknown>;
      };
      assert.deepEqual(doc.info, { ...doc.info, title: "Sitrep", version: "1.0.0" });
      assert.deepEqual(Object.keys(doc.paths).sort(), [
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/auth/whoami",
        "/api/v1/clusters",
        "/api/v1/events",
        "/api/v1/events.csv",
        "/api/v1/events.geojson",
        "/api/v1/events.ndjson",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/history",
        "/api/v1/events/{id}/merge",
        "/api/v1/events/{id}/split",
        "/api/v1/metrics",
        "/api/v1/review/queue",
        "/api/v1/sources",
        "/api/v1/stats",
        "/api/v1/stats/days",
        "/healthz",
      ]);
      const metrics = await get("/api/v1/metrics");
      assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
      const text = await metrics.text();
      assert.match(text, /^sitrep_events 24$/m);
      assert.match(text, /^sitrep_articles 24$/m);
      assert.doesNotMatch(text, /sitrep_queue/);
    });
  });
}

test("a cursor round-trips a sort key and id; undated events sort last", () => {
  assert.deepEqual(decodeCursor(encodeCursor({ key: "2030-03-04", id: "e1" })), {
    key: "2030-03-04",
    id: "e1",
  });
  const dated = {
    id: "e1",
    date: { value: "2030-03-04", precision: "day", start: "2030-03-04", end: "2030-03-04" },
  };
  assert.equal(eventSortKey(dated as unknown as FusedEvent), "2030-03-04");
  const undated = { id: "e2", date: { value: null, precision: "unknown", start: null, end: null } };
  assert.equal(eventSortKey(undated as unknown as FusedEvent), "9999-12-31");
  for (const bad of ["", "bm90IGpzb24", Buffer.from("[1,2]").toString("base64url")]) {
    assert.throws(() => decodeCursor(bad), /cursor: expected/, bad);
  }
});

test("country names are found by name in any case or by ISO alpha-2 code", () => {
  const names = countryNames("# iso2\tiso3\tname\nSY\tSYR\tSyria\t1\nCI\tCIV\tIvory Coast\t2\n");
  const cases: readonly (readonly [string, string | undefined])[] = [
    ["syria", "Syria"],
    ["sy", "Syria"],
    ["ivory coast", "Ivory Coast"],
    ["ci", "Ivory Coast"],
    ["syr", undefined],
  ];
  for (const [key, name] of cases) assert.equal(names.get(key), name, key);
});
