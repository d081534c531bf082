// Two runners of the one ingestion service: in this process, or through the BullMQ queue to any number of
// workers (`sitrep worker`). `sitrep ingest` and `sitrep watch` take whichever the configuration names:
// the queue when REDIS_URL is set, else in process.
import type { Config } from "../config.js";
import { SitrepError } from "../errors.js";
import { type IngestQueue, type JobResult, openIngestQueue, startWorker } from "../queue/ingest-queue.js";
import { createPipelineContext } from "../sources/context.js";
import type { InputItem } from "../sources/files.js";
import type { Store } from "../store/store.js";
import { batched } from "./batched.js";
import { threadExtractor } from "./extract-thread.js";
import {
  type BatchOutcome,
  createIngestion,
  createTally,
  type ExtractBatch,
  INGEST_BATCH,
  type Ingestion,
  NO_TIME,
  type IngestOptions,
  type IngestSummary,
  ingestItems,
  itemSize,
  pipelineExtractor,
  type StepTimes,
} from "./ingest.js";

/** Runs ingests: in process or through the queue, with the same summary either way. */
export interface IngestRunner {
  /** "in-process" or "queue <name>". */
  readonly kind: string;
  run(items: AsyncIterable<InputItem>, options?: IngestOptions & { wait?: boolean }): Promise<IngestSummary>;
  close(): Promise<void>;
}

/** The in-process runner: ingestItems with the extractor; `close` releases what the extractor holds. */
export function inProcessRunner(
  store: Store,
  extract: ExtractBatch,
  close: () => Promise<void> = async () => {},
): IngestRunner {
  return {
    kind: "in-process",
    run: (items, options) => ingestItems(store, items, extract, options),
    close,
  };
}

/**
 * The queue runner: records the run, adds each batch as a job, and (unless `wait` is false) waits for the
 * workers to finish them, adding their outcomes up as the in-process runner does. A job that failed for good
 * counts its items as failed (they are in `sitrep failures`).
 */
export function queueRunner(store: Store, queue: IngestQueue, name: string): IngestRunner {
  return {
    kind: `queue ${name}`,
    async run(items, options = {}) {
      const runId = await store.runs.start(options.args ?? null);
      const tally = createTally(runId);
      const limits = { ...INGEST_BATCH, ...options.batch };
      const pending: Promise<void>[] = [];
      let queued = 0;
      try {
        for await (const batch of batched(items, itemSize, limits)) {
          const wanted = batch.filter((i) => !options.onlyOrigins || options.onlyOrigins.has(i.origin));
          tally.skip(batch.length - wanted.length);
          if (wanted.length === 0) continue;
          const id = await queue.add({ runId, items: wanted });
          queued += wanted.length;
          if (options.wait === false) continue;
          pending.push(
            queue.wait(id).then(
              (result) => {
                tally.add(result);
                options.onProgress?.(tally.summary());
              },
              (error: unknown) => tally.add(deadBatch(wanted, error)),
            ),
          );
        }
        await Promise.all(pending);
      } catch (error) {
        await store.runs.update(runId, tally.runCounts(), "failed").catch(() => undefined);
        throw error;
      }
      if (options.wait === false) {
        await store.runs.update(runId, { ...tally.runCounts(), read: queued }, "queued");
        return { ...tally.summary(), read: queued };
      }
      await store.runs.update(runId, tally.runCounts(), "finished");
      return tally.summary();
    },
    close: () => queue.close(),
  };
}

/** Step times of a job as a log fragment: "check 3, extract 410, write 95, fuse 120" (write and fuse include lock waits). */
function stepLine(ms: StepTimes): string {
  return (["check", "extract", "write", "fuse"] as const).map((k) => `${k} ${Math.round(ms[k])}`).join(", ");
}

/** The outcome of a batch whose job failed for good: every item failed, stage "queue". */
function deadBatch(items: readonly InputItem[], error: unknown): JobResult {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    read: items.length,
    new: 0,
    duplicate: 0,
    failed: items.length,
    reports: 0,
    resolved: 0,
    unread: {},
    failures: items.slice(0, 1).map((i) => ({ origin: i.origin, stage: "queue", reason })),
    items: items.map((i) => ({ origin: i.origin, status: "failed", id: null, reason })),
    fusion: [],
    ms: NO_TIME,
  };
}

/**
 * The runner the configuration names: the queue when REDIS_URL is set (PostgreSQL required), else in process
 * with extraction in a thread of its own (this thread stores one batch while that one extracts the next).
 */
