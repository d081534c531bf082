import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import junkTable from "../../data/ingest/junk-lines.json" with { type: "json" };
import { SitrepError } from "../errors.js";
import { type ArticleParse, describeValue, looksBinary, normalizeArticle } from "./article.js";
import { normalizePublished } from "./published.js";

/** One junk-line rule: a line of extracted text matching `pattern` (whole trimmed line) is dropped. */
export interface JunkRule {
  readonly name: string;
  readonly pattern: RegExp;
}

/** Page furniture to remove: whole lines of text, and elements (CSS selectors) removed before extraction. */
export interface JunkPatterns {
  readonly lines: readonly JunkRule[];
  readonly elements: readonly string[];
}

/** No junk rules at all (tests and callers that want the raw extraction). */
export const NO_JUNK: JunkPatterns = { lines: [], elements: [] };

/** Metadata read from a page's head: each field null when the page does not state it. */
export interface PageMeta {
  readonly title: string | null;
  readonly outlet: string | null;
  readonly url: string | null;
  readonly published: string | null;
  readonly language: string | null;
}

/** Options for reading one page: `where` names it in messages; the other fields are fallbacks for what the page lacks. */
export interface PageOptions {
  readonly where: string;
  /** The address the page was fetched from; resolves a relative canonical link and gives the outlet host. */
  readonly url?: string | null;
  readonly outlet?: string | null;
  readonly published?: string | null;
  readonly title?: string | null;
  /** Junk rules (default DEFAULT_JUNK, the project table). */
  readonly junk?: JunkPatterns;
}

/** The small part of the DOM this module uses (linkedom implements it; the project has no DOM lib types). */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}
interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements whose start and end break a paragraph. */
const BLOCK_TAGS = new Set(
  (
    "ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY CAPTION DD DETAILS DIV DL DT FIELDSET FIGURE FOOTER FORM H1 H2 H3 H4 " +
    "H5 H6 HEADER HR HTML LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY TFOOT THEAD TR UL"
  ).split(" "),
);
/** Elements whose text is never article text. */
const SKIP_TAGS = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "CANVAS",
  "IFRAME",
  "HEAD",
  "TITLE",
]);
/** Table cells: separated by a space within their row. */
const CELL_TAGS = new Set(["TD", "TH"]);

/** Where a page states its publication time, in order of trust (the first that parses wins; JSON-LD sits second). */
const PUBLISHED_SOURCES: readonly (readonly [selector: string, attribute: string])[] = [
  ["meta[property='article:published_time' i]", "content"],
  ["json-ld", "datePublished"],
  ["meta[itemprop='datePublished' i]", "content"],
  ["meta[property='og:published_time' i]", "content"],
  ["meta[name='pubdate' i]", "content"],
  ["meta[name='publishdate' i]", "content"],
  ["meta[name='publish-date' i]", "content"],
  ["meta[name='date' i]", "content"],
  ["meta[name='dc.date' i]", "content"],
  ["meta[name='dc.date.issued' i]", "content"],
  ["meta[name='dcterms.created' i]", "content"],
  ["meta[name='parsely-pub-date' i]", "content"],
  ["time[itemprop='datePublished' i]", "datetime"],
  ["time[pubdate]", "datetime"],
  ["time[datetime]", "datetime"],
];
/** Where a page states its title, in order of trust (`<title>` and readability's guess come after). */
const TITLE_SOURCES: readonly (readonly [selector: string, attribute: string])[] = [
  ["meta[property='og:title' i]", "content"],
  ["json-ld", "headline"],
  ["meta[name='twitter:title' i]", "content"],
];
/** Where a page states its outlet (the host of its address is the last resort). */
const OUTLET_SOURCES: readonly (readonly [selector: string, attribute: string])[] = [
  ["meta[property='og:site_name' i]", "content"],
  ["json-ld", "publisher"],
  ["meta[name='application-name' i]", "content"],
];
/** Where a page states its canonical address. */
const URL_SOURCES: readonly (readonly [selector: string, attribute: string])[] = [
  ["link[rel='canonical' i]", "href"],
  ["meta[property='og:url' i]", "content"],
  ["json-ld", "url"],
];
/** Where a page states its language. */
const LANGUAGE_SOURCES: readonly (readonly [selector: string, attribute: string])[] = [
  ["html", "lang"],
  ["meta[http-equiv='content-language' i]", "content"],
  ["meta[property='og:locale' i]", "content"],
];
/** JSON-LD `@type`s that describe the article itself (others, such as BreadcrumbList, are ignored). */
const JSON_LD_ARTICLE_TYPE = /(Article|Posting|Report|WebPage)$/;

