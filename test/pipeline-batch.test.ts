// runBatch (stage by stage over many articles, as `sitrep extract` runs) must give exactly what one article at a
// time gives, in order, and an article whose stage throws must fail alone.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../src/config.js";
import type { Gazetteer } from "../src/geocode/gazetteer.js";
import { parseArticleLine } from "../src/ingest/article.js";
import type { Article } from "../src/model.js";
import { runBatch, runPipeline } from "../src/pipeline.js";
import { createPipelineContext } from "../src/sources/context.js";

const ROOT = new URL("..", import.meta.url).pathname;

function samples(): Article[] {
  const lines = readFileSync(join(ROOT, "data", "samples", "articles.jsonl"), "utf8").split("\n");
  return lines.flatMap((line, i) => {
    const parsed = line.trim() === "" ? null : parseArticleLine(line, `samples:${i + 1}`);
    return parsed?.ok ? [parsed.article] : [];
  });
}

const context = () => createPipelineContext(loadConfig({ SITREP_CACHE_DIR: join(ROOT, ".cache", "test") }));

test("runBatch: a batch gives each article what a run of its own gives, in input order", async () => {
  const ctx = await context();
  const articles = samples();
  assert.ok(articles.length >= 8, `expected the JSONL samples, found ${articles.length}`);
  // Reversed, so an order kept by accident (sorted ids) cannot pass.
  const batch = [...articles].reverse();
  const runs = runBatch(batch, ctx);
  assert.equal(runs.length, batch.length);
  for (const [i, article] of batch.entries()) {
    const run = runs[i];
    assert.ok(run?.ok, `${article.id}: expected a run`);
    assert.equal(run.result.article.id, article.id);
    assert.deepEqual(run.result, runPipeline(article, ctx).result, article.id);
  }
});

test("runBatch: an article whose stage throws fails alone, naming the stage; the others are extracted", async () => {
  const ctx = await context();
  const real = ctx.gazetteer as Gazetteer;
  // The real gazetteer, except that looking up one made-up town name throws.
  const gazetteer: Gazetteer = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== "lookup") return Reflect.get(target, prop, receiver);
      return (key: string) => {
        if (key.includes("throwtown")) throw new Error("index page unreadable");
        return target.lookup(key);
      };
    },
  });
  const [first, second] = samples();
  assert.ok(first && second);
  const poisoned: Article = {
    ...first,
    id: "poisoned",
    text: `${first.text}\nShelling hit Throwtown on Monday.`,
  };
  const runs = runBatch([first, poisoned, second], { ...ctx, gazetteer });
  const [a, b, c] = runs;
  assert.ok(a?.ok && c?.ok, "the articles around the failing one are extracted");
  assert.ok(a.result.events.length > 0 && c.result.events.length > 0);
  assert.ok(b && !b.ok, "the poisoned article fails");
  assert.equal(b.stage, "geocode");
  assert.match(String(b.error), /index page unreadable/);
  assert.throws(() => runPipeline(poisoned, { ...ctx, gazetteer }), /index page unreadable/);
});
