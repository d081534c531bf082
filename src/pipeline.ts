import { extractReports } from "./extract/index.js";
import type { Lexicons } from "./extract/lexicon.js";
import { findCasualties } from "./extract/casualties.js";
import type { Gazetteer } from "./geocode/gazetteer.js";
import { geoparse } from "./geocode/index.js";
import {
  articleLanguage,
  type LanguageDetector,
  readsLanguage,
  unsupportedLanguageWarning,
} from "./ingest/language.js";
import type { Article, ExtractionResult, Trace } from "./model.js";
import { contradictingDateline, findDates } from "./nlp/dates.js";
import { splitSentences } from "./nlp/sentences.js";

/**
 * What the pipeline needs besides the article: the lexicons, the gazetteer port (null: no geocoding) and the
 * language detector (absent or null: an article that declares no language is taken as English).
 */
export interface PipelineContext {
  readonly lexicons: Lexicons;
  readonly gazetteer: Gazetteer | null;
  readonly language?: LanguageDetector | null;
}

/** One article's pass through the pipeline: its extraction and what each stage found, or the error a stage threw. */
export type PipelineRun =
  | { readonly ok: true; readonly result: ExtractionResult; readonly trace: Trace }
  | { readonly ok: false; readonly stage: string; readonly error: unknown };

/**
 * How many articles (and at most how many characters of text) `sitrep extract` gives runBatch at a time: enough
 * for each stage's code and tables to stay hot in the CPU caches, few enough to keep memory flat.
 */
export const BATCH = { articles: 128, chars: 4_000_000 } as const;

/** A stage's findings for every article still in the run (undefined where an earlier stage failed). */
type Column<T> = (T | undefined)[];

/**
 * Runs the stages (nlp → geocode → extract) over a batch of articles, stage by stage: each stage reads every
 * article before the next starts, which keeps its code and tables in cache (about a third faster than article by
 * article on news). An article in a language Sitrep does not read skips the stages: no events, a warning. Pure; an
 * article whose stage throws fails alone and the others go on. Runs come back in order.
 */
export function runBatch(articles: readonly Article[], ctx: PipelineContext): PipelineRun[] {
  const failed: (PipelineRun & { ok: false })[] = [];
  const unread: boolean[] = [];
  const stage = <T>(name: string, fn: (a: Article, i: number) => T): Column<T> =>
    articles.map((article, i) => {
      if (failed[i] || unread[i]) return undefined;
      try {
        return fn(article, i);
      } catch (error) {
        failed[i] = { ok: false, stage: name, error };
        return undefined;
      }
    });
  // The language first: the stages read English only.
  const languages = stage("ingest/language", (a) => articleLanguage(a, ctx.language ?? null));
  languages.forEach((reading, i) => {
    unread[i] = reading !== undefined && !readsLanguage(reading.language);
  });
  // nlp next: every later stage works on its sentences and mentions.
  const sentences = stage("nlp/sentences", (a) => splitSentences(a.text));
  // A page's printed date line beats a publication date that contradicts it: relative dates count from it.
  const printed = stage("nlp/dates", (a) => {
    const line = contradictingDateline(a.text, a.published);
    return { line, dates: findDates(a.text, line ?? a.published) };
  });
  const dated = articles.map((a, i) => (printed[i]?.line ? { ...a, published: printed[i].line } : a));
  const dates = printed.map((p) => p?.dates);
  const casualties = stage("nlp/casualties", (a, i) => findCasualties(a.text, sentences[i] ?? []));
  // geocode before extract: events take their place from the resolutions in their sentences.
  const { gazetteer } = ctx;
  const resolutions = stage("geocode", (a) => (gazetteer ? geoparse(a.text, gazetteer) : []));
  const extracted = stage("extract", (_, i) =>
    extractReports(
      {
        article: dated[i] as Article,
        sentences: sentences[i] ?? [],
        dates: dates[i] ?? [],
        casualties: casualties[i] ?? [],
        resolutions: resolutions[i] ?? [],
      },
      ctx.lexicons,
    ),
  );
  return articles.map((article, i): PipelineRun => {
    const language = languages[i];
    const line = printed[i]?.line ?? null;
    const meta = {
      id: article.id,
      published: line ?? article.published,
      url: article.url,
      outlet: article.outlet,
    };
    if (language && unread[i]) {
      return {
        ok: true,
        result: {
          article: { ...meta, language: language.language },
          events: [],
          warnings: [unsupportedLanguageWarning(language)],
        },
        trace: { stages: [{ stage: "ingest/language", found: language }] },
      };
    }
    const done = extracted[i];
    if (!done) return failed[i] ?? { ok: false, stage: "extract", error: new Error("pipeline: no output") };
    const warnings: string[] = [];
    if (line) {
      warnings.push(
        `published: the input gives ${article.published} but the page's date line says ${line}; dates are read from ${line}`,
      );
    }
    if (!article.published && dates[i]?.some((d) => d.relative)) {
      warnings.push("published date missing: relative dates left unresolved");
    }
    if (!gazetteer) warnings.push("no gazetteer: locations not resolved");
    return {
      ok: true,
      result: {
        article: { ...meta, language: language?.language ?? null },
        events: done.reports,
        warnings,
      },
      trace: {
        stages: [
          { stage: "ingest/language", found: language },
          { stage: "nlp/sentences", found: sentences[i] },
          { stage: "nlp/dates", found: dates[i] },
          { stage: "nlp/casualties", found: casualties[i] },
          { stage: "geocode", found: resolutions[i] },
          { stage: "extract/candidates", found: done.candidates },
          { stage: "extract/dropped", found: done.dropped },
          { stage: "extract/reports", found: done.reports },
        ],
      },
    };
  });
}

/** Runs the stages on one article (a batch of one); throws what a stage threw. */
export function runPipeline(
  article: Article,
  ctx: PipelineContext,
): { result: ExtractionResult; trace: Trace } {
  const [run] = runBatch([article], ctx);
  if (!run?.ok) throw run?.error ?? new Error("pipeline: no run");
  return run;
}
