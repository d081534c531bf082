import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { batched } from "./batched.js";

/** The source's state, for the quiet-source test: set once it wakes from its pause. */
const source = { woke: false };

async function* items<T>(values: readonly T[], pauseAfter = -1, pauseMs = 0): AsyncGenerator<T> {
  for (const [i, v] of values.entries()) {
    yield v;
    if (i === pauseAfter) {
      await sleep(pauseMs);
      source.woke = true;
    }
  }
}

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const b of source) out.push(b);
  return out;
}

test("batched: full batches by count, the rest at the end, order kept", async () => {
  const got = await collect(
    batched(items([1, 2, 3, 4, 5, 6, 7]), () => 1, { items: 3, size: 100, idleMs: 1000 }),
  );
  assert.deepEqual(got, [[1, 2, 3], [4, 5, 6], [7]]);
});

test("batched: a batch closes when its size reaches the limit", async () => {
  const words = ["aaaa", "b", "cccccc", "d", "e"];
  const got = await collect(batched(items(words), (w) => w.length, { items: 100, size: 5, idleMs: 1000 }));
  assert.deepEqual(got, [["aaaa", "b"], ["cccccc"], ["d", "e"]]);
});

test("batched: a quiet source gives out what is waiting instead of holding it for a full batch", async () => {
  const seen: { batch: number[]; sourceAwake: boolean }[] = [];
  source.woke = false;
  // Two items, then the source is quiet for 400 ms, then two more.
  for await (const batch of batched(items([1, 2, 3, 4], 1, 400), () => 1, {
    items: 10,
    size: 100,
    idleMs: 50,
  })) {
    seen.push({ batch, sourceAwake: source.woke });
  }
  assert.deepEqual(
    seen.map((s) => s.batch),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.equal(seen[0]?.sourceAwake, false, "the first batch comes out while the source is still quiet");
});

test("batched: an empty source gives no batch", async () => {
  assert.deepEqual(await collect(batched(items([]), () => 1, { items: 3, size: 3, idleMs: 10 })), []);
});
