import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report, SourcedReport } from "../model.js";
import { day, PLACES, sourced } from "./fixtures.js";
import { parseFuseRules } from "./rules.js";
import { candidateWindow, dateInterval, dayNumber, distanceKm, matchRule, sameEvent } from "./same-event.js";

const A = { id: "art-a", outlet: "Northwind Daily", published: "2023-03-10" };
const B = { id: "art-b", outlet: "Harbor Ledger", published: "2023-03-10" };
const base = (over: Partial<Report> = {}) => sourced("ra", A, over);
const other = (over: Partial<Report> = {}) => sourced("rb", B, over);

const CASES: readonly { name: string; a: SourcedReport; b: SourcedReport; rule: string | null }[] = [
  { name: "identical reports from two outlets", a: base(), b: other(), rule: "near" },
  { name: "two reports of the same article never fuse", a: base(), b: sourced("rc", A), rule: null },
  {
    name: "air strike vs missile attack fuse (compatible within remote violence)",
    a: base(),
    b: other({ sub_event_type: "Shelling/artillery/missile attack" }),
    rule: "near",
  },
  {
    name: "air strike vs IED never",
    a: base(),
    b: other({ sub_event_type: "Remote explosive/landmine/IED" }),
    rule: null,
  },
  {
    name: "armed clash vs attack on civilians fuse (outlets disagree on whether victims were armed)",
    a: base({ event_type: "Battles", sub_event_type: "Armed clash" }),
    b: other({ event_type: "Violence against civilians", sub_event_type: "Attack" }),
    rule: "near",
  },
  {
    name: "battles vs protests never",
    a: base({ event_type: "Battles", sub_event_type: "Armed clash" }),
    b: other({ event_type: "Protests", sub_event_type: "Peaceful protest" }),
    rule: null,
  },
  { name: "a day apart fuses (day ±1)", a: base(), b: other({ date: day("2023-03-10") }), rule: "near" },
  { name: "two days apart stays apart", a: base(), b: other({ date: day("2023-03-11") }), rule: null },
  {
    name: "an inferred day gets ±2",
    a: base(),
    b: other({ date: { ...day("2023-03-11"), inferred: true } }),
    rule: "near",
  },
  {
    name: "a week-precise date overlapping the day",
    a: base(),
    b: other({ date: { value: "2023-03-06", precision: "week", start: "2023-03-06", end: "2023-03-12" } }),
    rule: "near",
  },
  {
    name: "a month-precise date (value only) covering the day",
    a: base(),
    b: other({ date: { value: "2023-03", precision: "month", start: null, end: null } }),
    rule: "near",
  },
  {
    name: "unknown date never fuses",
    a: base(),
    b: other({ date: { value: null, precision: "unknown", start: null, end: null } }),
    rule: null,
  },
  {
    name: "Deir ez-Zor vs Al Mayadin (~45 km) are near at precision 2",
    a: base({ location: PLACES.deirEzZor }),
    b: other({ location: { ...PLACES.mayadin, geo_precision: 2 } }),
    rule: "near",
  },
  {
    name: "Deir ez-Zor vs Al Mayadin (~45 km) at precision 1 are not near (another actor: no fallback)",
    a: base({ location: PLACES.deirEzZor }),
    b: other({ location: PLACES.mayadin, actor1: { name: "Unidentified armed group", text: "drones" } }),
    rule: null,
  },
  {
    name: "different towns same province same day same actor: same-admin1",
    a: base(),
    b: other({ location: PLACES.deirEzZor }),
    rule: "same-admin1",
  },
  {
    name: "same province but a day apart: apart",
    a: base(),
    b: other({ location: PLACES.deirEzZor, date: day("2023-03-10") }),
    rule: null,
  },
  {
    name: "same province same day but another province's town: apart",
    a: base(),
    b: other({ location: PLACES.hasakah }),
    rule: null,
  },
  {
    name: "same province same day but protests are not strike waves: apart",
    a: base({ event_type: "Protests", sub_event_type: "Peaceful protest", actor1: null, actor2: null }),
    b: other({
      event_type: "Protests",
      sub_event_type: "Peaceful protest",
      actor1: null,
      actor2: null,
      location: PLACES.deirEzZor,
    }),
    rule: null,
  },
  {
    name: "attribution disagreement, same day, same place, same sub-type: fuse",
    a: base(),
    b: other({ actor1: { name: "United States", text: "US aircraft", certainty: "claimed" } }),
    rule: "near/disputed-actor",
  },
  {
    name: "attribution disagreement a day apart: apart",
    a: base(),
    b: other({ actor1: { name: "United States", text: "US aircraft" }, date: day("2023-03-10") }),
    rule: null,
  },
  {
    name: "unidentified perpetrator is compatible with a named one",
    a: base(),
    b: other({
      actor1: { name: "Unidentified armed group", text: "unknown aircraft", certainty: "unknown" },
      date: day("2023-03-10"),
    }),
    rule: "near",
  },
  {
    name: "crossed actor pair counts as the same actors",
    a: base({ event_type: "Battles", sub_event_type: "Armed clash" }),
    b: other({
      event_type: "Battles",
      sub_event_type: "Armed clash",
      actor1: { name: "Iran-backed militias", text: "militias" },
      actor2: { name: "Israel", text: "Israeli forces" },
      date: day("2023-03-10"),
    }),
    rule: "near",
  },
  {
    name: "no location, same day, same actor1",
    a: base(),
    b: other({ location: null }),
    rule: "no-location/same-day",
  },
  {
    name: "no location, same day, other actor1: apart",
    a: base(),
    b: other({ location: null, actor1: { name: "United States", text: "US" } }),
    rule: null,
  },
  {
    name: "background: month vs year, one without location, same actor pair",
    a: base({
      is_background: true,
      location: null,
      date: { value: "2020-01", precision: "month", start: "2020-01-01", end: "2020-01-31" },
      actor1: { name: "United States", text: "a US drone", certainty: "attributed" },
      actor2: { name: "Iran", text: "the Quds Force commander" },
    }),
    b: other({
      is_background: true,
      location: PLACES.mosul,
      date: { value: "2020", precision: "year", start: "2020-01-01", end: "2020-12-31" },
      actor1: { name: "United States", text: "the US", certainty: "confirmed" },
      actor2: { name: "Iran", text: "Iran's general" },
    }),
    rule: "no-location/same-actors",
  },
  {
    name: "no location, coarse dates, actor2 unknown on one side: apart",
    a: base({
      location: null,
      date: { value: "2020-01", precision: "month", start: "2020-01-01", end: "2020-01-31" },
    }),
    b: other({
      date: { value: "2020", precision: "year", start: "2020-01-01", end: "2020-12-31" },
      actor2: null,
    }),
    rule: null,
  },
];

