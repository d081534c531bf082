import assert from "node:assert/strict";
import { test } from "node:test";
import { tailPattern } from "./tail.js";

test("a tail pattern answers as its end-anchored pattern does", () => {
  const patterns = [
    /\b(?:near|outside(?:\s+of)?|the\s+outskirts\s+of)\s+(?:the\s+)?$/i,
    /\b(?:fled|moved)\s+(?:\w+\s+){0,2}?to\s+$|\bfrom\s+(?:his|her)\s+home\s+in\s+$/i,
    /\(\s*(?:[^()\n,]{1,30},\s*)?$/,
    /\p{Lu}\w*\s*,\s*$/u,
  ];
  const texts = [
    "fighting near the ",
    "shelling outside of ",
    "on the outskirts of ",
    "the family fled south to ",
    "from his home in ",
    "from her house in ",
    "(Bosso, ",
    "(",
    "a town, ",
    "Hodan, ",
    "xnear ",
    "near the town",
    "",
  ];
  for (const re of patterns) {
    const tail = tailPattern(re);
    for (const s of texts) assert.equal(tail.test(s), re.test(s), `${re} on "${s}"`);
  }
});

test("a pattern not anchored at the end is refused", () => {
  assert.throws(() => tailPattern(/near/));
  assert.throws(() => tailPattern(/near$/m));
});
