import assert from "node:assert/strict";
import { test } from "node:test";
import type { SourcedReport } from "../model.js";
import { buildEvent } from "./build-event.js";
import { clusterReports } from "./cluster.js";
import { PLACES, prng, randomReports, shuffle, sourced } from "./fixtures.js";
import { sameEvent } from "./same-event.js";

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

test("property: clusters are exactly the connected components of sameEvent", () => {
  const rand = prng(7);
  const reports = randomReports(rand, 50);
  const clusters = clusterReports(reports);
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, i) => {
    for (const s of c) clusterOf.set(s.report.id, i);
  });
  assert.equal(clusterOf.size, reports.length, "every report in exactly one cluster");
  for (const a of reports)
    for (const b of reports) {
      if (a !== b && sameEvent(a, b)) assert.equal(clusterOf.get(a.report.id), clusterOf.get(b.report.id));
    }
  for (const c of clusters.filter((x) => x.length > 1)) {
    for (const a of c)
      assert.ok(
        c.some((b) => b !== a && sameEvent(a, b)),
        `${a.report.id} linked in its cluster`,
      );
  }
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

test("property: the sweep and grid miss no pair (spread reports against a brute-force union)", () => {
  const rand = prng(99);
  const reports = randomReports(rand, 400, { days: 40 });
  const sorted = [...reports].sort((a, b) => (a.report.id < b.report.id ? -1 : 1));
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : find(parent[i]!));
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++)
      if (sameEvent(sorted[i]!, sorted[j]!)) parent[Math.max(find(i), find(j))] = Math.min(find(i), find(j));
  const brute = new Map<number, string[]>();
  for (const [i, s] of sorted.entries()) brute.set(find(i), [...(brute.get(find(i)) ?? []), s.report.id]);
  const expected = [...brute.entries()].sort(([a], [b]) => a - b).map(([, ids]) => ids);
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
