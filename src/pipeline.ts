import { extractReports } from "./extract/index.js";
import type { Lexicons } from "./extract/lexicon.js";
import { findCasualties } from "./extract/casualties.js";
import type { Gazetteer } from "./geocode/gazetteer.js";
import { geoparse } from "./geocode/index.js";
import type { Article, ExtractionResult, Trace } from "./model.js";
import { findDates } from "./nlp/dates.js";
import { splitSentences } from "./nlp/sentences.js";

/** What the pipeline needs besides the article: the lexicons and the gazetteer port (null: no geocoding). */
export interface PipelineContext {
  readonly lexicons: Lexicons;
  readonly gazetteer: Gazetteer | null;
}

/** Runs the stages in order (nlp → geocode → extract) on one article; pure, so any worker may call it. */
export function runPipeline(
  article: Article,
  ctx: PipelineContext,
): { result: ExtractionResult; trace: Trace } {
  // nlp first: every later stage works on its sentences and mentions.
  const sentences = splitSentences(article.text);
  const dates = findDates(article.text, article.published);
  const casualties = findCasualties(article.text, sentences);
  // geocode before extract: events take their place from the resolutions in their sentences.
  const resolutions = ctx.gazetteer ? geoparse(article.text, ctx.gazetteer) : [];
  const extracted = extractReports({ article, sentences, dates, casualties, resolutions }, ctx.lexicons);
  const warnings: string[] = [];
  if (!article.published && dates.some((d) => d.relative)) {
    warnings.push("published date missing: relative dates left unresolved");
  }
  if (!ctx.gazetteer) warnings.push("no gazetteer: locations not resolved");
  return {
    result: {
      article: { id: article.id, published: article.published, url: article.url, outlet: article.outlet },
      events: extracted.reports,
      warnings,
    },
    trace: {
      stages: [
        { stage: "nlp/sentences", found: sentences },
        { stage: "nlp/dates", found: dates },
        { stage: "nlp/casualties", found: casualties },
        { stage: "geocode", found: resolutions },
        { stage: "extract/candidates", found: extracted.candidates },
        { stage: "extract/dropped", found: extracted.dropped },
        { stage: "extract/reports", found: extracted.reports },
      ],
    },
  };
}
