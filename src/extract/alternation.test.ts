import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import actorsTable from "../../data/lexicons/actors.json" with { type: "json" };
import cuesTable from "../../data/lexicons/cues.json" with { type: "json" };
import triggersTable from "../../data/lexicons/triggers.json" with { type: "json" };
import {
  alternation,
  MAX_PART_SOURCE,
  matchAll,
  requiredLiteral,
  splitFirst,
  topLevelBranches,
} from "./alternation.js";
import { defaultLexicons } from "./lexicon.js";

test("topLevelBranches splits only outside groups and classes", () => {
  assert.deepEqual(topLevelBranches("a|(?:b|c)d|[|]e|f\\|g"), ["a", "(?:b|c)d", "[|]e", "f\\|g"]);
});

const SPLITS: readonly (readonly [string, readonly (readonly [string | null, string])[]])[] = [
  ["attacks?", [["a", "ttacks?"]]],
  ["Airstrikes", [["a", "irstrikes"]]],
  [
    "(?:roadside|car) bombs?",
    [
      ["r", "oadside bombs?"],
      ["c", "ar bombs?"],
    ],
  ],
  [
    "(?:hand )?grenades?",
    [
      ["h", "and grenades?"],
      ["g", "renades?"],
    ],
  ],
  [
    "(?:\\d+ ?mm )?mortars",
    [
      [null, "\\d+ ?mm mortars"],
      ["m", "ortars"],
    ],
  ],
  ["\\w+-led jets", [[null, "\\w+-led jets"]]],
  ["s?hell", [[null, "s?hell"]]],
  ["(?:ab)+c", [[null, "(?:ab)+c"]]],
];

for (const [branch, expected] of SPLITS) {
  test(`splitFirst: ${branch}`, () => {
    assert.deepEqual(
      splitFirst(branch).map((s) => [s.first, s.rest]),
      expected,
    );
  });
}

/** Every match (offset and text) of a global pattern in the texts. */
function matches(pattern: RegExp, texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const m of t.matchAll(pattern)) out.push(`${m.index}:${m[0]}`);
  return out;
}

/** Every match (offset and text) of an alternation in the texts. */
function altMatches(alt: ReturnType<typeof alternation>, texts: readonly string[]): string[] {
  return texts.flatMap((t) => matchAll(alt, t).map((m) => `${m.index}:${m[0]}`));
}

/** The plain alternation the trie must agree with. */
function plain(fragments: readonly string[]): RegExp {
  return new RegExp(`\\b(?:${fragments.map((f) => `(?:${f})`).join("|")})(?![\\w-])`, "gi");
}

