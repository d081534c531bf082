// `npm run bench`: every benchmark in one process; prints a table and writes bench/results/<suite>.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { devNull } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { benchApi } from "./api.js";
import { benchExtract, loadCorpus } from "./extract.js";
import { benchFusion } from "./fusion.js";
import { benchGeoparse } from "./geoparse.js";
import { benchFusionScaling, benchIngest } from "./ingest.js";
import type { BenchRow } from "./types.js";
import { benchWorkers } from "./workers.js";

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
  const cacheDir = loadConfig().cacheDir;
  const rows = [...(await benchExtract(articles, null)), ...(await benchExtract(articles, cacheDir))];
  // Peak RSS of `sitrep extract` (the build) over the corpus, in a process of its own.
  const script = [
    `const { main } = await import(${JSON.stringify(join(ROOT, "dist", "src", "cli", "main.js"))});`,
    `const code = await main(["extract", ${JSON.stringify(CORPUS)}, "-o", ${JSON.stringify(devNull)}]);`,
    "console.log(JSON.stringify({ code, maxRssMb: process.resourceUsage().maxRSS / 1024 }));",
  ].join("\n");
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const last = child.stdout.trim().split("\n").pop() ?? "";
  const { maxRssMb } = JSON.parse(last || "{}") as { maxRssMb?: number };
  if (maxRssMb === undefined)
    throw new Error(`bench: expected the RSS line of sitrep extract, found "${last}"`);
  const rss = { op: "<=" as const, value: 500 };
  return [
    ...rows,
    { suite: "extract", metric: "peak RSS of sitrep extract", value: maxRssMb, unit: "MB", floor: rss },
  ];
}

/** The suites, by name: `npm run bench -- extract fusion` runs some; no argument runs all, extract first. */
const SUITES: Readonly<Record<string, () => Promise<BenchRow[]>>> = {
  extract: extractSuite,
  geoparse: () => benchGeoparse(),
  fusion: benchFusion,
  ingest: () => benchIngest(),
  "fusion-scaling": () => benchFusionScaling(),
  workers: () => benchWorkers(),
  api: () => benchApi(),
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
