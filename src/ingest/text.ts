import { type ArticleParse, looksBinary, normalizeArticle } from "./article.js";
import { normalizePublished } from "./published.js";

/** Options for a plain-text article: `where` names it; `published` is used when the file states no date. */
export interface TextOptions {
  readonly where: string;
  readonly published?: string | null;
  readonly url?: string | null;
  readonly outlet?: string | null;
}

/**
 * Header lines a .txt article may start with ("Published: 2031-03-14"), keyed by lower-case label, and the
 * Article field each fills. Headers are read only from the top of the file, before the first other line.
 */
const HEADER_FIELDS: Readonly<Record<string, "published" | "title" | "url" | "outlet">> = {
  published: "published",
  date: "published",
  dateline: "published",
  posted: "published",
  "published on": "published",
  title: "title",
  headline: "title",
  url: "url",
  link: "url",
  source: "outlet",
  outlet: "outlet",
};
const HEADER_LINE = /^([A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(\S.*)$/;

/** A headline is short: at most this many characters and words. */
const MAX_HEADLINE_CHARS = 150;
const MAX_HEADLINE_WORDS = 25;

/**
 * The headline rule for .txt files: the first line is a title when it stands alone (a blank line follows),
 * is short (at most 150 characters and 25 words), does not end like a sentence or a clause (. , ; : ! ?,
 * optionally followed by a closing quote or bracket), and more text follows it.
 */
export function looksLikeHeadline(line: string, followedByBlank: boolean, restHasText: boolean): boolean {
  const s = line.trim();
  if (!followedByBlank || !restHasText || s === "") return false;
  if (s.length > MAX_HEADLINE_CHARS || s.split(/\s+/).length > MAX_HEADLINE_WORDS) return false;
  return !/[.,;:!?]["'”’)]?$/.test(s);
}

/**
 * Turns a plain-text file into an Article. Leading `Label: value` header lines (Published/Date/Title/URL/Source)
 * are metadata and leave the text; the first remaining line becomes the title when it looks like a headline
 * (see looksLikeHeadline). The file's own date wins; `options.published` fills a missing one.
 */
export function parsePlainText(content: string, options: TextOptions): ArticleParse {
  const { where } = options;
  const body = content.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  if (body.trim() === "")
    return { ok: false, error: `${where}: expected article text, found an empty file`, id: null };
  if (looksBinary(body))
    return { ok: false, error: `${where}: expected plain text, found binary data`, id: null };
  const lines = body.split("\n");
  const fields: { published?: string; title?: string; url?: string; outlet?: string } = {};
  const warnings: string[] = [];
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  for (; i < lines.length; i++) {
    const m = HEADER_LINE.exec(lines[i]!.trim());
    const name = m ? m[1]!.trim().toLowerCase() : "";
    const field = Object.hasOwn(HEADER_FIELDS, name) ? HEADER_FIELDS[name] : undefined;
    if (!m || field === undefined) break;
    if (field === "published") {
      const date = normalizePublished(m[2]);
      if (date === null)
        warnings.push(`${where}:${i + 1}: expected a date after "${m[1]}:", found "${m[2]}"; ignored`);
      else fields.published = date;
    } else fields[field] = m[2]!.trim();
  }
  while (i < lines.length && lines[i]!.trim() === "") i++;
  let rest = lines.slice(i);
  if (fields.title === undefined && rest.length > 0) {
    const restHasText = rest.slice(2).some((l) => l.trim() !== "");
    if (looksLikeHeadline(rest[0]!, rest[1]?.trim() === "", restHasText)) {
      fields.title = rest[0]!.trim();
      rest = rest.slice(1);
    }
  }
  const text = rest
    .join("\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t]+/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
  const parse = normalizeArticle(
    {
      url: fields.url ?? options.url ?? null,
      outlet: fields.outlet ?? options.outlet ?? null,
      published: fields.published ?? normalizePublished(options.published),
      title: fields.title ?? null,
      text,
    },
    where,
  );
  return parse.ok ? { ...parse, warnings: [...warnings, ...parse.warnings] } : parse;
}
