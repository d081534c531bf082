import { createReadStream } from "node:fs";
import { open, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { errorMessage } from "../errors.js";
import { normalizeArticle, parseArticleLine } from "../ingest/article.js";
import {
  declaredCharset,
  decodeText,
  detectFormat,
  formatFromName,
  type InputFormat,
} from "../ingest/detect.js";
import { feedEntry, parseFeed } from "../ingest/feed.js";
import { DEFAULT_JUNK, type JunkPatterns, parseHtmlPage } from "../ingest/html.js";
import { parsePlainText } from "../ingest/text.js";
import type { Article } from "../model.js";

/**
 * One input read from the world: an Article, or an error saying what went wrong where. `origin` names the
 * source: "path/file.jsonl:17", "page.html", "feed.xml#item3", "stdin:4", "https://…".
 */
export type InputItem = (
  | { readonly origin: string; readonly article: Article; readonly warnings: string[] }
  | { readonly origin: string; readonly error: string; readonly raw?: string }
) & {
  /** The file the item was read from (null or absent: stdin, HTTP), so a failure can be retried from it. */
  readonly file?: string | null;
};

/** Options for readInputs. */
export interface ReadOptions {
  /** Publication date for inputs that state none (a .txt without a Date: line, a feed item without a date). */
  readonly published?: string | null;
  /** Largest HTML / feed / .txt file read, in bytes (default 50 MB); larger ones give an error item. */
  readonly maxBytes?: number;
  /** Largest JSONL line, in bytes (default 20 MB); a longer line gives an error item and reading goes on. */
  readonly maxLineBytes?: number;
  /** The stream "-" reads (default process.stdin). */
  readonly stdin?: AsyncIterable<Buffer | string>;
  /** Junk rules for pages and feed text (default DEFAULT_JUNK, data/ingest/junk-lines.json). */
  readonly junk?: JunkPatterns;
}

/** Default cap on one HTML, feed or text file. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Default cap on one JSONL line. */
export const DEFAULT_MAX_LINE_BYTES = 20 * 1024 * 1024;
/** Raw input kept on an error item (for the failures table) is cut to this many characters. */
const MAX_RAW_CHARS = 1_000_000;
/** Bytes read to sniff a file's format. */
const HEAD_BYTES = 4096;

/** Converts an Article parse / error into an InputItem. */
function errorItem(origin: string, error: string, raw?: string): InputItem {
  return raw === undefined ? { origin, error } : { origin, error, raw: raw.slice(0, MAX_RAW_CHARS) };
}

const GLOB_CHARS = /[*?[\]{}]/;

type Target =
  | { kind: "file"; path: string }
  | { kind: "stdin" }
  | { kind: "error"; origin: string; error: string };

/** Files under a directory with a known extension, recursively, in name order; dot-entries skipped. */
async function* walkDirectory(dir: string, seen: Set<string>): AsyncGenerator<Target> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield {
      kind: "error",
      origin: dir,
      error: `${dir}: expected a readable directory, found ${errorMessage(error)}`,
    };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink())
      isDir = await stat(path).then(
        (s) => s.isDirectory(),
        () => false,
      );
    if (isDir) {
      const real = await realpath(path).catch(() => path);
      if (seen.has(real)) continue; // a symlink loop or a folder already read
      seen.add(real);
      yield* walkDirectory(path, seen);
    } else if (formatFromName(entry.name) !== null) {
      yield { kind: "file", path };
    }
  }
}

/**
 * Splits a glob into the folder it starts from (the segments before the first wildcard) and the rest, so that
 * "../in/*.html" and "/data/**\/*.xml" match from their own folder and the matches read as the user wrote them.
 */
function splitGlob(pattern: string): { base: string; rest: string } {
  const parts = pattern.split("/");
  const first = parts.findIndex((part) => GLOB_CHARS.test(part));
  const base = parts.slice(0, first).join("/");
  return {
    base: base === "" ? (pattern.startsWith("/") ? "/" : ".") : base,
    rest: parts.slice(first).join("/"),
  };
}

