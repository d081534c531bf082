import assert from "node:assert/strict";
import { test } from "node:test";
import type { EventReview, FusedEvent, Report, SourcedClaim } from "../model.js";
import { buildEvent, eventAsOf } from "./build-event.js";
import { clusterReports } from "./cluster.js";
import {
  count,
  PLACES,
  prng,
  provinceStrikeScenario,
  randomReports,
  sourced,
} from "../../test/support/fuse-fixtures.js";
import { comparePublished, fuseCount, tollAsOf, tollOf } from "./tolls.js";

test("acceptance: two outlets, same day, same province, 40 vs 57 killed → one event 40..57 with both claims", () => {
  const reports = provinceStrikeScenario();
  const clusters = clusterReports(reports);
  assert.equal(clusters.length, 1);
  const event = buildEvent(clusters[0]!);
  assert.equal(event.fatalities?.low, 40);
  assert.equal(event.fatalities?.high, 57);
  assert.equal(event.fatalities?.best, 57, "latest claim of the most-cited reporter");
  assert.equal(event.fatalities?.rule, "best/latest-of-most-cited-reporter");
  assert.deepEqual(
    event.fatalities?.claims.map((c) => [c.low, c.outlet, c.article_id]),
    [
      [40, "Northwind Daily", "nd-0311"],
      [57, "Harbor Ledger", "hl-0312"],
    ],
  );
  assert.deepEqual(
    event.reports.map((r) => r.report_id),
    ["nd-0311#e1", "hl-0312#e1"],
  );
  assert.deepEqual(event.fatalities?.history, [
    { at: "2023-03-09T21:00:00Z", low: 40, best: 40, high: 40 },
    { at: "2023-03-10T08:30:00Z", low: 40, best: 57, high: 57 },
  ]);
  assert.equal(event.injuries?.low, 37);
  assert.equal(event.status, "auto");
  // The report with higher confidence ranks first among equals, so its place is the event's.
  assert.equal(event.location?.name, "Abu Kamal");
});

test("as of the first publication the event shows only the first toll", () => {
  const event = buildEvent(provinceStrikeScenario(), { asOf: "2023-03-09" });
  assert.deepEqual([event.fatalities?.low, event.fatalities?.best, event.fatalities?.high], [40, 40, 40]);
  assert.equal(event.reports.length, 1);
  assert.equal(event.id, buildEvent(provinceStrikeScenario()).id, "same id as of any date");
  assert.equal(eventAsOf(provinceStrikeScenario(), "2023-03-08"), null);
  assert.throws(
    () => buildEvent(provinceStrikeScenario(), { asOf: "2023-03-08" }),
    /published by 2023-03-08/,
  );
});

test("history records the reports and the field and toll changes per publication", () => {
  const event = buildEvent(provinceStrikeScenario());
  assert.deepEqual(
    event.history.map((h) => [h.at, h.field]),
    [
      ["2023-03-09T21:00:00Z", "reports"],
      ["2023-03-10T08:30:00Z", "reports"],
      ["2023-03-10T08:30:00Z", "fatalities"],
      ["2023-03-10T08:30:00Z", "injuries"],
    ],
  );
});

test("attribution: every source's claim kept, actor1 the strongest certainty, disagreement visible", () => {
  // Outlets that blame different actors fuse only because the toll agrees too (actor/conflict, toll/close).
  const fatalities = count([12, null, null]);
  const reports = [
    sourced("r1", { id: "a1", outlet: "Northwind Daily", published: "2023-03-10" }, { fatalities }),
    sourced(
      "r2",
      { id: "a2", outlet: "Harbor Ledger", published: "2023-03-10" },
      { actor1: { name: "United States", text: "the Pentagon", certainty: "confirmed" }, fatalities },
    ),
    sourced(
      "r3",
      { id: "a3", outlet: "Quarry Post", published: "2023-03-11" },
      { actor1: { name: "Israel", text: "suspected Israeli jets", certainty: "alleged" }, fatalities },
    ),
  ];
  const [cluster] = clusterReports(reports);
  assert.equal(cluster?.length, 3);
  const event = buildEvent(cluster!);
  assert.deepEqual(event.actor1, { name: "United States", text: "the Pentagon", certainty: "confirmed" });
  assert.deepEqual(
    event.attribution.map((a) => [a.actor, a.certainty, a.outlet]),
    [
      ["United States", "confirmed", "Harbor Ledger"],
      ["Israel", "attributed", "Northwind Daily"],
      ["Israel", "alleged", "Quarry Post"],
    ],
  );
  assert.deepEqual(event.attribution[1]?.evidence, { start: 10, end: 22 });
});

