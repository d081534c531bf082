import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dayNumber,
  daysBetween,
  dayOf,
  isCalendarDay,
  isoDay,
  lastDayOfMonth,
  shiftDay,
  valueInterval,
} from "./days.js";

test("dayNumber and isoDay are inverse over the days they name", () => {
  const cases: [string, number][] = [
    ["1970-01-01", 0],
    ["1970-01-02", 1],
    ["1969-12-31", -1],
    ["2024-02-29", 19782],
  ];
  for (const [iso, day] of cases) {
    assert.equal(dayNumber(iso), day, iso);
    assert.equal(isoDay(day), iso, String(day));
  }
  assert.equal(dayNumber("2024-02-29T23:59:00Z"), 19782, "a date-time counts by its day");
  assert.equal(dayNumber("29 Feb 2024"), null);
  assert.equal(dayOf(2024, 3, 0), 19782, "day 0 is the last day of the month before");
});

test("isoDay agrees with Date over years 0-9999 and falls back to it outside them", () => {
  // Century and leap-day edges, the first and last four-digit days, a fraction, and days past the year 9999.
  const days = [-719_528, -719_469, -1, 0, 10_956, 11_016, 11_017, 19_782, 2_932_896, 2_932_897, 12.5, -40.5];
  for (const day of days)
    assert.equal(isoDay(day), new Date(day * 86_400_000).toISOString().slice(0, 10), String(day));
  for (let day = -800; day <= 800; day += 7)
    assert.equal(isoDay(day * 53), new Date(day * 53 * 86_400_000).toISOString().slice(0, 10), String(day));
});

test("shiftDay moves across month and year ends and refuses a non-day", () => {
  const cases: [string, number, string][] = [
    ["2024-02-28", 1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2024-01-01", -1, "2023-12-31"],
    ["2024-03-10", 0, "2024-03-10"],
  ];
  for (const [iso, days, want] of cases) assert.equal(shiftDay(iso, days), want, `${iso} ${days}`);
  assert.throws(() => shiftDay("March 10", 1), /expected a YYYY-MM-DD day, found "March 10"/);
});

test("lastDayOfMonth and isCalendarDay know leap years", () => {
  const cases: [number, number, number][] = [
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2024, 4, 30],
    [2024, 12, 31],
  ];
  for (const [y, m, last] of cases) {
    assert.equal(lastDayOfMonth(y, m), last, `${y}-${m}`);
    assert.ok(isCalendarDay(y, m, last), `${y}-${m}-${last} is a day`);
    assert.ok(!isCalendarDay(y, m, last + 1), `${y}-${m}-${last + 1} is no day`);
  }
  assert.ok(!isCalendarDay(2024, 13, 1));
  assert.ok(!isCalendarDay(2024, 1, 0));
});

test("valueInterval: a day, a month, a year, else null", () => {
  const cases: [string, [string, string] | null][] = [
    ["2024-03-10", ["2024-03-10", "2024-03-10"]],
    ["2024-02", ["2024-02-01", "2024-02-29"]],
    ["2023", ["2023-01-01", "2023-12-31"]],
    ["2023-W10", null],
    ["", null],
  ];
  for (const [value, want] of cases) {
    const got = valueInterval(value);
    assert.deepEqual(got && [isoDay(got.start), isoDay(got.end)], want, value);
  }
});

test("daysBetween counts whole days between the days two strings start with", () => {
  assert.equal(daysBetween("2024-02-28", "2024-03-01"), 2);
  assert.equal(daysBetween("2024-03-10T23:59:00Z", "2024-03-09"), -1);
  assert.ok(Number.isNaN(daysBetween("March", "2024-03-09")));
});
