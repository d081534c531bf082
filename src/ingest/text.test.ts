import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { looksLikeHeadline, parsePlainText } from "./text.js";

const text = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/inputs/text/${name}`, import.meta.url), "utf8");

test("header lines give published and outlet; a standalone short line is the title; the body keeps paragraphs", () => {
  const parse = parsePlainText(text("depot-fire.txt"), { where: "depot-fire.txt", published: "2031-01-01" });
  assert.ok(parse.ok);
  assert.equal(parse.article.published, "2031-03-15", "the file's own date wins over the option");
  assert.equal(parse.article.outlet, "Coastal Radio (fictional)");
  assert.equal(parse.article.title, "Depot fire still burning in Port Velan");
  assert.match(parse.article.text, /^Firefighters in Port Velan/);
  assert.equal(parse.article.text.split("\n\n").length, 2);
});

test("RFC 2822 Date: header and CRLF line ends", () => {
  const parse = parsePlainText(text("crlf-date.txt"), { where: "c" });
  assert.ok(parse.ok);
  assert.equal(parse.article.published, "2031-04-17T09:00:00Z");
  assert.equal(parse.article.title, "River crossing reopens in Dunmere");
  assert.equal(parse.article.text, "The fictional ferry service in Dunmere restarted on Thursday.");
});

test("no header and a sentence first: no title, the option dates it; without an option published is null", () => {
  const dated = parsePlainText(text("no-headline.txt"), { where: "n", published: "2031-01-01" });
  assert.ok(dated.ok);
  assert.equal(dated.article.title, null);
  assert.equal(dated.article.published, "2031-01-01");
  assert.match(dated.article.text, /^Officials in the imaginary town of Esk/);
  const undated = parsePlainText(text("no-headline.txt"), { where: "n" });
  assert.ok(undated.ok);
  assert.equal(undated.article.published, null);
});

test("a bad date header is a warning naming the line, not a failure", () => {
  const parse = parsePlainText("Date: someday soon\n\nA fictional council met in Esk.", { where: "d.txt" });
  assert.ok(parse.ok);
  assert.equal(parse.article.published, null);
  assert.match(parse.warnings[0] ?? "", /^d\.txt:1: expected a date after "Date:", found "someday soon"/);
});

test("the headline rule", () => {
  const cases: readonly (readonly [string, boolean, boolean, boolean])[] = [
    ["Bridge closed in Esk", true, true, true],
    ["Bridge closed in Esk", false, true, false],
    ["Bridge closed in Esk", true, false, false],
    ["The council said the bridge was closed.", true, true, false],
    ["Is the bridge closed?", true, true, false],
    [`${"word ".repeat(30)}`, true, true, false],
  ];
  for (const [line, blank, rest, expected] of cases)
    assert.equal(looksLikeHeadline(line, blank, rest), expected, line);
});

test("empty and binary text are errors", () => {
  assert.deepEqual(parsePlainText(" \n\n", { where: "e.txt" }), {
    ok: false,
    error: "e.txt: expected article text, found an empty file",
    id: null,
  });
  assert.equal(parsePlainText("\u0000\u0001abc", { where: "b.txt" }).ok, false);
});

test("a line named like an object property is body text, not a header", () => {
  const parse = parsePlainText("Constructor: crews rebuilt the bridge at Dunmere on Monday.\nIt reopened.", {
    where: "c",
    published: "2031-01-01",
  });
  assert.ok(parse.ok);
  assert.match(parse.article.text, /^Constructor: crews rebuilt/);
});