/** Readability gives up below this many characters; shorter pages fall back to the whole body text. */
const MIN_READABLE_CHARS = 200;
/** A junk selector never removes an element holding more than this share of the body text (a mislabelled container). */
const MAX_JUNK_ELEMENT_SHARE = 0.4;

/** Validates the junk table (data/ingest/junk-lines.json) into compiled patterns; throws on a malformed table. */
export function compileJunkPatterns(raw: unknown, where: string): JunkPatterns {
  const bad = (what: string): never => {
    throw new SitrepError("internal", `${where}: expected ${what}`);
  };
  if (typeof raw !== "object" || raw === null) return bad("a JSON object with `lines` and `elements`");
  const table = raw as { lines?: unknown; elements?: unknown };
  if (!Array.isArray(table.lines)) return bad("`lines` to be an array");
  if (!Array.isArray(table.elements)) return bad("`elements` to be an array");
  const lines = table.lines.map((entry: unknown, i): JunkRule => {
    const e = entry as { name?: unknown; pattern?: unknown };
    if (typeof e?.name !== "string" || typeof e.pattern !== "string") {
      return bad(`lines[${i}] to have string "name" and "pattern", found ${describeValue(entry)}`);
    }
    try {
      return { name: e.name, pattern: new RegExp(e.pattern, "iu") };
    } catch (error) {
      return bad(`lines[${i}] ("${e.name}") to be a valid regular expression: ${String(error)}`);
    }
  });
  const elements = table.elements.map((s: unknown, i) =>
    typeof s === "string" ? s : bad(`elements[${i}] to be a CSS selector string, found ${describeValue(s)}`),
  );
  return { lines, elements };
}

/** The project's junk table, data/ingest/junk-lines.json, compiled: the default for pages and feeds. */
export const DEFAULT_JUNK: JunkPatterns = compileJunkPatterns(junkTable, "data/ingest/junk-lines.json");

/** The name of the junk rule a line matches, or null when the line is article text. */
export function junkRuleFor(line: string, junk: JunkPatterns): string | null {
  const trimmed = line.trim();
  if (trimmed === "") return null;
  return junk.lines.find((rule) => rule.pattern.test(trimmed))?.name ?? null;
}

/** Drops junk lines from paragraph text (paragraphs separated by blank lines); returns the kept text and the dropped lines. */
export function stripJunkLines(
  text: string,
  junk: JunkPatterns,
): { text: string; dropped: readonly string[] } {
  const dropped: string[] = [];
  const paragraphs = text
    .split(/\n{2,}/)
    .map((para) =>
      para
        .split("\n")
        .filter((line) => {
          const rule = junkRuleFor(line, junk);
          if (rule !== null) dropped.push(line.trim());
          return rule === null && line.trim() !== "";
        })
        .join("\n"),
    )
    .filter((para) => para !== "");
  return { text: paragraphs.join("\n\n"), dropped };
}

function cleanLine(line: string): string {
  return line
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Text of a DOM subtree with paragraphs (block elements) separated by blank lines and `<br>` kept as a line break. */
function blockText(root: DomNode): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const lines = current.join("").split("\n").map(cleanLine).filter(Boolean);
    if (lines.length > 0) paragraphs.push(lines.join("\n"));
    current = [];
  };
  const walk = (node: DomNode): void => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      // Whitespace in markup is not text: only <br> and block boundaries break lines.
      if (child.nodeType === TEXT_NODE) current.push((child.textContent ?? "").replace(/\s+/g, " "));
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = child.nodeName.toUpperCase();
      if (SKIP_TAGS.has(tag)) continue;
      if (tag === "BR") {
        current.push("\n");
        continue;
      }
      const block = BLOCK_TAGS.has(tag);
      if (block) flush();
      walk(child);
      if (block) flush();
      else if (CELL_TAGS.has(tag)) current.push(" ");
    }
  };
  walk(root);
  flush();
  return paragraphs.join("\n\n");
}

