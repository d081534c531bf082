import assert from "node:assert/strict";
import { test } from "node:test";
import rulesJson from "../../data/fuse/rules.json" with { type: "json" };
import type { Report, SourcedReport } from "../model.js";
import { count, day, PLACES, sourced } from "../../test/support/fuse-fixtures.js";
import { FUSE_RULES, parseFuseRules } from "./rules.js";
import { dayNumber } from "../util/days.js";
import {
  candidateWindow,
  fusionInterval,
  fusionVerdict,
  SCORE_RULES,
  sameEvent,
  tollRelation,
} from "./same-event.js";

const A = { id: "art-a", outlet: "Northwind Daily", published: "2023-03-10" };
const B = { id: "art-b", outlet: "Harbor Ledger", published: "2023-03-10" };
const base = (over: Partial<Report> = {}) => sourced("ra", A, over);
const other = (over: Partial<Report> = {}) => sourced("rb", B, over);

const undated: Report["date"] = { value: null, precision: "unknown", start: null, end: null };
const month = (value: string): Report["date"] => ({ value, precision: "month", start: null, end: null });
const year = (value: string): Report["date"] => ({ value, precision: "year", start: null, end: null });
const tolled = (low: number, high: number | null = null) => ({ fatalities: count([low, high, null]) });
const unidentified = { name: "Unidentified armed group", text: "gunmen", certainty: "unknown" } as const;
const province = { ...PLACES.deirEzZor, name: "Deir ez-Zor Governorate", geo_precision: 3 } as const;

