// The certainty filter on every route that takes the events filters, and as_of on /stats and /clusters, through
// real HTTP on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { CERTAINTIES, type Certainty, type FusedEvent } from "../model.js";
import type { ArticleToSave } from "../store/store.js";
import { useTestApi } from "../../test/support/api.js";
import { BACKENDS, seedMovedEvent, testArticle, testReport } from "../../test/support/store.js";

/** One fictional strike per certainty, one a day from 1 March 2030, far apart; then one with no actor at all. */
function sureness(): ArticleToSave[] {
  const told: readonly (Certainty | null)[] = [...CERTAINTIES, null];
  return told.map((certainty, i) => {
    const day = `2030-03-0${i + 1}`;
    return {
      article: testArticle(`c-${i}`, `Jets hit a depot near Outpost ${i} on ${day}.`, { published: day }),
      reports: [
        testReport(`c-r${i}`, {
          day,
          lat: -40 + i * 9,
          lon: -150 + i * 45,
          place: `Outpost ${i}`,
          ...(certainty === null
            ? { actor1: null }
            : { certainty, actor1: certainty === "unknown" ? "Unidentified Armed Group" : undefined }),
        }),
      ],
    };
  });
}

interface Stats {
  total: number;
  by_day: { day: string; event_type: string; events: number; fatalities: number }[];
  by_type: { event_type: string; events: number }[];
  by_country: { country: string | null; events: number }[];
}

interface Cluster {
  lon: number;
  lat: number;
  events: number;
  id?: string;
}

/** The figures /stats gives for a set of events, computed here. */
function statsOf(events: readonly FusedEvent[]) {
  const tally = (key: (e: FusedEvent) => string) => {
    const m = new Map<string, number>();
    for (const e of events) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
    return m;
  };
  return {
    total: events.length,
    by_day: tally((e) => `${e.date.start}|${e.event_type}`),
    by_type: tally((e) => e.event_type),
    by_country: tally((e) => e.location?.country ?? ""),
  };
}

/** The same figures from a /stats body. */
function statsFigures(stats: Stats) {
  return {
    total: stats.total,
    by_day: new Map(stats.by_day.map((r) => [`${r.day}|${r.event_type}`, r.events])),
    by_type: new Map(stats.by_type.map((r) => [r.event_type, r.events])),
    by_country: new Map(stats.by_country.map((r) => [r.country ?? "", r.events])),
  };
}

const lines = (text: string) => text.trimEnd().split("\n").filter(Boolean);