/** A day-precise news report (6 killed) and a later background mention coarse in date (month) and place (province). */
function newsAndCoarseMention(mention: Partial<Report>) {
  const news = sourced(
    "n1",
    { id: "news", outlet: "Northwind Daily", published: "2023-03-10" },
    { fatalities: count([6, null, "Levant Monitoring Network"]) },
  );
  const background = sourced(
    "b1",
    { id: "later", outlet: "Harbor Ledger", published: "2023-05-02" },
    {
      is_background: true,
      date: { value: "2023-03", precision: "month", start: "2023-03-01", end: "2023-03-31" },
      location: { ...PLACES.abuKamal, geo_precision: 3, name: "Deir ez-Zor province" },
      fatalities: count([6, 7, null]),
      ...mention,
    },
  );
  return [news, background] as const;
}

test("a news report dominates the fields; a coarse background mention whose toll agrees fuses and adds its claim", () => {
  const [news, background] = newsAndCoarseMention({});
  const [cluster] = clusterReports([background, news]);
  assert.equal(cluster?.length, 2);
  const event = buildEvent(cluster!);
  assert.equal(event.sub_event_type, "Air/drone strike");
  assert.equal(event.date.precision, "day");
  assert.equal(event.location?.geo_precision, 1);
  assert.equal(event.is_background, false);
  assert.deepEqual([event.fatalities?.low, event.fatalities?.best, event.fatalities?.high], [6, 6, 7]);
  const why = event.reports.find((r) => r.report_id === "b1")?.fusion;
  assert.deepEqual(why?.with, "n1");
  assert.ok(
    why?.rules.includes("toll/close") && why.rules.includes("date/coarse-overlap"),
    why?.rules.join(","),
  );
});

test("a mention coarse in date and place, of a neighbouring sub-type, needs more than toll and actor to fuse", () => {
  const [news, background] = newsAndCoarseMention({ sub_event_type: "Shelling/artillery/missile attack" });
  assert.equal(clusterReports([background, news]).length, 2);
});

test("a review's corrections survive re-fusion with a new report and are recorded in history", () => {
  const [first, second] = provinceStrikeScenario();
  const review: EventReview = {
    status: "reviewed",
    fields: { location: PLACES.mayadin, fatalities: { best: 45 } },
    by: "analyst@desk",
    at: "2023-03-11T10:00:00Z",
    note: "strikes centred on Al Mayadin per satellite imagery",
  };
  const before = buildEvent([first!], { review });
  assert.equal(before.status, "reviewed");
  assert.equal(before.location?.name, "Al Mayadin");
  assert.equal(before.fatalities?.best, 40, "best is clamped into [low, high] = [40, 40]");
  const later = sourced(
    "qp-0315#e2",
    { id: "qp-0315", outlet: "Quarry Post", published: "2023-03-15" },
    { fatalities: count([61, null, "Levant Monitoring Network"]) },
  );
  const after = buildEvent([later, second!, first!], { review });
  assert.equal(after.id, before.id);
  assert.equal(after.status, "reviewed");
  assert.equal(after.location?.name, "Al Mayadin");
  assert.deepEqual([after.fatalities?.low, after.fatalities?.best, after.fatalities?.high], [40, 45, 61]);
  assert.equal(after.fatalities?.rule, "review");
  assert.equal(after.fatalities?.claims.length, 3);
  const reviewed = after.history.filter((h) => h.by === "analyst@desk");
  assert.deepEqual(
    reviewed.map((h) => h.field),
    ["location", "fatalities", "status", "note"],
  );
  assert.deepEqual(reviewed[1]?.to, { low: 40, best: 45, high: 61 });
  // As of a date before the review, the record is the automatic one.
  assert.equal(buildEvent([first!, second!], { asOf: "2023-03-10", review }).status, "auto");
});

test("a review that rejects the event and corrects the sub-type keeps the event type consistent", () => {
  const event = buildEvent(provinceStrikeScenario(), {
    review: { status: "rejected", fields: { sub_event_type: "Armed clash" }, by: "qa", at: "2023-04-01" },
  });
  assert.equal(event.status, "rejected");
  assert.equal(event.event_type, "Battles");
});

