import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { feedEntry, looksLikeFeed, parseFeed } from "./feed.js";
import { compileJunkPatterns } from "./html.js";

const ROOT = new URL("../../", import.meta.url);
const JUNK = compileJunkPatterns(
  JSON.parse(readFileSync(new URL("data/ingest/junk-lines.json", ROOT), "utf8")),
  "junk",
);
const feed = (name: string): string =>
  readFileSync(new URL(`test/fixtures/inputs/feeds/${name}`, ROOT), "utf8");

test("RSS 2.0: content:encoded over description, RFC 2822 and dc:date, relative links, junk dropped", () => {
  const parse = parseFeed(feed("courier-rss.xml"), { where: "courier.xml", junk: JUNK });
  assert.ok(parse.ok);
  const { feed: f } = parse;
  assert.equal(f.format, "rss");
  assert.equal(f.title, "The Velan Courier");
  assert.equal(f.items.length, 4);
  const [a, b, c, d] = f.items;
  assert.equal(a?.origin, "courier.xml#item1");
  assert.equal(a?.key, "courier-1001");
  assert.equal(a?.textKind, "full");
  assert.equal(a?.published, "2031-03-11T07:45:00+02:00");
  assert.equal(
    a?.text,
    "Artillery shells landed on the edge of Brask, a fictional market town, on Monday evening, a made-up regional official said.\n\nThe official said two houses were damaged and nobody was hurt.",
  );
  assert.equal(b?.title, "Protest in Lenmar over road repairs");
  assert.equal(b?.textKind, "summary");
  assert.equal(b?.published, "2031-03-12T16:20:00Z");
  assert.ok(!b?.text?.includes("Share"));
  assert.equal(c?.url, "https://courier.example/news/2031/03/port-velan-depot");
  assert.equal(c?.text, null);
  assert.equal(d?.url, null);
});

test("feedEntry: text becomes an Article with the channel as outlet, a bare link a link to fetch, nothing an error", () => {
  const parse = parseFeed(feed("courier-rss.xml"), { where: "courier.xml", junk: JUNK });
  assert.ok(parse.ok);
  const entries = parse.feed.items.map((item) => feedEntry(item, parse.feed, { published: "2031-01-01" }));
  assert.deepEqual(
    entries.map((e) => e.kind),
    ["article", "article", "link", "error"],
  );
  const first = entries[0];
  assert.ok(first?.kind === "article");
  assert.equal(first.article.article.outlet, "The Velan Courier");
  assert.equal(first.article.article.url, "https://courier.example/news/brask-shelling");
  const link = entries[2];
  assert.ok(link?.kind === "link");
  assert.equal(link.url, "https://courier.example/news/2031/03/port-velan-depot");
  const error = entries[3];
  assert.ok(error?.kind === "error");
  assert.equal(error.error, "courier.xml#item4: expected item text or a link, found neither");
});

test("Atom: escaped html content, inline xhtml summary, type=text kept literal, published over updated", () => {
  const parse = parseFeed(feed("hills-atom.xml"), { where: "hills.atom" });
  assert.ok(parse.ok);
  const [a, b, c] = parse.feed.items;
  assert.equal(parse.feed.format, "atom");
  assert.equal(parse.feed.title, "Hill Country Dispatch");
  assert.equal(a?.published, "2031-04-02T21:10:00+01:00");
  assert.equal(a?.url, "https://hills.example/orrin-clashes");
  assert.match(
    a?.text ?? "",
    /\n\nOne guard was injured, a fictional spokesperson said & added nothing more\.$/,
  );
  assert.equal(b?.title, "Market fire in Dunmere");
  assert.equal(b?.textKind, "summary");
  assert.equal(
    b?.text,
    "A fire destroyed stalls in the made-up market of Dunmere.\n\nPolice said the cause was unknown.",
  );
  assert.equal(
    c?.text,
    "Council members in the fictional town of Esk voted 5 < 6 on a road budget.\n\nA second paragraph of invented detail.",
  );
  assert.equal(c?.published, "2031-04-01");
});

