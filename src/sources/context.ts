import type { Config } from "../config.js";
import { defaultLexicons } from "../extract/lexicon.js";
import type { PipelineContext } from "../pipeline.js";
import { loadGazetteer } from "./gazetteer-index.js";

/** Loads what the pipeline needs from disk: the compiled lexicons and the gazetteer index (built and cached on first use). */
export async function createPipelineContext(
  config: Config,
  options: { readonly geocode?: boolean } = {},
): Promise<PipelineContext> {
  const gazetteer = options.geocode === false ? null : await loadGazetteer(config.cacheDir);
  return { lexicons: defaultLexicons(), gazetteer };
}
