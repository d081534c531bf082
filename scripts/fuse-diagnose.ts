// Fusion diagnostic (not shipped): clusters the reports of an extraction output (`sitrep extract -o X.jsonl`)
// in-process as the store would, and prints, against a gold file with `same_event_as` links, each gold link
// found or missed and each false merge, with the fields of the reports involved and the pair's fusion verdict.
// With --gold, the gold events themselves become the reports (what a perfect extractor would give), which
// measures fusion apart from extraction errors.
// Usage: node --import tsx scripts/fuse-diagnose.ts GOLD.json EXTRACTED.jsonl [--quiet] [--gold]
import { readFileSync } from "node:fs";
import { clusterReports } from "../src/fuse/cluster.js";
import { dateInterval, fusionVerdict } from "../src/fuse/same-event.js";
import { distanceKm } from "../src/util/geo.js";
import { eventTypeOf } from "../src/fuse/rules.js";
import type { Report, SourcedReport, SubEventType } from "../src/model.js";
import { first, type GoldEvent } from "../test/support/gold.js";

const [goldPath, extractedPath] = process.argv.slice(2);
const quiet = process.argv.includes("--quiet");
const fromGold = process.argv.includes("--gold");
if (!goldPath || !extractedPath)
  throw new Error("usage: fuse-diagnose.ts GOLD.json EXTRACTED.jsonl [--quiet]");
const gold = JSON.parse(readFileSync(goldPath, "utf8")) as { articles: Record<string, GoldEvent[]> };

/** A gold event as the report a perfect extractor would give. */
function goldReport(g: GoldEvent): Report {
  const sub = first(g.sub_event_type) as SubEventType;
  const known = g.date !== null && g.date_precision !== "unknown";
  const place = String(first(g.location) ?? g.admin1 ?? g.country);
  const name = first(g.actor1);
  const other = first(g.actor2);
  return {
    id: g.key,
    event_type: eventTypeOf(sub),
    sub_event_type: sub,
    date: {
      value: known ? g.date : null,
      precision: known ? g.date_precision : "unknown",
      start: null,
      end: null,
    },
    location:
      g.lat !== null && g.lon !== null
        ? {
            name: place,
            text: place,
            lat: g.lat,
            lon: g.lon,
            country: g.country,
            country_code: g.country,
            admin1: g.admin1,
            admin2: null,
            geo_precision: g.geo_precision ?? 3,
            gazetteer_id: `gold:${place}`,
          }
        : null,
    actor1: name ? { name, text: name, certainty: g.actor1_certainty } : null,
    actor2: other ? { name: other, text: other } : null,
    assoc_actors: [],
    fatalities:
      g.fatalities.length > 0
        ? {
            low: Math.min(...g.fatalities.map((f) => f.count_low)),
            high: Math.max(...g.fatalities.map((f) => f.count_high ?? f.count_low)),
            claims: [],
          }
        : null,
    injuries: null,
    is_background: g.is_background,
    confidence: 0.8,
    evidence: [],
  };
}

