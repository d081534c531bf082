import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage } from "../errors.js";
import { type FeedItem, feedEntry, parseFeed } from "../ingest/feed.js";
import { DEFAULT_JUNK, discoverFeedLinks, type JunkPatterns, parseHtmlPage } from "../ingest/html.js";
import { parsePlainText } from "../ingest/text.js";
import type { InputItem } from "./files.js";
import {
  createLimiter,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type FetchedPage,
  fetchText,
} from "./http.js";

/** What the watcher remembers about one feed: its validators, the items already delivered, and retry counts. */
export interface FeedState {
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Keys (guid / link) of items already delivered, oldest first, capped. */
  readonly seen: readonly string[];
  /** Failed attempts per item key (a page that would not load), until the item is given up. */
  readonly attempts: Readonly<Record<string, number>>;
}

/** The watcher's memory across polls and restarts (saved as JSON when a state file is given). */
export interface WatchState {
  readonly version: 1;
  readonly feeds: Readonly<Record<string, FeedState>>;
}

/** One thing that happened during a poll, for logs. */
export type WatchEvent =
  | { readonly kind: "not-modified"; readonly url: string }
  | { readonly kind: "fetched"; readonly url: string; readonly items: number; readonly fresh: number }
  | { readonly kind: "failed"; readonly url: string; readonly error: string }
  | { readonly kind: "sleeping"; readonly ms: number };

/** Options for watchFeeds. */
export interface WatchOptions {
  /** Pause between polls of the whole list, in milliseconds. */
  readonly everyMs: number;
  /** Most HTTP requests in flight at once, feeds and pages together (default 4). */
  readonly concurrency?: number;
  /** Poll once and stop. */
  readonly once?: boolean;
  /** Stop after this many polls (default: forever, or 1 with `once`). */
  readonly rounds?: number;
  /** JSON file keeping validators and seen items across restarts (e.g. `<dataDir>/watch-state.json`). */
  readonly statePath?: string | null;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly userAgent?: string;
  /** Failed page loads of one item before it is given up (default 3). */
  readonly maxAttempts?: number;
  /** Item keys remembered per feed (default 5000). */
  readonly maxSeen?: number;
  readonly junk?: JunkPatterns;
  /** Stops the watcher (between requests and during the pause). */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: WatchEvent) => void;
}

const EMPTY_FEED: FeedState = { etag: null, lastModified: null, seen: [], attempts: {} };

/** Reads a saved watch state; a missing or unreadable file is an empty state (the watcher then fetches everything once). */
export async function loadWatchState(path: string | null | undefined): Promise<WatchState> {
  if (!path) return { version: 1, feeds: {} };
  try {
    const raw = JSON.parse(await readFile(path, "utf8")) as Partial<WatchState>;
    if (raw.version === 1 && typeof raw.feeds === "object" && raw.feeds !== null)
      return { version: 1, feeds: raw.feeds };
  } catch {
    // first run, or a damaged file: start afresh
  }
  return { version: 1, feeds: {} };
}

