// End to end: `sitrep serve` as a child process over a PGlite store ingested from data/samples.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { cli, finish, printed } from "./support/ingest-run.js";

const ROOT = new URL("..", import.meta.url).pathname;
const TMP = mkdtempSync(join(tmpdir(), "sitrep-serve-"));
after(() => rmSync(TMP, { recursive: true, force: true }));

test("sitrep serve answers /healthz and /api/v1/events over an ingested store and stops on SIGTERM", async () => {
  const env = { SITREP_DATA_DIR: join(TMP, "store"), DATABASE_URL: "", REDIS_URL: "" };
  const ingest = await finish(
    cli(["ingest", join(ROOT, "data/samples/articles.jsonl"), "--no-geocode"], env),
  );
  assert.equal(ingest.code, 0, ingest.stderr);

  const server = cli(["serve", "--port", "0"], env);
  const ended = finish(server);
  let stderr = "";
  server.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  await printed(server, /listening on http:\/\/\S+/);
  const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
  assert.ok(url, stderr);

  assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { ok: true, backend: "pglite" });
  const page = (await (await fetch(`${url}/api/v1/events?limit=1000&count=true`)).json()) as {
    events: { id: string }[];
    next_cursor: string | null;
    count: number;
  };
  assert.ok(page.events.length > 0, "the samples make events");
  assert.equal(page.count, page.events.length);
  assert.equal(page.next_cursor, null);
  const one = await fetch(`${url}/api/v1/events/${page.events[0]!.id}`);
  assert.equal(one.status, 200);

  server.kill("SIGTERM");
  const { code } = await ended;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /stopping/);
});

test("sitrep serve refuses a port that is not one", async () => {
  const run = await finish(
    cli(["serve", "--port", "http"], { SITREP_DATA_DIR: join(TMP, "none"), DATABASE_URL: "" }),
  );
  assert.equal(run.code, 1);
  assert.match(run.stderr, /serve: expected --port as an integer from 0 to 65535, found "http"/);
});
