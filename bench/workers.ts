// Scale-out bench: 1, 2 and 4 `sitrep worker` processes (the shipped build) on the real Redis and PostgreSQL
// drain the same replicated corpus that one producer enqueues; articles/s, the speed-up over one worker, the
// database's share of the CPU the run used, and a check that no article is lost or stored twice.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { loadConfig } from "../src/config.js";
import { openStore } from "../src/store/store.js";
import { finish as ended, printed } from "../test/support/ingest-run.js";
import { dropSchema, TEST_DATABASE_URL, testSchemaName } from "../test/support/store.js";
import { replicate } from "./ingest.js";
import type { BenchRow } from "./types.js";

const ROOT = new URL("..", import.meta.url).pathname;
const BIN = join(ROOT, "bin", "sitrep.js");
const CORPUS = join(ROOT, "..", "shared", "bench", "throughput", "fakes.articles.jsonl");
const REDIS_URL = "redis://127.0.0.1:6379";

/** CPU seconds (user + system) used so far by processes whose command name starts with `name`, or by `pids`. */
function cpuSeconds(match: (pid: number, comm: string) => boolean): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!match(pid, comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks / 100;
}

function start(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Distinct article texts in an Article JSONL file: what a store must hold after ingesting it once. */
function distinctTexts(file: string): number {
  const texts = new Set<string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() !== "") texts.add(String((JSON.parse(line) as { text?: unknown }).text ?? ""));
  }
  return texts.size;
}

/** Waits until the queue holds no waiting, delayed or active job (polled every 100 ms). */
async function drained(queue: Queue): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One run: `workers` processes drain `file` (n articles), enqueued beforehand by one producer. */
async function runWorkers(
  file: string,
  n: number,
  workers: number,
): Promise<{
  perSecond: number;
  dbShare: number;
  cores: number;
  lost: number;
  duplicated: number;
  seconds: number;
}> {
  const schema = testSchemaName();
  const queue = `sitrep-bench-${schema}`;
  const created = await openStore(loadConfig({ DATABASE_URL: TEST_DATABASE_URL }), { schema });
  await created.close();
  const env = {
    DATABASE_URL: `${TEST_DATABASE_URL}?options=-c%20search_path%3D${schema}`,
    REDIS_URL,
    SITREP_QUEUE: queue,
    SITREP_CACHE_DIR: loadConfig().cacheDir,
  };
  // The queue is filled while paused, so the workers' rate is timed alone (not the producer's reading).
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const control = new Queue(queue, { connection });
  await control.pause();
  const producer = start(["ingest", file, "--json", "--batch-size", "32", "--no-wait"], env);
  const enqueued = await ended(producer);
  if (enqueued.code !== 0) throw new Error(`bench: the producer failed:\n${enqueued.stderr}`);
  const procs = Array.from({ length: workers }, () => start(["worker"], env));
  try {
    await Promise.all(procs.map((p) => printed(p, /waiting for jobs/)));
    const pids = new Set(procs.map((p) => p.pid));
    const dbBefore = cpuSeconds((_, comm) => comm.startsWith("postgres"));
    const workersBefore = cpuSeconds((pid) => pids.has(pid));
    const t0 = performance.now();
    await control.resume();
    await drained(control);
    const seconds = (performance.now() - t0) / 1000;
    const db = cpuSeconds((_, comm) => comm.startsWith("postgres")) - dbBefore;
    const app = cpuSeconds((pid) => pids.has(pid)) - workersBefore;
    const store = await openStore(loadConfig({ DATABASE_URL: env.DATABASE_URL }));
    const row = await sql<{ stored: string; distinct: string }>`
      select count(*) as stored, count(distinct content_hash) as distinct from articles`.execute(store.db);
    // The corpus repeats a few texts: those are duplicates by design, stored once.
    await store.close();
    const stored = Number(row.rows[0]?.stored ?? 0);
    const distinct = Number(row.rows[0]?.distinct ?? 0);
    return {
      perSecond: n / seconds,
      seconds,
      dbShare: db / Math.max(0.001, db + app),
      cores: app / seconds,
      lost: Math.max(0, distinctTexts(file) - distinct),
      duplicated: stored - distinct,
    };
  } finally {
    await control.close();
    connection.disconnect();
    for (const p of procs) p.kill("SIGTERM");
    await Promise.all(procs.map((p) => (p.exitCode === null ? ended(p) : null)));
    await dropSchema(schema);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`bull:${queue}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

/**
 * What this machine allows two processes: the throughput of two CPU-bound `sitrep extract` runs at once over one
 * alone (2.0 on two free cores; less where the cores are shared or hyper-threads). No worker count can beat it.
 */
async function machineCeiling(file: string): Promise<number> {
  const run = async (copies: number): Promise<number> => {
    const t0 = performance.now();
    const runs = Array.from({ length: copies }, () =>
      start(["extract", file, "-o", "/dev/null", "--no-geocode"], {}),
    );
    for (const done of await Promise.all(runs.map((p) => ended(p))))
      if (done.code !== 0) throw new Error(`bench: extract failed:\n${done.stderr}`);
    return performance.now() - t0;
  };
  const one = await run(1);
  const two = await run(2);
  return (2 * one) / two;
}

/** The scaling table: 1, 2 and 4 workers on the same corpus (default 2000 articles). */
export async function benchWorkers(options: { articles?: number } = {}): Promise<BenchRow[]> {
  const n = options.articles ?? 2000;
  const dir = mkdtempSync(join(tmpdir(), "sitrep-bench-workers-"));
  const suite = "workers";
  try {
    const file = join(dir, "articles.jsonl");
    replicate(CORPUS, n, file);
    const rows: BenchRow[] = [];
    const rates = new Map<number, number>();
    let lost = 0;
    let duplicated = 0;
    for (const workers of [1, 2, 4]) {
      const run = await runWorkers(file, n, workers);
      rates.set(workers, run.perSecond);
      lost += run.lost;
      duplicated += run.duplicated;
      rows.push(
        {
          suite,
          metric: `${workers} worker${workers > 1 ? "s" : ""}: articles/s`,
          value: run.perSecond,
          unit: "articles/s",
          note: `${n} articles in ${run.seconds.toFixed(1)} s`,
        },
        {
          suite,
          metric: `${workers} worker${workers > 1 ? "s" : ""}: cores the workers kept busy`,
          value: run.cores,
          unit: "cores",
          note: "worker CPU seconds / wall seconds (2 cores on the bench machine)",
        },
        {
          suite,
          metric: `${workers} worker${workers > 1 ? "s" : ""}: database share of CPU`,
          value: 100 * run.dbShare,
          unit: "%",
          note: "postgres processes / (postgres + workers)",
        },
      );
    }
    rows.push(
      {
        suite,
        metric: "machine ceiling: 2 processes vs 1",
        value: await machineCeiling(file),
        unit: "ratio",
        note: "two CPU-bound extract runs at once over one alone: the most 2 workers could reach here",
      },
      {
        suite,
        metric: "2 workers vs 1",
        value: (rates.get(2) ?? 0) / (rates.get(1) || 1),
        unit: "ratio",
        floor: { op: ">=", value: 1.6 },
      },
      { suite, metric: "4 workers vs 1", value: (rates.get(4) ?? 0) / (rates.get(1) || 1), unit: "ratio" },
      {
        suite,
        metric: "articles lost or stored twice (all runs)",
        value: lost + duplicated,
        unit: "articles",
        floor: { op: "<=", value: 0 },
      },
    );
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
