import type { Article } from "../model.js";
import { sha256Hex } from "../util/hash.js";

/** The outcome of reading one input item as an Article. */
export type ArticleParse =
  | { readonly ok: true; readonly article: Article; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string; readonly id: string | null };

/** Largest text accepted for one article, in UTF-16 code units (a 10 MB page is refused, not half-read). */
export const MAX_TEXT_LENGTH = 5_000_000;

const OPTIONAL_STRING_FIELDS = ["id", "url", "outlet", "published", "title", "language"] as const;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A short, stable id for a text: the first 16 hex digits of its SHA-256. */
export function contentHash(text: string): string {
  return sha256Hex(text, 16);
}

/** Quotes a found value for an error message, shortened to 40 characters. */
export function describeValue(value: unknown): string {
  const s = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Checks an ISO date or date-time; returns it when it names a real calendar day and clock time, else null. */
export function validIsoDate(value: string): string | null {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 60) return null;
  return value.trim();
}

/** True when a text looks like binary data rather than prose (NUL bytes or many control/replacement characters). */
export function looksBinary(text: string): boolean {
  const sample = text.length > 4096 ? text.slice(0, 4096) : text;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd > sample.length * 0.05;
}

function fail(where: string, id: string | null, message: string): ArticleParse {
  return { ok: false, error: `${where}: ${message}`, id };
}

/** Validates a parsed JSON value into an Article (docs/FORMATS.md §1); `where` names the input (e.g. "file.jsonl:17"). */
export function normalizeArticle(raw: unknown, where: string): ArticleParse {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail(where, null, `expected a JSON object, found ${describeValue(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  const rawId = typeof obj.id === "string" || typeof obj.id === "number" ? String(obj.id) : null;
  const text = obj.text;
  if (text === undefined || text === null) return fail(where, rawId, 'expected a "text" field, found none');
  if (typeof text !== "string")
    return fail(where, rawId, `expected "text" to be a string, found ${describeValue(text)}`);
  if (text.trim() === "") return fail(where, rawId, 'expected a non-empty "text", found an empty one');
  if (text.length > MAX_TEXT_LENGTH) {
    return fail(
      where,
      rawId,
      `expected "text" of at most ${MAX_TEXT_LENGTH} characters, found ${text.length}`,
    );
  }
  if (looksBinary(text)) return fail(where, rawId, 'expected "text" to be prose, found binary data');
  const warnings: string[] = [];
  const fields: Record<string, string | null> = {};
  for (const key of OPTIONAL_STRING_FIELDS) {
    const value = obj[key];
    if (value === undefined || value === null || value === "") fields[key] = null;
    else if (typeof value === "string") fields[key] = value;
    else if (key === "id" && typeof value === "number") fields[key] = String(value);
    else {
      warnings.push(`${where}: expected "${key}" to be a string, found ${describeValue(value)}; ignored`);
      fields[key] = null;
    }
  }
  let published = fields.published ?? null;
  if (published !== null && validIsoDate(published) === null) {
    warnings.push(
      `${where}: expected "published" to be an ISO date, found ${describeValue(published)}; relative dates left unresolved`,
    );
    published = null;
  } else if (published === null) {
    warnings.push("published date missing: relative dates left unresolved");
  }
  const article: Article = {
    id: fields.id ?? contentHash(text),
    url: fields.url ?? null,
    outlet: fields.outlet ?? null,
    published,
    title: fields.title ?? null,
    text,
    language: fields.language ?? null,
  };
  return { ok: true, article, warnings };
}

/** Parses one line of Article JSONL; `where` names it in messages ("articles.jsonl:17"). */
export function parseArticleLine(line: string, where: string): ArticleParse {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(
      where,
      null,
      `expected a JSON object, found malformed JSON (${reason}) in ${describeValue(line)}`,
    );
  }
  return normalizeArticle(raw, where);
}
