import { readFileSync } from "node:fs";
import type * as LexiconModule from "../src/extract/lexicon.js";
import { normalizeArticle } from "../src/ingest/article.js";
import type { Article } from "../src/model.js";
import type * as PipelineModule from "../src/pipeline.js";
import type * as GazetteerIndexModule from "../src/sources/gazetteer-index.js";
import { tokeniseBare } from "./baseline.js";
import { shippedModule } from "./shipped.js";
import type { BenchRow } from "./types.js";

/** The pipeline as users run it: the compiled build. */
async function shipped() {
  const pipeline = await shippedModule<typeof PipelineModule>("pipeline.ts");
  const lexicon = await shippedModule<typeof LexiconModule>("extract/lexicon.ts");
  const index = await shippedModule<typeof GazetteerIndexModule>("sources/gazetteer-index.ts");
  return {
    runBatch: pipeline.runBatch,
    BATCH: pipeline.BATCH,
    defaultLexicons: lexicon.defaultLexicons,
    loadGazetteer: index.loadGazetteer,
  };
}

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

/** Median wall time (ms) of each function over `rounds` alternating rounds (A B A B ...), after one warm-up each. */
function alternateRounds(rounds: number, fns: readonly (() => void)[]): number[] {
  for (const fn of fns) fn();
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      fn();
      times[i]?.push(performance.now() - t0);
    }
  }
  return times.map((t) => {
    const sorted = [...t].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  });
}

/** Extraction speed on the corpus against bare wink-nlp tokenisation of the same texts, measured in the same process. */
export async function benchExtract(
  articles: readonly Article[],
  cacheDir: string | null,
  rounds = 5,
): Promise<BenchRow[]> {
  const { runBatch, BATCH, defaultLexicons, loadGazetteer } = await shipped();
  const gazetteer = cacheDir === null ? null : await loadGazetteer(cacheDir);
  const ctx = { lexicons: defaultLexicons(), gazetteer };
  const texts = articles.map((a) => a.text);
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
  let failures = 0;
  const [tokenise = 0, extract = 0] = alternateRounds(rounds, [
    () => {
      tokeniseBare(texts);
    },
    () => {
      // As `sitrep extract` runs it: batches of BATCH.articles, stage by stage.
      failures = 0;
      for (let i = 0; i < articles.length; i += BATCH.articles) {
        const runs = runBatch(articles.slice(i, i + BATCH.articles), ctx);
        failures += runs.filter((r) => !r.ok).length;
      }
    },
  ]);
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
