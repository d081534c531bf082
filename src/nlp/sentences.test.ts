import assert from "node:assert/strict";
import { test } from "node:test";
import { splitSentences } from "./sentences.js";

test("sentences carry exact offsets and paragraphs", () => {
  const text =
    "DAMASCUS, May 2 (Example Wire) - Shelling hit the town. Two people died.\n\nThe U.S. military said it struck a depot.\nREAD MORE: unrelated";
  const sentences = splitSentences(text);
  for (const s of sentences) assert.equal(text.slice(s.start, s.end), s.text);
  assert.deepEqual(
    sentences.map((s) => [s.paragraph, s.text]),
    [
      [0, "DAMASCUS, May 2 (Example Wire) - Shelling hit the town."],
      [0, "Two people died."],
      [1, "The U.S. military said it struck a depot."],
      [2, "READ MORE: unrelated"],
    ],
  );
});

test("text with non-BMP characters and odd spacing keeps offsets right", () => {
  const text = "Rockets 🚀 hit   Kharkiv overnight.  Nobody was hurt.";
  const sentences = splitSentences(text);
  assert.ok(sentences.length >= 1);
  for (const s of sentences) assert.equal(text.slice(s.start, s.end), s.text);
});

test("empty text has no sentences", () => {
  assert.deepEqual(splitSentences(""), []);
  assert.deepEqual(splitSentences("\n\n  \n"), []);
});
