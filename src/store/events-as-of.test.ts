// Event queries as of a date on both backends: an event a later report moved is found where it stood then.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { FusedEvent, Report } from "../model.js";
import { BACKENDS, openTestStore, testArticle, testReport } from "../../test/support/store.js";
import type { EventFilter } from "./events.js";
import { matchesFilter } from "./events-as-of.js";
import type { Store } from "./store.js";

async function all(it: AsyncIterable<FusedEvent>): Promise<FusedEvent[]> {
  const out: FusedEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** A strike first told vaguely (an inferred day, a district) and then precisely (a stated day, a town nearby). */
async function seedMovedEvent(store: Store): Promise<void> {
  const vague = testReport("m-r1", { day: "2030-03-01", lat: 10, lon: 20, place: "Dry Valley District" });
  await store.saveArticle(
    testArticle("m-1", "Jets struck the Dry Valley district yesterday.", { published: "2030-03-02" }),
    [
      {
        ...vague,
        date: { ...vague.date, inferred: true },
        location: { ...vague.location!, geo_precision: 2 },
      },
    ],
  );
  await store.saveArticle(
    testArticle("m-2", "Jets struck the town of Reedford on 3 March.", { published: "2030-03-22" }),
    [testReport("m-r2", { day: "2030-03-03", lat: 10.05, lon: 20.05, place: "Reedford" })],
  );
}

for (const backend of BACKENDS) {
  describe(`events as of a date on ${backend}`, () => {
    test("an event a later report moved is selected by where and when it stood then", async () => {
      const t = await openTestStore(backend);
      try {
        await seedMovedEvent(t.store);
        const now = await all(t.store.events.query({}));
        assert.equal(now.length, 1, "the two reports fuse into one event");
        assert.equal(now[0]!.date.start, "2030-03-03");
        const id = now[0]!.id;
        // Before the precise report the event was 1 March at the district: its columns now say 3 March, Reedford.
        const early = { asOf: "2030-03-05" };
        const cases: readonly (readonly [EventFilter, number])[] = [
          [{ ...early, from: "2030-03-01", to: "2030-03-01" }, 1],
          [{ from: "2030-03-01", to: "2030-03-01" }, 0],
          [{ ...early, bbox: [19.99, 9.99, 20.01, 10.01] }, 1],
          [{ ...early, bbox: [20.04, 10.04, 20.06, 10.06] }, 0],
          [{ asOf: "2030-03-25", bbox: [20.04, 10.04, 20.06, 10.06] }, 1],
          [{ asOf: "2030-03-25", from: "2030-03-01", to: "2030-03-01" }, 0],
          [{ ...early, country: "Freedonia", eventType: "Explosions/Remote violence" }, 1],
          [{ ...early, subEventType: "Armed clash" }, 0],
          [{ ...early, text: "Reedford" }, 0],
          [{ ...early, text: "district" }, 1],
          [{ asOf: "2030-03-01" }, 0],
        ];
        for (const [filter, n] of cases) {
          const found = await all(t.store.events.query(filter));
          assert.equal(found.length, n, JSON.stringify(filter));
          assert.equal(await t.store.events.count(filter), n, `count ${JSON.stringify(filter)}`);
          if (n === 1) assert.equal(found[0]!.id, id);
        }
        const [then] = await all(t.store.events.query(early));
        assert.equal(then!.date.start, "2030-03-01");
        assert.equal(then!.location?.name, "Dry Valley District");
        assert.deepEqual(
          then!.reports.map((r) => r.report_id),
          ["m-r1"],
        );
        assert.deepEqual((await t.store.events.get(id, "2030-03-05"))?.date, then!.date);
        assert.equal(await t.store.events.get(id, "2030-03-01"), null);
        assert.deepEqual(
          (await t.store.events.reports(id, "2030-03-05")).map((s) => s.report.id),
          ["m-r1"],
        );
        // A review out by then moves the event too: it is found, and sorted, on the reviewed day.
        const date = {
          value: "2030-02-10",
          precision: "day",
          start: "2030-02-10",
          end: "2030-02-10",
        } as const;
        await t.store.reviews.apply(id, {
          status: "reviewed",
          fields: { date },
          by: "ana",
          at: "2030-03-04T09:00:00Z",
        });
        const reviewed = await all(t.store.events.query({ ...early, to: "2030-02-10", status: "reviewed" }));
        assert.deepEqual(
          reviewed.map((e) => [e.id, e.date.start]),
          [[id, "2030-02-10"]],
        );
        assert.equal((await all(t.store.events.query({ asOf: "2030-03-03", to: "2030-02-10" }))).length, 0);
      } finally {
        await t.dispose();
      }
    });

    test("pages as of a date walk every event once in sort-key order, undated last", async () => {
      const t = await openTestStore(backend);
      try {
        // 30 events: a day each, some told again later on another day (the later telling moves them).
        const batch = Array.from({ length: 30 }, (_, i) => {
          const day = `2030-04-${String(1 + (i % 15)).padStart(2, "0")}`;
          const undated: Partial<Report> =
            i % 10 === 9 ? { date: { value: null, precision: "unknown", start: null, end: null } } : {};
          return {
            article: testArticle(`p-${i}`, `Shells fell on Hamlet ${i}.`, { published: "2030-04-16" }),
            reports: [
              { ...testReport(`p-r${i}`, { day, lat: i, lon: i * 2, place: `Hamlet ${i}` }), ...undated },
            ],
          };
        });
        await t.store.saveBatch(batch);
        const ids = (await all(t.store.events.query({ asOf: "2030-04-30" }))).map((e) => e);
        assert.equal(ids.length, 30);
        const keys = ids.map((e) => `${e.date.start ?? "9999-12-31"} ${e.id}`);
        assert.deepEqual(keys, [...keys].sort());
        assert.equal(ids.at(-1)!.date.precision, "unknown");
        const walked: string[] = [];
        let after: EventFilter["after"];
        for (;;) {
          const page = await all(t.store.events.query({ asOf: "2030-04-30", limit: 7, after }));
          walked.push(...page.map((e) => e.id));
          const tail = page.at(-1);
          if (page.length < 7 || !tail) break;
          after = { key: tail.date.start ?? "9999-12-31", id: tail.id };
        }
        assert.deepEqual(
          walked,
          ids.map((e) => e.id),
        );
        assert.deepEqual(
          (await all(t.store.events.query({ asOf: "2030-04-30", offset: 28 }))).map((e) => e.id),
          ids.slice(28).map((e) => e.id),
        );
      } finally {
        await t.dispose();
      }
    });
  });
}

test("matchesFilter judges a rebuilt event's own fields, the bbox across the antimeridian too", () => {
  const event = {
    event_type: "Battles",
    sub_event_type: "Armed clash",
    date: { value: "2030-05-02", precision: "day", start: "2030-05-02", end: "2030-05-02" },
    location: { lat: 1, lon: 179.5, country: "Freedonia", admin1: "Coast" },
    actor1: { name: "Dune Militia" },
    actor2: null,
    status: "auto",
    is_background: false,
  } as unknown as FusedEvent;
  const cases: readonly (readonly [EventFilter, boolean])[] = [
    [{}, true],
    [{ from: "2030-05-03" }, false],
    [{ to: "2030-05-01" }, false],
    [{ bbox: [179, 0, -179, 2] }, true],
    [{ bbox: [170, 0, 179, 2] }, false],
    [{ actor: "dune militia" }, true],
    [{ actor: "dune" }, false],
    [{ admin1: "Coast", country: "Freedonia" }, true],
    [{ status: "reviewed" }, false],
  ];
  for (const [filter, want] of cases)
    assert.equal(matchesFilter(event, filter), want, JSON.stringify(filter));
  assert.equal(matchesFilter({ ...event, is_background: true }, {}), false);
  assert.equal(matchesFilter({ ...event, is_background: true }, { includeBackground: true }), true);
});

for (const backend of BACKENDS) {
  test(`a window and a box read through the 0010 index give what the plain conditions give (${backend})`, async () => {
    const t = await openTestStore(backend);
    try {
      const batch = Array.from({ length: 40 }, (_, i) => ({
        article: testArticle(`w-${i}`, `Shells fell on Hamlet ${i}.`, { published: "2030-07-01" }),
        reports: [
          testReport(`w-r${i}`, {
            day: `2030-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, "0")}`,
            lat: i % 20,
            lon: (i * 3) % 40,
            place: `Hamlet ${i}`,
          }),
        ],
      }));
      await t.store.saveBatch(batch);
      const everything = await all(t.store.events.query({}));
      const cases: readonly EventFilter[] = [
        { from: "2030-02-01", to: "2030-03-15" },
        { from: "2030-02-01", to: "2030-03-15", bbox: [0, 0, 20, 10] },
        { from: "2020-01-01", to: "2039-12-31", bbox: [0, 0, 20, 10] },
        { from: "2030-03-01", to: "2030-02-01" },
      ];
      for (const filter of cases) {
        const want = everything.filter((e) => matchesFilter(e, filter)).map((e) => e.id);
        assert.deepEqual(
          (await all(t.store.events.query(filter))).map((e) => e.id),
          want,
          JSON.stringify(filter),
        );
        assert.equal(await t.store.events.count(filter), want.length, JSON.stringify(filter));
      }
    } finally {
      await t.dispose();
    }
  });
}