for (const backend of BACKENDS) {
  describe(`certainty and as_of over HTTP on ${backend}`, () => {
    let moved = "";
    const api = useTestApi(backend, {
      async seed(t) {
        await t.store.saveBatch(sureness());
        moved = await seedMovedEvent(t);
      },
    });
    let all: FusedEvent[] = [];
    before(async () => {
      all = [];
      for await (const e of api.store.events.query({})) all.push(e);
    });

    const ids = async (path: string) =>
      (await api.json<{ events: FusedEvent[] }>(path)).events.map((e) => e.id).sort();

    test("the fixtures: seven events, every certainty told, one event with no actor", () => {
      assert.equal(all.length, 7);
      assert.deepEqual(new Set(all.map((e) => e.actor1?.certainty ?? null)), new Set([...CERTAINTIES, null]));
    });

    test("certainty: each value selects exactly its events (no actor1 is unknown) on every filtered route", async () => {
      for (const certainty of CERTAINTIES) {
        const expected = all
          .filter((e) => (e.actor1?.certainty ?? "unknown") === certainty)
          .map((e) => e.id)
          .sort();
        assert.ok(expected.length > 0, certainty);
        if (certainty === "unknown") assert.equal(expected.length, 2, "the actorless event is unknown too");
        const q = `certainty=${certainty}`;
        assert.deepEqual(await ids(`/api/v1/events?${q}`), expected, `events ${q}`);
        assert.deepEqual(await ids(`/api/v1/events?${q}&as_of=2030-12-31`), expected, `as_of ${q}`);
        const count = await api.json<{ count: number }>(`/api/v1/events?${q}&count=true`);
        assert.equal(count.count, expected.length, `count ${q}`);

        const ndjson = await (await api.request(`/api/v1/events.ndjson?${q}`)).text();
        assert.deepEqual(
          lines(ndjson)
            .map((l) => (JSON.parse(l) as FusedEvent).id)
            .sort(),
          expected,
        );
        const csv = parse(await (await api.request(`/api/v1/events.csv?${q}`)).text(), {
          columns: true,
        }) as { event_id_cnty: string }[];
        assert.deepEqual(csv.map((r) => r.event_id_cnty).sort(), expected, `csv ${q}`);
        const geo = await api.json<{ features: { id: string }[] }>(`/api/v1/events.geojson?${q}`);
        assert.deepEqual(geo.features.map((f) => f.id).sort(), expected, `geojson ${q}`);

        const stats = await api.json<Stats>(`/api/v1/stats?${q}`);
        assert.equal(stats.total, expected.length, `stats ${q}`);
        const { clusters } = await api.json<{ clusters: Cluster[] }>(`/api/v1/clusters?zoom=12&${q}`);
        assert.deepEqual(clusters.map((c) => c.id).sort(), expected, `clusters ${q}`);
      }
    });

    test("certainty: any other value (a list too) is a 400 naming the field on every route", async () => {
      const routes = ["/api/v1/events?", "/api/v1/events.csv?", "/api/v1/stats?", "/api/v1/clusters?zoom=3&"];
      for (const route of routes) {
        for (const value of ["sure", "Confirmed", "confirmed,claimed", ""]) {
          const path = `${route}certainty=${value}`;
          const res = await api.request(path);
          assert.equal(res.status, 400, path);
          const { error } = (await res.json()) as {
            error: { code: string; message: string; field?: string };
          };
          assert.equal(error.code, "bad_input", path);
          assert.equal(error.field, "certainty", path);
          assert.match(error.message, /certainty: .*confirmed/, path);
        }
      }
      const doc = await api.json<{
        paths: Record<string, { get?: { parameters?: { name: string; schema: { enum?: string[] } }[] } }>;
      }>("/api/v1/openapi.json");
      const filtered = ["/api/v1/events", "/api/v1/events.ndjson", "/api/v1/stats", "/api/v1/stats/days"];
      for (const path of [...filtered, "/api/v1/clusters"]) {
        const param = doc.paths[path]?.get?.parameters?.find((p) => p.name === "certainty");
        assert.deepEqual(param?.schema.enum, [...CERTAINTIES], path);
      }
    });

    test("as_of: /stats and /clusters hold the events as /events?as_of finds them, moved ones where they stood", async () => {
      const events = async (query: string) =>
        (await api.json<{ events: FusedEvent[] }>(`/api/v1/events?limit=1000&${query}`)).events;
      const stats = async (query: string) => statsFigures(await api.json<Stats>(`/api/v1/stats?${query}`));
      const clusters = async (query: string) =>
        (await api.json<{ clusters: Cluster[] }>(`/api/v1/clusters?zoom=12&${query}`)).clusters;

      // The three strikes published by 3 March and the moved one (first told on 2 March), as it stood.
      const then = await events("as_of=2030-03-03");
      assert.deepEqual(
        then.map((e) => e.id).sort(),
        [
          ...all.filter((e) => ["c-r0", "c-r1", "c-r2"].includes(e.reports[0]!.report_id)).map((e) => e.id),
          moved,
        ].sort(),
      );
      const movedThen = then.find((e) => e.id === moved)!;
      const movedNow = all.find((e) => e.id === moved)!;
      assert.notEqual(movedThen.date.start, movedNow.date.start, "the moved event's day changed since");

      assert.deepEqual(await stats("as_of=2030-03-03"), statsOf(then));
      assert.deepEqual(await stats(""), statsOf(all));
      assert.equal((await stats("as_of=2030-02-28")).total, 0, "nothing was out then");
      assert.equal((await stats("as_of=2030-03-03&certainty=claimed")).total, 1);
      const dayThen = await stats("as_of=2030-03-03&from=2030-03-01&to=2030-03-01");
      assert.equal(
        dayThen.by_day.get(`${movedThen.date.start}|${movedThen.event_type}`),
        2,
        "it stood on 1 March",
      );

      const cellsThen = await clusters("as_of=2030-03-03");
      assert.deepEqual(cellsThen.map((c) => c.id).sort(), then.map((e) => e.id).sort());
      const movedCell = cellsThen.find((c) => c.id === moved)!;
      assert.deepEqual([movedCell.lon, movedCell.lat], [movedThen.location!.lon, movedThen.location!.lat]);
      assert.notDeepEqual([movedCell.lon, movedCell.lat], [movedNow.location!.lon, movedNow.location!.lat]);
      assert.deepEqual((await clusters("")).map((c) => c.id).sort(), all.map((e) => e.id).sort());
      assert.deepEqual(await clusters("as_of=2030-02-28"), []);
    });

    // Last: it writes to the store.
    test("as_of: an export's ETag follows every write (any of them may change what the record held then)", async () => {
      const path = "/api/v1/events.csv?as_of=2030-03-03&certainty=confirmed";
      const first = await api.request(path);
      const etag = first.headers.get("etag")!;
      await first.arrayBuffer();
      assert.equal((await api.request(path, { headers: { "If-None-Match": etag } })).status, 304);
      await api.store.saveBatch([
        {
          article: testArticle("c-late", "Jets hit a bridge near Outpost 9.", { published: "2030-04-01" }),
          reports: [
            testReport("c-late-r", {
              day: "2030-04-01",
              lat: 60,
              lon: 120,
              place: "Outpost 9",
              certainty: "claimed",
            }),
          ],
        },
      ]);
      const after = await api.request(path, { headers: { "If-None-Match": etag } });
      assert.equal(after.status, 200, "a write elsewhere is a new version of an as_of export");
      assert.notEqual(after.headers.get("etag"), etag);
      await after.arrayBuffer();
    });
  });
}
