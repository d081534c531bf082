// The ingest queue on BullMQ (Redis): a job is one batch of input items; workers run the ingestion service
// on it (src/app/ingest.ts) and acknowledge. Delivery is at least once; the service makes it idempotent (a
// batch is one transaction and a stored article is recognised and skipped), so a retried job stores nothing
// twice.
import { type Job, MetricsTime, Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { BatchOutcome } from "../app/ingest.js";
import type { InputItem } from "../sources/files.js";
import { sha256Hex } from "../util/hash.js";

/** One job: a batch of items of one ingest run. */
export interface IngestJob {
  readonly runId: number | null;
  readonly items: readonly InputItem[];
}

/** What a job returns: the batch's outcome, its fusion plans reduced to what run counts need. */
export type JobResult = BatchOutcome;

/** Where the queue lives and how its jobs are retried. */
export interface QueueSettings {
  readonly redisUrl: string;
  /** Queue name (default "sitrep-ingest"); tests use their own. */
  readonly name?: string;
  /** Attempts per job before it is dead (default 5), with exponential backoff from `backoffMs` (default 1000). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** How long a worker's hold on a job lasts without renewal; a killed worker's job is taken over after it (default 30 s). */
  readonly lockMs?: number;
}

/** The default queue name. */
export const QUEUE_NAME = "sitrep-ingest";

/** A Redis connection as BullMQ wants it for blocking commands (no per-request retry limit). */
function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** A job id from the run and its items' origins (unique within a run): adding a batch twice adds it once. */
export function jobId(job: IngestJob): string {
  return `r${job.runId ?? 0}-${sha256Hex(job.items.map((i) => i.origin).join("\u0001"), 32)}`;
}

/** The producer side: add batches, wait for them, read the queue's counts. */
export interface IngestQueue {
  /** Adds one batch; returns its job id. */
  add(job: IngestJob): Promise<string>;
  /** Waits until a job has completed (its result) or failed for good (the error). */
  wait(id: string): Promise<JobResult>;
  /** Jobs by state, completed and failed per minute over the last minutes, and the oldest waiting job's age. */
  metrics(): Promise<QueueMetrics>;
  close(): Promise<void>;
}

/** The queue's state for `sitrep status` and the Prometheus metrics. */
export interface QueueMetrics {
  readonly name: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
  /** Jobs completed per second over the last minute (from the workers' metrics). */
  readonly completedPerSecond: number;
  /** Seconds the oldest waiting job has waited (0 when none waits). */
  readonly lagSeconds: number;
}

/** Opens the producer side of the ingest queue. */
export function openIngestQueue(settings: QueueSettings): IngestQueue {
  const name = settings.name ?? QUEUE_NAME;
  const connection = connect(settings.redisUrl);
  const queue = new Queue<IngestJob, JobResult>(name, {
    connection,
    defaultJobOptions: {
      attempts: settings.attempts ?? 5,
      backoff: { type: "exponential", delay: settings.backoffMs ?? 1000 },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: false,
    },
  });
  let events: QueueEvents | null = null;
  let eventsConnection: Redis | null = null;
  return {
    async add(job) {
      const id = jobId(job);
      await queue.add("ingest", job, { jobId: id });
      return id;
    },
    async wait(id) {
      eventsConnection ??= connect(settings.redisUrl);
      events ??= new QueueEvents(name, { connection: eventsConnection });
      await events.waitUntilReady();
      const job = await queue.getJob(id);
      if (!job) throw new Error(`queue: expected job ${id} in ${name}, found none`);
      return (await job.waitUntilFinished(events)) as JobResult;
    },
    async metrics() {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed");
      const done = await queue.getMetrics("completed", 0, 1);
      const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
      return {
        name,
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
        completedPerSecond: (done.data[0] ?? 0) / 60,
        lagSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0,
      };
    },
    async close() {
      await events?.close();
      await queue.close();
      // BullMQ leaves connections it was given open: close them, or the process never exits.
      eventsConnection?.disconnect();
      connection.disconnect();
    },
  };
}

/** Options of a worker. */
export interface WorkerSettings extends QueueSettings {
  /** Jobs one worker process runs at once (default 1: extraction is CPU-bound). */
  readonly concurrency?: number;
  /** Called when a job has failed for the last time (the dead letter): record it. */
  readonly onDead?: (
    job: { id: string; runId: number | null; attempts: number },
    error: Error,
  ) => Promise<void>;
  /** Called on a worker error (a lost Redis connection, retried by ioredis). */
  readonly onError?: (error: Error) => void;
}

/** Starts a worker that runs `handle` on each job; `close` lets the running job finish first. */
export function startWorker(
  settings: WorkerSettings,
  handle: (job: IngestJob, id: string) => Promise<JobResult>,
): { close(): Promise<void>; ready: Promise<void> } {
  const connection = connect(settings.redisUrl);
  const worker = new Worker<IngestJob, JobResult>(
    settings.name ?? QUEUE_NAME,
    (job: Job<IngestJob, JobResult>) => handle(job.data, job.id ?? ""),
    {
      connection,
      concurrency: settings.concurrency ?? 1,
      lockDuration: settings.lockMs ?? 30_000,
      stalledInterval: Math.max(1000, Math.floor((settings.lockMs ?? 30_000) / 2)),
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    },
  );
  worker.on("failed", (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    void settings.onDead?.({ id: job.id ?? "", runId: job.data.runId, attempts: job.attemptsMade }, error);
  });
  worker.on("error", (error) => settings.onError?.(error));
  return {
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
    ready: worker.waitUntilReady().then(() => undefined),
  };
}
