import assert from "node:assert/strict";
import { test } from "node:test";
import { continuesAttribution, findReporter, reporterName } from "./reporters.js";

function span(text: string) {
  return { start: 0, end: text.length, text };
}

/** [sentence, reporter name, reporter span text] — null when no source is named. Fictional sentences. */
const CASES: [string, string | null, string | null][] = [
  [
    "Nine were killed, according to the Syrian Observatory for Human Rights.",
    "Syrian Observatory for Human Rights",
    "the Syrian Observatory for Human Rights",
  ],
  ["The SOHR said nine were killed.", "Syrian Observatory for Human Rights", "The SOHR"],
  ["State media reported that nine were killed.", "state media", "State media"],
  ["Nine were killed, state television said.", "state media", "state television"],
  ["The health ministry said nine were killed.", "health ministry", "The health ministry"],
  ["The Gaza health ministry said nine were killed.", "health ministry", "The Gaza health ministry"],
  ["A local official told Reuters nine were killed.", "officials", "A local official"],
  ["Colonel Amadou Keita told AFP that nine soldiers died.", "Colonel Amadou Keita", "Colonel Amadou Keita"],
  ["Reuters reported that nine were killed.", "Reuters", "Reuters"],
  ["Local sources said nine were killed.", "local sources", "Local sources"],
  ["Nine were killed, medics said.", "medics", "medics"],
  ["According to Human Rights Watch, nine were killed.", "Human Rights Watch", "Human Rights Watch"],
  ["Nine were killed, said the Interior Ministry.", "interior ministry", "the Interior Ministry"],
  [
    "The Norwegian Refugee Council, which runs the camp, said nine were killed.",
    "Norwegian Refugee Council",
    "The Norwegian Refugee Council",
  ],
  ["Nine people were killed in the attack.", null, null],
  ["Gunmen said nothing and killed nine.", null, null],
];

for (const [text, name, spanText] of CASES) {
  test(`findReporter: ${JSON.stringify(text)}`, () => {
    const found = findReporter(span(text));
    assert.equal(found?.name ?? null, name);
    assert.equal(found?.span.text ?? null, spanText);
    if (found) assert.equal(text.slice(found.span.start, found.span.end), found.span.text);
  });
}

test("reporterName: aliases map to one canonical name", () => {
  assert.equal(reporterName("the SOHR"), "Syrian Observatory for Human Rights");
  assert.equal(reporterName("Britain-based Syrian Observatory"), "Syrian Observatory for Human Rights");
  assert.equal(reporterName("Amnesty International"), "Amnesty International");
});

test("continuesAttribution: pronoun attributions continue, plain sentences do not", () => {
  assert.equal(continuesAttribution(span("It said 17 civilians were killed.")), true);
  assert.equal(continuesAttribution(span("Seventeen civilians were killed, he added.")), true);
  assert.equal(continuesAttribution(span("Seventeen civilians were killed.")), false);
});
