import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { testArticle } from "../../../test/support/article.js";
import type { InputItem } from "../../sources/files.js";
import { pickArticle } from "./explain.js";

const run = promisify(execFile);
const ROOT = new URL("../../../", import.meta.url).pathname;

async function* items(...list: InputItem[]): AsyncGenerator<InputItem> {
  yield* list;
}

const item = (id: string): InputItem => ({
  origin: `in.jsonl:${id}`,
  article: { ...testArticle("A fictional line of text."), id },
  warnings: [],
});

test("pickArticle: the article with --id, else the only one; several without --id or none is an error saying so", async () => {
  assert.equal((await pickArticle(items(item("a"), item("b")), "in.jsonl", "b")).article.id, "b");
  assert.equal((await pickArticle(items(item("only")), "page.html", undefined)).article.id, "only");
  await assert.rejects(
    pickArticle(items(item("a"), item("b"), item("c"), item("d"), item("e")), "in.jsonl", undefined),
    /in\.jsonl: expected one article, found several \(a, b, c, \.\.\.\); pick one with --id/,
  );
  await assert.rejects(
    pickArticle(
      items(item("a"), { origin: "in.jsonl:2", error: "in.jsonl:2: expected JSON" }),
      "in.jsonl",
      "z",
    ),
    /in\.jsonl: expected an article with id "z", found none; in\.jsonl:2: expected JSON/,
  );
  await assert.rejects(
    pickArticle(
      items({ origin: "p.html", error: "p.html: expected article text, found none" }),
      "p.html",
      undefined,
    ),
    /p\.html: expected an article, found none; p\.html: expected article text, found none/,
  );
});

// A fictional page written for this test.
const PAGE = `<!doctype html><html><head><title>Shelling hits Varnok market</title>
<meta property="og:site_name" content="Fictional Daily">
<meta property="article:published_time" content="2031-05-06T08:00:00Z"></head>
<body><article><h1>Shelling hits Varnok market</h1>
<p>Artillery shells struck the covered market in Varnok on Monday morning, killing four traders and wounding
eleven shoppers, the town's hospital director said.</p>
<p>Stalls selling bread and fuel were destroyed, and residents said the shelling came from positions east of the
river. Nobody has said who fired.</p></article></body></html>`;

test("sitrep explain reads an HTML page as ingest does and traces it, as text and as JSON", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-explain-"));
  try {
    const page = join(dir, "varnok.html");
    writeFileSync(page, PAGE);
    const env = { ...process.env, SITREP_DATA_DIR: dir, DATABASE_URL: "", TZ: "UTC" };
    const cli = (args: string[]) =>
      run(process.execPath, ["--import", "tsx", "test/support/cli.ts", "explain", ...args], {
        cwd: ROOT,
        env,
      });

    const text = await cli([page, "--no-geocode"]);
    assert.match(text.stdout, /^article [0-9a-f]+: title=Shelling hits Varnok market .*published=2031-05-06/);
    assert.match(text.stdout, /== nlp\/casualties \(\d+\)\n {2}\[\d+-\d+\] "killing four traders"/);

    const json = JSON.parse((await cli([page, "--no-geocode", "--json"])).stdout) as {
      article: { title: string };
      result: { events: { sub_event_type: string; fatalities: { low: number; high: number } | null }[] };
    };
    assert.equal(json.article.title, "Shelling hits Varnok market");
    assert.equal(json.result.events[0]?.sub_event_type, "Shelling/artillery/missile attack");
    assert.deepEqual(
      [json.result.events[0]?.fatalities?.low, json.result.events[0]?.fatalities?.high],
      [4, 4],
    );

    const jsonl = join(dir, "two.jsonl");
    const line = (id: string) =>
      JSON.stringify({
        id,
        title: "Clash",
        text: "Two soldiers died in a clash near Varnok on Monday.",
        published: "2031-05-06",
      });
    writeFileSync(jsonl, `${line("first")}\n${line("second")}\n`);
    assert.match((await cli([jsonl, "--id", "second", "--no-geocode"])).stdout, /^article second:/);
    await assert.rejects(cli([jsonl, "--no-geocode"]), /found several \(first, second\); pick one with --id/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
