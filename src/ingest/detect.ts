import { looksLikeFeed } from "./feed.js";

/** The input formats Sitrep reads. */
export type InputFormat = "jsonl" | "json" | "html" | "feed" | "text";

/** File name endings and the format each implies (matched case-insensitively; content sniffing can overrule). */
export const EXTENSION_FORMATS: Readonly<Record<string, InputFormat>> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "json",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".xml": "feed",
  ".rss": "feed",
  ".atom": "feed",
  ".txt": "text",
  ".text": "text",
};

/** Extensions a directory walk picks up (other files in a directory are skipped silently). */
export const KNOWN_EXTENSIONS: readonly string[] = Object.keys(EXTENSION_FORMATS);

/** What the first bytes of a document say it is, in order: the first matching sniff wins. */
const SNIFFS: readonly (readonly [test: (head: string) => boolean, format: InputFormat])[] = [
  [looksLikeFeed, "feed"],
  [(head) => /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<!--)/i.test(head), "html"],
  [(head) => /^\s*\{/.test(head), "jsonl"],
];

/** The format a file name's extension implies, or null for an unknown extension. */
export function formatFromName(name: string): InputFormat | null {
  const dot = name.lastIndexOf(".");
  if (dot < 0 || dot < name.lastIndexOf("/")) return null;
  return EXTENSION_FORMATS[name.slice(dot).toLowerCase()] ?? null;
}

/** The format the start of a document shows, or null when it shows none (plain prose). */
export function sniffFormat(head: string): InputFormat | null {
  const start = head.replace(/^\ufeff/, "").slice(0, 4096);
  return SNIFFS.find(([test]) => test(start))?.[1] ?? null;
}

/**
 * Decides how to read a document from its name and first characters: a sniffed feed or page wins over a
 * misleading extension (an .xml page, an .html feed); JSONL needs the extension or a leading `{`; anything
 * else is plain text.
 */
export function detectFormat(name: string, head: string): InputFormat {
  const byName = formatFromName(name);
  const sniffed = sniffFormat(head);
  if (sniffed === "feed" || sniffed === "html") return byName === "text" ? "text" : sniffed;
  if (byName === "feed" && sniffed === null) return "feed"; // a broken feed: parseFeed says what is wrong
  return byName ?? sniffed ?? "text";
}

/** Share of U+FFFD (undecodable bytes) above which a text file counts as binary. */
const MAX_REPLACEMENT_SHARE = 0.01;

/** Where a document declares its character encoding: an HTML meta tag or the XML declaration. */
const CHARSET_DECLARATIONS: readonly RegExp[] = [
  /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i,
  /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i,
];

/** The character encoding a page or feed declares in its first bytes (lower-cased), or null when none. */
export function declaredCharset(head: string): string | null {
  const start = head.slice(0, 2048);
  for (const pattern of CHARSET_DECLARATIONS) {
    const m = pattern.exec(start);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return null;
}

function decoderFor(charset: string | null): { decode(bytes: Uint8Array): string } {
  try {
    return new TextDecoder(charset ?? "utf-8", { fatal: false });
  } catch {
    return new TextDecoder("utf-8", { fatal: false }); // an encoding name the runtime does not know
  }
}

/**
 * Decodes file bytes (UTF-8 unless `charset` names another encoding), or explains why they are not text:
 * NUL bytes, or more than 1% of characters undecodable (`where` names the file in the message).
 */
export function decodeText(
  bytes: Uint8Array,
  where: string,
  charset: string | null = null,
): { ok: true; text: string } | { ok: false; error: string } {
  const sample = bytes.subarray(0, 65536);
  if (sample.includes(0))
    return { ok: false, error: `${where}: expected UTF-8 text, found binary data (NUL bytes)` };
  const text = decoderFor(charset).decode(bytes);
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  if (bad > Math.max(1, text.length * MAX_REPLACEMENT_SHARE)) {
    return {
      ok: false,
      error: `${where}: expected UTF-8 text, found binary data (${bad} undecodable bytes)`,
    };
  }
  return { ok: true, text: text.replace(/^\ufeff/, "") };
}
