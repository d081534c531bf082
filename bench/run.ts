// `npm run bench`: every benchmark in one process; prints a table and writes bench/results/<suite>.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { loadGazetteer } from "../src/sources/gazetteer-index.js";
import { benchExtract, loadCorpus } from "./extract.js";
import { benchFusion } from "./fusion.js";
import { benchGeoparse } from "./geoparse.js";
import { benchFusionScaling, benchIngest } from "./ingest.js";
import type { BenchRow } from "./types.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CORPUS = join(ROOT, "..", "shared", "bench", "throughput", "fakes.articles.jsonl");

function verdict(row: BenchRow): string {
  if (!row.floor) return "";
  const ok = row.floor.op === ">=" ? row.value >= row.floor.value : row.value <= row.floor.value;
  return `${ok ? "ok" : "SHORT"} (${row.floor.op} ${row.floor.value})`;
}

function printTable(rows: readonly BenchRow[]): void {
  const lines = rows.map((r) => [
    r.suite,
    r.metric,
    r.value.toFixed(r.value < 10 ? 3 : 1),
    r.unit,
    verdict(r),
  ]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...lines.map((l) => (l[i] ?? "").length), 6));
  for (const l of [["suite", "metric", "value", "unit", "floor"], ...lines]) {
    process.stdout.write(`${l.map((c, i) => (c ?? "").padEnd(widths[i] ?? 0)).join("  ")}\n`);
  }
}

/** Runs the extractor on the throughput corpus without and with the gazetteer; the extractor's own peak RSS last. */
async function extractSuite(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS))
    throw new Error(`bench: expected the throughput corpus at ${CORPUS}, found nothing`);
  const articles = loadCorpus(CORPUS);
  const gazetteer = await loadGazetteer(loadConfig().cacheDir);
  const rows = [...benchExtract(articles, null), ...benchExtract(articles, gazetteer)];
  // The extract suite runs first, so the process peak so far is the extractor's own.
  const rss = process.resourceUsage().maxRSS / 1024;
  return [
    ...rows,
    { suite: "extract", metric: "peak RSS", value: rss, unit: "MB", floor: { op: "<=", value: 500 } },
  ];
}

/** The suites, by name: `npm run bench -- extract fusion` runs some; no argument runs all, extract first. */
const SUITES: Readonly<Record<string, () => Promise<BenchRow[]>>> = {
  extract: extractSuite,
  geoparse: () => benchGeoparse(),
  fusion: benchFusion,
  ingest: () => benchIngest(),
  "fusion-scaling": () => benchFusionScaling(),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    throw new Error(
      `bench: expected suites among ${Object.keys(SUITES).join(", ")}, found ${unknown.join(", ")}`,
    );
  }
  const rows: BenchRow[] = [];
  for (const name of names.length > 0 ? names : Object.keys(SUITES)) {
    process.stderr.write(`bench: ${name}...\n`);
    rows.push(...(await (SUITES[name] as () => Promise<BenchRow[]>)()));
  }
  rows.push({
    suite: "process",
    metric: "peak RSS (all suites)",
    value: process.resourceUsage().maxRSS / 1024,
    unit: "MB",
  });
  printTable(rows);
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  const bySuite = new Map<string, BenchRow[]>();
  for (const r of rows) {
    const suite = r.suite.split(" ")[0] ?? r.suite;
    bySuite.set(suite, [...(bySuite.get(suite) ?? []), r]);
  }
  for (const [suite, suiteRows] of bySuite) {
    writeFileSync(join(ROOT, "bench", "results", `${suite}.json`), `${JSON.stringify(suiteRows, null, 1)}\n`);
  }
}

await main();