for (const c of CASES) {
  test(`matchRule: ${c.name}`, () => {
    assert.equal(matchRule(c.a, c.b), c.rule);
    assert.equal(matchRule(c.b, c.a), c.rule, "symmetric");
    assert.equal(sameEvent(c.a, c.b), c.rule !== null);
  });
}

test("candidateWindow contains every report the rules fuse with", () => {
  for (const c of CASES.filter((x) => x.rule !== null)) {
    for (const [x, y] of [
      [c.a, c.b],
      [c.b, c.a],
    ] as const) {
      const w = candidateWindow(x.report);
      const iy = dateInterval(y.report.date)!;
      assert.ok(w.from !== null && w.to !== null, c.name);
      assert.ok(dayNumber(w.from)! <= iy.end && iy.start <= dayNumber(w.to)!, `${c.name}: date window`);
      assert.ok(w.eventTypes.includes(y.report.event_type), `${c.name}: type`);
      const loc = y.report.location;
      if (loc && w.bbox) {
        const [west, south, east, north] = w.bbox;
        assert.ok(
          loc.lon >= west && loc.lon <= east && loc.lat >= south && loc.lat <= north,
          `${c.name}: bbox`,
        );
      } else {
        assert.ok(w.unlocated || w.bbox === null, `${c.name}: unlocated`);
      }
    }
  }
});

test("candidateWindow of an undated report asks for nothing", () => {
  const w = candidateWindow(
    base({ date: { value: null, precision: "unknown", start: null, end: null } }).report,
  );
  assert.deepEqual(w.eventTypes, []);
});

test("candidateWindow widens a day by the largest slack and keeps compatible event types", () => {
  const w = candidateWindow(base({ event_type: "Battles", sub_event_type: "Armed clash" }).report);
  assert.equal(w.from, "2023-03-06");
  assert.equal(w.to, "2023-03-12");
  assert.deepEqual(w.eventTypes, ["Battles", "Violence against civilians"]);
});

test("distanceKm: Abu Kamal to Deir ez-Zor is about 120 km", () => {
  const d = distanceKm(PLACES.abuKamal, PLACES.deirEzZor);
  assert.ok(d > 110 && d < 130, String(d));
});

test("parseFuseRules rejects a misspelt sub-event type, saying where", () => {
  assert.throws(
    () =>
      parseFuseRules({
        about: "",
        compatible_sub_event_types: [["Air strike", "Armed clash"]],
        date_slack_days: { day: 1, week: 3, month: 3, year: 0 },
        inferred_date_slack_days: 2,
        max_km_by_geo_precision: { 1: 25, 2: 50, 3: 150 },
        same_admin1: { event_types: [], max_km: 1 },
        unidentified_actor_words: ["x"],
        certainty_order: ["confirmed", "claimed", "attributed", "alleged", "unknown"],
      }),
    /compatible_sub_event_types\.0\.0: expected an ACLED sub-event type/,
  );
});
