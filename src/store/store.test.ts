import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sql } from "kysely";
import type { Article, FusedEvent, Report } from "../model.js";
import { sha256Hex } from "../util/hash.js";
import { findCandidates } from "./fusion-store.js";
import type { EventFilter } from "./store.js";
import {
  BACKENDS,
  openTestStore,
  type TestStore,
  testArticle,
  testReport,
} from "../../test/support/store.js";

async function withStore(backend: (typeof BACKENDS)[number], fn: (t: TestStore) => Promise<void>) {
  const t = await openTestStore(backend);
  try {
    await fn(t);
  } finally {
    await t.dispose();
  }
}

async function all(iter: AsyncIterable<FusedEvent>): Promise<FusedEvent[]> {
  const out: FusedEvent[] = [];
  for await (const e of iter) out.push(e);
  return out;
}

for (const backend of BACKENDS) {
  describe(`store on ${backend}`, () => {
    test("migrates on open and a second migrate applies nothing", async () => {
      await withStore(backend, async ({ store }) => {
        assert.deepEqual(await store.migrate(), []);
        const stats = await store.stats();
        assert.deepEqual(stats, { articles: 0, reports: 0, events: 0, claims: 0, openFailures: 0 });
      });
    });

    test("an article is stored once: same text is a duplicate, same id or url with other text a conflict", async () => {
      await withStore(backend, async ({ store }) => {
        const a = testArticle("a-1", "Jets struck a depot outside Tel Vardan on Friday.");
        const first = await store.saveArticle(a, [testReport("r-1")]);
        assert.equal(first.status, "new");
        assert.deepEqual(await store.saveArticle(a, [testReport("r-1")]), {
          status: "duplicate",
          storedId: "a-1",
        });
        const sameTextOtherId = { ...a, id: "a-2", url: null };
        assert.deepEqual((await store.articles.check([sameTextOtherId]))[0], {
          status: "duplicate",
          storedId: "a-1",
        });
        const otherText = { ...a, text: "A different story entirely." };
        const conflict = await store.saveArticle(otherText, []);
        assert.equal(conflict.status, "conflict");
        assert.match(
          conflict.status === "conflict" ? conflict.reason : "",
          /article id "a-1" is already stored/,
        );
        const sameUrl = { ...a, id: "a-3", text: "Yet another text at the same address." };
        const urlConflict = (await store.articles.check([sameUrl]))[0];
        assert.equal(urlConflict?.status, "conflict");
        assert.equal((await store.articles.get("a-1"))?.text, a.text);
        assert.deepEqual(await store.stats(), {
          articles: 1,
          reports: 1,
          events: 1,
          claims: 0,
          openFailures: 0,
        });
      });
    });

    test("reports of the same strike from two outlets fuse into one event with both claims", async () => {
      await withStore(backend, async ({ store }) => {
        const save = async (article: Article, reports: Report[]) =>
          (await store.saveBatch([{ article, reports }])).fusion;
        const one = await save(testArticle("a-1", "Jets hit Tel Vardan; 40 killed, monitors say."), [
          testReport("r-a", { killed: [{ low: 40, high: null, by: "Freedonia Monitor" }] }),
        ]);
        const two = await save(
          testArticle("a-2", "Strikes near Tel Vardan killed 57, a rights group said.", {
            outlet: "Other Daily",
            published: "2030-03-03",
          }),
          [
            testReport("r-b", {
              lat: 35.12,
              lon: 40.22,
              killed: [{ low: 57, high: null, by: "Rights Watchers" }],
            }),
          ],
        );
        const far = await save(testArticle("a-3", "Shelling far to the south."), [
          testReport("r-c", { lat: 30.0, lon: 35.0, place: "Port Ember" }),
        ]);
        assert.equal(one?.created.length, 1);
        assert.equal(two?.updated.length, 1);
        assert.equal(two?.created.length, 0);
        assert.equal(far?.created.length, 1);
        const events = await all(store.events.query({}));
        assert.equal(events.length, 2);
        const fused = events.find((e) => e.reports.length === 2);
        assert.ok(fused);
        assert.deepEqual(fused.reports.map((r) => r.article_id).sort(), ["a-1", "a-2"]);
        assert.equal(fused.fatalities?.low, 40);
        assert.equal(fused.fatalities?.high, 57);
        const claims = await store.db
          .selectFrom("claims")
          .select(["report_id", "event_id", "low"])
          .orderBy("low")
          .execute();
        assert.deepEqual(
          claims.map((c) => [c.report_id, c.event_id, c.low]),
          [
            ["r-a", fused.id, 40],
            ["r-b", fused.id, 57],
          ],
        );
      });
    });

    test("fusion is order-independent: the same articles in another order give the same events (ids apart)", async () => {
      const articles = [
        {
          a: testArticle("o-1", "Text one about a strike."),
          r: testReport("o-r1", { killed: [{ low: 3, high: null, by: "X" }] }),
        },
        {
          a: testArticle("o-2", "Text two about a strike.", { published: "2030-03-04" }),
          r: testReport("o-r2", { lat: 35.3 }),
        },
        {
          a: testArticle("o-3", "Text three about a strike."),
          r: testReport("o-r3", { lat: 35.45, day: "2030-03-02" }),
        },
        {
          a: testArticle("o-4", "Text four, a clash."),
          r: testReport("o-r4", { sub: "Armed clash", actor1: "Militia of the Dunes" }),
        },
        { a: testArticle("o-5", "Text five, far away."), r: testReport("o-r5", { lat: 10, lon: 10 }) },
      ];
      const runs: string[] = [];
      for (const order of [
        [0, 1, 2, 3, 4],
        [4, 3, 2, 1, 0],
        [2, 0, 4, 1, 3],
      ]) {
        await withStore(backend, async ({ store }) => {
          for (const i of order) {
            const item = articles[i]!;
            await store.saveArticle(item.a, [item.r]);
          }
          // Ids are stable, so they depend on arrival order (an event keeps the id of the first report stored
          // in it): the events are compared without them, in the order of their first report.
          const events = await all(store.events.query({}));
          const fused = events.find((e) => e.reports.length === 3);
          const firstStored = `o-r${order.find((i) => i < 3)! + 1}`;
          assert.equal(fused?.id, `ev-${sha256Hex(firstStored, 16)}`, "the id of the first report's event");
          runs.push(
            JSON.stringify(
              events
                .map(({ id: _id, ...e }) => ({ ...e, history: e.history.length }))
                .sort((a, b) => (a.reports[0]!.report_id < b.reports[0]!.report_id ? -1 : 1)),
            ),
          );
        });
      }
      assert.equal(runs[1], runs[0]);
      assert.equal(runs[2], runs[0]);
      const parsed = JSON.parse(runs[0]!) as FusedEvent[];
      assert.deepEqual(
        parsed.map((e) => e.reports.map((r) => r.report_id).sort()).sort(),
        [["o-r1", "o-r2", "o-r3"], ["o-r4"], ["o-r5"]].sort(),
      );
    });

    test("event queries filter by date, bbox, type, actor, place, status and text", async () => {
      await withStore(backend, async ({ store }) => {
        await store.saveArticle(testArticle("q-1", "Drones struck the granary at Tel Vardan."), [
          testReport("q-r1"),
        ]);
        await store.saveArticle(testArticle("q-2", "Protesters marched through Port Ember."), [
          testReport("q-r2", {
            sub: "Peaceful protest",
            actor1: "Protesters (Freedonia)",
            lat: 30,
            lon: 35,
            place: "Port Ember",
            admin1: "South Province",
            day: "2030-04-10",
          }),
        ]);
        const ids = async (filter: EventFilter) =>
          (await all(store.events.query(filter))).map((e) => e.reports[0]?.report_id);
        assert.deepEqual(await ids({ from: "2030-04-01" }), ["q-r2"]);
        assert.deepEqual(await ids({ to: "2030-03-31" }), ["q-r1"]);
        assert.deepEqual(await ids({ bbox: [39, 34, 41, 36] }), ["q-r1"]);
        assert.deepEqual(await ids({ eventType: "Protests" }), ["q-r2"]);
        assert.deepEqual(await ids({ actor: "sylvanian air force" }), ["q-r1"]);
        assert.deepEqual(await ids({ country: "Freedonia", admin1: "South Province" }), ["q-r2"]);
        assert.deepEqual(await ids({ status: "reviewed" }), []);
        assert.deepEqual(await ids({ text: "granary" }), ["q-r1"]);
        assert.deepEqual(await ids({ text: "marching" }), ["q-r2"]);
        assert.deepEqual(await ids({ limit: 1, offset: 1 }), ["q-r2"]);
        assert.equal(await store.events.count({ country: "Freedonia" }), 2);
        await assert.rejects(
          async () => all(store.events.query({ from: "March" })),
          /expected from as YYYY-MM-DD/,
        );
      });
    });

    test("queryEvents pages through many events in (date, id) order, undated last, none twice", async () => {
      await withStore(backend, async ({ store }) => {
        await sql`insert into events (id, data, event_type, sub_event_type, date_start, date_end, status, report_count)
          select 'e' || lpad(g::text, 5, '0'), jsonb_build_object('id', 'e' || lpad(g::text, 5, '0')),
            'Battles', 'Armed clash',
            case when g % 100 = 0 then null else to_char(date '2030-01-01' + (g % 37), 'YYYY-MM-DD') end,
            null, 'auto', 1
          from generate_series(1, 1100) g`.execute(store.db);
        const ids = (await all(store.events.query({}))).map((e) => e.id);
        assert.equal(ids.length, 1100);
        assert.equal(new Set(ids).size, 1100);
        const undated = ids.slice(-11);
        assert.ok(undated.every((id) => Number(id.slice(1)) % 100 === 0));
        const window = (await all(store.events.query({ offset: 498, limit: 505 }))).map((e) => e.id);
        assert.deepEqual(window, ids.slice(498, 1003));
        // A caller's keyset cursor (after the last event's sort key and id) resumes exactly where a page ended.
        const keys = new Map(
          (
            await sql<{
              id: string;
              k: string;
            }>`select id, coalesce(date_start, '9999-12-31') k from events`.execute(store.db)
          ).rows.map((r) => [r.id, r.k]),
        );
        const walked: string[] = [];
        let after: EventFilter["after"];
        for (;;) {
          const page = (await all(store.events.query({ limit: 300, after }))).map((e) => e.id);
          walked.push(...page);
          const tail = page.at(-1);
          if (page.length < 300 || !tail) break;
          after = { key: keys.get(tail)!, id: tail };
        }
        assert.deepEqual(walked, ids);
      });
    });

    test("windowed queries find events begun before the window and page through it in order, box or none", async () => {
      await withStore(backend, async ({ store }) => {
        // 700 events of one to five days over 2030, spread over a 30° by 20° grid.
        await sql`insert into events (id, data, event_type, sub_event_type, date_start, date_end, lat, lon, status,
            report_count)
          select 'w' || lpad(g::text, 4, '0'), jsonb_build_object('id', 'w' || lpad(g::text, 4, '0')),
            'Battles', 'Armed clash', to_char(date '2030-01-01' + (g * 7 % 365), 'YYYY-MM-DD'),
            to_char(date '2030-01-01' + (g * 7 % 365) + (g % 5), 'YYYY-MM-DD'), g % 20, (g * 3) % 30, 'auto', 1
          from generate_series(1, 700) g`.execute(store.db);
        const rows = (
          await sql<{ id: string; s: string; e: string; lat: number; lon: number }>`
            select id, date_start s, date_end e, lat, lon from events`.execute(store.db)
        ).rows.sort((a, b) => (a.s === b.s ? (a.id < b.id ? -1 : 1) : a.s < b.s ? -1 : 1));
        const expected = (f: EventFilter) =>
          rows
            .filter((r) => (!f.from || r.e >= f.from) && (!f.to || r.s <= f.to))
            .filter(({ lat, lon }) => {
              if (!f.bbox) return true;
              const [west, south, east, north] = f.bbox;
              return lat >= south && lat <= north && lon >= west && lon <= east;
            })
            .map((r) => r.id);
        const walk = async (filter: EventFilter, size: number) => {
          const walked: string[] = [];
          let after: EventFilter["after"];
          for (;;) {
            const page = await store.events.page({ ...filter, limit: size, ...(after && { after }) });
            walked.push(...page.events.map((json) => (JSON.parse(json) as { id: string }).id));
            if (!page.next) return walked;
            after = page.next;
          }
        };
        const filters: EventFilter[] = [
          { from: "2030-03-03", to: "2030-04-20" },
          { from: "2030-03-03" },
          { from: "2030-06-01", to: "2030-06-01" },
          { from: "2030-02-10", to: "2030-12-31", bbox: [2, 3, 9, 8] },
          { from: "2030-02-10", bbox: [0, 0, 4, 19] },
          { from: "2030-01-01", to: "2030-12-31", bbox: [-100, -50, 100, 50] },
          { from: "2030-05-05", to: "2030-05-01", bbox: [2, 3, 9, 8] },
        ];
        for (const filter of filters) {
          const want = expected(filter);
          assert.ok(filter.from! > filter.to! || want.length > 0, JSON.stringify(filter));
          const ids = (await all(store.events.query(filter))).map((e) => e.id);
          assert.deepEqual(ids, want, JSON.stringify(filter));
          assert.deepEqual(await walk(filter, 7), want, JSON.stringify(filter));
        }
        // Events begun before `from` and still under way on it come first.
        const straddling = rows.filter((r) => r.s < "2030-03-03" && r.e >= "2030-03-03").map((r) => r.id);
        assert.ok(straddling.length > 0);
        assert.deepEqual(expected({ from: "2030-03-03" }).slice(0, straddling.length), straddling);
      });
    });

    test("as-of reads the event as it stood: later claims left out", async () => {
      await withStore(backend, async ({ store }) => {
        await store.saveArticle(testArticle("s-1", "First count: 12 dead.", { published: "2030-03-02" }), [
          testReport("s-r1", { killed: [{ low: 12, high: null, by: "Monitor" }] }),
        ]);
        await store.saveArticle(testArticle("s-2", "Later count: 30 dead.", { published: "2030-03-05" }), [
          testReport("s-r2", { killed: [{ low: 30, high: null, by: "Monitor" }] }),
        ]);
        const [now] = await all(store.events.query({}));
        const [then] = await all(store.events.query({ asOf: "2030-03-03" }));
        assert.equal(now?.fatalities?.high, 30);
        assert.equal(then?.fatalities?.high, 12);
        assert.equal(then?.reports.length, 1);
        assert.deepEqual(await all(store.events.query({ asOf: "2030-03-01" })), []);
      });
    });

    test("a reviewed event keeps its corrections when a new report fuses into it", async () => {
      await withStore(backend, async ({ store }) => {
        const saved = await store.saveBatch([
          {
            article: testArticle("v-1", "Strike, 9 killed."),
            reports: [testReport("v-r1", { killed: [{ low: 9, high: null, by: "Monitor" }] })],
          },
        ]);
        const id = saved.fusion?.created[0] ?? "";
        const reviewed = await store.reviews.apply(id, {
          status: "reviewed",
          fields: {
            fatalities: { best: 11 },
            actor1: { name: "Unidentified drone", text: "a drone", certainty: "unknown" },
          },
          by: "analyst@example.test",
          at: "2030-03-04T10:00:00Z",
          note: "Hospital list checked.",
        });
        assert.equal(reviewed.status, "reviewed");
        await store.saveArticle(testArticle("v-2", "Strike, 14 killed.", { published: "2030-03-05" }), [
          testReport("v-r2", { killed: [{ low: 14, high: null, by: "Monitor" }] }),
        ]);
        const after = await store.events.get(id);
        assert.ok(after, "the event id is kept (it derives from the smallest report id)");
        assert.equal(after.reports.length, 2);
        assert.equal(after.status, "reviewed");
        assert.equal(after.actor1?.name, "Unidentified drone");
        assert.equal(after.fatalities?.high, 14);
        const history = await store.reviews.history(id);
        assert.equal(history.length, 1);
        assert.equal(history[0]?.by, "analyst@example.test");
        assert.deepEqual(history[0]?.changes.map((c) => c.field).sort(), ["actor1", "fatalities", "status"]);
        await assert.rejects(
          store.reviews.apply("ev-missing", { status: "rejected", fields: {}, by: "x", at: "2030-03-05" }),
          /expected an event with id "ev-missing"/,
        );
      });
    });

    test("a failure is recorded once per origin, updated on repeat, and resolved", async () => {
      await withStore(backend, async ({ store }) => {
        await store.failures.record({
          origin: "in.jsonl:3",
          stage: "read",
          reason: "bad json",
          raw: "{oops\u0000",
        });
        await store.failures.record({ origin: "in.jsonl:3", stage: "read", reason: "still bad json" });
        const open = await store.failures.list();
        assert.equal(open.length, 1);
        assert.equal(open[0]?.attempts, 2);
        assert.equal(open[0]?.reason, "still bad json");
        assert.equal(await store.failures.resolve(["in.jsonl:3"]), 1);
        assert.deepEqual(await store.failures.list(), []);
        assert.equal((await store.failures.list({ all: true })).length, 1);
      });
    });

    test("candidate search finds only reports in the window and can be served by the index", async () => {
      await withStore(backend, async ({ store }) => {
        await store.saveArticle(testArticle("c-1", "near"), [testReport("c-r1")]);
        await store.saveArticle(testArticle("c-2", "far"), [testReport("c-r2", { lat: -20, lon: 10 })]);
        await store.saveArticle(testArticle("c-3", "late"), [testReport("c-r3", { day: "2031-01-01" })]);
        await store.saveArticle(testArticle("c-4", "unlocated"), [testReport("c-r4", { place: null })]);
        const window = {
          from: "2030-02-27",
          to: "2030-03-03",
          bbox: [39, 34, 41, 36] as const,
          unlocated: true,
          eventTypes: ["Explosions/Remote violence" as const],
        };
        const found = (await findCandidates(store.db, window)).map((c) => c.id).sort();
        assert.deepEqual(found, ["c-r1", "c-r4"]);
        if (backend === "postgres") {
          await store.db.connection().execute(async (conn) => {
            await sql`set enable_seqscan = off`.execute(conn);
            const plan = await sql<{ "QUERY PLAN": string }>`explain select id from reports
              where event_type in ('Explosions/Remote violence') and span_class = 0
              and date_start >= '2030-02-21' and date_start <= '2030-03-03' and date_end >= '2030-02-27'
              and lat >= 34 and lat <= 36 and lon >= 39 and lon <= 41`.execute(conn);
            const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
            assert.match(text, /Index (Only )?Scan using reports_candidate_date/);
            assert.doesNotMatch(text, /Seq Scan/);
          });
        }
      });
    });
  });
}

