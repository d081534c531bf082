import { XMLParser, XMLValidator } from "fast-xml-parser";
import { type ArticleParse, contentHash, describeValue, looksBinary, normalizeArticle } from "./article.js";
import { DEFAULT_JUNK, htmlToText, type JunkPatterns, NO_JUNK, stripJunkLines } from "./html.js";
import { normalizePublished } from "./published.js";

/** Feed dialects read: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom 1.0. */
export type FeedFormat = "rss" | "rdf" | "atom";

/**
 * How complete an item's text is: `full` from content:encoded / Atom `<content>`, `summary` from
 * `<description>` / Atom `<summary>` (often a teaser; the watcher fetches the linked page instead).
 */
export type FeedTextKind = "full" | "summary";

/** One item or entry of a feed, with its text already converted to plain paragraphs. */
export interface FeedItem {
  /** Where it came from: "<feed>#item3" (1-based position in the feed). */
  readonly origin: string;
  /** The link as the feed wrote it when it is not a usable http(s) address (else null). */
  readonly badLink: string | null;
  /** Stable identity across polls: guid / Atom id, else the link, else a hash of title, date and text. */
  readonly key: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly published: string | null;
  readonly text: string | null;
  readonly textKind: FeedTextKind | null;
}

/** A parsed feed: its dialect, title (used as the outlet), home link, items, and any problems noticed. */
export interface Feed {
  readonly format: FeedFormat;
  readonly title: string | null;
  readonly link: string | null;
  readonly items: readonly FeedItem[];
  readonly warnings: readonly string[];
}

/** The outcome of reading a feed document. */
export type FeedParse =
  | { readonly ok: true; readonly feed: Feed }
  | { readonly ok: false; readonly error: string };

/** What to do with one feed item: an Article, a link to fetch (no text in the feed), or an error. */
export type FeedEntry =
  | { readonly kind: "article"; readonly origin: string; readonly article: ArticleParse & { ok: true } }
  | { readonly kind: "link"; readonly origin: string; readonly url: string; readonly item: FeedItem }
  | { readonly kind: "error"; readonly origin: string; readonly error: string };

/** Options for reading a feed: `where` names it in messages; `url` (where it was fetched) resolves relative links. */
export interface FeedOptions {
  readonly where: string;
  readonly url?: string | null;
  readonly junk?: JunkPatterns;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  // Atom content/summary may be inline XHTML: keep it as raw markup rather than a parsed tree.
  stopNodes: ["feed.entry.content", "feed.entry.summary"],
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});

/** Feed fields read per dialect, in order of preference (namespace prefixes removed: content:encoded is "encoded"). */
const FIELDS = {
  published: ["published", "pubDate", "date", "issued", "updated", "modified"],
  full: ["encoded", "content"],
  summary: ["description", "summary"],
} as const;

type Node = Record<string, unknown>;

function asNode(value: unknown): Node | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Node) : null;
}

/** The text of a parsed XML value: a string, a node's #text, or the first of an array. */
function textOf(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  const node = asNode(value);
  return node ? textOf(node["#text"]) : null;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes raw XML character data kept by a stop node: CDATA sections verbatim, entities elsewhere. */
function decodeRawXml(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith("<![CDATA[")
        ? part.slice(9, -3)
        : part.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
            if (name[0] === "#") {
              const code =
                name[1] === "x" || name[1] === "X"
                  ? Number.parseInt(name.slice(2), 16)
                  : Number(name.slice(1));
              return Number.isFinite(code) && code > 0 && code < 0x110000
                ? String.fromCodePoint(code)
                : whole;
            }
            const key = name.toLowerCase();
            return Object.hasOwn(XML_ENTITIES, key) ? (XML_ENTITIES[key] as string) : whole;
          }),
    )
    .join("");
}

const LOOKS_HTML = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&[a-z]+;|&#\d+;/i;

/** Plain text of a feed text field: HTML goes through the HTML path, plain text keeps its paragraphs. */
function plainText(value: string, junk: JunkPatterns): string {
  return LOOKS_HTML.test(value) ? htmlToText(value, junk) : stripJunkLines(paragraphs(value), junk).text;
}

