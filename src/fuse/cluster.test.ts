import assert from "node:assert/strict";
import { test } from "node:test";
import type { Certainty, Report, SourcedReport, SubEventType } from "../model.js";
import { buildEvent } from "./build-event.js";
import { clusterReports } from "./cluster.js";
import { count, day, PLACES, sourced } from "./fixtures.js";
import { eventTypeOf } from "./rules.js";
import { sameEvent } from "./same-event.js";

/** mulberry32: a small seeded PRNG, so the property test is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function shuffle<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Random reports dense enough in time, place and type that many fuse, some by chains. */
function randomReports(rand: () => number, n: number): SourcedReport[] {
  const places = [PLACES.abuKamal, PLACES.deirEzZor, PLACES.mayadin, PLACES.hasakah, null];
  const subs: SubEventType[] = [
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Armed clash",
    "Attack",
  ];
  const actors = ["Israel", "United States", "Unidentified armed group", "Iran-backed militias"];
  const certainties: Certainty[] = ["confirmed", "claimed", "attributed", "alleged", "unknown"];
  const outlets = ["Northwind Daily", "Harbor Ledger", "Quarry Post", null];
  const monitors = ["Levant Monitoring Network", "Ministry of Health", null];
  return Array.from({ length: n }, (_, i) => {
    const sub = pick(rand, subs);
    const d = `2023-03-${String(1 + Math.floor(rand() * 6)).padStart(2, "0")}`;
    const published = rand() < 0.1 ? null : `2023-03-${String(7 + Math.floor(rand() * 3)).padStart(2, "0")}`;
    const over: Partial<Report> = {
      event_type: eventTypeOf(sub),
      sub_event_type: sub,
      date:
        rand() < 0.15
          ? { value: "2023-03", precision: "month", start: "2023-03-01", end: "2023-03-31" }
          : { ...day(d), inferred: rand() < 0.2 },
      location: pick(rand, places),
      actor1: { name: pick(rand, actors), text: "x", certainty: pick(rand, certainties) },
      actor2: rand() < 0.5 ? { name: pick(rand, actors), text: "y" } : null,
      is_background: rand() < 0.2,
      confidence: Math.round(rand() * 100) / 100,
      fatalities: rand() < 0.6 ? count([Math.floor(rand() * 60), null, pick(rand, monitors)]) : null,
    };
    // About one in eight reports shares an article with another, which must never fuse them directly.
    const article = `art-${Math.floor(i / (rand() < 0.12 ? 2 : 1))}`;
    return sourced(
      `r-${String(i).padStart(3, "0")}`,
      { id: article, outlet: pick(rand, outlets), published },
      over,
    );
  });
}

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