/** Each case: the verdict both ways, and rules that must have fired (a subset of the verdict's rules). */
const CASES: readonly { name: string; a: SourcedReport; b: SourcedReport; fuse: boolean; fired: string[] }[] =
  [
    {
      name: "identical reports from two outlets",
      a: base(),
      b: other(),
      fuse: true,
      fired: ["type/same-sub", "date/same-day", "place/same", "actor/same", "victims/same"],
    },
    {
      name: "two reports of the same article never fuse",
      a: base(),
      b: sourced("rc", A),
      fuse: false,
      fired: ["article/same"],
    },
    {
      name: "air strike vs missile attack fuse (loose neighbours) when the actor agrees",
      a: base(),
      b: other({ sub_event_type: "Shelling/artillery/missile attack" }),
      fuse: true,
      fired: ["type/loose-neighbours", "actor/same"],
    },
    {
      name: "air strike vs shelling of one town on one day, the doer of one unknown: two events",
      a: base({ actor1: unidentified, actor2: null }),
      b: other({ sub_event_type: "Shelling/artillery/missile attack", actor2: null }),
      fuse: false,
      fired: ["type/loose-neighbours", "actor/open"],
    },
    {
      name: "suicide bomb vs attack on civilians fuse (neighbouring types) when the toll agrees",
      a: base({ sub_event_type: "Suicide bomb", actor1: unidentified, ...tolled(12) }),
      b: other({
        event_type: "Violence against civilians",
        sub_event_type: "Attack",
        actor1: null,
        ...tolled(12, 13),
      }),
      fuse: true,
      fired: ["type/neighbours-across", "toll/close"],
    },
    {
      name: "suicide bomb vs attack a day apart, nothing else in common: apart",
      a: base({ sub_event_type: "Suicide bomb", actor1: unidentified, actor2: null }),
      b: other({
        event_type: "Violence against civilians",
        sub_event_type: "Attack",
        actor1: null,
        actor2: null,
        date: day("2023-03-10"),
      }),
      fuse: false,
      fired: ["type/neighbours-across", "actor/open"],
    },
    {
      name: "battles vs protests never",
      a: base({ event_type: "Battles", sub_event_type: "Armed clash" }),
      b: other({ event_type: "Protests", sub_event_type: "Peaceful protest" }),
      fuse: false,
      fired: ["type/incompatible"],
    },
    {
      name: "two strategic developments of different sub-types never",
      a: base({ event_type: "Strategic developments", sub_event_type: "Agreement" }),
      b: other({ event_type: "Strategic developments", sub_event_type: "Arrests" }),
      fuse: false,
      fired: ["type/incompatible"],
    },
    {
      name: "a day apart fuses (day ±1)",
      a: base(),
      b: other({ date: day("2023-03-10") }),
      fuse: true,
      fired: ["date/within-slack"],
    },
    {
      name: "two days apart stays apart",
      a: base(),
      b: other({ date: day("2023-03-11") }),
      fuse: false,
      fired: ["date/apart"],
    },
    {
      name: "an inferred day gets ±2",
      a: base(),
      b: other({ date: { ...day("2023-03-11"), inferred: true } }),
      fuse: true,
      fired: ["date/within-slack"],
    },
    {
      name: "an undated background report never fuses",
      a: base(),
      b: other({ date: undated, is_background: true }),
      fuse: false,
      fired: ["date/unknown"],
    },
    {
      name: "an undated news report is read as the week before publication: joins when all else agrees",
      a: base(),
      b: other({ date: undated }),
      fuse: true,
      fired: ["date/undated-news", "place/same", "actor/same", "victims/same"],
    },
    {
      name: "an undated news report with an unknown actor: apart",
      a: base(),
      b: other({ date: undated, actor1: null }),
      fuse: false,
      fired: ["date/undated-news", "actor/open"],
    },
    {
      name: "an undated news report published weeks after the event: apart",
      a: base(),
      b: sourced("rb", { id: "art-late", published: "2023-04-20" }, { date: undated }),
      fuse: false,
      fired: ["date/apart"],
    },
    {
      name: "a month-precise report with the same actors and toll joins",
      a: base(tolled(7)),
      b: other({ date: month("2023-03"), ...tolled(7) }),
      fuse: true,
      fired: ["date/coarse-overlap", "toll/close"],
    },
    {
      name: "a month-precise report with an unknown actor and no toll does not join",
      a: base(),
      b: other({ date: month("2023-03"), actor1: null }),
      fuse: false,
      fired: ["date/coarse-overlap", "actor/open"],
    },
    {
      name: "a province-level report joins only when actor and toll agree",
      a: base(tolled(20)),
      b: other({ location: province, ...tolled(21) }),
      fuse: true,
      fired: ["place/near", "actor/same", "toll/close"],
    },
    {
      name: "a province-level report whose toll is far off stays apart",
      a: base(tolled(3)),
      b: other({ location: province, ...tolled(40) }),
      fuse: false,
      fired: ["place/near", "toll/far"],
    },
    {
      name: "a report known only by month and country needs everything to agree",
      a: base({
        date: month("2023-03"),
        location: { ...province, admin1: null, name: "Syria" },
        ...tolled(9),
      }),
      b: other({
        date: month("2023-03"),
        location: { ...province, admin1: null, name: "Syria" },
        ...tolled(9),
      }),
      fuse: true,
      fired: ["place/country-only", "actor/same", "victims/same", "toll/close"],
    },
    {
      name: "month and country only, same actors but no toll: apart",
      a: base({ date: month("2023-03"), location: { ...province, admin1: null, name: "Syria" } }),
      b: other({ date: month("2023-03"), location: { ...province, admin1: null, name: "Syria" } }),
      fuse: false,
      fired: ["place/country-only", "actor/same"],
    },
    {
      name: "month and country only, actor unknown: apart",
      a: base({ date: month("2023-03"), location: { ...province, admin1: null }, actor1: null }),
      b: other({ date: month("2023-03"), location: { ...province, admin1: null }, ...tolled(5) }),
      fuse: false,
      fired: ["place/country-only", "actor/open"],
    },
    {
      name: "a month-precise report joins a nearby town's event with the same actors",
      a: base({ location: PLACES.deirEzZor }),
      b: other({ location: { ...PLACES.mayadin, geo_precision: 2 }, date: month("2023-03") }),
      fuse: true,
      fired: ["date/coarse-overlap", "place/near", "actor/same"],
    },
    {
      name: "a year-precise report needs more than that",
      a: base({ location: PLACES.deirEzZor }),
      b: other({ location: { ...PLACES.mayadin, geo_precision: 2 }, date: year("2023") }),
      fuse: false,
      fired: ["date/coarse-overlap", "place/near", "actor/same"],
    },
    {
      name: "Deir ez-Zor vs Al Mayadin (~45 km) are near at precision 2",
      a: base({ location: PLACES.deirEzZor }),
      b: other({ location: { ...PLACES.mayadin, geo_precision: 2 } }),
      fuse: true,
      fired: ["place/near"],
    },
    {
      name: "two towns of one province the same day with the same actor: a strike wave",
      a: base(),
      b: other({ location: PLACES.deirEzZor }),
      fuse: true,
      fired: ["place/same-admin1", "date/same-day", "actor/same"],
    },
    {
      name: "two towns of one province a day apart: apart",
      a: base(),
      b: other({ location: PLACES.deirEzZor, date: day("2023-03-10") }),
      fuse: false,
      fired: ["place/same-admin1"],
    },
    {
      name: "towns in two provinces: never",
      a: base(),
      b: other({ location: PLACES.hasakah }),
      fuse: false,
      fired: ["place/far"],
    },
    {
      name: "protests in two towns of a province are not a strike wave",
      a: base({ event_type: "Protests", sub_event_type: "Peaceful protest" }),
      b: other({ event_type: "Protests", sub_event_type: "Peaceful protest", location: PLACES.deirEzZor }),
      fuse: false,
      fired: ["place/far"],
    },
    {
      name: "two different named actors, same day, place and sub-type: apart",
      a: base(),
      b: other({ actor1: { name: "United States", text: "US aircraft", certainty: "claimed" } }),
      fuse: false,
      fired: ["actor/conflict"],
    },
    {
      name: "two different named actors fuse only when the toll agrees as well",
      a: base(tolled(31)),
      b: other({
        actor1: { name: "United States", text: "US aircraft", certainty: "claimed" },
        ...tolled(31),
      }),
      fuse: true,
      fired: ["actor/conflict", "toll/close"],
    },
    {
      name: "unidentified perpetrator is neutral against a named one",
      a: base(),
      b: other({ actor1: unidentified, date: day("2023-03-10") }),
      fuse: true,
      fired: ["actor/open"],
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
      fuse: true,
      fired: ["actor/same"],
    },
    {
      name: "one report's actor1 is the other's actor2: crossed, weaker than the same",
      a: base({ actor2: null }),
      b: other({
        actor1: { name: "Iran-backed militias", text: "militias" },
        actor2: { name: "Israel", text: "jets" },
      }),
      fuse: true,
      fired: ["actor/crossed"],
    },
    {
      name: "no location, same day, same actors",
      a: base(),
      b: other({ location: null }),
      fuse: true,
      fired: ["place/unlocated", "actor/same"],
    },
    {
      name: "no location, same day, another actor1: apart",
      a: base(),
      b: other({ location: null, actor1: { name: "United States", text: "US" } }),
      fuse: false,
      fired: ["actor/conflict"],
    },
    {
      name: "background: month vs year, one without location, same actor pair and toll",
      a: base({ is_background: true, location: null, date: month("2020-01"), ...tolled(1) }),
      b: other({ is_background: true, location: PLACES.mosul, date: year("2020"), ...tolled(1) }),
      fuse: true,
      fired: ["date/coarse-overlap", "victims/same", "toll/close"],
    },
    {
      name: "no location, coarse dates, actor2 unknown on one side: apart",
      a: base({ location: null, date: month("2020-01") }),
      b: other({ date: year("2020"), actor2: null }),
      fuse: false,
      fired: ["place/unlocated"],
    },
  ];

