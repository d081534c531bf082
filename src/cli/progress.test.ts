import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { test } from "node:test";
import { cli, fictionalCorpus, finish } from "../../test/support/ingest-run.js";
import { countFileLines, countInputs, countLines } from "../sources/files.js";
import { createProgress, formatDuration, progressStatus } from "./progress.js";

test("progressStatus: count of total, share, rate and time left once the total is known; count and rate before", () => {
  assert.equal(progressStatus(1200, 5000, 10), "1200/5000 (24%), 120.0/s, ETA 32s");
  assert.equal(progressStatus(1200, null, 10), "1200, 120.0/s");
  assert.equal(progressStatus(0, 5000, 0), "0/5000 (0%), 0.0/s", "no rate yet: no ETA");
  assert.equal(
    progressStatus(60, 50, 6),
    "60/60 (100%), 10.0/s, ETA 0s",
    "a count past an estimated total raises it",
  );
  assert.deepEqual(
    [formatDuration(42.4), formatDuration(187), formatDuration(7500)],
    ["42s", "3m07s", "2h05m"],
  );
});

test("createProgress off a terminal: periodic lines carry count/total, rate and ETA once setTotal is called", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  const progress = createProgress("ingest", 0, sink);
  progress.update(3, "new 3");
  progress.setTotal(12);
  progress.update(6, "new 6");
  progress.done("ingest: done");
  assert.match(lines[0]!, /^ingest: 3, [\d.]+\/s \| new 3\n$/);
  assert.match(lines[1]!, /^ingest: 6\/12 \(50%\), [\d.]+\/s, ETA \d+(s|m\d\ds) \| new 6\n$/);
  assert.equal(lines[2], "ingest: done\n");
});

test("countLines and countInputs count what readInputs will read without parsing it", async () => {
  assert.equal(await countLines(["{}\n\n  \n{}\r\n", "{}"]), 3, "blank lines are not items");
  const dir = mkdtempSync(join(tmpdir(), "sitrep-count-"));
  try {
    writeFileSync(join(dir, "a.jsonl"), fictionalCorpus(7));
    writeFileSync(join(dir, "page.html"), "<!doctype html><html><body><p>One page.</p></body></html>");
    writeFileSync(join(dir, "note.txt"), "One dispatch.\n\nIts second paragraph.\n");
    writeFileSync(
      join(dir, "feed.xml"),
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${"<item><title>x</title></item>".repeat(4)}</channel></rss>`,
    );
    writeFileSync(join(dir, "two.json"), JSON.stringify([{ text: "a" }, { text: "b" }]));
    assert.equal(await countInputs([dir]), 7 + 1 + 1 + 4 + 2);
    assert.equal(await countInputs([dir, join(dir, "a.jsonl")]), 15, "a file named twice is read once");
    assert.equal(await countInputs([join(dir, "missing.jsonl")]), 1, "an unreadable input is one error item");
    assert.equal(await countInputs(["-"]), null, "stdin: unknown until read");
    // A named pipe is not read to count it (that would consume what ingest must read): it counts as one.
    const fifo = join(dir, "pipe.jsonl");
    if (spawnSync("mkfifo", [fifo]).status === 0) {
      assert.equal(await countInputs([fifo]), 1);
      assert.equal(await countFileLines(fifo), null);
    }
    assert.equal(await countFileLines(join(dir, "a.jsonl")), 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sitrep ingest prints count/total with rate and ETA in its progress lines; extract still runs after counting", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-progress-"));
  try {
    const corpus = join(dir, "corpus.jsonl");
    writeFileSync(corpus, fictionalCorpus(40));
    const env = { SITREP_DATA_DIR: join(dir, "data"), DATABASE_URL: "" };
    const ingest = await finish(
      cli(["ingest", corpus, "--no-geocode", "--batch-size", "5", "--progress-every", "0"], env),
    );
    assert.equal(ingest.code, 0, ingest.stderr);
    assert.match(ingest.stderr, /^ingest: \d+\/40 \(\d+%\), [\d.]+\/s, ETA \d+\S* \| read \d+, new \d+/m);
    const extract = await finish(cli(["extract", corpus, "--no-geocode", "-o", join(dir, "out.jsonl")], env));
    assert.equal(extract.code, 0, extract.stderr);
    assert.match(extract.stderr, /extract: 40 articles, \d+ events, 0 failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
