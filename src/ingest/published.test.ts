import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizePublished } from "./published.js";

const CASES: readonly (readonly [string, string | null])[] = [
  ["2031-03-14", "2031-03-14"],
  ["2031-03-14T09:30:00+02:00", "2031-03-14T09:30:00+02:00"],
  [" 2031-03-14T09:30:00.000Z ", "2031-03-14T09:30:00.000Z"],
  ["Tue, 11 Mar 2031 07:45:00 +0200", "2031-03-11T07:45:00+02:00"],
  ["Fri, 14 Mar 2031 07:30:00 GMT", "2031-03-14T07:30:00Z"],
  ["14 Mar 31 07:30 EST", "2031-03-14T07:30:00-05:00"],
  ["Thu, 17 Apr 2031 09:00:00", "2031-04-17T09:00:00"],
  ["13 January 2031", "2031-01-13"],
  ["January 13, 2031", "2031-01-13"],
  ["Sept 3 2031", "2031-09-03"],
  ["31 Feb 2031", null],
  ["Fri, 14 Mar 2031 25:30:00 GMT", null],
  ["14 Mar 2031 07:30:00 XYZ", null],
  ["not a date", null],
  ["", null],
];

test("normalizePublished reads ISO, RFC 2822 and English dates and refuses the rest", () => {
  for (const [input, expected] of CASES) assert.equal(normalizePublished(input), expected, input);
  assert.equal(normalizePublished(null), null);
});
