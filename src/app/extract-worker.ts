// The entry of the extraction thread (see extract-thread.ts): loads the pipeline context once, then runs each
// batch it is sent through runBatch and sends the runs back without their traces (ingestion keeps none).
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config.js";
import type { Article } from "../model.js";
import { type PipelineRun, runBatch } from "../pipeline.js";
import { createPipelineContext } from "../sources/context.js";
import { type ThreadReply, thrown } from "./extract-thread.js";

const port = parentPort;
if (!port) throw new Error("extract-worker: expected to run in a worker thread, found the main thread");
const { config, geocode } = workerData as { config: Config; geocode: boolean };
const reply = (message: ThreadReply) => port.postMessage(message);

/** A run as it crosses to the ingesting thread: no trace, an error as its plain fields. */
function lean(run: PipelineRun): PipelineRun {
  return run.ok
    ? { ok: true, result: run.result, trace: { stages: [] } }
    : { ok: false, stage: run.stage, error: thrown(run.error) };
}

try {
  const ctx = await createPipelineContext(config, { geocode });
  port.on("message", ({ id, articles }: { id: number; articles: Article[] }) => {
    try {
      reply({ id, runs: runBatch(articles, ctx).map(lean) });
    } catch (error) {
      reply({ id, error: thrown(error) });
    }
  });
  reply({ ready: true });
} catch (error) {
  reply({ ready: false, error: thrown(error) });
}
