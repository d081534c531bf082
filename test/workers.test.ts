// End to end on the real Redis and PostgreSQL of this machine: `sitrep worker` processes take ingest jobs
// from BullMQ. Several workers, one of them killed with SIGKILL mid-run, give the same store as one process
// ingesting in place; a job that keeps failing ends in the failures table; SIGTERM lets a worker finish.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { runWorker } from "../src/app/runner.js";
import { loadConfig } from "../src/config.js";
import { openStore } from "../src/store/store.js";
import { cli, fictionalCorpus, finish, printed, snapshot } from "./support/ingest-run.js";
import { dropSchema, TEST_DATABASE_URL, testSchemaName } from "./support/store.js";

const REDIS_URL = "redis://127.0.0.1:6379";
const ARTICLES = 160;
/** Real towns (GeoNames), so reports are placed and fusion's space-time locks are exercised. */
const TOWNS = ["Aleppo", "Homs", "Idlib", "Hama", "Raqqa", "Mosul", "Kirkuk", "Tikrit"];

/** A fresh PostgreSQL schema (migrated) and its DATABASE_URL. */
async function freshSchema(): Promise<{ schema: string; url: string }> {
  const schema = testSchemaName();
  const store = await openStore(loadConfig({ DATABASE_URL: TEST_DATABASE_URL }), { schema });
  await store.close();
  return { schema, url: `${TEST_DATABASE_URL}?options=-c%20search_path%3D${schema}` };
}

/** Removes every Redis key of a test queue. */
async function dropQueue(name: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`bull:${name}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describe("ingest workers on BullMQ (real Redis and PostgreSQL)", () => {
  test("three workers, one killed with SIGKILL mid-run, store what one process stores: nothing lost, nothing twice", {
    timeout: 300_000,
  }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "sitrep-workers-"));
    const queue = `sitrep-test-${randomBytes(4).toString("hex")}`;
    const single = await freshSchema();
    const shared = await freshSchema();
    const workers: ChildProcess[] = [];
    try {
      const corpus = join(dir, "corpus.jsonl");
      writeFileSync(corpus, fictionalCorpus(ARTICLES, TOWNS));
      const common = { SITREP_DATA_DIR: join(dir, "data"), SITREP_QUEUE: queue };

      const inProcess = await finish(
        cli(["ingest", corpus, "--json"], { ...common, DATABASE_URL: single.url, REDIS_URL: "" }),
      );
      assert.equal(inProcess.code, 0, inProcess.stderr);

      const env = { ...common, DATABASE_URL: shared.url, REDIS_URL };
      for (let i = 0; i < 3; i++) workers.push(cli(["worker", "--lock-seconds", "2"], env));
      await Promise.all(workers.map((w) => printed(w, /waiting for jobs/)));
      const producer = cli(["ingest", corpus, "--batch-size", "8", "--json"], env);
      // Kill the first worker as soon as it has finished one job: it is then most likely inside the next.
      const victim = workers[0]!;
      await printed(victim, /job r\d+-\w+: read/);
      victim.kill("SIGKILL");
      const produced = await finish(producer);
      assert.equal(produced.code, 0, produced.stderr);
      const summary = JSON.parse(produced.stdout) as {
        read: number;
        new: number;
        duplicate: number;
        failed: number;
      };
      assert.equal(summary.read, ARTICLES);
      assert.equal(summary.failed, 0);
      assert.equal(summary.new + summary.duplicate, ARTICLES, "a retried batch finds its articles stored");

      const [a, b] = [
        await openStore(loadConfig({ DATABASE_URL: single.url })),
        await openStore(loadConfig({ DATABASE_URL: shared.url })),
      ];
      const expected = await snapshot(a);
      const got = await snapshot(b);
      await a.close();
      await b.close();
      assert.equal(got.articles.length, ARTICLES, "every article stored once");
      assert.ok(
        expected.events.some((e) => e.report_count > 1),
        "some incidents are told by several articles",
      );
      assert.ok(
        got.reports.every((r) => r.event !== null),
        "every stored report is fused (no half batch)",
      );
      t.diagnostic(
        `workers: ${summary.new} new, ${summary.duplicate} found stored on retry; ${got.reports.length} reports, ${got.events.length} events`,
      );
      assert.deepEqual(got, expected);
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
      await dropSchema(single.schema);
      await dropSchema(shared.schema);
      await dropQueue(queue);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a job that keeps failing is retried with backoff, then listed in the failures table", {
    timeout: 60_000,
  }, async () => {
    const queue = `sitrep-test-${randomBytes(4).toString("hex")}`;
    const { schema, url } = await freshSchema();
    const config = loadConfig({ DATABASE_URL: url, REDIS_URL, SITREP_QUEUE: queue });
    const store = await openStore(config);
    const producer = new Queue(queue, { connection: { host: "127.0.0.1", port: 6379 } });
    const worker = await runWorker(config, store, { geocode: false, lockMs: 2000 });
    try {
      await worker.ready;
      // Not a batch of items: the service throws on it every time.
      await producer.add(
        "ingest",
        { runId: null, items: null },
        { jobId: "broken-1", attempts: 3, backoff: { type: "exponential", delay: 50 } },
      );
      let failures = await store.failures.list();
      for (let i = 0; i < 100 && failures.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        failures = await store.failures.list();
      }
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.stage, "queue");
      assert.equal(failures[0]?.origin, "queue job broken-1");
      assert.match(failures[0]?.reason ?? "", /failed 3 times/);
      const job = await producer.getJob("broken-1");
      assert.equal(job?.attemptsMade, 3);
      assert.equal(await job?.getState(), "failed");
    } finally {
      await worker.stop();
      await producer.close();
      await store.close();
      await dropSchema(schema);
      await dropQueue(queue);
    }
  });

  test("SIGTERM: the worker stops taking jobs and exits cleanly", { timeout: 60_000 }, async () => {
    const queue = `sitrep-test-${randomBytes(4).toString("hex")}`;
    const { schema, url } = await freshSchema();
    try {
      const worker = cli(["worker", "--no-geocode"], { DATABASE_URL: url, REDIS_URL, SITREP_QUEUE: queue });
      const ended = finish(worker);
      await printed(worker, /waiting for jobs/);
      worker.kill("SIGTERM");
      const done = await ended;
      assert.equal(done.code, 0, `${done.signal} ${done.stderr}`);
      assert.match(done.stderr, /SIGTERM, finishing the running job/);
      assert.match(done.stderr, /stopped/);
    } finally {
      await dropSchema(schema);
      await dropQueue(queue);
    }
  });

  test("with REDIS_URL set, the embedded PGlite store is refused with a clear message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sitrep-workers-"));
    try {
      const run = await finish(
        cli(["ingest", join(dir, "none.jsonl")], { SITREP_DATA_DIR: dir, DATABASE_URL: "", REDIS_URL }),
      );
      assert.equal(run.code, 1);
      assert.match(run.stderr, /REDIS_URL is set but the store is the embedded PGlite/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
