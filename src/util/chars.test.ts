import assert from "node:assert/strict";
import { test } from "node:test";
import { isSpace } from "./chars.js";

test("isSpace: exactly the characters a pattern's \\s matches", () => {
  for (let c = 0; c < 0x10000; c++)
    assert.equal(isSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
});
