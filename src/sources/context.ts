import type { Config } from "../config.js";
import { defaultLexicons } from "../extract/lexicon.js";
import { loadLanguageDetector } from "../ingest/language.js";
import type { PipelineContext } from "../pipeline.js";
import { loadGazetteer } from "./gazetteer-index.js";

/**
 * Loads what the pipeline needs: the compiled lexicons, the gazetteer index (built and cached on first use) and
 * the language detector.
 */
export async function createPipelineContext(
  config: Config,
  options: { readonly geocode?: boolean } = {},
): Promise<PipelineContext> {
  const [gazetteer, language] = await Promise.all([
    options.geocode === false ? null : loadGazetteer(config.cacheDir),
    loadLanguageDetector(),
  ]);
  return { lexicons: defaultLexicons(), gazetteer, language };
}
