import assert from "node:assert/strict";
import { test } from "node:test";
import { VAGUE_QUANTITIES } from "../model.js";
import { COUNT_PHRASE_SOURCE, parseCount, parseNumber, VAGUE_COUNTS } from "./numbers.js";

/** [phrase, low, high, rule] — the readings documented at the top of numbers.ts. */
const COUNTS: [string, number, number | null, string][] = [
  ["six", 6, 6, "count/exact"],
  ["fourteen", 14, 14, "count/exact"],
  ["twenty-three", 23, 23, "count/exact"],
  ["twenty three", 23, 23, "count/exact"],
  ["1,200", 1200, 1200, "count/exact"],
  ["12", 12, 12, "count/exact"],
  ["a dozen", 12, 12, "count/exact"],
  ["dozens", 24, null, "count/vague-dozens"],
  ["tens", 20, null, "count/vague-tens"],
  ["scores", 40, null, "count/vague-scores"],
  ["hundreds", 200, null, "count/vague-hundreds"],
  ["thousands", 2000, null, "count/vague-thousands"],
  ["at least six", 6, null, "count/at-least"],
  ["at least 6", 6, null, "count/at-least"],
  ["more than 20", 21, null, "count/more-than"],
  ["over 20", 21, null, "count/more-than"],
  ["nearly 30", 30, 30, "count/nearly"],
  ["almost 30", 30, 30, "count/nearly"],
  ["up to 12", 1, 12, "count/up-to"],
  ["as many as 40", 1, 40, "count/up-to"],
  ["between 10 and 12", 10, 12, "count/between"],
  ["10 to 12", 10, 12, "count/range"],
  ["1-2", 1, 2, "count/range"],
  ["3\u20135", 3, 5, "count/range"],
  ["a", 1, 1, "count/one"],
  ["one", 1, 1, "count/one"],
  ["two", 2, 2, "count/exact"],
  ["no", 0, 0, "count/none"],
  ["none", 0, 0, "count/none"],
  ["no one", 0, 0, "count/none"],
  ["several", 3, null, "count/vague-several"],
  ["a number of", 2, null, "count/vague-number"],
  ["a few", 2, null, "count/vague-few"],
  ["about 50", 50, 50, "count/approx"],
  ["around 15", 15, 15, "count/approx"],
  ["some 30", 30, 30, "count/approx"],
  ["an estimated 200", 200, 200, "count/approx"],
  ["exactly 7", 7, 7, "count/exact"],
  ["a total of 9", 9, 9, "count/exact"],
  ["15+", 15, null, "count/or-more"],
  ["20 or more", 20, null, "count/or-more"],
  ["one hundred", 100, 100, "count/exact"],
  ["two hundred and fifty", 250, 250, "count/exact"],
  ["a hundred", 100, 100, "count/exact"],
  ["fewer than 10", 1, 9, "count/fewer-than"],
  ["no fewer than 8", 8, null, "count/at-least"],
  ["not less than 5", 5, null, "count/at-least"],
  ["upwards of 300", 301, null, "count/more-than"],
  ["in excess of 1,000", 1001, null, "count/more-than"],
  ["well over 1000", 1001, null, "count/more-than"],
  ["just over 40", 41, null, "count/more-than"],
  ["a couple of", 2, 2, "count/exact"],
  ["a handful of", 2, null, "count/vague-handful"],
  ["zero", 0, 0, "count/none"],
  ["dozens of", 24, null, "count/vague-dozens"],
  ["hundreds of", 200, null, "count/vague-hundreds"],
  ["seven or eight", 7, 8, "count/range"],
  ["tens of thousands", 20000, null, "count/vague-thousands"],
];

for (const [phrase, low, high, rule] of COUNTS) {
  test(`parseCount: ${JSON.stringify(phrase)} → ${low}..${high}`, () => {
    const got = parseCount(phrase);
    assert.ok(got, "expected a reading");
    assert.deepEqual([got.low, got.high, got.rule], [low, high, rule]);
  });
}

const NO_FIGURE = ["some", "many", "between 12 and 10", "", "many people", "killed"];

for (const phrase of NO_FIGURE) {
  test(`parseCount: ${JSON.stringify(phrase)} gives no figure`, () => {
    assert.equal(parseCount(phrase), null);
  });
}

test("parseCount: vague quantities carry their ACLED name", () => {
  assert.equal(parseCount("dozens")?.vague, "dozens");
  assert.equal(parseCount("several")?.vague, "several");
  assert.equal(parseCount("hundreds of")?.vague, "hundreds");
  assert.equal(parseCount("12")?.vague, undefined);
});

const NUMBERS: [string, number | null][] = [
  ["forty-two", 42],
  ["ninety nine", 99],
  ["three hundred", 300],
  ["three hundred and twelve", 312],
  ["1,234,567", 1234567],
  ["two thousand", 2000],
  ["eleven", 11],
  ["0", 0],
  ["x", null],
  ["12 people", null],
];

for (const [phrase, want] of NUMBERS) {
  test(`parseNumber: ${JSON.stringify(phrase)}`, () => {
    assert.equal(parseNumber(phrase), want);
  });
}

test("every vague word of the table reads as its vague quantity, alone and inside a count phrase", () => {
  const phrase = new RegExp(`^${COUNT_PHRASE_SOURCE}$`, "i");
  const cases: [string, string][] = [
    ["several", "several"],
    ["tens of", "tens"],
    ["dozens of", "dozens"],
    ["scores of", "scores"],
    ["hundreds", "hundreds"],
    ["thousands of", "thousands"],
    ["a few", "few"],
    ["a number of", "number"],
    ["a handful of", "handful"],
  ];
  assert.deepEqual(
    cases.map(([, word]) => word).sort(),
    Object.keys(VAGUE_COUNTS).sort(),
    "one case per row",
  );
  for (const [text, word] of cases) {
    const row = VAGUE_COUNTS[word];
    assert.ok(row && VAGUE_QUANTITIES.includes(row.vague), `${word} names a vague quantity`);
    assert.deepEqual(parseCount(text), {
      low: row.low,
      high: null,
      rule: `count/vague-${word}`,
      vague: row.vague,
    });
    assert.ok(phrase.test(text), `${text} is a count phrase`);
  }
});
