import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultLexicons } from "./extract/lexicon.js";
import { loadLanguageDetector, UNSUPPORTED_LANGUAGE } from "./ingest/language.js";
import type { Article } from "./model.js";
import { runBatch } from "./pipeline.js";

// Fictional articles written for this test: the same bombing told in English, French and Russian.
const article = (id: string, text: string, language: string | null = null): Article => ({
  id,
  url: null,
  outlet: null,
  published: "2026-04-10",
  title: null,
  text,
  language,
});
const ENGLISH = article(
  "en-1",
  "A car bomb exploded outside the tax office in Morvale on Thursday, killing four people, police said. " +
    "Rescue workers searched the rubble late into the night.",
);
const FRENCH = article(
  "fr-1",
  "Une voiture piégée a explosé jeudi devant le centre des impôts de Morvale, tuant quatre personnes, a indiqué la police. " +
    "Les secouristes ont fouillé les décombres jusque tard dans la nuit.",
);
const RUSSIAN = article(
  "ru-1",
  "В четверг у налоговой инспекции в Морвале взорвался заминированный автомобиль, погибли четыре человека, сообщила полиция. " +
    "Спасатели разбирали завалы до поздней ночи.",
);

const ctx = { lexicons: defaultLexicons(), gazetteer: null, language: await loadLanguageDetector() };

test("runBatch: an article in a language Sitrep does not read yields no events and a coded warning", () => {
  const cases: { article: Article; language: string; events: boolean; unsupported: boolean }[] = [
    { article: ENGLISH, language: "en", events: true, unsupported: false },
    { article: FRENCH, language: "fr", events: false, unsupported: true },
    { article: RUSSIAN, language: "ru", events: false, unsupported: true },
    // A declared language is believed, whatever the text looks like.
    {
      article: { ...ENGLISH, id: "en-declared-es", language: "es" },
      language: "es",
      events: false,
      unsupported: true,
    },
  ];
  const runs = runBatch(
    cases.map((c) => c.article),
    ctx,
  );
  for (const [i, c] of cases.entries()) {
    const run = runs[i];
    assert.ok(run?.ok, c.article.id);
    assert.equal(run.result.article.language, c.language, c.article.id);
    assert.equal(run.result.events.length > 0, c.events, c.article.id);
    assert.equal(
      run.result.warnings.some((w) => w.startsWith(`${UNSUPPORTED_LANGUAGE}: `)),
      c.unsupported,
      c.article.id,
    );
    // The stages after the language are skipped for an unread article.
    assert.equal(
      run.trace.stages.some((s) => s.stage === "extract/reports"),
      !c.unsupported,
      c.article.id,
    );
  }
});

test("runBatch: without a detector an undeclared article is read as English", () => {
  const [run] = runBatch([FRENCH], { lexicons: ctx.lexicons, gazetteer: null });
  assert.ok(run?.ok);
  assert.equal(run.result.article.language, "en");
  assert.ok(!run.result.warnings.some((w) => w.startsWith(UNSUPPORTED_LANGUAGE)));
});

test("runBatch: a printed date line that contradicts `published` anchors the dates, with a warning", () => {
  // 2026-03-14 is a Saturday; the input's date (2026-04-10) is a crawl day weeks later.
  const page = article(
    "dl-1",
    "Reuters Saturday 14 Mar 2026 A car bomb exploded outside the tax office in Morvale on Friday, killing four people.",
  );
  const [run] = runBatch([page], ctx);
  assert.ok(run?.ok);
  assert.equal(run.result.article.published, "2026-03-14");
  assert.equal(run.result.events[0]?.date.value, "2026-03-13");
  assert.ok(
    run.result.warnings.some((w) => w.includes("date line says 2026-03-14")),
    run.result.warnings.join(),
  );
  // Agreeing with the date line, or no date line: `published` stands and nothing is said.
  const [plain] = runBatch([ENGLISH], ctx);
  assert.ok(plain?.ok);
  assert.equal(plain.result.article.published, "2026-04-10");
  assert.ok(!plain.result.warnings.some((w) => w.includes("date line")));
});
