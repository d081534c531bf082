import assert from "node:assert/strict";
import { test } from "node:test";
import type { EventReview, SourcedReport } from "../model.js";
import { PLACES, prng, randomReports, shuffle, sourced } from "../../test/support/fuse-fixtures.js";
import { buildEvent } from "./build-event.js";
import { clusterReports } from "./cluster.js";
import { mergeReviews, planFusion, type StoredReport, touchedEvents } from "./plan.js";

/** Stores reports as fusion would have: each cluster one event. */
function stored(reports: readonly SourcedReport[]): StoredReport[] {
  return clusterReports(reports).flatMap((cluster) => {
    const id = buildEvent(cluster).id;
    return cluster.map((s) => ({ eventId: id, sourced: s }));
  });
}

const review = (fields: EventReview["fields"], at: string): EventReview => ({
  status: "reviewed",
  fields,
  by: "analyst",
  at,
});

test("planFusion: a new report of a stored event updates it and is assigned to it; nothing is deleted", () => {
  const old = stored([sourced("r-1", { id: "a-1", published: "2023-03-10" })]);
  const fresh = sourced("r-2", { id: "a-2", published: "2023-03-11" });
  const plan = planFusion([fresh], old, new Map());
  assert.equal(plan.events.length, 1);
  assert.deepEqual(plan.updated, [old[0]!.eventId]);
  assert.deepEqual(plan.created, []);
  assert.deepEqual(plan.assign, [{ reportId: "r-2", eventId: old[0]!.eventId }]);
  assert.deepEqual(plan.deleted, []);
});

test("planFusion: an earlier-published report re-keys the event; the old id is deleted and its reviews move", () => {
  const old = stored([sourced("r-1", { id: "a-1", published: "2023-03-11" })]);
  const oldId = old[0]!.eventId!;
  const earlier = sourced("r-0", { id: "a-0", published: "2023-03-10" });
  const reviews = new Map([[oldId, [review({ fatalities: { best: 7 } }, "2023-03-12T00:00:00Z")]]]);
  const plan = planFusion([earlier], old, reviews);
  const [event] = plan.events;
  assert.ok(event && event.id !== oldId);
  assert.deepEqual(plan.created, [event.id]);
  assert.deepEqual(plan.deleted, [oldId]);
  assert.deepEqual(plan.reviewsMoved, [{ from: oldId, to: event.id }]);
  assert.equal(event.fatalities?.best, 7, "the person's correction survives the re-keying");
  assert.deepEqual(plan.assign.map((a) => a.reportId).sort(), ["r-0", "r-1"]);
});

test("planFusion: a report elsewhere makes its own event", () => {
  const old = stored([sourced("r-1", { id: "a-1", published: "2023-03-10" })]);
  const far = sourced("r-2", { id: "a-2", published: "2023-03-10" }, { location: PLACES.mosul });
  const plan = planFusion([far], [], new Map());
  assert.deepEqual(plan.updated, []);
  assert.equal(plan.created.length, 1);
  assert.notEqual(plan.created[0], old[0]!.eventId);
});

/** Fuses reports batch by batch as the store does (every stored report a candidate), returning the clusters. */
function fuseInBatches(order: readonly SourcedReport[], size: number): string[] {
  let store: StoredReport[] = [];
  for (let i = 0; i < order.length; i += size) {
    const batch = order.slice(i, i + size);
    const touched = new Set(touchedEvents(batch.map((fresh) => ({ fresh, stored: store }))));
    const members = store.filter((s) => s.eventId !== null && touched.has(s.eventId));
    const plan = planFusion(batch, members, new Map());
    const eventOf = new Map(plan.assign.map((a) => [a.reportId, a.eventId]));
    store = [
      ...store.map((s) => ({ ...s, eventId: eventOf.get(s.sourced.report.id) ?? s.eventId })),
      ...batch.map((s) => ({ eventId: eventOf.get(s.report.id) ?? null, sourced: s })),
    ];
  }
  const byEvent = new Map<string, string[]>();
  for (const s of store) byEvent.set(s.eventId!, [...(byEvent.get(s.eventId!) ?? []), s.sourced.report.id]);
  return [...byEvent.values()].map((ids) => ids.sort().join(",")).sort();
}

test("property: batch by batch in any order gives the clusters of all at once (but for a rare freed report)", () => {
  const rand = prng(4242);
  const reports = randomReports(rand, 80);
  const reference = clusterReports(reports)
    .map((c) =>
      c
        .map((s) => s.report.id)
        .sort()
        .join(","),
    )
    .sort();
  assert.deepEqual(fuseInBatches(shuffle(rand, reports), reports.length), reference, "one batch");
  let differing = 0;
  for (const size of [1, 7, 20]) {
    for (let round = 0; round < 4; round++) {
      const got = new Set(fuseInBatches(shuffle(rand, reports), size));
      differing += reference.filter((c) => !got.has(c)).length;
    }
  }
  // A split can free a report that an untouched neighbouring event would take (see planFusion): rare.
  assert.ok(
    differing <= 4,
    `expected at most 4 of ${12 * reference.length} clusters to differ, found ${differing}`,
  );
});

test("mergeReviews: later corrections win field by field; counts merge low/best/high one by one", () => {
  const merged = mergeReviews([
    review({ fatalities: { low: 3, best: 5 } }, "2023-01-01T00:00:00Z"),
    review({ fatalities: { best: 6 } }, "2023-01-02T00:00:00Z"),
  ]);
  assert.deepEqual(merged?.fields.fatalities, { low: 3, best: 6 });
  assert.equal(merged?.at, "2023-01-02T00:00:00Z");
  assert.equal(mergeReviews([]), null);
});
