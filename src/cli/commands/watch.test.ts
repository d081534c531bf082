import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDuration } from "./watch.js";

test("parseDuration reads 10m, 30s, 1h30m, 500ms and bare seconds; refuses the rest", () => {
  const cases: readonly (readonly [string, number | null])[] = [
    ["10m", 600_000],
    ["30s", 30_000],
    ["1h30m", 5_400_000],
    ["500ms", 500],
    ["45", 45_000],
    ["1.5h", 5_400_000],
    ["soon", null],
    ["10 minutes", null],
    ["", null],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});