for (const backend of BACKENDS) {
  describe(`background events on ${backend}`, () => {
    test("an event known only from background mentions is stored but left out of queries unless asked for", async () => {
      await withStore(backend, async ({ store }) => {
        const news = testReport("bg-news", { day: "2030-03-01" });
        const precedent = {
          ...testReport("bg-old", { day: "2028-05-10", place: "Old Quarry" }),
          is_background: true,
        };
        // A second article tells the precedent as background too, and the first strike as news.
        const saved = await store.saveArticle(
          testArticle("bg-a1", "Jets struck Tel Vardan; in 2028 the quarry."),
          [news, precedent],
        );
        assert.equal(saved.status, "new");
        const echo = { ...testReport("bg-news-2", { day: "2030-03-01" }), is_background: true };
        await store.saveArticle(testArticle("bg-a2", "A later piece recalls the Tel Vardan strike."), [echo]);
        assert.equal((await store.stats()).reports, 3, "background reports are stored as reports");

        const cases: { filter: EventFilter; expected: [string, boolean][] }[] = [
          { filter: {}, expected: [["2030-03-01", false]] },
          {
            filter: { includeBackground: true },
            expected: [
              ["2028-05-10", true],
              ["2030-03-01", false],
            ],
          },
          { filter: { to: "2029-01-01" }, expected: [] },
          { filter: { to: "2029-01-01", includeBackground: true }, expected: [["2028-05-10", true]] },
        ];
        for (const { filter, expected } of cases) {
          const events = await all(store.events.query(filter));
          assert.deepEqual(
            events.map((e) => [e.date.value, e.is_background]),
            expected,
            JSON.stringify(filter),
          );
          assert.equal(await store.events.count(filter), expected.length, JSON.stringify(filter));
        }
        // The background echo fused into the news event it tells of: one event, two reports, still news.
        const [strike] = await all(store.events.query({}));
        assert.equal(strike?.reports.length, 2);
        const column = await store.db
          .selectFrom("events")
          .select(["date_start", "is_background"])
          .orderBy("date_start")
          .execute();
        assert.deepEqual(
          column.map((r) => [r.date_start, r.is_background]),
          [
            ["2028-05-10", true],
            ["2030-03-01", false],
          ],
        );
      });
    });
  });
}
