import assert from "node:assert/strict";
import { test } from "node:test";
import type { SourcedReport } from "../model.js";
import { buildEvent } from "./build-event.js";
import { clusterReports, groupLinked, isCoarse } from "./cluster.js";
import {
  count,
  day,
  PLACES,
  prng,
  randomReports,
  shuffle,
  sourced,
} from "../../test/support/fuse-fixtures.js";
import { FUSE_RULES } from "./rules.js";
import { dateInterval, sameEvent } from "./same-event.js";

function key(clusters: readonly SourcedReport[][]): string[][] {
  return clusters.map((c) => c.map((s) => s.report.id));
}

test("property: shuffling the same reports gives identical clusters and identical events", () => {
  const rand = prng(20230309);
  for (let round = 0; round < 8; round++) {
    const reports = randomReports(rand, 60);
    const reference = clusterReports(reports);
    const referenceEvents = reference.map((c) => buildEvent(c));
    assert.ok(
      reference.some((c) => c.length >= 3),
      "the generator makes multi-report clusters",
    );
    for (let s = 0; s < 25; s++) {
      const shuffled = shuffle(rand, reports);
      const clusters = clusterReports(shuffled);
      assert.deepEqual(key(clusters), key(reference));
      // Build each cluster from a shuffled copy too: the event must not depend on the order of its reports.
      assert.deepEqual(
        clusters.map((c) => buildEvent(shuffle(rand, c))),
        referenceEvents,
      );
    }
  }
});

test("property: clusters link by sameEvent, span few days, and coarse reports never bridge", () => {
  const rand = prng(7);
  const reports = randomReports(rand, 120);
  const clusters = clusterReports(reports);
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, i) => {
    for (const s of c) clusterOf.set(s.report.id, i);
  });
  assert.equal(clusterOf.size, reports.length, "every report in exactly one cluster");
  for (const c of clusters.filter((x) => x.length > 1)) {
    for (const a of c)
      assert.ok(
        c.some((b) => b !== a && sameEvent(a, b)),
        `${a.report.id} linked in its cluster`,
      );
    const days = c.filter((s) => !isCoarse(s)).map((s) => dateInterval(s.report.date)!.start);
    assert.ok(Math.max(...days) - Math.min(...days) <= FUSE_RULES.maxSpanDays, "day-precise span bounded");
    // Without its coarse reports, the day-precise ones of a cluster are still linked among themselves.
    const fine = c.filter((s) => !isCoarse(s));
    if (fine.length > 1)
      for (const a of fine)
        assert.ok(
          fine.some((b) => b !== a && sameEvent(a, b)),
          `${a.report.id} linked without coarse reports`,
        );
  }
  assert.ok(
    clusters.some((c) => c.some(isCoarse) && c.some((s) => !isCoarse(s))),
    "some coarse report attaches",
  );
});

test("reports with unknown dates stay alone; an empty input gives no clusters", () => {
  const undated = { value: null, precision: "unknown", start: null, end: null } as const;
  const clusters = clusterReports([
    sourced("u1", { id: "a1" }, { date: undated }),
    sourced("u2", { id: "a2" }, { date: undated }),
  ]);
  assert.deepEqual(key(clusters), [["u1"], ["u2"]]);
  assert.deepEqual(clusterReports([]), []);
});

test("property: the sweep and grid miss no pair (spread reports against a brute-force pair list)", () => {
  const rand = prng(99);
  const reports = randomReports(rand, 400, { days: 40 });
  const sorted = [...reports].sort((a, b) => (a.report.id < b.report.id ? -1 : 1));
  const edges: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++) if (sameEvent(sorted[i]!, sorted[j]!)) edges.push([i, j]);
  const expected = key(groupLinked(sorted, edges));
  const clusters = key(clusterReports(reports));
  assert.deepEqual(clusters, expected);
  assert.ok(
    clusters.some((c) => c.length > 1),
    "some spread reports fuse",
  );
});

test("clusterReports joins a same-admin1 pair farther apart than the distance rules reach (~200 km)", () => {
  const far = { ...PLACES.abuKamal, name: "Far town", gazetteer_id: "test:far", lat: 36.2, lon: 40.2 };
  const clusters = clusterReports([
    sourced("p1", { id: "a1", published: "2023-03-10" }),
    sourced("p2", { id: "a2", published: "2023-03-10" }, { location: far }),
  ]);
  assert.deepEqual(key(clusters), [["p1", "p2"]]);
});

