// Golden test: the whole pipeline over the fictional samples in data/samples, compared with
// test/golden/samples.extract.jsonl (rewrite it with REGEN=1 after a deliberate change, and read the diff; a missing file fails unless REGEN=1).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../src/config.js";
import { parseArticleLine } from "../src/ingest/article.js";
import type { ExtractionResult, Report } from "../src/model.js";
import { runPipeline } from "../src/pipeline.js";
import { createPipelineContext } from "../src/sources/context.js";

const ROOT = new URL("..", import.meta.url).pathname;
const SAMPLES = join(ROOT, "data", "samples", "articles.jsonl");
const GOLDEN = join(ROOT, "test", "golden", "samples.extract.jsonl");

async function extractSamples(): Promise<{ text: Map<string, string>; results: ExtractionResult[] }> {
  const ctx = await createPipelineContext(loadConfig({ SITREP_CACHE_DIR: join(ROOT, ".cache", "test") }));
  const text = new Map<string, string>();
  const results: ExtractionResult[] = [];
  for (const [i, line] of readFileSync(SAMPLES, "utf8").split("\n").entries()) {
    if (line.trim() === "") continue;
    const parsed = parseArticleLine(line, `samples:${i + 1}`);
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
    text.set(parsed.article.id, parsed.article.text);
    results.push(runPipeline(parsed.article, ctx).result);
  }
  return { text, results };
}

/** Every span a report points at: evidence, claims and location text. */
function spans(r: Report): { what: string; start: number; end: number; text?: string }[] {
  const claims = [...(r.fatalities?.claims ?? []), ...(r.injuries?.claims ?? [])].map((c) => ({
    what: "claim",
    ...c.evidence,
  }));
  return [...r.evidence.map((e) => ({ what: e.field, start: e.start, end: e.end, text: e.text })), ...claims];
}

test("samples: every evidence span of every report points at its text", async () => {
  const { text, results } = await extractSamples();
  let checked = 0;
  for (const result of results) {
    const body = text.get(result.article.id) ?? "";
    for (const report of result.events) {
      assert.ok(
        report.evidence.some((e) => e.field === "trigger"),
        `${report.id} has a trigger span`,
      );
      for (const s of spans(report)) {
        assert.ok(s.start >= 0 && s.end <= body.length && s.start < s.end, `${report.id} ${s.what} in range`);
        if (s.text !== undefined) assert.equal(body.slice(s.start, s.end), s.text, `${report.id} ${s.what}`);
        checked++;
      }
      if (report.location) assert.ok(body.includes(report.location.text), `${report.id} location text`);
    }
  }
  assert.ok(checked > 50, `checked ${checked} spans`);
});

test("samples: the extraction of every sample equals its golden file", async () => {
  const { results } = await extractSamples();
  const actual = `${results.map((r) => JSON.stringify(r)).join("\n")}\n`;
  if (process.env.REGEN === "1") {
    mkdirSync(join(ROOT, "test", "golden"), { recursive: true });
    writeFileSync(GOLDEN, actual);
  }
  assert.ok(
    existsSync(GOLDEN),
    `golden file ${GOLDEN} is missing: run REGEN=1 to write it, then read the diff`,
  );
  const expected = readFileSync(GOLDEN, "utf8").split("\n");
  const lines = actual.split("\n");
  for (const [i, line] of lines.entries())
    assert.equal(line, expected[i], `golden line ${i + 1} differs (REGEN=1 rewrites)`);
  assert.equal(
    lines.length,
    expected.length,
    `golden file has ${expected.length} lines, output ${lines.length}`,
  );
});

test("samples: the phenomena the samples were written for", async () => {
  const { results } = await extractSamples();
  const byId = new Map(results.map((r) => [r.article.id, r.events.filter((e) => !e.is_background)]));
  const first = (id: string) => byId.get(id)?.[0];
  // Wire copy: a suspected perpetrator is alleged, the toll comes from the monitor, the relative day is resolved.
  assert.equal(first("sample-01")?.actor1?.certainty, "alleged");
  assert.equal(first("sample-01")?.date.precision, "day");
  // Two outlets, two spellings of one town: both geocode to the same gazetteer place.
  assert.equal(first("sample-02")?.location?.gazetteer_id, first("sample-03")?.location?.gazetteer_id);
  // A claim of responsibility.
  assert.equal(first("sample-06")?.actor1?.certainty, "claimed");
  // Background paragraphs are kept apart from the news.
  const bg = results.flatMap((r) => r.events.filter((e) => e.is_background));
  assert.ok(bg.length >= 2, "background events are marked");
});
