// Extraction in a worker thread, for the in-process runner: the thread extracts the next batch while this one
// stores the last (the PGlite engine and the pg client run here), so one `sitrep ingest` uses two cores. The
// thread loads the pipeline context; this thread never does.
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { type ErrorCode, ERROR_CODES, SitrepError } from "../errors.js";
import type { PipelineRun } from "../pipeline.js";
import type { ExtractBatch } from "./ingest.js";

/** An error as it crosses threads: its message, and its code when it is a SitrepError. */
export interface ThrownError {
  readonly message: string;
  readonly code?: ErrorCode;
}

/** What the thread sends back: readiness (or why it could not load), or the runs of one batch. */
export type ThreadReply =
  | { readonly ready: true }
  | { readonly ready: false; readonly error: ThrownError }
  | { readonly id: number; readonly runs: PipelineRun[] }
  | { readonly id: number; readonly error: ThrownError };

/** Any thrown value as plain fields that cross a thread boundary whole. */
export function thrown(error: unknown): ThrownError {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof SitrepError ? { message, code: error.code } : { message };
}

/** A ThrownError back as an Error (a SitrepError when it had a code). */
function rethrown(error: ThrownError): Error {
  return error.code && error.code in ERROR_CODES
    ? new SitrepError(error.code, error.message)
    : new Error(error.message);
}

/** A batch extractor backed by a thread, and how to stop the thread. */
export interface ThreadExtractor {
  readonly extract: ExtractBatch;
  close(): Promise<void>;
}

/**
 * The thread: the built .js beside this module, or, run from source (tests), the .ts source through tsx, which
 * the thread registers itself (on Node 20 this thread's loader hooks do not reach another thread).
 */
function startThread(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./extract-worker.js", import.meta.url), { workerData });
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const source = JSON.stringify(new URL("./extract-worker.ts", import.meta.url).href);
  const boot = `import(${tsx}).then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Starts the extraction thread and waits until its pipeline context is loaded (a context that cannot load
 * throws here, as createPipelineContext would). Batches are extracted one after another in the order sent.
 */
export async function threadExtractor(
  config: Config,
  options: { readonly geocode?: boolean } = {},
): Promise<ThreadExtractor> {
  const worker = startThread({ config, geocode: options.geocode ?? true });
  const waiting = new Map<number, { resolve(runs: PipelineRun[]): void; reject(error: Error): void }>();
  let nextId = 0;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once("message", (message: ThreadReply) => {
      if ("ready" in message && message.ready) resolve();
      else if ("error" in message) reject(rethrown(message.error));
    });
    worker.once("error", reject);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.on("message", (message: ThreadReply) => {
    if (!("id" in message)) return;
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (waiting.size === 0) worker.unref();
    if ("runs" in message) w?.resolve(message.runs);
    else w?.reject(rethrown(message.error));
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", (code) => failAll(new Error(`extraction thread: exited with code ${code}`)));
  // An idle thread does not hold the process open; a batch being extracted does (the caller awaits it).
  worker.unref();
  return {
    extract: (articles) =>
      new Promise<PipelineRun[]>((resolve, reject) => {
        if (failure) return reject(failure);
        const id = nextId++;
        if (waiting.size === 0) worker.ref();
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, articles });
      }),
    close: async () => {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
