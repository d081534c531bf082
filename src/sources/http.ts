import { errorMessage } from "../errors.js";
import { declaredCharset } from "../ingest/detect.js";

/** The User-Agent Sitrep sends: names the tool so that site owners can tell who polls them. */
export const USER_AGENT = "Sitrep/0.1 (conflict-event monitor; polite feed polling)";

/** Options for one HTTP GET. */
export interface FetchOptions {
  /** Whole-request time limit, body included (default 20 s). */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes (default 10 MB); a larger one is an error. */
  readonly maxBytes?: number;
  /** Redirects followed (default 5); http and https only. */
  readonly maxRedirects?: number;
  /** Extra request headers (conditional GET validators). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly userAgent?: string;
  readonly signal?: AbortSignal;
}

/** The outcome of a GET: a body, "not modified" (304), or an error saying what happened where. */
export type FetchResult =
  | {
      readonly ok: true;
      readonly status: number;
      /** The final address after redirects. */
      readonly url: string;
      readonly body: string;
      readonly contentType: string | null;
      readonly etag: string | null;
      readonly lastModified: string | null;
    }
  | { readonly ok: true; readonly status: 304; readonly url: string; readonly notModified: true }
  | { readonly ok: false; readonly url: string; readonly status: number | null; readonly error: string };

/** A successful response with a body. */
export type FetchedPage = Extract<FetchResult, { body: string }>;

/** Default time limit of one request. */
export const DEFAULT_TIMEOUT_MS = 20_000;
/** Default cap on one response body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; size: number }> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, size: declared };
  }
  if (response.body === null) return { ok: true, bytes: new Uint8Array() };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, size };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}

function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const declared = declaredCharset(new TextDecoder("latin1").decode(bytes.subarray(0, 2048)));
  const charset = /charset="?([\w.:-]+)/i.exec(contentType ?? "")?.[1] ?? declared ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/**
 * GETs a URL with a time limit, a size cap, at most a few redirects and Sitrep's User-Agent. Never throws:
 * network errors, timeouts, HTTP errors and oversize bodies come back as `{ ok: false, error }`.
 * A 304 comes back as `{ notModified: true }` (send If-None-Match / If-Modified-Since in `headers`).
 */
export async function fetchText(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      if (target.protocol !== "http:" && target.protocol !== "https:") {
        return {
          ok: false,
          url: current,
          status: null,
          error: `${current}: expected an http(s) address, found ${target.protocol}`,
        };
      }
      const response = await fetch(target, {
        redirect: "manual",
        signal,
        headers: {
          "user-agent": options.userAgent ?? USER_AGENT,
          accept:
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5",
          ...options.headers,
        },
      });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get("location");
        if (location === null || hop >= maxRedirects) {
          const why = location === null ? "no Location header" : `more than ${maxRedirects} redirects`;
          return {
            ok: false,
            url: current,
            status: response.status,
            error: `${current}: expected a response, found ${why}`,
          };
        }
        current = new URL(location, target).href;
        continue;
      }
      if (response.status === 304) return { ok: true, status: 304, url: current, notModified: true };
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const error = `${current}: expected HTTP 200, found ${response.status} ${response.statusText}`.trim();
        return { ok: false, url: current, status: response.status, error };
      }
      const body = await readCapped(response, maxBytes);
      if (!body.ok) {
        const error = `${current}: expected a response of at most ${maxBytes} bytes, found ${body.size} or more`;
        return { ok: false, url: current, status: response.status, error };
      }
      const contentType = response.headers.get("content-type");
      return {
        ok: true,
        status: response.status,
        url: current,
        body: decodeBody(body.bytes, contentType),
        contentType,
        etag: response.headers.get("etag"),
        lastModified: response.headers.get("last-modified"),
      };
    }
  } catch (error) {
    const reason = timeout.aborted
      ? `no complete response within ${timeoutMs} ms`
      : options.signal?.aborted
        ? "the request was cancelled"
        : `a network error (${networkReason(error)})`;
    return {
      ok: false,
      url: current,
      status: null,
      error: `${current}: expected a response, found ${reason}`,
    };
  }
}

function networkReason(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? errorMessage(error);
}

/** Runs async tasks with at most `limit` in flight at once (shared across every caller of the returned function). */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const max = Math.max(1, Math.floor(limit));
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so `active` never exceeds the limit.
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
