// End to end: `sitrep ingest` killed with SIGKILL mid-run, then re-run, on both backends: the second run
// finishes the rest, nothing is lost or duplicated, and the store equals one clean uninterrupted run.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig } from "../src/config.js";
import { createPipelineContext } from "../src/sources/context.js";
import { readInputs } from "../src/sources/files.js";
import type { Backend } from "../src/store/db.js";
import { ingestItems, pipelineExtractor } from "../src/app/ingest.js";
import { openStore } from "../src/store/store.js";
import { cli, fictionalCorpus, finish, snapshot } from "./support/ingest-run.js";
import { dropSchema, TEST_DATABASE_URL, testSchemaName } from "./support/store.js";

const ARTICLES = 400;

/** Kills the child with SIGKILL once its progress lines report at least `atLeast` new articles. */
function killAfter(child: ChildProcess, atLeast: number): void {
  let buffer = "";
  child.stderr?.on("data", (d) => {
    buffer += String(d);
    const counts = [...buffer.matchAll(/new (\d+)/g)].map((m) => Number(m[1]));
    if (counts.some((c) => c >= atLeast) && child.exitCode === null && !child.killed) child.kill("SIGKILL");
  });
}

const BACKEND_LIST: readonly Backend[] = ["pglite", "postgres"];

for (const backend of BACKEND_LIST) {
  describe(`sitrep ingest killed with SIGKILL on ${backend}`, () => {
    test("the next run finishes the rest with nothing lost or duplicated", { timeout: 300_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), "sitrep-resume-"));
      const schema = backend === "postgres" ? testSchemaName() : null;
      const env: Record<string, string> = { SITREP_DATA_DIR: join(dir, "data"), DATABASE_URL: "" };
      if (schema) {
        env.DATABASE_URL = `${TEST_DATABASE_URL}?options=-c%20search_path%3D${schema}`;
        const created = await openStore(loadConfig({ DATABASE_URL: TEST_DATABASE_URL }), { schema });
        await created.close();
      }
      const open = () => openStore(loadConfig(env));
      try {
        const corpus = join(dir, "corpus.jsonl");
        writeFileSync(corpus, fictionalCorpus(ARTICLES));
        const args = ["ingest", corpus, "--no-geocode", "--progress-every", "0.05", "--json"];

        const first = cli(args, env);
        killAfter(first, 15);
        const killed = await finish(first);
        assert.equal(
          killed.signal,
          "SIGKILL",
          `the first run should have been killed mid-run:\n${killed.stderr}`,
        );

        const store = await open();
        const partial = await snapshot(store);
        await store.close();
        assert.ok(
          partial.articles.length >= 15,
          `expected some stored articles, found ${partial.articles.length}`,
        );
        assert.ok(partial.articles.length < ARTICLES, "expected the kill to land before the end");
        assert.ok(
          partial.reports.every((r) => r.event !== null),
          "every stored report is fused (no half article)",
        );

        const second = await finish(cli(args, env));
        assert.equal(second.code, 0, second.stderr);
        const summary = JSON.parse(second.stdout) as {
          read: number;
          new: number;
          duplicate: number;
          failed: number;
        };
        assert.equal(summary.read, ARTICLES);
        assert.equal(summary.failed, 0);
        assert.equal(summary.duplicate, partial.articles.length);
        assert.equal(summary.new, ARTICLES - partial.articles.length);

        const resumed = await open();
        const after = await snapshot(resumed);
        await resumed.close();
        assert.equal(after.articles.length, ARTICLES);

        // The same corpus ingested once, without interruption, into a fresh store.
        const clean = await openStore(loadConfig({ SITREP_DATA_DIR: join(dir, "clean") }), {
          pgliteDir: "memory://",
        });
        const ctx = await createPipelineContext(loadConfig(env), { geocode: false });
        await ingestItems(clean, readInputs([corpus]), pipelineExtractor(ctx));
        const expected = await snapshot(clean);
        await clean.close();
        assert.ok(expected.reports.length > 0, "the fictional corpus yields reports");
        assert.ok(
          expected.events.some((e) => e.report_count > 1),
          "some incidents are told by several articles and fuse",
        );
        process.stderr.write(
          `# ${backend}: killed after ${partial.articles.length} of ${ARTICLES}; ${expected.reports.length} reports, ${expected.events.length} events\n`,
        );
        assert.deepEqual(after, expected);
      } finally {
        if (schema) await dropSchema(schema);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
