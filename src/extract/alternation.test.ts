import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import actorsTable from "../../data/lexicons/actors.json" with { type: "json" };
import cuesTable from "../../data/lexicons/cues.json" with { type: "json" };
import triggersTable from "../../data/lexicons/triggers.json" with { type: "json" };
import { alternation, patternFor, requiredLiteral, splitFirst, topLevelBranches } from "./alternation.js";
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
    assert.deepEqual(matches(alternation(fragments).pattern, texts), expected);
  });
}

test("alternation: rows tell which table row a match came from", () => {
  const alt = alternation(["car bombs?", "(?:roadside|car) blasts?", "\\d+ ?mm mortars"]);
  const found = [..."A car blast and 120mm mortars; car bombs.".matchAll(alt.pattern)].map((m) => m[0]);
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

test("alternation: the lean pattern leaves out ungrouped branches and is used only where none can match", () => {
  const alt = alternation(["car bombs?", "\\w+-led jets", "\\d+ ?mm mortars"]);
  assert.notEqual(alt.lean, alt.pattern);
  const plainText = "A car bomb went off near the market.";
  const ledText = "Coalition-LED jets and a car bomb.";
  assert.equal(patternFor(alt, plainText), alt.lean);
  assert.equal(patternFor(alt, ledText), alt.pattern);
  assert.equal(patternFor(alt, "Two 82mm mortars hit."), alt.pattern);
  assert.deepEqual(
    [...ledText.matchAll(patternFor(alt, ledText))].map((m) => m[0]),
    ["Coalition-LED jets", "car bomb"],
  );
  const grouped = alternation(["car bombs?", "air ?strikes?"]);
  assert.equal(grouped.lean, grouped.pattern);
  assert.equal(grouped.ungroupedHint, null);
});

for (const [name, fragments] of Object.entries(TABLES)) {
  test(`alternation: on the ${name} table the pattern chosen per text finds what the full pattern finds`, () => {
    const alt = alternation(fragments);
    for (const text of [...SAMPLES, ...EXTRA])
      assert.deepEqual(
        matches(patternFor(alt, text), [text]),
        matches(alt.pattern, [text]),
        text.slice(0, 60),
      );
  });
}

/** V8 runs a regular expression whose source is longer than this without its optimisations (several times slower). */
const V8_OPTIMISED_SOURCE = 20 * 1024;

test("the trigger alternation stays short enough for V8 to optimise it (a row more must not make every scan slow)", () => {
  const { triggerPattern } = defaultLexicons();
  for (const re of [triggerPattern.pattern, triggerPattern.lean])
    assert.ok(
      re.source.length < V8_OPTIMISED_SOURCE,
      `trigger pattern of ${re.source.length} characters: split it or fold rows before adding more`,
    );
});
