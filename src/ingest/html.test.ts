import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  compileJunkPatterns,
  discoverFeedLinks,
  htmlToText,
  junkRuleFor,
  NO_JUNK,
  parseHtmlPage,
  readPageMeta,
  stripJunkLines,
} from "./html.js";

const ROOT = new URL("../../", import.meta.url);
const TABLE = JSON.parse(readFileSync(new URL("data/ingest/junk-lines.json", ROOT), "utf8")) as {
  lines: { name: string; examples: string[] }[];
  not_junk: string[];
};
const JUNK = compileJunkPatterns(TABLE, "junk-lines.json");
const page = (name: string): string =>
  readFileSync(new URL(`test/fixtures/inputs/pages/${name}`, ROOT), "utf8");

test("every junk pattern matches its own examples and no pattern matches the not_junk prose", () => {
  for (const entry of TABLE.lines) {
    assert.ok(entry.examples.length > 0, `${entry.name} has examples`);
    for (const example of entry.examples)
      assert.notEqual(junkRuleFor(example, JUNK), null, `${entry.name}: ${example}`);
  }
  for (const prose of TABLE.not_junk) assert.equal(junkRuleFor(prose, JUNK), null, prose);
});

test("compileJunkPatterns rejects a malformed table with where and what", () => {
  assert.throws(
    () => compileJunkPatterns({ lines: [{ name: "x", pattern: "(" }], elements: [] }, "t.json"),
    /t\.json: expected lines\[0\]/,
  );
  assert.throws(() => compileJunkPatterns([], "t.json"), /expected `lines` to be an array/);
});

test("stripJunkLines drops whole junk lines and keeps paragraphs apart", () => {
  const { text, dropped } = stripJunkLines(
    "First para.\n\nREAD MORE: elsewhere\n\nSecond line\nShare\n\nLast.",
    JUNK,
  );
  assert.equal(text, "First para.\n\nSecond line\n\nLast.");
  assert.deepEqual(dropped, ["READ MORE: elsewhere", "Share"]);
});

test("a full page gives main text without furniture and all its metadata", () => {
  const parse = parseHtmlPage(page("harbour-strike.html"), { where: "harbour-strike.html", junk: JUNK });
  assert.ok(parse.ok);
  const a = parse.article;
  assert.equal(a.title, "Drone strike hits fuel depot near Port Velan");
  assert.equal(a.outlet, "The Velan Courier");
  assert.equal(a.url, "https://courier.example/news/2031/03/port-velan-depot");
  assert.equal(a.published, "2031-03-14T09:30:00+02:00");
  assert.equal(a.language, "en");
  assert.match(a.text, /^A drone struck a fuel depot on the outskirts of Port Velan/);
  assert.match(a.text, /tankers usually unload\.\nFire crews/, "<br> is a line break");
  assert.equal(a.text.split("\n\n").length, 4, "four paragraphs separated by blank lines");
  for (const junk of [
    "READ MORE",
    "Related",
    "Share",
    "Photo:",
    "newsletter",
    "Smoke rising",
    "Home",
    "©",
    "Harbour reopens",
  ]) {
    assert.ok(!a.text.includes(junk), `dropped ${junk}`);
  }
});

test("junk lines survive when no junk table is given (the table is what removes them)", () => {
  const parse = parseHtmlPage(page("harbour-strike.html"), { where: "p", junk: NO_JUNK });
  assert.ok(parse.ok);
  assert.match(parse.article.text, /READ MORE: Talks on the invented ceasefire stall again/);
});

test("JSON-LD in a @graph gives title, outlet, url and date; html lang the language", () => {
  const parse = parseHtmlPage(page("jsonld-only.html"), { where: "j", junk: JUNK });
  assert.ok(parse.ok);
  assert.deepEqual(
    { ...parse.article, text: undefined, id: undefined },
    {
      id: undefined,
      text: undefined,
      url: "https://hills.example/orrin-clashes",
      outlet: "Hill Country Dispatch",
      published: "2031-04-02",
      title: "Clashes reported in the hill village of Orrin",
      language: "fr",
    },
  );
  assert.match(parse.article.text, /^Armed men clashed[^\n]+\n\nThe statement said one guard was injured/);
});

test("a <time datetime> dates a page whose meta date is not a date; options fill outlet and url", () => {
  const parse = parseHtmlPage(page("time-tag.htm"), {
    where: "t",
    junk: JUNK,
    url: "https://www.lenmar.example/x?y=1",
  });
  assert.ok(parse.ok);
  assert.equal(parse.article.published, "2031-05-06T18:00:00Z");
  assert.equal(parse.article.url, "https://www.lenmar.example/x?y=1");
  assert.equal(parse.article.outlet, "lenmar.example");
});

test("a relative canonical link resolves against the fetched address", () => {
  const meta = readPageMeta(
    '<html><head><link rel="canonical" href="/a/b"></head><body></body></html>',
    "https://n.example/x",
  );
  assert.equal(meta.url, "https://n.example/a/b");
  assert.equal(meta.outlet, "n.example");
});

test("empty, text-less, binary and tag-soup pages give an error or text, never a throw", () => {
  const empty = parseHtmlPage(page("zero-bytes.html"), { where: "zero-bytes.html", junk: JUNK });
  assert.deepEqual(empty, {
    ok: false,
    error: "zero-bytes.html: expected an HTML page, found an empty file",
    id: null,
  });
  const bare = parseHtmlPage(page("empty-body.html"), { where: "empty-body.html", junk: JUNK });
  assert.equal(bare.ok, false);
  assert.match(
    bare.ok ? "" : bare.error,
    /^empty-body\.html: expected article text in the page, found none$/,
  );
  const binary = parseHtmlPage("\u0000\u0001\u0002PNG", { where: "b.html" });
  assert.equal(binary.ok, false);
  const soup = parseHtmlPage(
    "<p>Unclosed <b>bold <div>Gunfire was heard in the fictional town of Esk.</p></b>",
    { where: "s" },
  );
  assert.ok(soup.ok);
  assert.match(soup.article.text, /Gunfire was heard in the fictional town of Esk\./);
  const prose = parseHtmlPage("no markup at all, just a sentence about the invented town of Brask.", {
    where: "n",
  });
  assert.ok(prose.ok);
});

test("discoverFeedLinks finds advertised RSS and Atom feeds, absolute", () => {
  const html =
    '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"><link rel="alternate" type="application/atom+xml" href="https://a.example/atom"><link rel="stylesheet" href="/s.css"></head><body></body></html>';
  assert.deepEqual(discoverFeedLinks(html, "https://n.example/x"), [
    "https://n.example/rss",
    "https://a.example/atom",
  ]);
});

test("htmlToText keeps list items and paragraphs as separate paragraphs", () => {
  assert.equal(
    htmlToText("<p>One <i>two</i></p><ul><li>three</li><li>four</li></ul>"),
    "One two\n\nthree\n\nfour",
  );
  assert.equal(htmlToText("<p>Kept</p><p>Also read: gone</p>", JUNK), "Kept");
});
