import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage } from "../errors.js";
import { type FeedEntry, type FeedItem, feedEntry, parseFeed } from "../ingest/feed.js";
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

/** What the watcher remembers about one feed: its validators, the items already delivered, and retry state. */
export interface FeedState {
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Keys (guid / link) of items already delivered, oldest first, capped. */
  readonly seen: readonly string[];
  /** Failed page loads per item key, until the page answers or the item is given up. */
  readonly attempts: Readonly<Record<string, number>>;
  /** Per item key waiting for a retry: the earliest time (epoch ms) its page is requested again. */
  readonly retryAt: Readonly<Record<string, number>>;
}

/** What the watcher remembers between polls and across restarts (written as JSON when a state file is given). */
export interface WatchState {
  readonly version: 1;
  readonly feeds: Readonly<Record<string, FeedState>>;
}

/** One thing that happened during a poll, for logs. */
export type WatchEvent =
  | { readonly kind: "not-modified"; readonly url: string }
  | {
      readonly kind: "fetched";
      readonly url: string;
      readonly items: number;
      readonly fresh: number;
      /** New items skipped this poll: their page waits for its retry time. */
      readonly waiting: number;
    }
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
  /** Failed page loads of one item before it is given up (default 5). */
  readonly maxAttempts?: number;
  /** Wait before the first retry of a failed page, doubled at each further failure (default `everyMs`). */
  readonly retryBaseMs?: number;
  /** Longest wait between two retries of a page (default 6 hours). */
  readonly retryMaxMs?: number;
  /** The clock (epoch ms) that retry times are read against (default Date.now). */
  readonly now?: () => number;
  /** Item keys remembered per feed (default 5000). */
  readonly maxSeen?: number;
  readonly junk?: JunkPatterns;
  /** Stops the watcher (between requests and during the pause). */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: WatchEvent) => void;
}

const EMPTY_FEED: FeedState = { etag: null, lastModified: null, seen: [], attempts: {}, retryAt: {} };

/** Default longest wait between two retries of a page: 6 hours. */
export const DEFAULT_RETRY_MAX_MS = 6 * 3_600_000;

/** Wait before the next request of a page that has failed `attempts` times: base × 2^(attempts−1), capped at max. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** A saved feed state with the fields older state files lack filled in (no retry times: retry at once). */
function feedStateOf(raw: Partial<FeedState>): FeedState {
  return {
    etag: raw.etag ?? null,
    lastModified: raw.lastModified ?? null,
    seen: raw.seen ?? [],
    attempts: raw.attempts ?? {},
    retryAt: raw.retryAt ?? {},
  };
}