for (const c of CASES) {
  test(`fusionVerdict: ${c.name}`, () => {
    const ab = fusionVerdict(c.a, c.b);
    const ba = fusionVerdict(c.b, c.a);
    assert.equal(ab.fuse, c.fuse, `${ab.score} ${ab.rules.join(",")}`);
    assert.deepEqual(ba, ab, "symmetric");
    for (const r of c.fired) assert.ok(ab.rules.includes(r), `${r} fired (fired: ${ab.rules.join(",")})`);
    assert.equal(sameEvent(c.a, c.b), c.fuse);
  });
}

test("every score rule in the table has code and every rule's code is in the table", () => {
  assert.deepEqual(FUSE_RULES.score.rules.map((r) => r.rule).sort(), Object.keys(SCORE_RULES).sort());
});

test("tollRelation: close within a tenth, far at three times, wide ranges are no evidence", () => {
  const r = (low: number, high: number | null = null) => base(tolled(low, high)).report;
  assert.equal(tollRelation(r(40), r(43)), "close");
  assert.equal(tollRelation(r(40), r(57)), "open");
  assert.equal(tollRelation(r(3), r(14)), "far");
  assert.equal(tollRelation(r(1), r(3)), "open", "small counts are never far");
  assert.equal(tollRelation(r(12, 40), r(100)), "open", "a wide range says nothing");
  assert.equal(tollRelation(r(12), base().report), "open");
});

test("candidateWindow contains every report the rules fuse with", () => {
  for (const c of CASES.filter((x) => x.fuse)) {
    for (const [x, y] of [
      [c.a, c.b],
      [c.b, c.a],
    ] as const) {
      const w = candidateWindow(x);
      const iy = fusionInterval(y)!;
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

test("candidateWindow of an undated background report asks for nothing", () => {
  const w = candidateWindow(base({ date: undated, is_background: true }));
  assert.deepEqual(w.eventTypes, []);
});

test("candidateWindow widens a day by the largest slack and keeps compatible event types", () => {
  const w = candidateWindow(base({ event_type: "Battles", sub_event_type: "Armed clash" }));
  assert.equal(w.from, "2023-03-06");
  assert.equal(w.to, "2023-03-12");
  assert.deepEqual(w.eventTypes, ["Battles", "Violence against civilians"]);
});

test("parseFuseRules rejects a misspelt sub-event type and a score rule listed twice, saying where", () => {
  const raw = JSON.parse(JSON.stringify(rulesJson)) as typeof rulesJson;
  assert.throws(
    () => parseFuseRules({ ...raw, neighbouring_sub_event_types: [["Air strike", "Armed clash"]] }),
    /neighbouring_sub_event_types\.0\.0: expected an ACLED sub-event type/,
  );
  const twice = { ...raw.score, rules: [...raw.score.rules, raw.score.rules[0]!] };
  assert.throws(() => parseFuseRules({ ...raw, score: twice }), /score\.rules lists a rule twice/);
});