/** Expands the command-line paths into files (directories recursively, globs matched), stdin, or errors. */
async function* expandPaths(paths: readonly string[]): AsyncGenerator<Target> {
  const seenDirs = new Set<string>();
  for (const path of paths) {
    if (path === "-") {
      yield { kind: "stdin" };
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      seenDirs.add(await realpath(path).catch(() => path));
      yield* walkDirectory(path, seenDirs);
    } else if (info !== null) {
      yield { kind: "file", path };
    } else if (GLOB_CHARS.test(path)) {
      const { base, rest } = splitGlob(path);
      const found = await glob(rest, { cwd: base, onlyFiles: true, dot: false, expandDirectories: false });
      const matches = found.map((m) => (base === "." ? m : join(base, m))).sort();
      const known = matches.filter((m) => formatFromName(m) !== null);
      if (known.length === 0) {
        const found =
          matches.length === 0
            ? "no file"
            : `only files of unknown kinds (${matches.slice(0, 3).join(", ")})`;
        yield {
          kind: "error",
          origin: path,
          error: `${path}: expected the pattern to match input files, found ${found}`,
        };
      }
      for (const match of known) yield { kind: "file", path: match };
    } else {
      yield {
        kind: "error",
        origin: path,
        error: `${path}: expected a file, directory or glob, found nothing there`,
      };
    }
  }
}

/**
 * Splits a byte stream into lines with bounded memory: a line longer than `maxLineBytes` is reported by its
 * number and length (its bytes are discarded as they arrive), never held whole.
 */
export async function* splitLines(
  stream: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<{ line: number; bytes: Buffer } | { line: number; tooLong: number }> {
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  let line = 0;
  const finish = (): { line: number; bytes: Buffer } | { line: number; tooLong: number } => {
    line++;
    const out = overflow ? { line, tooLong: length } : { line, bytes: Buffer.concat(parts, length) };
    parts = [];
    length = 0;
    overflow = false;
    return out;
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let pos = 0;
    while (pos <= buf.length) {
      const nl = buf.indexOf(10, pos);
      const end = nl < 0 ? buf.length : nl;
      const piece = buf.subarray(pos, end);
      if (!overflow && length + piece.length > maxLineBytes) {
        overflow = true;
        parts = [];
      }
      if (!overflow && piece.length > 0) parts.push(piece);
      length += piece.length;
      if (nl < 0) break;
      yield finish();
      pos = nl + 1;
    }
  }
  if (length > 0 || overflow) yield finish();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads Article JSONL from a stream line by line (constant memory); every line becomes an item or is blank. */
async function* readJsonl(
  stream: AsyncIterable<Buffer | string>,
  name: string,
  maxLineBytes: number,
): AsyncGenerator<InputItem> {
  try {
    for await (const piece of splitLines(stream, maxLineBytes)) {
      const where = `${name}:${piece.line}`;
      if ("tooLong" in piece) {
        yield errorItem(
          where,
          `${where}: expected a line of at most ${maxLineBytes} bytes, found ${piece.tooLong}; skipped`,
        );
        continue;
      }
      let text: string;
      try {
        text = utf8.decode(piece.bytes);
      } catch {
        yield errorItem(where, `${where}: expected UTF-8 text, found invalid or binary bytes`);
        continue;
      }
      if (piece.line === 1) text = text.replace(/^\ufeff/, "");
      if (text.trim() === "") continue;
      const parse = parseArticleLine(text.replace(/\r$/, ""), where);
      yield parse.ok
        ? { origin: where, article: parse.article, warnings: [...parse.warnings] }
        : errorItem(where, parse.error, text);
    }
  } catch (error) {
    yield errorItem(name, `${name}: expected a readable stream, found a read error (${errorMessage(error)})`);
  }
}

/** Reads the first bytes of a file for sniffing. */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Converts an Article parse into an input item. */
function parseItem(origin: string, parse: ReturnType<typeof normalizeArticle>, raw?: string): InputItem {
  return parse.ok
    ? { origin, article: parse.article, warnings: [...parse.warnings] }
    : errorItem(origin, parse.error, raw);
}

/**
 * A .json file: one JSON document holding an Article object or an array of them (origins "file.json#3", 1-based);
 * a file that is not one JSON document is read as JSONL (many ".json" files are).
 */
function* readJsonDocument(text: string, path: string): Generator<InputItem> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    let line = 0;
    for (const row of text.split("\n")) {
      line++;
      if (row.trim() !== "")
        yield parseItem(`${path}:${line}`, parseArticleLine(row.replace(/\r$/, ""), `${path}:${line}`), row);
    }
    return;
  }
  if (!Array.isArray(doc)) {
    yield parseItem(path, normalizeArticle(doc, path));
    return;
  }
  if (doc.length === 0) yield errorItem(path, `${path}: expected Article objects in the array, found none`);
  for (const [i, value] of doc.entries())
    yield parseItem(`${path}#${i + 1}`, normalizeArticle(value, `${path}#${i + 1}`));
}

