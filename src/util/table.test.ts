import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { checkTable } from "./table.js";

const Schema = z.object({ values: z.record(z.string(), z.number().int().min(0)) });

test("checkTable returns the table when it fits, else says which table, where and what", () => {
  assert.deepEqual(checkTable(Schema, { values: { a: 1 } }, "data/x.json"), { values: { a: 1 } });
  const cases: [unknown, RegExp][] = [
    [{ values: { a: -1 } }, /invalid table data\/x\.json: values\.a: /],
    [{ values: { a: "one" } }, /invalid table data\/x\.json: values\.a: .*number/],
    [[], /invalid table data\/x\.json: \(top\): /],
  ];
  for (const [raw, message] of cases) assert.throws(() => checkTable(Schema, raw, "data/x.json"), message);
});