const extracted: SourcedReport[] = readFileSync(extractedPath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .flatMap((l) => {
    const line = JSON.parse(l) as { article: SourcedReport["article"]; events: Report[] };
    return line.events.map((report) => ({
      report,
      article: { ...line.article, title: line.article.title ?? null },
    }));
  });
const reports: SourcedReport[] = fromGold
  ? Object.entries(gold.articles).flatMap(([aid, evs]) => {
      const meta = extracted.find((s) => s.article.id === aid)?.article;
      const article = { id: aid, url: null, outlet: null, published: null, title: null, ...meta };
      return evs.map((g) => ({ report: goldReport(g), article }));
    })
  : extracted;

const keys = new Map<string, [string, GoldEvent]>();
for (const [aid, evs] of Object.entries(gold.articles)) for (const e of evs) keys.set(e.key, [aid, e]);
const links = new Set<string>();
for (const [k, [aid, e]] of keys)
  for (const o of e.same_event_as ?? [])
    if (keys.has(o) && keys.get(o)![0] !== aid) links.add([k, o].sort().join("|"));
const linkedArticles = new Set(
  [...links].map((l) =>
    l
      .split("|")
      .map((k) => keys.get(k)![0])
      .sort()
      .join("|"),
  ),
);

const clusters = clusterReports(reports);
const clusterOf = new Map<string, number>();
clusters.forEach((c, i) => {
  for (const s of c) clusterOf.set(s.report.id, i);
});

const show = (s: SourcedReport): string => {
  const r = s.report;
  const loc = r.location
    ? `${r.location.name}(${r.location.admin1 ?? "-"},p${r.location.geo_precision})`
    : "no-place";
  const d = `${r.date.value ?? "?"}/${r.date.precision}${r.date.inferred ? "~" : ""}`;
  const tolls = r.fatalities ? `k${r.fatalities.low}-${r.fatalities.high ?? ""}` : "k-";
  return `${r.id} [${r.sub_event_type}] ${d} ${loc} a1=${r.actor1?.name ?? "-"} a2=${r.actor2?.name ?? "-"} ${tolls}${r.is_background ? " BG" : ""} c#${clusterOf.get(r.id)}`;
};

/** Reports of an article near a gold event (date within 3 days and place within 100 km, when known). */
const near = (aid: string, g: GoldEvent): SourcedReport[] =>
  reports.filter((s) => {
    if (s.article.id !== aid) return false;
    const iv = dateInterval(s.report.date);
    const gd = g.date ? dateInterval({ value: g.date, precision: "day", start: null, end: null }) : null;
    if (iv && gd && (iv.start > gd.end + 3 || iv.end < gd.start - 3)) return false;
    const loc = s.report.location;
    if (loc && g.lat !== null && g.lon !== null && distanceKm(loc, { lat: g.lat, lon: g.lon }) > 100)
      return false;
    return true;
  });

const goldLine = (k: string, g: GoldEvent) =>
  `  gold ${k} [${[g.sub_event_type].flat().join("/")}] ${g.date ?? "?"} a1=${[g.actor1].flat().join("/")}`;

let found = 0;
for (const link of [...links].sort()) {
  const [x, y] = link.split("|") as [string, string];
  const [ax, gx] = keys.get(x)!;
  const [ay, gy] = keys.get(y)!;
  const ok = clusters.some(
    (c) =>
      c.some((s) => s.article.id === ax && near(ax, gx).includes(s)) &&
      c.some((s) => s.article.id === ay && near(ay, gy).includes(s)),
  );
  found += ok ? 1 : 0;
  console.log(`${ok ? "FOUND" : "MISSED"} ${x} ~ ${y}`);
  if (ok && quiet) continue;
  console.log(goldLine(x, gx));
  console.log(goldLine(y, gy));
  for (const a of near(ax, gx)) {
    console.log(`    ${show(a)}`);
    for (const b of near(ay, gy)) {
      const v = fusionVerdict(a, b);
      console.log(
        `      vs ${show(b)}\n         → ${v.fuse ? "fuse" : "apart"} ${v.score} ${v.rules.join(",")}`,
      );
    }
  }
}
let multi = 0;
let falseMerges = 0;
for (const c of clusters) {
  const arts = [...new Set(c.map((s) => s.article.id))].filter((a) => a in gold.articles).sort();
  if (arts.length < 2) continue;
  multi++;
  const linked = arts.some((a, i) => arts.slice(i + 1).some((b) => linkedArticles.has(`${a}|${b}`)));
  if (linked) continue;
  falseMerges++;
  console.log(`FALSE MERGE ${arts.join(" + ")}`);
  for (const s of c) console.log(`    ${show(s)}`);
  for (let i = 0; i < c.length; i++)
    for (let j = i + 1; j < c.length; j++) {
      const v = fusionVerdict(c[i]!, c[j]!);
      if (v.fuse)
        console.log(`      ${c[i]!.report.id} ~ ${c[j]!.report.id}: ${v.score} ${v.rules.join(",")}`);
    }
}
console.log(
  `links ${found}/${links.size} (recall ${(found / links.size).toFixed(3)}), false merges ${falseMerges}/${multi}`,
);
