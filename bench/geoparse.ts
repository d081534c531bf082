// Geoparsing speed: index build and load, lookup latency, toponyms/s and articles/s on the
// throughput corpus, against bare wink-nlp tokenisation of the same texts in the same process.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { geoparse } from "../src/geocode/index.js";
import { normalizeName } from "../src/geocode/normalize.js";
import { winkTokenizer } from "../src/nlp/sentences.js";
import { gazetteerStats, openIndex } from "../src/sources/gazetteer-index.js";
import type { BenchRow } from "./types.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CORPUS = join(ROOT, "..", "shared", "bench", "throughput", "fakes.articles.jsonl");

function median(rounds: number, fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Runs the geoparse benchmark; builds a fresh index in a temporary folder (removed afterwards). */
export async function benchGeoparse(corpus: string = CORPUS): Promise<BenchRow[]> {
  const texts = readFileSync(corpus, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => String((JSON.parse(l) as { text?: unknown }).text ?? ""));
  const dir = mkdtempSync(join(tmpdir(), "sitrep-bench-gazetteer-"));
  try {
    const suite = "geoparse";
    await openIndex(dir);
    const built = gazetteerStats(dir);
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const gaz = await openIndex(dir);
    const loadMs = performance.now() - t0;
    const loadRss = (process.memoryUsage().rss - rssBefore) / 1e6;

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

    let toponyms = 0;
    const geoMs = median(3, () => {
      toponyms = 0;
      for (const t of texts) toponyms += geoparse(t, gaz).length;
    });
    const tokMs = median(3, () => {
      for (const t of texts) winkTokenizer.readDoc(t).tokens().out();
    });
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
      { suite, metric: "index load memory", value: loadRss, unit: "MB", floor: { op: "<=", value: 300 } },
      { suite, metric: "first lookup (key hash)", value: hashMs, unit: "ms", note: "made once per process" },
      { suite, metric: "lookup latency", value: lookupUs, unit: "µs", note: "normalise + exact lookup" },
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