/** Plain text with runs of blank lines as paragraph breaks and other whitespace collapsed. */
function paragraphs(value: string): string {
  return value
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
}

/** The text of an Atom text construct or an RSS element; Atom `type="html"`/`"text"` raw data is decoded first. */
function fieldText(value: unknown, atomRaw: boolean, junk: JunkPatterns): string | null {
  const node = asNode(value);
  if (node?.["@_src"] !== undefined) return null; // out-of-line content: only a link
  const raw = textOf(value);
  if (raw === null) return null;
  const type = typeof node?.["@_type"] === "string" ? (node["@_type"] as string).toLowerCase() : "text";
  const decoded = atomRaw && !type.includes("xhtml") ? decodeRawXml(raw) : raw;
  // Atom type="text" is plain text even when it contains "<"; everything else is sniffed for HTML.
  const text = atomRaw && type === "text" ? paragraphs(decoded) : plainText(decoded, junk);
  return text === "" ? null : text;
}

function resolveUrl(href: string | null, base: string | null | undefined): string | null {
  if (href === null) return null;
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** An item's link: RSS `<link>` text, else an Atom `<link rel="alternate">` (or no rel), else a permalink guid. */
function itemLink(item: Node): string | null {
  const links = Array.isArray(item.link) ? item.link : item.link === undefined ? [] : [item.link];
  for (const link of links) {
    if (typeof link === "string" && link.trim() !== "") return link.trim();
    const node = asNode(link);
    const rel = typeof node?.["@_rel"] === "string" ? node["@_rel"] : "alternate";
    if (node && rel === "alternate" && typeof node["@_href"] === "string") return node["@_href"];
    if (node && textOf(node) !== null && node["@_href"] === undefined) return textOf(node);
  }
  const guid = asNode(item.guid);
  const permalink = guid === null ? item.guid !== undefined : guid["@_isPermaLink"] !== "false";
  const guidText = textOf(item.guid);
  return permalink && guidText !== null && /^https?:\/\//i.test(guidText) ? guidText : null;
}

function firstField(item: Node, names: readonly string[]): unknown {
  for (const name of names) if (item[name] !== undefined && textOf(item[name]) !== null) return item[name];
  return undefined;
}

function readItem(
  item: Node,
  index: number,
  format: FeedFormat,
  options: FeedOptions,
  base: string | null,
): FeedItem {
  const junk = options.junk ?? DEFAULT_JUNK;
  const atom = format === "atom";
  const rawTitle = textOf(item.title);
  const title =
    rawTitle !== null && /<\/?[a-z][^>]*>/i.test(rawTitle) ? htmlToText(rawTitle, NO_JUNK) || null : rawTitle;
  const rawLink = itemLink(item);
  const url = resolveUrl(rawLink, base);
  let published: string | null = null;
  for (const name of FIELDS.published) {
    published = normalizePublished(textOf(item[name]));
    if (published !== null) break;
  }
  const fullField = firstField(item, FIELDS.full);
  const full = fullField === undefined ? null : fieldText(fullField, atom, junk);
  const summaryField = full === null ? firstField(item, FIELDS.summary) : undefined;
  const summary = summaryField === undefined ? null : fieldText(summaryField, atom, junk);
  const text = full ?? summary;
  const id = textOf(item.guid) ?? textOf(item.id);
  return {
    origin: `${options.where}#item${index + 1}`,
    badLink: url === null ? rawLink : null,
    key: id ?? url ?? contentHash(`${rawTitle ?? ""}\n${published ?? ""}\n${text ?? ""}`),
    title,
    url,
    published,
    text,
    textKind: full !== null ? "full" : summary !== null ? "summary" : null,
  };
}

/** The root element of a parsed document, and which feed dialect it is (null when it is not a feed). */
function feedRoot(doc: Node): { format: FeedFormat; channel: Node; items: unknown[] } | null {
  const rss = asNode(doc.rss);
  if (rss) {
    const channel = asNode(rss.channel) ?? asNode([rss.channel].flat()[0]) ?? {};
    return { format: "rss", channel, items: asArray(channel.item) };
  }
  const feed = asNode(doc.feed);
  if (feed) return { format: "atom", channel: feed, items: asArray(feed.entry) };
  const rdf = asNode(doc.RDF);
  if (rdf) return { format: "rdf", channel: asNode(rdf.channel) ?? {}, items: asArray(rdf.item) };
  return null;
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** True when the start of a document looks like an RSS, RDF or Atom feed (for format sniffing). */
export function looksLikeFeed(head: string): boolean {
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head.slice(0, 4096)) && /^\s*(\ufeff)?\s*</.test(head);
}

/** Reads an RSS 2.0 / RSS 1.0 / Atom document into items; not-XML and not-a-feed give `{ ok: false }` naming the input. */
export function parseFeed(xml: string, options: FeedOptions): FeedParse {
  const { where } = options;
  const body = xml.replace(/^\ufeff/, "");
  if (body.trim() === "")
    return { ok: false, error: `${where}: expected an RSS or Atom feed, found an empty file` };
  if (looksBinary(body))
    return { ok: false, error: `${where}: expected an RSS or Atom feed, found binary data` };
  if (!body.trimStart().startsWith("<")) {
    return {
      ok: false,
      error: `${where}: expected an RSS or Atom feed (XML), found text ${describeValue(body.trim())}`,
    };
  }
  let doc: Node;
  try {
    doc = asNode(parser.parse(body)) ?? {};
  } catch (error) {
    return {
      ok: false,
      error: `${where}: expected an RSS or Atom feed, found malformed XML (${String(error)})`,
    };
  }
  const validation = XMLValidator.validate(body);
  const invalid =
    validation === true
      ? null
      : `malformed XML (${validation.err.msg} at line ${validation.err.line}, column ${validation.err.col})`;
  const root = feedRoot(doc);
  if (root === null) {
    const top = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
    const found = invalid ?? (top ? `XML whose root element is <${top}>` : "no root element");
    return { ok: false, error: `${where}: expected an RSS 2.0 or Atom feed, found ${found}` };
  }
  const warnings = invalid ? [`${where}: ${invalid}; items read as far as the parser could`] : [];
  const title = textOf(root.channel.title);
  const homeRaw = root.format === "atom" ? itemLink(root.channel) : textOf(asArray(root.channel.link)[0]);
  const link = resolveUrl(homeRaw, options.url);
  const base = options.url ?? link;
  const items = root.items.flatMap((raw, i) => {
    const node = asNode(raw);
    if (node === null) {
      warnings.push(`${where}#item${i + 1}: expected an item element, found ${describeValue(raw)}; skipped`);
      return [];
    }
    return [readItem(node, i, root.format, options, base)];
  });
  return {
    ok: true,
    feed: { format: root.format, title: title === null ? null : htmlToTitle(title), link, items, warnings },
  };
}

function htmlToTitle(title: string): string {
  return /<\/?[a-z][^>]*>/i.test(title) ? htmlToText(title, NO_JUNK) || title : title;
}

/**
 * Decides what one feed item becomes: an Article from its text (outlet = the feed's title; `published`
 * fills a missing date), a link to fetch when it has no text, or an error when it has neither.
 */
export function feedEntry(
  item: FeedItem,
  feed: Feed,
  options: { published?: string | null } = {},
): FeedEntry {
  if (item.text === null) {
    if (item.url !== null) return { kind: "link", origin: item.origin, url: item.url, item };
    return {
      kind: "error",
      origin: item.origin,
      error:
        item.badLink === null
          ? `${item.origin}: expected item text or a link, found neither`
          : `${item.origin}: expected item text or an http(s) link, found no text and the link ${describeValue(item.badLink)}`,
    };
  }
  const article = normalizeArticle(
    {
      url: item.url,
      outlet: feed.title,
      published: item.published ?? normalizePublished(options.published),
      title: item.title,
      text: item.text,
    },
    item.origin,
  );
  return article.ok
    ? { kind: "article", origin: item.origin, article }
    : { kind: "error", origin: item.origin, error: article.error };
}
