import assert from "node:assert/strict";
import { test } from "node:test";
import { contentHash, looksBinary, parseArticleLine, validIsoDate } from "./article.js";

const cases: { name: string; line: string; ok: boolean; match?: RegExp }[] = [
  {
    name: "a full article",
    line: '{"id":"a1","text":"Shelling hit the town.","published":"2021-01-13"}',
    ok: true,
  },
  {
    name: "malformed JSON",
    line: '{"id": "a1", "text": ',
    ok: false,
    match: /in\.jsonl:3: expected a JSON object, found malformed JSON/,
  },
  { name: "an array", line: "[1,2]", ok: false, match: /found \[1,2\]/ },
  { name: "no text", line: '{"id":"a2"}', ok: false, match: /expected a "text" field, found none/ },
  {
    name: "text not a string",
    line: '{"text":42}',
    ok: false,
    match: /expected "text" to be a string, found 42/,
  },
  { name: "empty text", line: '{"text":"   "}', ok: false, match: /non-empty/ },
  { name: "binary text", line: JSON.stringify({ text: "\u0000\u0001PK\u0003" }), ok: false, match: /binary/ },
];

for (const c of cases) {
  test(`parseArticleLine: ${c.name}`, () => {
    const result = parseArticleLine(c.line, "in.jsonl:3");
    assert.equal(result.ok, c.ok);
    if (!result.ok && c.match) assert.match(result.error, c.match);
  });
}

test("an invalid published date becomes a warning and null, the article is kept", () => {
  const result = parseArticleLine('{"text":"Clashes erupted.","published":"2021-02-30"}', "x:1");
  assert.ok(result.ok);
  assert.equal(result.article.published, null);
  assert.match(result.warnings.join("\n"), /expected "published" to be an ISO date, found "2021-02-30"/);
});

test("a missing id defaults to the content hash; non-string fields are ignored with a warning", () => {
  const result = parseArticleLine('{"text":"A protest was held.","outlet":7}', "x:2");
  assert.ok(result.ok);
  assert.equal(result.article.id, contentHash("A protest was held."));
  assert.equal(result.article.outlet, null);
  assert.match(result.warnings.join("\n"), /"outlet" to be a string, found 7/);
});

test("validIsoDate accepts dates and date-times and rejects impossible days", () => {
  assert.equal(validIsoDate("2020-06-28"), "2020-06-28");
  assert.equal(validIsoDate("2020-06-28T10:00:00Z"), "2020-06-28T10:00:00Z");
  assert.equal(validIsoDate("2020-13-01"), null);
  assert.equal(validIsoDate("2020-06-28T25:00:00Z"), null);
  assert.equal(validIsoDate("yesterday"), null);
});

test("looksBinary tells prose from junk", () => {
  assert.equal(looksBinary("Plain prose.\nWith lines."), false);
  assert.equal(looksBinary("\u0000abc"), true);
});
