import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type FeedServer, LAST_MODIFIED, startFeedServer } from "../../test/feed-server.js";
import type { InputItem } from "./files.js";
import { fetchText } from "./http.js";
import { type FeedState, loadWatchState, retryDelay, type WatchOptions, watchFeeds } from "./watch.js";

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
  let clock = 0;
  const items = await collect([`${base}/trouble.xml`], {
    rounds: 4,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    now: () => clock,
    onEvent: (event) => {
      if (event.kind === "sleeping") clock += 3_600_000;
    },
  });
  assert.equal(items.length, 9, "three failing pages, three attempts each");
  assert.deepEqual(
    items.slice(6).map((i) => ("error" in i ? i.error.replace(/^.*(\(gave up.*)$/, "$1") : "ok")),
    ["(gave up after 3 attempts)", "(gave up after 3 attempts)", "(gave up after 3 attempts)"],
  );
  const polls = hits("/trouble.xml").slice(before);
  assert.deepEqual(
    polls.map((h) => h.status),
    [200, 200, 200, 304],
  );
  assert.equal(polls[3]?.headers["if-none-match"], '"t1"');
});

const MIN = 60_000;

/** One retry case: a feed with one item linking to `page`, polled once at each of `minutes` with one state file. */
interface RetryCase {
  readonly name: string;
  readonly feed: string;
  readonly page: string;
  /** Requests of the page that answer 503 before it answers. */
  readonly outage: number;
  readonly options: Partial<WatchOptions>;
  /** A state file written before the first poll (an older watcher's). */
  readonly saved?: (base: string) => unknown;
  readonly minutes: readonly number[];
  /** Per poll: the items yielded, then the item's state ("seen", or "<attempts> @<retry minute>m", and ", 1 waiting" when skipped). */
  readonly polls: readonly (readonly string[])[];
  /** Requests of the page over all polls. */
  readonly requests: number;
}

const LATER_503 = "error /pages/later.html: expected HTTP 200, found 503 Service Unavailable";
const LATER_OK = "article /pages/later.html The Velan Courier: A drone struck a fuel depot on";
const BROKEN_500 = "error /pages/broken: expected HTTP 200, found 500 Internal Server Error";

const RETRY_CASES: readonly RetryCase[] = [
  {
    name: "a page failing twice then answering is ingested on the third poll with its page text",
    feed: "/later.xml",
    page: "/pages/later.html",
    outage: 2,
    options: {},
    minutes: [0, 1, 3],
    polls: [
      [LATER_503, "1 @1m"],
      [LATER_503, "2 @3m"],
      [LATER_OK, "seen"],
    ],
    requests: 3,
  },
  {
    name: "an item whose retry time is still to come is skipped: no request, nothing yielded, its state kept",
    feed: "/later.xml",
    page: "/pages/later.html",
    outage: 1,
    options: { retryBaseMs: 10 * MIN },
    minutes: [0, 5, 9, 10],
    polls: [[LATER_503, "1 @10m"], ["1 @10m, 1 waiting"], ["1 @10m, 1 waiting"], [LATER_OK, "seen"]],
    requests: 2,
  },
  {
    name: "the wait doubles from the base and stops at the cap",
    feed: "/later.xml",
    page: "/pages/later.html",
    outage: 100,
    options: { retryMaxMs: 3 * MIN, maxAttempts: 10 },
    minutes: [0, 1, 3, 6, 9],
    polls: [
      [LATER_503, "1 @1m"],
      [LATER_503, "2 @3m"],
      [LATER_503, "3 @6m"],
      [LATER_503, "4 @9m"],
      [LATER_503, "5 @12m"],
    ],
    requests: 5,
  },
  {
    name: "after maxAttempts failed loads the feed's summary is delivered with a warning, and the item is seen",
    feed: "/summary.xml",
    page: "/pages/broken",
    outage: 0,
    options: { maxAttempts: 3 },
    minutes: [0, 1, 3, 7],
    polls: [
      [BROKEN_500, "1 @1m"],
      [BROKEN_500, "2 @3m"],
      [
        "article /pages/broken Teaser Times (fictional): Officials in the imaginary tow" +
          " | page failed 3 times (last: /pages/broken: expected HTTP 200, found 500 Internal Server Error); used the feed's summary",
        "seen",
      ],
      ["seen"],
    ],
    requests: 3,
  },
  {
    name: "an old state file without retry times loads, and its waiting item is requested at once",
    feed: "/later.xml",
    page: "/pages/later.html",
    outage: 1,
    options: { maxAttempts: 3 },
    saved: (base) => ({
      version: 1,
      feeds: {
        [`${base}/later.xml`]: {
          etag: null,
          lastModified: null,
          seen: [],
          attempts: { [`${base}/pages/later.html`]: 1 },
        },
      },
    }),
    minutes: [0, 2],
    polls: [
      [LATER_503, "2 @2m"],
      [LATER_OK, "seen"],
    ],
    requests: 2,
  },
];

/** An item as one line, addresses relative to the server; articles with their outlet, text start and warnings. */
function describeItem(item: InputItem): string {
  const line =
    "error" in item
      ? `error ${item.error}`
      : [
          `article ${item.origin} ${item.article.outlet}: ${item.article.text.slice(0, 30)}`,
          ...item.warnings,
        ].join(" | ");
  return line.replaceAll(base, "");
}

/** The state of a feed's one item: "seen", or its failed loads and retry minute. */
function itemState(feed: FeedState | undefined): string {
  if (feed && feed.seen.length > 0) return "seen";
  const key = Object.keys(feed?.attempts ?? {})[0] ?? "";
  return `${feed?.attempts[key]} @${(feed?.retryAt[key] ?? Number.NaN) / MIN}m`;
}

test("a failed page is retried with backoff and ingested once it answers, or given up after maxAttempts", async () => {
  for (const [i, c] of RETRY_CASES.entries()) {
    const statePath = join(TMP, `retry-${i}.json`);
    if (c.saved) writeFileSync(statePath, JSON.stringify(c.saved(base)));
    server.outage(c.page, c.outage);
    const before = hits(c.page).length;
    const polls: string[][] = [];
    for (const minute of c.minutes) {
      let waiting = 0;
      const items = await collect([`${base}${c.feed}`], {
        once: true,
        statePath,
        now: () => minute * MIN,
        retryBaseMs: MIN,
        onEvent: (event) => {
          if (event.kind === "fetched") waiting = event.waiting;
        },
        ...c.options,
      });
      const saved = await loadWatchState(statePath);
      const state = itemState(saved.feeds[`${base}${c.feed}`]);
      polls.push([...items.map(describeItem), waiting > 0 ? `${state}, ${waiting} waiting` : state]);
    }
    server.outage(c.page, 0);
    assert.deepEqual(polls, c.polls, c.name);
    assert.equal(hits(c.page).length - before, c.requests, c.name);
  }
});

test("retryDelay doubles from the base at each failure and stops at the cap", () => {
  const cases: readonly (readonly [number, number])[] = [
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 5000],
    [9, 5000],
  ];
  for (const [attempts, ms] of cases) assert.equal(retryDelay(attempts, 1000, 5000), ms, String(attempts));
});

test("loadWatchState fills in what an older state file lacks", async () => {
  const statePath = join(TMP, "old-state.json");
  writeFileSync(statePath, JSON.stringify({ version: 1, feeds: { f: { etag: '"e"', seen: ["a"] } } }));
  assert.deepEqual((await loadWatchState(statePath)).feeds.f, {
    etag: '"e"',
    lastModified: null,
    seen: ["a"],
    attempts: {},
    retryAt: {},
  });
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
