// Geoparsing speed: index build and load, lookup latency, toponyms/s and articles/s on the
// throughput corpus, against bare wink-nlp tokenisation of the same texts in the same process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as GeocodeModule from "../src/geocode/index.js";
import type * as NormalizeModule from "../src/geocode/normalize.js";
import type * as GazetteerIndexModule from "../src/sources/gazetteer-index.js";
import { tokeniseBare } from "./baseline.js";
import { shippedModule } from "./shipped.js";
import type { BenchRow } from "./types.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CORPUS = join(ROOT, "..", "shared", "bench", "throughput", "fakes.articles.jsonl");

/** Runs the geoparse benchmark; builds a fresh index in a temporary folder (removed afterwards). */
export async function benchGeoparse(corpus: string = CORPUS): Promise<BenchRow[]> {
  const { geoparse } = await shippedModule<typeof GeocodeModule>("geocode/index.ts");
  const { normalizeName } = await shippedModule<typeof NormalizeModule>("geocode/normalize.ts");
  const { gazetteerStats, openIndex } = await shippedModule<typeof GazetteerIndexModule>(
    "sources/gazetteer-index.ts",
  );
  const texts = readFileSync(corpus, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => String((JSON.parse(l) as { text?: unknown }).text ?? ""));
  const dir = mkdtempSync(join(tmpdir(), "sitrep-bench-gazetteer-"));
  try {
    const suite = "geoparse";
    await openIndex(dir);
    const built = gazetteerStats(dir);
    // Load time and memory in a fresh process (this one holds the build's garbage).
    const child = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { openIndex } = await import(${JSON.stringify(join(ROOT, "dist/src/sources/gazetteer-index.js"))});
         const r0 = process.memoryUsage().rss; const t0 = performance.now();
         const g = await openIndex(${JSON.stringify(dir)}); g.lookup("aleppo"); g.maxWords("aleppo");
         console.log(JSON.stringify({ ms: performance.now() - t0, rss: process.memoryUsage().rss / 1e6, delta: (process.memoryUsage().rss - r0) / 1e6 }));`,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    const loaded = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as {
      ms?: number;
      rss?: number;
      delta?: number;
    };
    const loadMs = loaded.ms ?? Number.NaN;
    const loadRss = loaded.rss ?? Number.NaN;
    const gaz = await openIndex(dir);
    const keys = [
      "aleppo",
      "deir ez zor",
      "al bukamal",
      "springfield",
      "london",
      "nowhere at all",
      "hit",
      "kyiv",
    ];
    const n = 200_000;
    const tHash = performance.now();
    gaz.lookup("aleppo"); // the first lookup builds the hash over the keys
    const hashMs = performance.now() - tHash;
    const t1 = performance.now();
    for (let i = 0; i < n; i++) gaz.lookup(normalizeName(keys[i % keys.length] ?? ""));
    const lookupUs = ((performance.now() - t1) * 1000) / n;

    // Rounds alternate so both sides see the same machine load; medians of 5.
    let toponyms = 0;
    const geo: number[] = [];
    const tok: number[] = [];
    for (let round = 0; round < 6; round++) {
      const a = performance.now();
      toponyms = 0;
      for (const t of texts) toponyms += geoparse(t, gaz).length;
      const b = performance.now();
      tokeniseBare(texts);
      const c = performance.now();
      if (round > 0) {
        geo.push(b - a);
        tok.push(c - b);
      }
    }
    const mid = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const geoMs = mid(geo);
    const tokMs = mid(tok);
    return [
      {
        suite,
        metric: "index build",
        value: (built?.buildMs ?? 0) / 1000,
        unit: "s",
        note: "cities500 + data/gazetteer",
      },
      {
        suite,
        metric: "index size",
        value: (built?.bytes ?? 0) / 1e6,
        unit: "MB",
        note: `${built?.places ?? 0} places, ${built?.keys ?? 0} keys`,
      },
      { suite, metric: "index load", value: loadMs, unit: "ms", floor: { op: "<=", value: 2000 } },
      {
        suite,
        metric: "index load memory",
        value: loadRss,
        unit: "MB",
        floor: { op: "<=", value: 300 },
        note: `RSS of a fresh process after loading (${(loaded.delta ?? 0).toFixed(0)} MB for the index)`,
      },
      { suite, metric: "first lookup (key hash)", value: hashMs, unit: "ms", note: "made once per process" },
      {
        suite,
        metric: "lookup latency",
        value: lookupUs,
        unit: "µs",
        note: "normalise + exact lookup, names memoised",
      },
      { suite, metric: "articles/s", value: (texts.length * 1000) / geoMs, unit: "articles/s" },
      {
        suite,
        metric: "toponyms/s",
        value: (toponyms * 1000) / geoMs,
        unit: "toponyms/s",
        note: `${toponyms} toponyms`,
      },
      {
        suite,
        metric: "time vs wink tokenisation",
        value: geoMs / tokMs,
        unit: "ratio",
        floor: { op: "<=", value: 0.5 },
        note: `geoparse ${geoMs.toFixed(0)} ms, tokenise ${tokMs.toFixed(0)} ms, ${texts.length} articles`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchGeoparse()) process.stdout.write(`${JSON.stringify(r)}\n`);
}
