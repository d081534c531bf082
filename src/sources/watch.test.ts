import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type FeedServer, LAST_MODIFIED, startFeedServer } from "../../test/feed-server.js";
import type { InputItem } from "./files.js";
import { fetchText } from "./http.js";
import { loadWatchState, type WatchOptions, watchFeeds } from "./watch.js";

const TMP = mkdtempSync(join(tmpdir(), "sitrep-watch-"));
let server: FeedServer;
let base = "";
const hits = (path: string) => server.hits(path);

before(async () => {
  server = await startFeedServer();
  base = server.base;
});

after(async () => {
  await server.close();
  rmSync(TMP, { recursive: true, force: true });
});

async function collect(urls: readonly string[], options: Partial<WatchOptions>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of watchFeeds(urls, { everyMs: 1, timeoutMs: 400, ...options })) out.push(item);
  return out;
}

test("first poll: feed text and fetched pages become articles; a restarted watcher gets 304 and fetches nothing again", async () => {
  const statePath = join(TMP, "state-1.json");
  const first = await collect([`${base}/feed.xml`], { once: true, statePath });
  assert.deepEqual(
    first.map((i) => ("article" in i ? `${i.origin} ${i.article.title}` : `error ${i.error}`)),
    [
      `${base}/feed.xml#item1 Shelling reported near the invented town of Brask`,
      `${base}/pages/depot.html Drone strike hits fuel depot near Port Velan`,
      `${base}/pages/moved Clashes reported in the hill village of Orrin`,
    ],
  );
  const [fromFeed, depot, moved] = first;
  assert.ok(fromFeed && "article" in fromFeed && depot && "article" in depot && moved && "article" in moved);
  assert.equal(fromFeed.article.outlet, "The Velan Courier");
  assert.equal(fromFeed.article.published, "2031-03-11T07:45:00+02:00");
  assert.match(depot.article.text, /^A drone struck a fuel depot/);
  assert.ok(!depot.article.text.includes("READ MORE"));
  assert.equal(
    depot.article.url,
    `${base}/news/2031/03/port-velan-depot`,
    "the canonical link, resolved against the page",
  );
  assert.equal(moved.article.outlet, "Hill Country Dispatch");
  assert.equal(hits("/pages/orrin.html").length, 1, "the redirect was followed");
  assert.match(String(hits("/pages/depot.html")[0]?.headers["user-agent"]), /^Sitrep\//);

  const saved = await loadWatchState(statePath);
  assert.equal(saved.feeds[`${base}/feed.xml`]?.etag, '"v1"');
  assert.equal(saved.feeds[`${base}/feed.xml`]?.seen.length, 3);

  const second = await collect([`${base}/feed.xml`], { once: true, statePath });
  assert.deepEqual(second, []);
  const feedHits = hits("/feed.xml");
  assert.equal(feedHits.length, 2);
  assert.equal(feedHits[1]?.headers["if-none-match"], '"v1"');
  assert.equal(feedHits[1]?.status, 304);
  assert.equal(hits("/pages/depot.html").length, 1, "pages are not fetched again");
});

test("Last-Modified: the second round in one watcher sends If-Modified-Since and gets 304", async () => {
  const items = await collect([`${base}/atom.xml`], { rounds: 2 });
  assert.equal(items.length, 1);
  const atomHits = hits("/atom.xml");
  assert.deepEqual(
    atomHits.map((h) => [h.headers["if-modified-since"] ?? null, h.status]),
    [
      [null, 200],
      [LAST_MODIFIED, 304],
    ],
  );
});

test("a 500 feed, a non-XML feed, a 500 page, a timeout and a PDF are error items; the other feeds go on", async () => {
  const items = await collect(
    [`${base}/feed-500.xml`, `${base}/not-xml`, `${base}/trouble.xml`, `${base}/atom.xml`],
    {
      once: true,
      concurrency: 2,
    },
  );
  const lines = items.map((i) => ("error" in i ? i.error : `ok ${i.origin}`));
  assert.deepEqual(lines.length, 6);
  assert.equal(lines[0], `${base}/feed-500.xml: expected HTTP 200, found 500 Internal Server Error`);
  assert.match(
    lines[1] ?? "",
    new RegExp(`^${base}/not-xml: expected an RSS or Atom feed \\(XML\\), found text`),
  );
  assert.equal(lines[2], `${base}/pages/broken: expected HTTP 200, found 500 Internal Server Error`);
  assert.equal(lines[3], `${base}/pages/slow: expected a response, found no complete response within 400 ms`);
  assert.equal(
    lines[4],
    `${base}/pages/report.pdf: expected an HTML page, found content type application/pdf`,
  );
  assert.equal(lines[5], `ok ${base}/atom.xml#item1`);
});

test("failed pages are retried on later polls, then given up; the feed then answers 304", async () => {
  const before = hits("/trouble.xml").length;
  const items = await collect([`${base}/trouble.xml`], { rounds: 4, maxAttempts: 3 });
  assert.equal(items.length, 9, "three failing pages, three attempts each");
  const polls = hits("/trouble.xml").slice(before);
  assert.deepEqual(
    polls.map((h) => h.status),
    [200, 200, 200, 304],
  );
  assert.equal(polls[3]?.headers["if-none-match"], '"t1"');
});

test("a teaser item whose page fails falls back to the feed's summary, with a warning", async () => {
  const items = await collect([`${base}/summary.xml`], { once: true });
  assert.equal(items.length, 1);
  const [item] = items;
  assert.ok(item && "article" in item);
  assert.equal(item.origin, `${base}/summary.xml#item1`);
  assert.equal(
    item.article.text,
    "Officials in the imaginary town of Esk closed the river bridge after a lorry struck it.",
  );
  assert.equal(item.article.outlet, "Teaser Times (fictional)");
  assert.match(
    item.warnings[0] ?? "",
    /pages\/broken: expected HTTP 200, found 500 Internal Server Error; used the feed's summary$/,
  );
});

test("a web page given as a feed is an error naming the feed it advertises", async () => {
  const items = await collect([`${base}/home`], { once: true });
  assert.equal(items.length, 1);
  const [item] = items;
  assert.ok(item && "error" in item);
  assert.match(
    item.error,
    new RegExp(
      `^${base}/home: expected an RSS 2\\.0 or Atom feed, found .*; the page advertises the feed\\(s\\) ${base}/feed\\.xml$`,
    ),
  );
});

test("fetchText caps the body size and refuses non-http addresses", async () => {
  const big = await fetchText(`${base}/big`, { maxBytes: 1000 });
  assert.deepEqual(
    big.ok ? null : big.error,
    `${base}/big: expected a response of at most 1000 bytes, found 5000 or more`,
  );
  const file = await fetchText("file:///etc/passwd");
  assert.equal(file.ok, false);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
  await new Promise((resolve) => closed.close(resolve));
  const refused = await fetchText(dead, { timeoutMs: 2000 });
  assert.equal(
    refused.ok ? "" : refused.error,
    `${dead}: expected a response, found a network error (ECONNREFUSED)`,
  );
});