test("no chaining: daily strikes in one city over a month and a month-precise report stay separate events", () => {
  // Fictional: two outlets report a strike in the same town every day of March 2023; a round-up says only
  // "in March". Single linkage joined them all (one day to the next, and through the month report).
  const reports = [];
  for (let d = 1; d <= 31; d++) {
    const date = `2023-03-${String(d).padStart(2, "0")}`;
    reports.push(sourced(`s-${date}-a`, { id: `na-${d}`, published: date }, { date: day(date) }));
    reports.push(sourced(`s-${date}-b`, { id: `nb-${d}`, published: date }, { date: day(date) }));
  }
  const roundup = sourced(
    "s-march",
    { id: "roundup", published: "2023-04-02" },
    { date: { value: "2023-03", precision: "month", start: null, end: null } },
  );
  reports.push(roundup);
  const clusters = clusterReports(reports);
  assert.ok(clusters.length >= 10, `expected at least 10 events, found ${clusters.length}`);
  for (const c of clusters) {
    const days = new Set(c.filter((s) => !isCoarse(s)).map((s) => s.report.date.value));
    assert.ok(days.size <= FUSE_RULES.maxSpanDays + 1, `an event spans ${[...days].join(", ")}`);
    // The two reports of one day are always in one event.
    for (const s of c)
      if (!isCoarse(s)) assert.ok(c.some((t) => t !== s && t.report.date.value === s.report.date.value));
  }
  const withRoundup = clusters.filter((c) => c.includes(roundup));
  assert.equal(withRoundup.length, 1);
  assert.ok(
    withRoundup[0]!.length <= 2 * (FUSE_RULES.maxSpanDays + 1) + 1,
    "the round-up joins one event only",
  );
  // Order independence holds for this input too.
  const rand = prng(5);
  for (let i = 0; i < 5; i++) assert.deepEqual(key(clusterReports(shuffle(rand, reports))), key(clusters));
});

test("a province-level report that matches two events in different towns joins at most one of them", () => {
  // Fictional: strikes the same day in two towns of one province by two different air forces, each told by two
  // outlets; a wire story says only "in the province", names no one, and gives the toll of one of them.
  const province = { ...PLACES.deirEzZor, name: "Deir ez-Zor Governorate", geo_precision: 3 as const };
  const us = { name: "United States", text: "US jets", certainty: "confirmed" as const };
  const reports = [
    sourced("e1-a", { id: "a1" }, { fatalities: count([9, null, null]) }),
    sourced("e1-b", { id: "a2" }, { fatalities: count([9, null, null]) }),
    sourced("e2-a", { id: "a3" }, { location: PLACES.mayadin, actor1: us }),
    sourced("e2-b", { id: "a4" }, { location: PLACES.mayadin, actor1: us }),
    sourced("wire", { id: "a5" }, { location: province, actor1: null, fatalities: count([9, null, null]) }),
  ];
  const events = key(clusterReports(reports));
  assert.equal(events.filter((c) => c.includes("wire")).length, 1);
  assert.ok(!events.some((c) => c.includes("e1-a") && c.includes("e2-a")), events.join(" | "));
  assert.ok(events.some((c) => c.includes("e1-a") && c.includes("e1-b")));
  assert.ok(events.some((c) => c.includes("e2-a") && c.includes("e2-b")));
});

test("two reports of one article never share an event, even when a third report matches both", () => {
  // Fictional: one article tells two strikes the same day in one town (the extractor kept them apart); a second
  // outlet's report matches both of them.
  const events = key(
    clusterReports([
      sourced("one-a", { id: "one" }),
      sourced("one-b", { id: "one" }, { sub_event_type: "Shelling/artillery/missile attack" }),
      sourced("two", { id: "two" }),
    ]),
  );
  assert.deepEqual(events, [["one-a", "two"], ["one-b"]]);
  const rand = prng(11);
  for (const c of clusterReports(randomReports(rand, 300))) {
    const ids = c.map((s) => s.article.id);
    assert.equal(
      new Set(ids).size,
      ids.length,
      `one article twice in ${c.map((s) => s.report.id).join(",")}`,
    );
  }
});

test("property: a person's same/apart pairs hold in any input order, and the rest clusters as before", () => {
  const rand = prng(1107);
  const reports = randomReports(rand, 80);
  const plain = clusterReports(reports);
  const multi = plain.filter((c) => c.length >= 2);
  assert.ok(multi.length >= 4, "the generator makes multi-report clusters");
  // Part the first two reports of some clusters; join single reports of others pairwise.
  const apart = multi.slice(0, 3).map((c) => [c[0]!.report.id, c[1]!.report.id] as const);
  const singles = plain.filter((c) => c.length === 1).map((c) => c[0]!.report.id);
  const same = [[singles[0]!, singles[1]!] as const];
  const constrained = clusterReports(reports, { same, apart });
  const where = new Map(constrained.flatMap((c, i) => c.map((s) => [s.report.id, i] as const)));
  for (const [a, b] of apart) assert.notEqual(where.get(a), where.get(b), `${a} and ${b} stay apart`);
  for (const [a, b] of same) assert.equal(where.get(a), where.get(b), `${a} and ${b} stay together`);
  for (let round = 0; round < 10; round++) {
    assert.deepEqual(key(clusterReports(shuffle(rand, reports), { same, apart })), key(constrained));
  }
  assert.deepEqual(key(clusterReports(reports, { same: [], apart: [] })), key(plain));
});