const SAMPLES = readFileSync(new URL("../../data/samples/articles.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => String((JSON.parse(l) as { text: unknown }).text));
const EXTRA = [
  "Israeli jets and Saudi-led warplanes struck; 120mm mortars and mortars fell. A roadside bomb, a car bomb.",
  "Unidentified gunmen abducted two; Tehran-backed militias and pro-Iranian fighters clashed with US forces.",
  "AIRSTRIKES hit; hand grenades were thrown; the US-led coalition's drones bombed a depot.",
];

const TABLES: Readonly<Record<string, readonly string[]>> = {
  triggers: [...triggersTable.triggers].sort((a, b) => b.priority - a.priority).map((t) => t.pattern),
  actors: actorsTable.actors.flatMap((a) => a.patterns).sort((x, y) => y.length - x.length),
  certainty: cuesTable.certainty.map((c) => c.pattern),
};

for (const [name, fragments] of Object.entries(TABLES)) {
  test(`alternation: the ${name} trie finds exactly what the plain alternation finds`, () => {
    const texts = [...SAMPLES, ...EXTRA];
    const expected = matches(plain(fragments), texts);
    assert.ok(
      expected.length > 20,
      `expected the ${name} table to match the samples, found ${expected.length}`,
    );
    assert.deepEqual(altMatches(alternation(fragments), texts), expected);
  });

  test(`alternation: the ${name} trie cut into many small parts still finds what the plain alternation finds`, () => {
    const texts = [...SAMPLES, ...EXTRA];
    const alt = alternation(fragments, 400);
    assert.ok(alt.parts.length > 5, `expected many parts, found ${alt.parts.length}`);
    assert.deepEqual(altMatches(alt, texts), matches(plain(fragments), texts));
  });
}

test("alternation: rows tell which table row a match came from", () => {
  const alt = alternation(["car bombs?", "(?:roadside|car) blasts?", "\\d+ ?mm mortars"]);
  const found = matchAll(alt, "A car blast and 120mm mortars; car bombs.").map((m) => m[0]);
  assert.deepEqual(found, ["car blast", "120mm mortars", "car bombs"]);
  assert.deepEqual(
    found.map((f) => alt.rows.findIndex((r) => r.test(f))),
    [1, 2, 0],
  );
});

const LITERALS: readonly (readonly [string, string])[] = [
  ["\\w+-led (?:jets?|aircraft)", "-led "],
  ["\\d+ ?mm mortars", "mm mortars"],
  ["ab\\.cd", "ab"],
  ["x{2,3}yz", "yz"],
  ["[ab]?cdx", "cdx"],
  ["(?:ab)?cd", "cd"],
  ["s?hell", "hell"],
  ["x\\w+", ""],
];

for (const [branch, expected] of LITERALS) {
  test(`requiredLiteral: ${branch} must contain "${expected}"`, () => {
    assert.equal(requiredLiteral(branch), expected);
  });
}

test("alternation: ungrouped branches are scanned only where their literal words stand, after the groups", () => {
  const alt = alternation(["car bombs?", "\\w+-led jets", "\\d+ ?mm mortars"]);
  assert.equal(alt.parts.length, 1);
  assert.ok(alt.ungrouped && alt.ungroupedHint);
  assert.equal(alt.ungroupedHint.test("A car bomb went off near the market."), false);
  assert.equal(alt.ungroupedHint.test("Coalition-LED jets and a car bomb."), true);
  assert.equal(alt.ungroupedHint.test("Two 82mm mortars hit."), true);
  assert.deepEqual(
    matchAll(alt, "Coalition-LED jets and a car bomb.").map((m) => m[0]),
    ["Coalition-LED jets", "car bomb"],
  );
  // At one start the grouped row wins, as it stands first in the one pattern; an overlapped match is skipped.
  const tie = alternation(["car bombs?", "\\w+ bombs? blasts?"]);
  assert.deepEqual(altMatches(tie, ["a car bomb blast; a car bomb"]), ["2:car bomb", "20:car bomb"]);
  assert.deepEqual(
    altMatches(tie, ["a car bomb blast; a car bomb"]),
    matches(/\b(?:c(?:ar bombs?)|\w+ bombs? blasts?)(?![\w-])/gi, ["a car bomb blast; a car bomb"]),
  );
  const grouped = alternation(["car bombs?", "air ?strikes?"]);
  assert.equal(grouped.ungrouped, null);
  assert.equal(grouped.ungroupedHint, null);
});

/** V8 runs a regular expression whose source is longer than this without its optimisations (several times slower). */
const V8_OPTIMISED_SOURCE = 20 * 1024;

test("every part of the lexicon's alternations stays short enough for V8 to optimise it, however the tables grow", () => {
  const lex = defaultLexicons();
  for (const alt of [lex.triggerPattern, lex.actorPattern, lex.certaintyPattern])
    for (const re of [...alt.parts, ...(alt.ungrouped ? [alt.ungrouped] : [])])
      assert.ok(re.source.length < V8_OPTIMISED_SOURCE, `a part of ${re.source.length} characters`);
  const triggers = [...triggersTable.triggers].map((t) => t.pattern);
  const doubled = alternation([...triggers, ...triggers.map((t) => `x${t}`)]);
  assert.ok(doubled.parts.length >= 2);
  for (const re of doubled.parts) assert.ok(re.source.length <= MAX_PART_SOURCE + 32);
});
