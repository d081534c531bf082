// End to end: `sitrep ingest` on bad input (malformed lines, a duplicate id with another text, empty text,
// binary data, a file over 50 MB, HTML with no article, a feed that is not XML): each is a recorded failure
// with a clear reason, the batch goes on, a re-run changes nothing, and --retry-failures picks up a fixed line.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig } from "../src/config.js";
import { openStore } from "../src/store/store.js";

const ROOT = new URL("..", import.meta.url).pathname;

function run(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/support/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, TZ: "UTC" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const GOOD = (id: string, text: string) =>
  JSON.stringify({
    id,
    url: `https://wire.example/${id}`,
    outlet: "Example Wire",
    published: "2030-05-02",
    text,
  });

test("bad input: recorded failures with reasons, the batch goes on, nothing lost or duplicated", {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-bad-"));
  const env = { SITREP_DATA_DIR: join(dir, "data"), DATABASE_URL: "" };
  try {
    const jsonl = join(dir, "mixed.jsonl");
    const lines = [
      GOOD(
        "b-1",
        "Gunmen attacked a checkpoint near Tel Vardan on 1 May 2030, killing three guards, officials said.",
      ),
      '{"id": "b-2", "text": "unterminated',
      "[1, 2, 3]",
      JSON.stringify({ id: "b-3", text: "   " }),
      GOOD("b-1", "A different text that reuses the id b-1 for another story about a protest."),
      GOOD("b-4", "Protesters marched in Port Ember on 1 May 2030 demanding the release of detainees."),
    ];
    writeFileSync(jsonl, `${lines.join("\n")}\n`);
    const binary = join(dir, "blob.txt");
    writeFileSync(
      binary,
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x00]),
    );
    const huge = join(dir, "huge.txt");
    writeFileSync(huge, Buffer.alloc(51 * 1024 * 1024, "word "));
    const feed = join(dir, "broken.rss");
    writeFileSync(feed, "this is not xml at all <rss");

    const first = await run(["ingest", jsonl, binary, huge, feed, "--no-geocode", "--json"], env);
    assert.equal(first.code, 1, "any failed item makes the exit code non-zero");
    const summary = JSON.parse(first.stdout) as {
      read: number;
      new: number;
      duplicate: number;
      failed: number;
    };
    assert.equal(summary.new, 2, first.stderr);
    assert.ok(
      summary.failed >= 7,
      `expected every bad item to fail, found ${summary.failed}:\n${first.stderr}`,
    );
    assert.equal(summary.read, summary.new + summary.duplicate + summary.failed);
    assert.match(first.stderr, /mixed\.jsonl:2: expected a JSON object, found malformed JSON/);
    assert.match(first.stderr, /article id "b-1" is already stored with a different text/);
    assert.match(first.stderr, /mixed\.jsonl:4: expected a non-empty "text"/);

    const listed = await run(["failures", "--json"], env);
    assert.equal(listed.code, 0);
    const failures = listed.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { origin: string; stage: string; reason: string });
    const origins = failures.map((f) => f.origin);
    for (const origin of [`${jsonl}:2`, `${jsonl}:3`, `${jsonl}:4`, `${jsonl}:5`])
      assert.ok(origins.includes(origin), origin);
    assert.ok(
      origins.some((o) => o.startsWith(binary)),
      "binary file recorded",
    );
    assert.ok(
      origins.some((o) => o.startsWith(huge)),
      "huge file recorded",
    );
    assert.ok(
      origins.some((o) => o.startsWith(feed)),
      "broken feed recorded",
    );
    assert.ok(failures.every((f) => f.reason.length > 10));
    const table = await run(["failures"], env);
    assert.match(table.stdout, /stage\s+tries/);

    const again = await run(["ingest", jsonl, binary, huge, feed, "--no-geocode", "--json"], env);
    const second = JSON.parse(again.stdout) as { new: number; duplicate: number; failed: number };
    assert.equal(second.new, 0);
    assert.equal(second.duplicate, 2);
    assert.equal(second.failed, summary.failed);

    let store = await openStore(loadConfig(env));
    const stats = await store.stats();
    await store.close();
    assert.equal(stats.articles, 2);
    assert.equal(stats.openFailures, failures.length, "a re-run adds no failure rows");

    lines[1] = GOOD(
      "b-2",
      "Shelling hit a school in Nova Hollin on 1 May 2030, wounding five children, medics said.",
    );
    writeFileSync(jsonl, `${lines.join("\n")}\n`);
    const retry = await run(["ingest", "--retry-failures", "--no-geocode", "--json"], env);
    const retried = JSON.parse(retry.stdout) as { new: number; resolved: number; read: number };
    assert.equal(retried.new, 1, retry.stderr);
    assert.equal(retried.resolved, 1);
    store = await openStore(loadConfig(env));
    assert.equal((await store.stats()).articles, 3);
    assert.equal(
      (await store.articles.get("b-1"))?.text.startsWith("Gunmen attacked"),
      true,
      "b-1 not overwritten",
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("ingest, failures and migrate print help", async () => {
  for (const command of ["ingest", "failures", "migrate"]) {
    const help = await run([command, "--help"], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, new RegExp(`Usage: sitrep ${command}`));
  }
  const ingestHelp = await run(["ingest", "--help"], {});
  assert.match(ingestHelp.stdout, /--retry-failures/);
  assert.match(ingestHelp.stdout, /--published <date>/);
});
