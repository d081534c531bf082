import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultLexicons } from "../extract/lexicon.js";
import { loadLanguageDetector, unreadSummary } from "../ingest/language.js";
import type { Article, ExtractionResult } from "../model.js";
import type { InputItem } from "../sources/files.js";
import { ingestItems, perArticle, pipelineExtractor } from "./ingest.js";
import { BACKENDS, openTestStore, testArticle, testReport } from "../../test/support/store.js";

/** A test-local extractor: one strike report per article, at the place its text names ("at Lat,Lon"). */
function extract(article: Article): ExtractionResult {
  if (article.text.includes("EXPLODE")) throw new Error("the extractor choked on this text");
  const m = /at (-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/.exec(article.text);
  const report = testReport(`${article.id}-r0`, {
    lat: m ? Number(m[1]) : 35.1,
    lon: m ? Number(m[2]) : 40.2,
    killed: [{ low: article.text.length % 7, high: null, by: "Test Monitor" }],
  });
  return {
    article: { id: article.id, published: article.published, url: article.url },
    events: [report],
    warnings: [],
  };
}

async function* items(list: readonly InputItem[]): AsyncGenerator<InputItem> {
  for (const item of list) yield item;
}

function ok(origin: string, article: Article): InputItem {
  return { origin, article, warnings: [] };
}

for (const backend of BACKENDS) {
  describe(`ingest on ${backend}`, () => {
    test("warnings of reading and of extraction are kept with the stored article", async () => {
      const t = await openTestStore(backend);
      try {
        const item: InputItem = {
          origin: "page.html",
          article: testArticle("w-1", "Strike at 35.1,40.2 near the river."),
          warnings: ["page.html: no publication date in the page"],
        };
        const warnExtract = perArticle((article) => ({
          ...extract(article),
          warnings: ["no gazetteer: locations not resolved"],
        }));
        const summary = await ingestItems(t.store, items([item]), warnExtract);
        assert.equal(summary.new, 1);
        const row = await t.store.db
          .selectFrom("articles")
          .select("warnings")
          .where("id", "=", "w-1")
          .executeTakeFirstOrThrow();
        assert.deepEqual(row.warnings, [
          "page.html: no publication date in the page",
          "no gazetteer: locations not resolved",
        ]);
      } finally {
        await t.dispose();
      }
    });

    test("a bad batch goes on: each bad item is a recorded failure, good ones are stored once", async () => {
      const t = await openTestStore(backend);
      try {
        const { store } = t;
        const batch: InputItem[] = [
          ok("in.jsonl:1", testArticle("g-1", "Strike at 35.1,40.2 on the depot.")),
          {
            origin: "in.jsonl:2",
            error: 'in.jsonl:2: expected a JSON object, found malformed JSON in "{\\"id\\": 3,"',
            raw: '{"id": 3,',
          },
          {
            origin: "blob.bin",
            error: "blob.bin: expected text, found binary data",
            raw: "\u0000\u0001\u0002PK",
          },
          { origin: "in.jsonl:4", error: 'in.jsonl:4: expected a non-empty "text", found an empty one' },
          {
            origin: "huge.html",
            error: "huge.html: expected a html file of at most 52428800 bytes, found 60000000 bytes",
          },
          ok("in.jsonl:5", testArticle("g-1", "A different text under the same id.")),
          ok("in.jsonl:6", testArticle("g-2", "Another strike at 10,10, EXPLODE.")),
          ok(
            "in.jsonl:7",
            testArticle("g-3", "Strike at 35.12,40.21, a second outlet.", { outlet: "Second Wire" }),
          ),
          ok("in.jsonl:8", testArticle("g-1-copy", "Strike at 35.1,40.2 on the depot.", { url: null })),
        ];
        const first = await ingestItems(store, items(batch), perArticle(extract), { args: { test: true } });
        assert.equal(first.read, 9);
        assert.equal(first.new, 2);
        assert.equal(first.duplicate, 1);
        assert.equal(first.failed, 6);
        assert.equal(first.eventsCreated, 1, "g-1 and g-3 tell the same strike");
        const failures = await store.failures.list();
        assert.deepEqual(failures.map((f) => [f.origin, f.stage]).sort(), [
          ["blob.bin", "read"],
          ["huge.html", "read"],
          ["in.jsonl:2", "read"],
          ["in.jsonl:4", "read"],
          ["in.jsonl:5", "dedupe"],
          ["in.jsonl:6", "extract"],
        ]);
        const conflict = failures.find((f) => f.origin === "in.jsonl:5");
        assert.match(conflict?.reason ?? "", /article id "g-1" is already stored with a different text/);
        assert.match(failures.find((f) => f.origin === "in.jsonl:6")?.reason ?? "", /extractor choked/);
        assert.equal((await store.articles.get("g-1"))?.text, "Strike at 35.1,40.2 on the depot.");
        const before = await store.stats();
        assert.deepEqual(before, { articles: 2, reports: 2, events: 1, claims: 2, openFailures: 6 });

        const again = await ingestItems(store, items(batch), perArticle(extract));
        assert.equal(again.new, 0);
        assert.equal(again.duplicate, 3);
        assert.equal(again.failed, 6);
        assert.deepEqual(await store.stats(), before, "re-running changes nothing");
        assert.equal((await store.failures.list()).find((f) => f.origin === "in.jsonl:2")?.attempts, 2);

        const fixed = await ingestItems(
          store,
          items([
            ok("in.jsonl:2", testArticle("g-4", "Fixed line: strike at 35.11,40.2.")),
            ok("in.jsonl:9", testArticle("g-5", "Not asked for.")),
          ]),
          perArticle(extract),
          { onlyOrigins: new Set(["in.jsonl:2"]) },
        );
        assert.equal(fixed.new, 1);
        assert.equal(fixed.skipped, 1);
        assert.equal(fixed.resolved, 1);
        assert.equal((await store.failures.list()).length, 5);
        const runs = await store.runs.list();
        assert.equal(runs.length, 3);
        assert.deepEqual(
          runs.map((r) => [r.status, r.read, r.new]),
          [
            ["finished", 1, 1],
            ["finished", 9, 0],
            ["finished", 9, 2],
          ],
        );
      } finally {
        await t.dispose();
      }
    });
  });
}

// Fictional articles written for this test, in three languages.
const MIXED: readonly [string, string][] = [
  [
    "mix-en",
    "Soldiers clashed with rebels near the town of Dovra on Friday, and three fighters were killed, the army said.",
  ],
  [
    "mix-fr-1",
    "Des soldats ont affronté des rebelles près de la ville de Dovra vendredi, et trois combattants ont été tués, selon l'armée.",
  ],
  [
    "mix-fr-2",
    "Une manifestation contre la hausse des prix a rassemblé des centaines de personnes samedi dans le centre de Dovra, sans incident.",
  ],
  [
    "mix-ar",
    "اشتبك جنود مع متمردين قرب بلدة دوفرا يوم الجمعة، وقُتل ثلاثة مقاتلين، بحسب ما أعلن الجيش في بيان. وقال سكان إن الاشتباكات استمرت حتى المساء.",
  ],
];

for (const backend of BACKENDS) {
  describe(`ingest of a mixed-language batch on ${backend}`, () => {
    test("articles in languages Sitrep does not read are stored without events and counted by language", async () => {
      const t = await openTestStore(backend);
      try {
        const ctx = { lexicons: defaultLexicons(), gazetteer: null, language: await loadLanguageDetector() };
        const batch = MIXED.map(([id, text]) =>
          ok(`mixed.jsonl:${id}`, testArticle(id, text, { url: null, language: null })),
        );
        const summary = await ingestItems(t.store, items(batch), pipelineExtractor(ctx));
        assert.equal(summary.new, 4);
        assert.deepEqual(summary.unread, { fr: 2, ar: 1 });
        assert.equal(
          unreadSummary(summary.unread),
          "3 articles in languages Sitrep does not read (fr 2, ar 1)",
        );
        assert.equal((await t.store.articles.get("mix-fr-1"))?.language, "fr");
        assert.equal((await t.store.articles.get("mix-en"))?.language, "en");
        assert.ok(summary.reports >= 1, "the English article gives its clash");
        const stats = await t.store.stats();
        assert.equal(stats.articles, 4);
        assert.equal(stats.reports, summary.reports);
      } finally {
        await t.dispose();
      }
    });
  });
}
