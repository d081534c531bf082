import assert from "node:assert/strict";
import { test } from "node:test";
import { memoBounded, memoPerObject } from "./memo.js";

test("memoBounded calls fn once per key until the memo passes its bound, then starts over", () => {
  const calls: string[] = [];
  const upper = memoBounded((s: string) => {
    calls.push(s);
    return s.toUpperCase();
  }, 2);
  const cases: [string, string, number][] = [
    ["a", "A", 1],
    ["a", "A", 1],
    ["b", "B", 2],
    ["c", "C", 3],
    ["a", "A", 3],
    ["d", "D", 4],
    ["a", "A", 5],
  ];
  for (const [key, want, callCount] of cases) {
    assert.equal(upper(key), want, key);
    assert.equal(calls.length, callCount, `${key}: ${calls.join(",")}`);
  }
});

test("memoPerObject calls fn once per object, null results included", () => {
  let calls = 0;
  const firstOrNull = memoPerObject((list: readonly number[]) => {
    calls++;
    return list[0] ?? null;
  });
  const empty: number[] = [];
  const one = [7];
  const cases: [readonly number[], number | null, number][] = [
    [empty, null, 1],
    [empty, null, 1],
    [one, 7, 2],
    [one, 7, 2],
    [[7], 7, 3],
  ];
  for (const [list, want, callCount] of cases) {
    assert.equal(firstOrNull(list), want);
    assert.equal(calls, callCount);
  }
});