function claim(
  low: number,
  high: number | null,
  reporter: string | null,
  article: string,
  published: string,
) {
  return {
    low,
    high,
    who: null,
    reported_by: reporter,
    evidence: { start: 0, end: 1 },
    article_id: article,
    report_id: `${article}#1`,
    outlet: null,
    published,
  } satisfies SourcedClaim;
}

test("tollOf: best is the latest claim of the most-cited reporter, not simply the latest claim", () => {
  const claims = [
    claim(12, null, "Monitor A", "a1", "2023-01-01"),
    claim(15, null, "Monitor A", "a2", "2023-01-02"),
    claim(30, null, "Ministry B", "a3", "2023-01-03"),
  ];
  assert.deepEqual(tollOf(claims), {
    low: 12,
    best: 15,
    high: 30,
    rule: "best/latest-of-most-cited-reporter",
  });
  assert.deepEqual(tollAsOf(claims, "2023-01-01"), {
    low: 12,
    best: 12,
    high: 12,
    rule: "best/latest-of-most-cited-reporter",
  });
});

test("tollOf: without reporters the latest claim decides; a range's best is its midpoint", () => {
  const claims = [claim(3, null, null, "a1", "2023-01-01"), claim(10, 12, null, "a2", "2023-01-02")];
  assert.deepEqual(tollOf(claims), { low: 3, best: 11, high: 12, rule: "best/latest-claim" });
  assert.equal(tollOf([]), null);
  assert.equal(fuseCount([]), null);
});

test("fuseCount: a part of an article's toll ('seven of the dead') is kept as a claim but bounds nothing", () => {
  const part = { ...claim(7, 7, null, "a1", "2023-01-01"), part: true as const };
  const claims = [claim(9, null, null, "a1", "2023-01-01"), part, claim(12, null, null, "a2", "2023-01-02")];
  const count = fuseCount(claims);
  assert.equal(count?.low, 9);
  assert.equal(count?.high, 12);
  assert.equal(count?.claims.length, 3);
  assert.deepEqual(
    count?.history.map((h) => h.low),
    [9, 9],
  );
});

test("property: the one-pass history equals rebuilding the event at each publication time", () => {
  const rand = prng(424242);
  const tracked = ["event_type", "sub_event_type", "date", "location", "actor1", "actor2", "is_background"];
  for (let round = 0; round < 6; round++) {
    const reports = randomReports(rand, 40);
    const event = buildEvent(reports);
    const times = [...new Set(reports.map((s) => s.article.published))].sort(comparePublished);
    const expected: unknown[] = [];
    let previous: FusedEvent | null = null;
    for (const t of times) {
      const prefix = reports.filter((s) => comparePublished(s.article.published, t) <= 0);
      const current = { ...buildEvent(prefix), id: "" };
      const at = t ?? "unknown";
      const arrived = reports.filter((s) => s.article.published === t).map((s) => s.report.id);
      expected.push([at, "reports", null, arrived.sort()]);
      if (previous) {
        const [p, c] = [
          previous as unknown as Record<string, unknown>,
          current as unknown as Record<string, unknown>,
        ];
        for (const f of tracked)
          if (JSON.stringify(p[f]) !== JSON.stringify(c[f])) expected.push([at, f, p[f], c[f]]);
        for (const f of ["fatalities", "injuries"] as const) {
          const view = (x: FusedEvent[typeof f]) => (x ? { low: x.low, best: x.best, high: x.high } : null);
          if (JSON.stringify(view(previous[f])) !== JSON.stringify(view(current[f])))
            expected.push([at, f, view(previous[f]), view(current[f])]);
        }
      }
      previous = current;
    }
    assert.ok(expected.length > times.length, "the generator makes field or toll changes");
    assert.deepEqual(
      event.history.map((h) => [h.at, h.field, h.from, h.to]),
      expected,
    );
  }
});

test("each report of an event says why it is there: the report it matched best, the rules and the score", () => {
  const [a, b] = provinceStrikeScenario();
  const event = buildEvent([a!, b!]);
  const why = event.reports.map((r) => [
    r.report_id,
    r.fusion?.with,
    r.fusion?.rules.includes("place/same-admin1"),
  ]);
  assert.deepEqual(why, [
    ["nd-0311#e1", "hl-0312#e1", true],
    ["hl-0312#e1", "nd-0311#e1", true],
  ]);
  assert.equal(event.reports[0]?.fusion?.score, event.reports[1]?.fusion?.score, "the verdict is symmetric");
  assert.equal(buildEvent([a!]).reports[0]?.fusion, null, "a report alone has no reason");
});
