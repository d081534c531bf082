import assert from "node:assert/strict";
import { test } from "node:test";
import { tokenize } from "./tokens.js";

test("plain words are kept only next to other tokens, also after a jump over a lower-case stretch", () => {
  // Token texts, "^" marking a sentence start.
  const cases: [string, string[]][] = [
    ["one two three four five six Homs seven eight nine ten", ["six", "Homs", "seven", "eight"]],
    ['the end of a long day.\n"Aleppo is quiet," he said', ["day", "Aleppo^", "is", "quiet"]],
    ["men and women and children - Idlib was hit", ["children", "Idlib^", "was", "hit"]],
    ["rain fell on the plain near Şanlıurfa and the hills", ["near", "Şanlıurfa", "and", "the"]],
    [
      "they saw 12 trucks and then more trucks near al-Bab today",
      ["saw", "12", "trucks", "and", "near", "al-Bab", "today"],
    ],
    ["all lower case words here and nothing else at all", []],
    ["a b c d e f g (h) i, j... Raqqa", ["j", "Raqqa^"]],
  ];
  for (const [text, want] of cases)
    assert.deepEqual(
      tokenize(text).map((t) => t.text + (t.sentenceStart ? "^" : "")),
      want,
      text,
    );
});

test("token offsets point at their text after a jump", () => {
  const text = "it was said that many of them left before dawn broke over Tal Abyad yesterday";
  for (const t of tokenize(text)) assert.equal(text.slice(t.start, t.end), t.text);
});

test("each token carries its text in lower case", () => {
  const cases: [string, string[]][] = [
    ["Troops entered Nova Vila on Sunday", ["troops", "entered", "nova", "vila", "on", "sunday"]],
    ["ÉLAN and the MAYOR of al-Qarya", ["élan", "and", "the", "mayor", "of", "al-qarya"]],
    ["the mayor's office in Port Sable's harbour", ["in", "port", "sable", "harbour"]],
  ];
  for (const [text, want] of cases)
    assert.deepEqual(
      tokenize(text).map((t) => t.lower),
      want,
      text,
    );
});
