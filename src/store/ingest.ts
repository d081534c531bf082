import type { PipelineContext } from "../pipeline.js";
import { runPipeline } from "../pipeline.js";
import type { InputItem } from "../sources/files.js";
import { type IngestOptions, type IngestSummary, ingestWith } from "./ingest-with.js";
import type { Store } from "./store.js";

export { type Extract, type IngestOptions, type IngestSummary, ingestWith } from "./ingest-with.js";

/**
 * Ingests input items with the extraction pipeline: see ingestWith. `ctx` is the pipeline's context
 * (createPipelineContext in src/sources/context.ts).
 */
export function ingestItems(
  store: Store,
  items: AsyncIterable<InputItem>,
  ctx: PipelineContext,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return ingestWith(store, items, (article) => runPipeline(article, ctx).result, options);
}