function parseDocument(html: string): DomDocument {
  // linkedom builds no document element for markup without <html>; wrap fragments and partial pages.
  const markup = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`;
  return parseHTML(markup).document as unknown as DomDocument;
}

/** Plain text of an HTML fragment (a feed item's description): paragraphs separated by blank lines, junk lines dropped. */
export function htmlToText(html: string, junk: JunkPatterns = DEFAULT_JUNK): string {
  const document = parseDocument(html);
  const chars = (document.body?.textContent ?? "").length;
  for (const selector of junk.elements) removeAll(document, selector, chars * MAX_JUNK_ELEMENT_SHARE);
  const root = document.body ?? document.documentElement;
  return root === null ? "" : stripJunkLines(blockText(root), junk).text;
}

function removeAll(document: DomDocument, selector: string, maxChars: number): void {
  let found: ArrayLike<DomElement>;
  try {
    found = document.querySelectorAll(selector);
  } catch {
    return; // a selector linkedom cannot read removes nothing
  }
  for (const el of Array.from(found)) {
    const tag = el.tagName.toUpperCase();
    if (tag === "HTML" || tag === "BODY" || tag === "HEAD") continue;
    if ((el.textContent ?? "").length > maxChars) continue;
    el.remove();
  }
}

/** Every JSON-LD object of a page, flattened out of arrays and `@graph`. */
function jsonLdObjects(document: DomDocument): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      const obj = value as Record<string, unknown>;
      out.push(obj);
      if (obj["@graph"] !== undefined) visit(obj["@graph"]);
    }
  };
  for (const script of Array.from(document.querySelectorAll("script[type='application/ld+json' i]"))) {
    try {
      visit(JSON.parse(script.textContent ?? ""));
    } catch {
      // malformed JSON-LD is common; the meta tags still count
    }
  }
  const isArticle = (o: Record<string, unknown>): boolean =>
    [o["@type"]].flat().some((t) => typeof t === "string" && JSON_LD_ARTICLE_TYPE.test(t));
  return out.filter(isArticle).sort((a, b) => Number(articleRank(b)) - Number(articleRank(a)));
}

function articleRank(o: Record<string, unknown>): boolean {
  return [o["@type"]].flat().some((t) => typeof t === "string" && /(Article|Posting|Report)$/.test(t));
}

function jsonLdString(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (Array.isArray(value)) return jsonLdString(value[0]);
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    return jsonLdString(o.name ?? o["@id"] ?? o.url);
  }
  return null;
}

function firstStated(
  document: DomDocument,
  ld: readonly Record<string, unknown>[],
  sources: readonly (readonly [string, string])[],
  accept: (value: string) => string | null = (v) => v.trim().replace(/\s+/g, " ") || null,
): string | null {
  for (const [selector, attribute] of sources) {
    const values =
      selector === "json-ld"
        ? ld.map((o) => jsonLdString(o[attribute]))
        : Array.from(safeQueryAll(document, selector)).map((el) => el.getAttribute(attribute));
    for (const value of values) {
      const accepted = value === null ? null : accept(value);
      if (accepted !== null) return accepted;
    }
  }
  return null;
}

function safeQueryAll(document: DomDocument, selector: string): ArrayLike<DomElement> {
  try {
    return document.querySelectorAll(selector);
  } catch {
    return [];
  }
}

function absoluteUrl(href: string, base: string | null | undefined): string | null {
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}

/** Reads title, outlet, canonical address, publication time and language from a parsed page (before extraction changes it). */
function readMeta(document: DomDocument, baseUrl: string | null | undefined): PageMeta {
  const ld = jsonLdObjects(document);
  const url = firstStated(document, ld, URL_SOURCES, (v) => absoluteUrl(v, baseUrl));
  const titleTag = document.querySelector("title")?.textContent?.trim().replace(/\s+/g, " ") || null;
  const language = firstStated(document, ld, LANGUAGE_SOURCES, (v) => {
    const primary = v.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
    return /^[a-z]{2,3}$/.test(primary) ? primary : null;
  });
  return {
    title: firstStated(document, ld, TITLE_SOURCES) ?? titleTag,
    outlet: firstStated(document, ld, OUTLET_SOURCES) ?? hostOf(url ?? baseUrl),
    url,
    published: firstStated(document, ld, PUBLISHED_SOURCES, normalizePublished),
    language,
  };
}

/** Reads a page's metadata (title, outlet, canonical URL, published time, language) without extracting its text. */
export function readPageMeta(html: string, baseUrl: string | null = null): PageMeta {
  return readMeta(parseDocument(html), baseUrl);
}

/** Feed addresses a page advertises (`<link rel="alternate" type="application/rss+xml|atom+xml">`), absolute. */
export function discoverFeedLinks(html: string, baseUrl: string | null = null): string[] {
  const selector = "link[rel~='alternate' i][type*='rss' i], link[rel~='alternate' i][type*='atom' i]";
  const links = Array.from(safeQueryAll(parseDocument(html), selector)).map((el) => el.getAttribute("href"));
  return [
    ...new Set(links.flatMap((href) => (href ? [absoluteUrl(href, baseUrl)].filter((u) => u !== null) : []))),
  ];
}

function failPage(where: string, message: string): ArticleParse {
  return { ok: false, error: `${where}: ${message}`, id: null };
}

/**
 * Turns one HTML page into an Article: main text by @mozilla/readability (over linkedom), junk lines dropped,
 * paragraphs separated by blank lines; metadata from meta tags and JSON-LD, `options` filling what the page lacks.
 * Empty, binary or text-less pages give `{ ok: false }` with the reason, never a throw.
 */
export function parseHtmlPage(html: string, options: PageOptions): ArticleParse {
  const { where } = options;
  const junk = options.junk ?? DEFAULT_JUNK;
  if (html.trim() === "") return failPage(where, "expected an HTML page, found an empty file");
  if (looksBinary(html)) return failPage(where, "expected an HTML page, found binary data");
  let document: DomDocument;
  let meta: PageMeta;
  let text: string;
  const warnings: string[] = [];
  try {
    document = parseDocument(html);
    if (document.documentElement === null) return failPage(where, "expected an HTML page, found no document");
    meta = readMeta(document, options.url);
    const bodyChars = (document.body?.textContent ?? "").length;
    for (const selector of junk.elements) removeAll(document, selector, bodyChars * MAX_JUNK_ELEMENT_SHARE);
    const readable = new Readability<DomNode>(document as never, {
      serializer: (node) => node as unknown as DomNode,
      charThreshold: MIN_READABLE_CHARS,
    }).parse();
    const content = readable?.content ? blockText(readable.content) : "";
    if (content.length >= MIN_READABLE_CHARS || document.body === null) text = content;
    else {
      // Readability found too little (a short page): take the whole body, junk elements removed, instead.
      const fallback = parseDocument(html);
      for (const selector of junk.elements) removeAll(fallback, selector, bodyChars * MAX_JUNK_ELEMENT_SHARE);
      const whole = fallback.body ? blockText(fallback.body) : "";
      text = whole.length > content.length ? whole : content;
      if (text !== content)
        warnings.push(`${where}: readability found little main text; used the whole page body`);
    }
    if (meta.title === null && readable?.title) meta = { ...meta, title: readable.title.trim() || null };
  } catch (error) {
    return failPage(where, `expected parseable HTML, found markup the parser rejects (${String(error)})`);
  }
  const stripped = stripJunkLines(text, junk);
  text = dropLeadingTitle(stripped.text, meta.title ?? options.title ?? null);
  if (text.trim() === "") return failPage(where, "expected article text in the page, found none");
  const parse = normalizeArticle(
    {
      url: meta.url ?? options.url ?? null,
      outlet: meta.outlet ?? options.outlet ?? hostOf(options.url),
      published: meta.published ?? normalizePublished(options.published),
      title: meta.title ?? options.title ?? null,
      text,
      language: meta.language,
    },
    where,
  );
  return parse.ok ? { ...parse, warnings: [...warnings, ...parse.warnings] } : parse;
}

/** Drops the first paragraph when it only repeats the headline (readability keeps an `<h1>` sometimes). */
function dropLeadingTitle(text: string, title: string | null): string {
  if (title === null) return text;
  const cut = text.indexOf("\n\n");
  const first = cut < 0 ? text : text.slice(0, cut);
  const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, " ").trim();
  return norm(first) === norm(title) && cut >= 0 ? text.slice(cut + 2) : text;
}