/** Reads a saved watch state; a missing or unreadable file is an empty state (the watcher then fetches everything once). */
export async function loadWatchState(path: string | null | undefined): Promise<WatchState> {
  if (!path) return { version: 1, feeds: {} };
  try {
    const raw = JSON.parse(await readFile(path, "utf8")) as Partial<WatchState>;
    if (raw.version === 1 && typeof raw.feeds === "object" && raw.feeds !== null) {
      const feeds = Object.entries(raw.feeds as Record<string, Partial<FeedState>>);
      return { version: 1, feeds: Object.fromEntries(feeds.map(([url, f]) => [url, feedStateOf(f)])) };
    }
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

/**
 * What became of one feed item in a poll: the item to deliver (none while it waits for its retry time) and,
 * when its page is to be requested again, the failed loads so far and the earliest time of the next one.
 */
interface Outcome {
  readonly key: string;
  readonly item: InputItem | null;
  readonly retry: { readonly attempts: number; readonly at: number } | null;
}

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
 * What is kept of an item whose page failed `attempts` times: the feed's summary with a warning (stored under the
 * page's address, so the failure recorded for the page is resolved), else the last error.
 */
function givenUp(pageUrl: string, entry: FeedEntry, error: string, attempts: number): InputItem {
  if (entry.kind === "article") {
    const note = `page failed ${attempts} times (last: ${error}); used the feed's summary`;
    return toItem(pageUrl, entry.article, [note]);
  }
  return { origin: pageUrl, error: `${error} (gave up after ${attempts} attempts)` };
}

/**
 * Polls RSS/Atom feeds over HTTP and yields an item for every new feed entry: conditional GET (ETag /
 * Last-Modified) so an unchanged feed costs a 304; entries with full text come from the feed, the others
 * from their linked page (fetched with limited concurrency, a time limit and a size cap). Network and
 * parse problems are error items; the watcher goes on. A feed's state (validators, delivered keys) is
 * committed only after its items have been taken, so a crash re-delivers rather than loses (at least once;
 * the store is idempotent). A page that fails (HTTP error, timeout, not a page, no article) is an error item
 * under the page's address and is not marked seen: it is requested again on a later poll, once its retry time
 * (exponential backoff from `retryBaseMs`, capped at `retryMaxMs`) has come, and its article then resolves the
 * failure. After `maxAttempts` failed loads it is given up: the feed's summary when there is one, else the error.
 */
export async function* watchFeeds(urls: readonly string[], options: WatchOptions): AsyncGenerator<InputItem> {
  const limit = createLimiter(options.concurrency ?? 4);
  const junk = options.junk ?? DEFAULT_JUNK;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? options.everyMs;
  const retryMaxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
  const now = options.now ?? Date.now;
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

  /** Reads an item's linked page into an Article, or says why it gave none. */
  const loadPage = async (pageUrl: string, item: FeedItem, outlet: string | null) => {
    const page = await limit(() => fetchText(pageUrl, http));
    if (page.ok && "body" in page) return pageArticle(page, item, outlet, junk);
    const error = page.ok
      ? `${pageUrl}: expected a page, found 304 Not Modified without a request validator`
      : page.error;
    return { ok: false as const, error, id: null };
  };

  const pollFeed = async (url: string): Promise<{ outcomes: Outcome[]; next: FeedState | null }> => {
    const state = feeds[url] ?? EMPTY_FEED;
    const headers: Record<string, string> = {};
    if (state.etag) headers["if-none-match"] = state.etag;
    if (state.lastModified) headers["if-modified-since"] = state.lastModified;
    const response = await limit(() => fetchText(url, { ...http, headers }));
    if (!response.ok) {
      emit({ kind: "failed", url, error: response.error });
      return {
        outcomes: [{ item: { origin: url, error: response.error }, key: "", retry: null }],
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
      return { outcomes: [{ item: { origin: url, error }, key: "", retry: null }], next: null };
    }
    const seen = new Set(state.seen);
    const fresh = parse.feed.items.filter((item) => !seen.has(item.key));
    const polledAt = now();
    const waits = (key: string): boolean => (state.retryAt[key] ?? 0) > polledAt;
    const waiting = fresh.filter((item) => waits(item.key)).length;
    emit({ kind: "fetched", url, items: parse.feed.items.length, fresh: fresh.length, waiting });
    const outcomes = await Promise.all(
      fresh.map(async (item): Promise<Outcome> => {
        const key = item.key;
        const entry = feedEntry(item, parse.feed);
        if (entry.kind === "error")
          return { key, item: { origin: entry.origin, error: entry.error }, retry: null };
        if (entry.kind === "article" && item.textKind === "full")
          return { key, item: toItem(entry.origin, entry.article, parse.feed.warnings), retry: null };
        if (item.url === null) {
          // only a summary and no page to read: the summary is all there is
          return entry.kind === "article"
            ? { key, item: toItem(entry.origin, entry.article), retry: null }
            : {
                key,
                item: { origin: entry.origin, error: `${entry.origin}: expected text or a link` },
                retry: null,
              };
        }
        const pageUrl = item.url;
        const failed = state.attempts[key] ?? 0;
        const retryAt = state.retryAt[key] ?? 0;
        if (waits(key)) return { key, item: null, retry: { attempts: failed, at: retryAt } };
        const parsed = await loadPage(pageUrl, item, parse.feed.title);
        if (parsed.ok) return { key, item: toItem(pageUrl, parsed), retry: null };
        const attempts = failed + 1;
        if (attempts >= maxAttempts)
          return { key, item: givenUp(pageUrl, entry, parsed.error, attempts), retry: null };
        const at = polledAt + retryDelay(attempts, retryBaseMs, retryMaxMs);
        return { key, item: { origin: pageUrl, error: parsed.error }, retry: { attempts, at } };
      }),
    );
    const attempts: Record<string, number> = {};
    const retryAt: Record<string, number> = {};
    const delivered: string[] = [];
    for (const { key, retry } of outcomes) {
      if (retry === null) delivered.push(key);
      else {
        attempts[key] = retry.attempts;
        retryAt[key] = retry.at;
      }
    }
    const retrying = Object.keys(attempts).length > 0;
    const next: FeedState = {
      // Keep the old validators while an item waits for a retry, so the next poll reads the feed again.
      etag: retrying ? state.etag : response.etag,
      lastModified: retrying ? state.lastModified : response.lastModified,
      seen: [...state.seen, ...delivered].slice(-maxSeen),
      attempts,
      retryAt,
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
            retry: null,
          },
        ],
        next: null,
      })),
    );
    for (const [i, poll] of polls.entries()) {
      const { outcomes, next } = await poll;
      for (const outcome of outcomes) if (outcome.item !== null) yield outcome.item;
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
