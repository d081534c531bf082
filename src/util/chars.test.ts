import assert from "node:assert/strict";
import { test } from "node:test";
import { isSpace, isWide, narrowest } from "./chars.js";

test("isSpace: exactly the characters a pattern's \\s matches", () => {
  for (let c = 0; c < 0x10000; c++)
    assert.equal(isSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
});

test("isWide: a character past Latin-1 makes a text wide", () => {
  assert.equal(isWide("Café, 10 km"), false);
  assert.equal(isWide("the army\u2019s strike"), true);
});

test("narrowest: the same text back, whatever its characters", () => {
  for (const text of ["plain", "the army\u2019s strike", "a lone \ud83d surrogate", ""])
    assert.equal(narrowest(text), text);
});