/** Converts one whole document (page, feed, text, JSON) into items. */
function* readDocument(
  text: string,
  format: Exclude<InputFormat, "jsonl">,
  path: string,
  options: ReadOptions,
  junk: JunkPatterns,
): Generator<InputItem> {
  if (format === "json") {
    yield* readJsonDocument(text, path);
    return;
  }
  if (format === "html" || format === "text") {
    const parse =
      format === "html"
        ? parseHtmlPage(text, { where: path, published: options.published ?? null, junk })
        : parsePlainText(text, { where: path, published: options.published ?? null });
    yield parse.ok
      ? { origin: path, article: parse.article, warnings: [...parse.warnings] }
      : errorItem(path, parse.error);
    return;
  }
  const feed = parseFeed(text, { where: path, junk });
  if (!feed.ok) {
    yield errorItem(path, feed.error);
    return;
  }
  if (feed.feed.items.length === 0) yield errorItem(path, `${path}: expected feed items, found none`);
  for (const item of feed.feed.items) {
    const entry = feedEntry(item, feed.feed, { published: options.published ?? null });
    if (entry.kind === "article") {
      yield {
        origin: entry.origin,
        article: entry.article.article,
        warnings: [...feed.feed.warnings, ...entry.article.warnings],
      };
    } else if (entry.kind === "link") {
      const error = `${entry.origin}: expected item text in the feed file, found only a link (${entry.url}); \`sitrep watch\` fetches linked pages`;
      yield errorItem(entry.origin, error);
    } else yield errorItem(entry.origin, entry.error);
  }
}

