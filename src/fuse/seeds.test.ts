// Fusion on the seeds' hand annotation: each gold event becomes a report (what a perfect extractor would give),
// then clustering must join exactly the events gold.json links with `same_event_as`. Reads ../shared at test
// time (nothing copied into the project); skipped when the shared folder is absent.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import type { Certainty, Report, SourcedReport, SubEventType } from "../model.js";
import { buildEvent } from "./build-event.js";
import { clusterReports } from "./cluster.js";
import { eventTypeOf } from "./rules.js";
import { first, type GoldEvent } from "../../test/support/gold.js";

const SEEDS = new URL("../../../shared/corpus/seeds/", import.meta.url).pathname;
const present = existsSync(`${SEEDS}gold.json`) && existsSync(`${SEEDS}articles.jsonl`);

/** Names as the project's actor lexicon normalises them (the lexicon folds the IRGC into Iran). */
const ACTOR_NAMES: Record<string, string> = {
  "IRGC Quds Force": "Iran",
  "IRGC-linked groups": "Iran-backed militias",
};
const actor = (name: string | null, certainty?: Certainty) =>
  name ? { name: ACTOR_NAMES[name] ?? name, text: name, ...(certainty ? { certainty } : {}) } : null;

function toReport(g: GoldEvent): Report {
  const sub = first(g.sub_event_type) as SubEventType;
  const start = g.date && g.date_precision !== "unknown" ? g.date : null;
  return {
    id: g.key,
    event_type: eventTypeOf(sub),
    sub_event_type: sub,
    date: { value: start, precision: start ? g.date_precision : "unknown", start: null, end: null },
    location:
      g.lat !== null && g.lon !== null && g.geo_precision
        ? {
            name: String(first(g.location)),
            text: String(first(g.location)),
            lat: g.lat,
            lon: g.lon,
            country: g.country,
            country_code: g.country === "Syria" ? "SY" : g.country === "Iraq" ? "IQ" : null,
            admin1: g.admin1,
            admin2: null,
            geo_precision: g.geo_precision,
            gazetteer_id: `gold:${String(first(g.location))}`,
          }
        : null,
    actor1: actor(first(g.actor1), g.actor1_certainty),
    actor2: actor(first(g.actor2)),
    assoc_actors: [],
    fatalities:
      g.fatalities.length > 0
        ? {
            low: Math.min(...g.fatalities.map((f) => f.count_low)),
            high: null,
            claims: g.fatalities.map((f, i) => ({
              low: f.count_low,
              high: f.count_high,
              who: null,
              reported_by: f.reported_by,
              evidence: { start: i, end: i + 1 },
            })),
          }
        : null,
    injuries: null,
    is_background: g.is_background,
    confidence: 0.8,
    evidence: [],
  };
}

function load(): SourcedReport[] {
  const gold = JSON.parse(readFileSync(`${SEEDS}gold.json`, "utf8")) as {
    articles: Record<string, GoldEvent[]>;
  };
  const meta = new Map<string, { outlet: string | null; published: string | null; url: string | null }>();
  for (const line of readFileSync(`${SEEDS}articles.jsonl`, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { id: string; outlet?: string; published?: string; url?: string };
    meta.set(a.id, { outlet: a.outlet ?? null, published: a.published ?? null, url: a.url ?? null });
  }
  return Object.entries(gold.articles).flatMap(([articleId, events]) =>
    events.map((g) => ({
      report: toReport(g),
      article: {
        id: articleId,
        title: null,
        ...(meta.get(articleId) ?? { outlet: null, published: null, url: null }),
      },
    })),
  );
}

test("seeds: fusion joins exactly the gold same_event_as links", {
  skip: !present && "no ../shared seeds",
}, () => {
  const reports = load();
  const gold = JSON.parse(readFileSync(`${SEEDS}gold.json`, "utf8")) as {
    articles: Record<string, GoldEvent[]>;
  };
  const expected = new Set<string>();
  for (const events of Object.values(gold.articles))
    for (const g of events)
      for (const other of g.same_event_as) expected.add([g.key, other].sort().join(" = "));
  const fused = new Set<string>();
  for (const cluster of clusterReports(reports)) {
    for (const a of cluster)
      for (const b of cluster) if (a.report.id < b.report.id) fused.add(`${a.report.id} = ${b.report.id}`);
  }
  assert.deepEqual([...fused].sort(), [...expected].sort());
  assert.ok(expected.size >= 2, "gold links at least two pairs");
});

test("seeds: the 13 January 2021 strikes fuse with fatalities low 40 and high 57", {
  skip: !present && "no ../shared seeds",
}, () => {
  const cluster = clusterReports(load()).find((c) => c.some((s) => s.article.id === "002"));
  assert.ok(cluster);
  assert.deepEqual(cluster.map((s) => s.article.id).sort(), ["002", "003"]);
  const event = buildEvent(cluster);
  assert.equal(event.fatalities?.low, 40);
  assert.equal(event.fatalities?.high, 57);
  assert.equal(event.fatalities?.claims.length, 2);
  assert.equal(event.reports.length, 2);
  assert.equal(event.actor1?.name, "Israel");
});
