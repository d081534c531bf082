import assert from "node:assert/strict";
import { test } from "node:test";
import { memoBounded, memoPerObject, SpanMemo } from "./memo.js";

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

test("SpanMemo finds a value by a stretch of any text, keeps entries as it grows and starts over past its bound", () => {
  const memo = new SpanMemo<number>(3000);
  const text = "in Deir ez-Zor and Aleppo";
  memo.set("Deir ez-Zor", 1);
  memo.set("Aleppo", 2);
  assert.equal(memo.get(text, 3, 14), 1);
  assert.equal(memo.get(text, 19, 25), 2);
  assert.equal(memo.get(text, 3, 7), undefined);
  assert.equal(memo.get("Aleppo", 0, 6), 2);
  for (let i = 0; i < 2000; i++) memo.set(`w${i}`, i);
  assert.equal(memo.get(text, 19, 25), 2);
  assert.equal(memo.get("x w1999 x", 2, 7), 1999);
  for (let i = 2000; i < 3001; i++) memo.set(`w${i}`, i);
  assert.equal(memo.get("w5", 0, 2), undefined);
  assert.equal(memo.get("w3000", 0, 5), 3000);
});
