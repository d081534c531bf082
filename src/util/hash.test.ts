import assert from "node:assert/strict";
import { test } from "node:test";
import { sha256Hex } from "./hash.js";

test("sha256Hex: the standard digest, cut when asked", () => {
  // Test vectors from FIPS 180-2 (the empty string and "abc").
  const cases: [string, number | undefined, string][] = [
    ["", undefined, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", undefined, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["abc", 16, "ba7816bf8f01cfea"],
  ];
  for (const [text, length, want] of cases) assert.equal(sha256Hex(text, length), want, `${text}/${length}`);
});
