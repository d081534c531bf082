import assert from "node:assert/strict";
import { test } from "node:test";
import type { SourcedReport } from "../model.js";
import { day, PLACES, prng, randomReports, sourced } from "../../test/support/fuse-fixtures.js";
import { isoDay } from "../util/days.js";
import { eventLocks, type FusionLock, fusionLocks } from "./locks.js";
import { sameEvent } from "./same-event.js";

const exclusive = (locks: readonly FusionLock[]) =>
  new Set(locks.filter((l) => !l.shared).map((l) => `${l.space}:${l.key}`));
const shareExclusive = (a: SourcedReport, b: SourcedReport) => {
  const x = fusionLocks([a]);
  const y = fusionLocks([b]);
  const ex = exclusive(x);
  const ey = exclusive(y);
  // Two writers wait for each other when one holds exclusive what the other holds in any mode.
  return (
    [...ex].some((k) => y.some((l) => `${l.space}:${l.key}` === k)) ||
    [...ey].some((k) => x.some((l) => `${l.space}:${l.key}` === k))
  );
};

test("fusionLocks: reports that sameEvent pairs always wait for each other (property over random reports)", () => {
  const reports = randomReports(prng(99), 150);
  let pairs = 0;
  for (const [i, a] of reports.entries()) {
    for (const b of reports.slice(i + 1)) {
      if (!sameEvent(a, b)) continue;
      pairs++;
      assert.ok(shareExclusive(a, b), `${a.report.id} and ${b.report.id} may fuse: they must share a lock`);
    }
  }
  assert.ok(pairs > 20, `expected the generator to make fusing pairs, found ${pairs}`);
});

test("fusionLocks: reports far apart in place or time share no exclusive lock", () => {
  const here = sourced("r-1", { id: "a-1" }, { location: PLACES.abuKamal });
  const elsewhere = sourced("r-2", { id: "a-2" }, { location: { ...PLACES.damascus, lat: -20, lon: 10 } });
  const later = sourced("r-3", { id: "a-3" }, { date: day("2023-06-20") });
  assert.ok(!shareExclusive(here, elsewhere));
  assert.ok(!shareExclusive(here, later));
});

test("fusionLocks: the store-wide lock comes first, shared; the rest sorted; an undated report locks nothing more", () => {
  const locks = fusionLocks([sourced("r-1", { id: "a-1" })]);
  assert.deepEqual(locks[0], { space: 7461207, key: 0, shared: true });
  const rest = locks.slice(1).map((l) => [l.space, l.key]);
  assert.deepEqual(
    rest,
    [...rest].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
  );
  const undated = sourced(
    "r-2",
    { id: "a-2" },
    { date: { value: null, precision: "unknown", start: null, end: null } },
  );
  assert.equal(fusionLocks([undated]).length, 1);
});

test("fusionLocks: an unlocated report holds its time buckets exclusive; a huge batch takes the store", () => {
  const nowhere = sourced("r-1", { id: "a-1" }, { location: null });
  const locks = fusionLocks([nowhere]);
  assert.ok(locks.slice(1).every((l) => !l.shared && l.space === 7461208));
  const many = Array.from({ length: 400 }, (_, i) =>
    sourced(`r-${i}`, { id: `a-${i}` }, { date: day(isoDay(19_000 + 28 * i)) }),
  );
  assert.deepEqual(fusionLocks(many), [{ space: 7461207, key: 0, shared: false }]);
});

test("eventLocks: one exclusive key per event, sorted, after the cell keys' namespaces", () => {
  const locks = eventLocks(["ev-b", "ev-a", "ev-b"]);
  assert.equal(locks.length, 2);
  assert.ok(locks.every((l) => !l.shared && l.space > 7461209));
  assert.ok(locks[0]!.key < locks[1]!.key);
});