/** Saves a watch state atomically (write to a temporary file, then rename). */
export async function saveWatchState(path: string, state: WatchState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state)}\n`);
  await rename(tmp, path);
}

type Outcome = { item: InputItem; key: string; settled: boolean };

/** Article item or error item from a parse. */
function toItem(
  origin: string,
  parse: ReturnType<typeof parseHtmlPage>,
  extraWarnings: readonly string[] = [],
): InputItem {
  return parse.ok
    ? { origin, article: parse.article, warnings: [...extraWarnings, ...parse.warnings] }
    : { origin, error: parse.error };
}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;
const TEXT_TYPES = /^text\/plain\b/i;

/** Turns a fetched page into an Article, using the feed item for what the page lacks. */
function pageArticle(
  page: FetchedPage,
  item: FeedItem,
  outlet: string | null,
  junk: JunkPatterns,
): ReturnType<typeof parseHtmlPage> {
  const type = page.contentType ?? "text/html";
  const fallback = { url: page.url, outlet, published: item.published, title: item.title };
  if (HTML_TYPES.test(type)) return parseHtmlPage(page.body, { where: page.url, ...fallback, junk });
  if (TEXT_TYPES.test(type)) return parsePlainText(page.body, { where: page.url, ...fallback });
  return { ok: false, error: `${page.url}: expected an HTML page, found content type ${type}`, id: null };
}

/**
 * Polls RSS/Atom feeds over HTTP and yields an item for every new feed entry: conditional GET (ETag /
 * Last-Modified) so an unchanged feed costs a 304; entries with full text come from the feed, the others
 * from their linked page (fetched with limited concurrency, a time limit and a size cap). Network and
 * parse problems are error items; the watcher goes on. A feed's state (validators, delivered keys) is
 * committed only after its items have been taken, so a crash re-delivers rather than loses (at least once;
 * the store is idempotent). A page that fails is retried on later polls up to `maxAttempts`.
 */
export async function* watchFeeds(urls: readonly string[], options: WatchOptions): AsyncGenerator<InputItem> {
  const limit = createLimiter(options.concurrency ?? 4);
  const junk = options.junk ?? DEFAULT_JUNK;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxSeen = options.maxSeen ?? 5000;
  const rounds = options.rounds ?? (options.once ? 1 : Number.POSITIVE_INFINITY);
  const emit = options.onEvent ?? (() => undefined);
  const http = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const feeds: Record<string, FeedState> = { ...(await loadWatchState(options.statePath)).feeds };
  const unique = [...new Set(urls)];

  const pollFeed = async (url: string): Promise<{ outcomes: Outcome[]; next: FeedState | null }> => {
    const state = feeds[url] ?? EMPTY_FEED;
    const headers: Record<string, string> = {};
    if (state.etag) headers["if-none-match"] = state.etag;
    if (state.lastModified) headers["if-modified-since"] = state.lastModified;
    const response = await limit(() => fetchText(url, { ...http, headers }));
    if (!response.ok) {
      emit({ kind: "failed", url, error: response.error });
      return {
        outcomes: [{ item: { origin: url, error: response.error }, key: "", settled: false }],
        next: null,
      };
    }
    if ("notModified" in response) {
      emit({ kind: "not-modified", url });
      return { outcomes: [], next: null };
    }
    const parse = parseFeed(response.body, { where: url, url: response.url, junk });
    if (!parse.ok) {
      // A web page instead of a feed: name the feeds it advertises, if any.
      const feedsOfPage = HTML_TYPES.test(response.contentType ?? "")
        ? discoverFeedLinks(response.body, response.url)
        : [];
      const error =
        feedsOfPage.length > 0
          ? `${parse.error}; the page advertises the feed(s) ${feedsOfPage.join(", ")}`
          : parse.error;
      emit({ kind: "failed", url, error });
      return { outcomes: [{ item: { origin: url, error }, key: "", settled: false }], next: null };
    }
    const seen = new Set(state.seen);
    const fresh = parse.feed.items.filter((item) => !seen.has(item.key));
    emit({ kind: "fetched", url, items: parse.feed.items.length, fresh: fresh.length });
    const outcomes = await Promise.all(
      fresh.map(async (item): Promise<Outcome> => {
        const entry = feedEntry(item, parse.feed);
        if (entry.kind === "error")
          return { item: { origin: entry.origin, error: entry.error }, key: item.key, settled: true };
        if (entry.kind === "article" && item.textKind === "full") {
          return {
            item: toItem(entry.origin, entry.article, parse.feed.warnings),
            key: item.key,
            settled: true,
          };
        }
        if (item.url === null) {
          // only a summary and no page to read: the summary is all there is
          return entry.kind === "article"
            ? { item: toItem(entry.origin, entry.article), key: item.key, settled: true }
            : {
                item: { origin: entry.origin, error: `${entry.origin}: expected text or a link` },
                key: item.key,
                settled: true,
              };
        }
        const pageUrl = item.url;
        const page = await limit(() => fetchText(pageUrl, http));
        if (page.ok && "body" in page) {
          const parsed = pageArticle(page, item, parse.feed.title, junk);
          if (parsed.ok || entry.kind !== "article")
            return { item: toItem(pageUrl, parsed), key: item.key, settled: parsed.ok };
          const note = `${pageUrl}: page gave no article (${parsed.error}); used the feed's summary`;
          return { item: toItem(entry.origin, entry.article, [note]), key: item.key, settled: true };
        }
        const error = page.ok
          ? `${pageUrl}: expected a page, found 304 Not Modified without a request validator`
          : page.error;
        if (entry.kind === "article") {
          const note = `${error}; used the feed's summary`;
          return { item: toItem(entry.origin, entry.article, [note]), key: item.key, settled: true };
        }
        return { item: { origin: pageUrl, error }, key: item.key, settled: false };
      }),
    );
    const attempts: Record<string, number> = {};
    const delivered: string[] = [];
    let allSettled = true;
    for (const outcome of outcomes) {
      const tries = (state.attempts[outcome.key] ?? 0) + 1;
      if (outcome.settled || tries >= maxAttempts) delivered.push(outcome.key);
      else {
        attempts[outcome.key] = tries;
        allSettled = false;
      }
    }
    const next: FeedState = {
      // Keep the old validators while an item waits for a retry, so the next poll reads the feed again.
      etag: allSettled ? response.etag : state.etag,
      lastModified: allSettled ? response.lastModified : state.lastModified,
      seen: [...state.seen, ...delivered].slice(-maxSeen),
      attempts,
    };
    return { outcomes, next };
  };

  for (let round = 0; round < rounds; round++) {
    if (options.signal?.aborted) return;
    // Feeds are polled concurrently (within the limit) and delivered in the order given.
    const polls = unique.map((url) =>
      pollFeed(url).catch((error: unknown) => ({
        outcomes: [
          {
            item: { origin: url, error: `${url}: watcher failed (${errorMessage(error)})` },
            key: "",
            settled: false,
          },
        ],
        next: null,
      })),
    );
    for (const [i, poll] of polls.entries()) {
      const { outcomes, next } = await poll;
      for (const outcome of outcomes) yield outcome.item;
      if (next !== null) {
        feeds[unique[i]!] = next;
        if (options.statePath) await saveWatchState(options.statePath, { version: 1, feeds });
      }
    }
    if (round + 1 >= rounds) return;
    emit({ kind: "sleeping", ms: options.everyMs });
    try {
      await sleep(options.everyMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return; // aborted while sleeping
    }
  }
}
