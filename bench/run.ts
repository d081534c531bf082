// `npm run bench`: every benchmark in one process; prints a table and writes bench/results/<suite>.json.
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

async function main(): Promise<void> {
  if (!existsSync(CORPUS))
    throw new Error(`bench: expected the throughput corpus at ${CORPUS}, found nothing`);
  const articles = loadCorpus(CORPUS);
  const gazetteer = await loadGazetteer(loadConfig().cacheDir);
  const rows: BenchRow[] = [...benchExtract(articles, null), ...benchExtract(articles, gazetteer)];
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