export async function openRunner(
  config: Config,
  store: Store,
  options: { geocode?: boolean } = {},
): Promise<IngestRunner> {
  if (config.redisUrl === null) {
    const extractor = await threadExtractor(config, { geocode: options.geocode ?? true });
    return inProcessRunner(store, extractor.extract, extractor.close);
  }
  requireShared(store);
  return queueRunner(
    store,
    openIngestQueue({ redisUrl: config.redisUrl, name: config.queueName }),
    config.queueName,
  );
}

/** Ingests one batch now and gives what became of each item; the batch is recorded as a run with `args`. */
export type IngestNow = (items: readonly InputItem[], args: unknown) => Promise<BatchOutcome>;

/**
 * The one-batch ingester of a long-running process (the API's POST /articles): with a queue, the batch is one job
 * the process waits for (a job dead for good fails its items); without, the ingestion service runs here, its
 * pipeline context (lexicons, gazetteer) loaded on the first batch, not at startup, and loaded again if that failed.
 */
export function ingestNow(config: Config, store: Store, queue: IngestQueue | null): IngestNow {
  let ingestion: Promise<Ingestion> | null = null;
  const local = (): Promise<Ingestion> => {
    ingestion ??= createPipelineContext(config).then(
      (ctx) => createIngestion(store, pipelineExtractor(ctx)),
      (error: unknown) => {
        ingestion = null;
        throw error;
      },
    );
    return ingestion;
  };
  return async (items, args) => {
    if (queue) requireShared(store);
    const runId = await store.runs.start(args);
    const tally = createTally(runId);
    try {
      const outcome = queue
        ? await queue
            .wait(await queue.add({ runId, items: [...items] }))
            .catch((error: unknown) => deadBatch(items, error))
        : await (await local()).ingestBatch(items, runId);
      tally.add(outcome);
      await store.runs.update(runId, tally.runCounts(), "finished");
      return outcome;
    } catch (error) {
      await store.runs.update(runId, tally.runCounts(), "failed").catch(() => undefined);
      throw error;
    }
  };
}

/** Workers and producers in several processes need one database they all reach: PostgreSQL, not PGlite. */
function requireShared(store: Store): void {
  if (store.backend !== "postgres") {
    throw new SitrepError(
      "bad_input",
      "queue: REDIS_URL is set but the store is the embedded PGlite (one process only); set DATABASE_URL to a PostgreSQL database the workers share, or unset REDIS_URL to ingest in this process",
    );
  }
}

/** Options of a worker process. */
export interface WorkerOptions {
  readonly concurrency?: number;
  readonly geocode?: boolean;
  readonly lockMs?: number;
  /** Where the worker says what it does (a line per job). */
  readonly log?: (line: string) => void;
}

/**
 * Runs a worker: takes ingest jobs from the queue, runs the ingestion service on each batch, acknowledges.
 * A job that fails for the last time is recorded in the failures table (stage "queue"). Returns `stop`, which
 * lets the running job finish (graceful shutdown).
 */
export async function runWorker(
  config: Config,
  store: Store,
  options: WorkerOptions = {},
): Promise<{ stop(): Promise<void>; ready: Promise<void> }> {
  if (config.redisUrl === null) {
    throw new SitrepError(
      "bad_input",
      "worker: expected REDIS_URL to name the queue's Redis, found it unset",
    );
  }
  requireShared(store);
  const ctx = await createPipelineContext(config, { geocode: options.geocode ?? true });
  const ingestion = createIngestion(store, pipelineExtractor(ctx));
  const log = options.log ?? (() => {});
  const worker = startWorker(
    {
      redisUrl: config.redisUrl,
      name: config.queueName,
      concurrency: options.concurrency ?? 1,
      ...(options.lockMs === undefined ? {} : { lockMs: options.lockMs }),
      onDead: async (job, error) => {
        await store.failures.record({
          origin: `queue job ${job.id}`,
          stage: "queue",
          reason: `job ${job.id} failed ${job.attempts} times: ${error.message}`,
          runId: job.runId,
        });
        log(`job ${job.id}: dead after ${job.attempts} attempts: ${error.message}`);
      },
      onError: (error) => log(`worker: ${error.message}`),
    },
    async (job, id) => {
      const outcome = await ingestion.ingestBatch(job.items, job.runId);
      log(
        `job ${id}: read ${outcome.read}, new ${outcome.new}, duplicate ${outcome.duplicate}, failed ${outcome.failed}; ms: ${stepLine(outcome.ms)}`,
      );
      // Through Redis goes only what run counts need of each plan, not whole events.
      return {
        ...outcome,
        fusion: outcome.fusion.map((plan) => ({
          created: plan.created,
          updated: plan.updated,
          deleted: plan.deleted,
          events: plan.events.map((e) => ({ id: e.id, is_background: e.is_background })),
        })),
      };
    },
  );
  return { stop: () => worker.close(), ready: worker.ready };
}
