// End to end: `sitrep watch` as a child process against the local fixture server, storing into PGlite.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type FeedServer, startFeedServer } from "./feed-server.js";

const ROOT = new URL("..", import.meta.url).pathname;
const TMP = mkdtempSync(join(tmpdir(), "sitrep-watch-cli-"));
let server: FeedServer;

before(async () => {
  server = await startFeedServer();
});
after(async () => {
  await server.close();
  rmSync(TMP, { recursive: true, force: true });
});

/** Runs the CLI from source in a child process (async, so this process's server keeps answering). */
function sitrep(
  args: readonly string[],
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, SITREP_DATA_DIR: dataDir, DATABASE_URL: "", TZ: "UTC" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("sitrep watch --once stores new items, records a failing feed, and a second run gets 304 and stores nothing", async () => {
  const dataDir = join(TMP, "store");
  const feed = `${server.base}/feed.xml`;
  const broken = `${server.base}/feed-500.xml`;
  const first = await sitrep(["watch", feed, broken, "--once", "--no-geocode", "--timeout", "5s"], dataDir);
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stderr, /watch poll 1: read 4, new 3, duplicate 0, failed 1\b/);

  const failures = await sitrep(["failures", "--json"], dataDir);
  const rows = failures.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { origin: string; reason: string });
  assert.deepEqual(
    rows.map((r) => r.origin),
    [broken],
  );
  assert.match(rows[0]?.reason ?? "", /expected HTTP 200, found 500/);

  const second = await sitrep(["watch", feed, "--once", "--no-geocode"], dataDir);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /watch poll 1: read 0, new 0\b/);
  const feedHits = server.hits("/feed.xml");
  assert.equal(feedHits.at(-1)?.status, 304);
  assert.equal(feedHits.at(-1)?.headers["if-none-match"], '"v1"');
  assert.equal(server.hits("/pages/depot.html").length, 1, "the page was fetched once in all");
});

test("sitrep watch records a page that fails as a failure, retries it on a later poll, stores it and resolves the failure", async () => {
  const dataDir = join(TMP, "retry");
  const feed = `${server.base}/later.xml`;
  const page = `${server.base}/pages/later.html`;
  const args = [
    "watch",
    feed,
    "--once",
    "--no-geocode",
    "--every",
    "1s",
    "--retry-base",
    "1ms",
    "--max-attempts",
    "3",
  ];
  const failuresOf = async (all: boolean) =>
    (await sitrep(["failures", "--json", ...(all ? ["--all"] : [])], dataDir)).stdout
      .trim()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { origin: string; stage: string; reason: string; resolved: boolean });

  server.outage("/pages/later.html", 1);
  const first = await sitrep(args, dataDir);
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stderr, /watch poll 1: read 1, new 0, duplicate 0, failed 1\b/);
  const open = await failuresOf(false);
  assert.deepEqual(
    open.map((f) => [f.origin, f.stage]),
    [[page, "read"]],
  );
  assert.match(open[0]?.reason ?? "", /expected HTTP 200, found 503/);

  const second = await sitrep(args, dataDir);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /watch poll 1: read 1, new 1, duplicate 0, failed 0\b.*failures resolved 1/);
  assert.deepEqual(await failuresOf(false), []);
  assert.deepEqual(
    (await failuresOf(true)).map((f) => [f.origin, f.resolved]),
    [[page, true]],
  );
  const events = await sitrep(["events", "--text", "drone"], dataDir);
  assert.match(events.stdout, /Air\/drone strike/, "the page's text (the teaser names no drone)");
  assert.equal(server.hits("/pages/later.html").length, 2, "one failed request, one that answered");
});

test("sitrep watch --dry-run prints items as JSON lines and saves no state", async () => {
  const dataDir = join(TMP, "dry");
  const atom = `${server.base}/atom.xml`;
  const before = server.hits("/atom.xml").length;
  for (let i = 0; i < 2; i++) {
    const run = await sitrep(["watch", atom, "--once", "--dry-run", "--quiet"], dataDir);
    assert.equal(run.code, 0, run.stderr);
    const items = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { origin: string; article?: { title: string } });
    assert.deepEqual(
      items.map((i) => [i.origin, i.article?.title]),
      [[`${atom}#item1`, "Clashes reported in Orrin"]],
    );
  }
  assert.deepEqual(
    server
      .hits("/atom.xml")
      .slice(before)
      .map((h) => h.status),
    [200, 200],
    "no validators were kept",
  );
});

test("sitrep watch refuses a non-http address, a bad --every, --max-attempts or --retry-base", async () => {
  const dataDir = join(TMP, "bad");
  const notUrl = await sitrep(["watch", "feeds/local.xml", "--once"], dataDir);
  assert.notEqual(notUrl.code, 0);
  assert.match(notUrl.stderr, /watch: expected an http\(s\) feed address, found "feeds\/local\.xml"/);
  const badAttempts = await sitrep(["watch", `${server.base}/feed.xml`, "--max-attempts", "0"], dataDir);
  assert.notEqual(badAttempts.code, 0);
  assert.match(badAttempts.stderr, /--max-attempts: expected a positive whole number, found "0"/);
  const badRetry = await sitrep(["watch", `${server.base}/feed.xml`, "--retry-base", "later"], dataDir);
  assert.notEqual(badRetry.code, 0);
  assert.match(
    badRetry.stderr,
    /--retry-base: expected a duration of at least 1 ms such as 30s, 10m or 1h, found "later"/,
  );
  const badEvery = await sitrep(["watch", `${server.base}/feed.xml`, "--every", "soon"], dataDir);
  assert.notEqual(badEvery.code, 0);
  assert.match(
    badEvery.stderr,
    /--every: expected a duration of at least 1 s such as 30s, 10m or 1h, found "soon"/,
  );
});