/** Reads one file of any supported format into items; IO problems become error items. */
async function* readFileItems(
  path: string,
  options: ReadOptions,
  junk: JunkPatterns,
): AsyncGenerator<InputItem> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  let head: Buffer;
  try {
    size = (await stat(path)).size;
    head = await readHead(path);
  } catch (error) {
    yield errorItem(path, `${path}: expected a readable file, found ${errorMessage(error)}`);
    return;
  }
  if (size === 0) {
    yield errorItem(path, `${path}: expected input, found an empty file`);
    return;
  }
  if (head.includes(0)) {
    yield errorItem(path, `${path}: expected UTF-8 text, found binary data (NUL bytes)`);
    return;
  }
  // The head is decoded leniently: it only has to show the format and any declared encoding.
  const sniff = { text: new TextDecoder("utf-8").decode(head) };
  const format = detectFormat(path, sniff.text);
  // A .json file too big to hold whole that starts like JSONL is streamed as JSONL.
  if (format === "jsonl" || (format === "json" && size > maxBytes && /^\s*\{/.test(sniff.text))) {
    yield* readJsonl(createReadStream(path), path, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    return;
  }
  if (size > maxBytes) {
    yield errorItem(
      path,
      `${path}: expected a ${format} file of at most ${maxBytes} bytes, found ${size} bytes`,
    );
    return;
  }
  let decoded: ReturnType<typeof decodeText>;
  try {
    decoded = decodeText(await readFile(path), path, declaredCharset(sniff.text));
  } catch (error) {
    yield errorItem(path, `${path}: expected a readable file, found ${errorMessage(error)}`);
    return;
  }
  if (!decoded.ok) {
    yield errorItem(path, decoded.error);
    return;
  }
  yield* readDocument(decoded.text, format, path, options, junk);
}

/**
 * Reads inputs from files, directories (recursively, known extensions only), glob patterns and "-" (stdin as
 * Article JSONL), detecting each file's format by extension and content. JSONL streams line by line in constant
 * memory. Never throws for bad input: every bad file, line or item becomes an error item and reading goes on.
 */
export async function* readInputs(
  paths: readonly string[],
  options: ReadOptions = {},
): AsyncGenerator<InputItem> {
  const junk = options.junk ?? DEFAULT_JUNK;
  const seenFiles = new Set<string>();
  let stdinRead = false;
  for await (const target of expandPaths(paths)) {
    if (target.kind === "error") {
      yield errorItem(target.origin, target.error);
    } else if (target.kind === "stdin") {
      if (stdinRead) continue;
      stdinRead = true;
      yield* readJsonl(
        options.stdin ?? process.stdin,
        "stdin",
        options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      );
    } else {
      const real = await realpath(target.path).catch(() => target.path);
      if (seenFiles.has(real)) continue; // named twice (a file and its folder): read once
      seenFiles.add(real);
      for await (const item of readFileItems(target.path, options, junk))
        yield { ...item, file: target.path };
    }
  }
}

/** True when bytes [from, to) of `buf` hold anything but spaces, tabs and carriage returns. */
function filledBetween(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = buf[i];
    if (byte !== 32 && byte !== 9 && byte !== 13) return true;
  }
  return false;
}

/** Counts the lines holding anything but blanks in a byte stream, a chunk at a time (nothing held). */
export async function countLines(
  stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): Promise<number> {
  let lines = 0;
  let filled = false;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let pos = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, pos)) {
      if (filled || filledBetween(buf, pos, nl)) lines++;
      filled = false;
      pos = nl + 1;
    }
    filled ||= filledBetween(buf, pos, buf.length);
  }
  return filled ? lines + 1 : lines;
}

/** The non-blank lines of a regular file; null for a pipe or device (counting would consume what is to be read). */
export async function countFileLines(path: string): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? countLines(createReadStream(path)) : null;
}

/** About how many items one file gives, read cheaply by its format (no parsing beyond a JSON array). */
async function countFileItems(path: string, maxBytes: number): Promise<number> {
  const info = await stat(path);
  // A pipe or device (`ingest /dev/stdin`, `<(...)`) is read once, by readInputs: counting it would consume it.
  if (!info.isFile()) return 1;
  const format = detectFormat(path, new TextDecoder("utf-8").decode(await readHead(path)));
  if (format === "html" || format === "text") return 1;
  if (format === "jsonl") return countLines(createReadStream(path));
  if (info.size > maxBytes) return 1; // an error item
  const text = await readFile(path, "utf8");
  if (format === "feed") return Math.max(1, (text.match(/<(item|entry)[\s>]/g) ?? []).length);
  if (!/^\s*\[/.test(text)) return countLines([text]);
  try {
    const doc: unknown = JSON.parse(text);
    return Array.isArray(doc) ? Math.max(1, doc.length) : 1;
  } catch {
    return countLines([text]);
  }
}

/**
 * About how many items readInputs yields for these paths, counted cheaply (a JSONL file's non-blank lines, a
 * feed's items, a JSON array's length, one per page or dispatch, one per unreadable input), for progress totals;
 * null when stdin is among them (its length is known only once read).
 */
export async function countInputs(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<number | null> {
  let total = 0;
  const seen = new Set<string>();
  for await (const target of expandPaths(paths)) {
    if (target.kind === "stdin") return null;
    if (target.kind === "error") {
      total++;
      continue;
    }
    const real = await realpath(target.path).catch(() => target.path);
    if (seen.has(real)) continue;
    seen.add(real);
    total += await countFileItems(target.path, options.maxBytes ?? DEFAULT_MAX_BYTES).catch(() => 1);
  }
  return total;
}
