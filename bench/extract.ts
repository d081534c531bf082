import { readFileSync } from "node:fs";
import { defaultLexicons } from "../src/extract/lexicon.js";
import { normalizeArticle } from "../src/ingest/article.js";
import type { Article } from "../src/model.js";
import { type PipelineContext, runPipeline } from "../src/pipeline.js";
import { winkTokenizer } from "../src/nlp/sentences.js";
import type { Gazetteer } from "../src/geocode/gazetteer.js";
import type { BenchRow } from "./types.js";

/** The throughput corpus shipped beside the project (../shared), read as Articles. */
export function loadCorpus(path: string): Article[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .flatMap((l, i) => {
      const parsed = normalizeArticle(JSON.parse(l), `${path}:${i + 1}`);
      return parsed.ok ? [parsed.article] : [];
    });
}

function timeRounds(rounds: number, fn: () => void): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Extraction speed on the corpus against bare wink-nlp tokenisation of the same texts, measured in the same process. */
export function benchExtract(
  articles: readonly Article[],
  gazetteer: Gazetteer | null,
  rounds = 3,
): BenchRow[] {
  const ctx: PipelineContext = { lexicons: defaultLexicons(), gazetteer };
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
  let failures = 0;
  const tokenise = timeRounds(rounds, () => {
    for (const a of articles) winkTokenizer.readDoc(a.text).tokens().out();
  });
  const extract = timeRounds(rounds, () => {
    failures = 0;
    for (const a of articles) {
      try {
        runPipeline(a, ctx);
      } catch {
        failures++;
      }
    }
  });
  const seconds = extract / 1000;
  const suite = gazetteer ? "extract" : "extract (no gazetteer)";
  return [
    { suite, metric: "articles/s", value: articles.length / seconds, unit: "articles/s" },
    { suite, metric: "MB/s", value: bytes / 1e6 / seconds, unit: "MB/s" },
    { suite, metric: "tokenise articles/s", value: articles.length / (tokenise / 1000), unit: "articles/s" },
    {
      suite,
      metric: "speed ratio vs tokenisation",
      value: tokenise / extract,
      unit: "x",
      floor: { op: ">=", value: 0.33 },
    },
    { suite, metric: "failed articles", value: failures, unit: "articles", floor: { op: "<=", value: 0 } },
  ];
}