test("not XML, XML that is not a feed, empty and binary input are errors naming the input", () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    [feed("not-xml.rss"), /^x\.rss: expected an RSS or Atom feed \(XML\), found text "This file/],
    [
      feed("not-a-feed.xml"),
      /^x\.rss: expected an RSS 2\.0 or Atom feed, found XML whose root element is <catalogue>$/,
    ],
    ["", /^x\.rss: expected an RSS or Atom feed, found an empty file$/],
    ["\u0000\u0000<rss>", /found binary data/],
    ["<html><body><p>page</body></html>", /^x\.rss: expected an RSS 2\.0 or Atom feed, found malformed XML/],
  ];
  for (const [xml, expected] of cases) {
    const parse = parseFeed(xml, { where: "x.rss" });
    assert.equal(parse.ok, false);
    assert.match(parse.ok ? "" : parse.error, expected);
  }
});

test("a truncated feed keeps the items read before the cut, with a warning", () => {
  const parse = parseFeed(feed("truncated.xml"), { where: "cut.xml" });
  assert.ok(parse.ok);
  assert.equal(parse.feed.items[0]?.text, "A complete fictional item survives the cut.");
  assert.match(parse.feed.warnings[0] ?? "", /^cut\.xml: malformed XML/);
});

test("an item whose only link is not an http(s) address says so", () => {
  const xml =
    '<rss version="2.0"><channel><title>T</title><item><title>x</title><link>javascript:void(0)</link></item></channel></rss>';
  const parse = parseFeed(xml, { where: "j.xml" });
  assert.ok(parse.ok);
  const [item] = parse.feed.items;
  assert.ok(item);
  const entry = feedEntry(item, parse.feed);
  assert.deepEqual(entry, {
    kind: "error",
    origin: "j.xml#item1",
    error:
      'j.xml#item1: expected item text or an http(s) link, found no text and the link "javascript:void(0)"',
  });
});

test("looksLikeFeed sniffs rss, atom and rdf roots only", () => {
  assert.ok(looksLikeFeed('<?xml version="1.0"?>\n<rss version="2.0">'));
  assert.ok(looksLikeFeed('<feed xmlns="http://www.w3.org/2005/Atom">'));
  assert.ok(looksLikeFeed("<rdf:RDF xmlns:rdf='x'>"));
  assert.ok(!looksLikeFeed("<html><body>feed me</body></html>"));
  assert.ok(!looksLikeFeed("text about an <rss> tag"));
});

test("RSS 1.0 (RDF) items are read", () => {
  const xml = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><title>Old Format Weekly</title><link>https://old.example/</link></channel>
  <item><title>Invented item</title><link>https://old.example/1</link><dc:date>2031-02-02</dc:date><description>A fictional weekly item.</description></item></rdf:RDF>`;
  const parse = parseFeed(xml, { where: "rdf" });
  assert.ok(parse.ok);
  assert.equal(parse.feed.format, "rdf");
  assert.equal(parse.feed.title, "Old Format Weekly");
  assert.deepEqual(
    parse.feed.items.map((i) => [i.url, i.published, i.text]),
    [["https://old.example/1", "2031-02-02", "A fictional weekly item."]],
  );
});

test("Atom text content: entities decode, and an unknown entity named like an object property stays as written", () => {
  const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire (fictional)</title>
<entry><title>Brask</title><link href="https://wire.example/a"/><updated>2031-03-02T08:00:00Z</updated>
<content type="text">Shelling hit Brask &amp; Velan &constructor; &tostring; overnight.</content></entry></feed>`;
  const parse = parseFeed(xml, { where: "wire.xml", junk: JUNK });
  assert.ok(parse.ok);
  assert.equal(parse.feed.items[0]?.text, "Shelling hit Brask & Velan &constructor; &tostring; overnight.");
});
